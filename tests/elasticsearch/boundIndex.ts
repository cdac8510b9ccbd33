/**
 * An index of prediction logs read through provisioned binding files, for the binding tests: the index created
 * with its mapping and documents on the run's cluster (`liveCluster.ts`), the binding files written to a fresh
 * directory, the built executable started, and a datasource whose only Elasticsearch index is what the bindings
 * name. `dispose` stops the executable and deletes the index and the directory.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BindingDocument, ElasticsearchBinding } from '../../src/shared/bindingModel';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

/** Fields both binding tests log: a time in epoch milliseconds, the service, the version, and a score at a path. */
export const LOG_PROPERTIES = {
  ts: { type: 'date', format: 'epoch_millis' },
  service: { type: 'keyword' },
  model_version: { type: 'keyword' },
  outputs: { properties: { score: { type: 'double' } } },
} as const;

/** Where both binding tests' logs are: the index, its time field, the service's own logs, no model field, a version field. */
export function serviceLogs(index: string): ElasticsearchBinding {
  return { index, timeField: 'ts', filter: 'service:"pydata-api"', model: 'none', version: { field: 'model_version' } };
}

export interface BoundIndex {
  cluster: LiveCluster;
  host: PluginHost;
  datasource: DatasourceConfig;
  directory: string;
  dispose(): Promise<void>;
}

export async function boundIndex(options: { index: string; mappings: Record<string, unknown>; docs: readonly object[]; bindings: readonly BindingDocument[]; uid?: string }): Promise<BoundIndex> {
  const cluster = await liveCluster();
  await admin(cluster, 'PUT', `/${options.index}`, { mappings: options.mappings });
  await bulk(cluster, options.docs.flatMap((doc) => [JSON.stringify({ index: { _index: options.index } }), JSON.stringify(doc)]), options.index);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-es-bound-'));
  await mkdir(path.join(directory, 'bindings'));
  for (const binding of options.bindings) {
    await writeFile(path.join(directory, 'bindings', `${binding.model}${binding.version ? `@${binding.version}` : ''}.json`), JSON.stringify(binding));
  }
  const host = await PluginHost.start({ dataDir: path.join(directory, 'grafana') });
  const datasource: DatasourceConfig = {
    ...(options.uid ? { uid: options.uid } : {}),
    // No index of the datasource's own: the bindings name the models'.
    jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, timeoutSeconds: 30, provisionedBindingDirectory: path.join(directory, 'bindings') },
    secrets: { ...cluster.secrets },
  };
  return {
    cluster,
    host,
    datasource,
    directory,
    async dispose() {
      await host.dispose();
      await admin(cluster, 'DELETE', `/${options.index}`);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
