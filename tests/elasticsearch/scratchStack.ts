/**
 * A test file's own indices on the run's cluster (`liveCluster.ts`), all named under one prefix, read by the built
 * executable started on a fresh data directory with an empty `bindings` folder for provisioned binding files.
 * `dispose` stops the executable and deletes the indices and the directory.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { admin, liveCluster, type LiveCluster } from './liveCluster';

export interface ScratchStack {
  cluster: LiveCluster;
  host: PluginHost;
  /** Where binding files go; a datasource reads them with `provisionedBindingDirectory`. */
  bindingDirectory: string;
  /** A datasource reading `index` of the cluster, with more settings and secrets. */
  datasource(index: string, jsonData?: Record<string, unknown>, secrets?: Record<string, string>): DatasourceConfig;
  dispose(): Promise<void>;
}

/** `prepare` creates the indices (under `prefix`) and writes the binding files before the executable starts. */
export async function scratchStack(prefix: string, prepare: (cluster: LiveCluster, bindingDirectory: string) => Promise<void>): Promise<ScratchStack> {
  const cluster = await liveCluster();
  const dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const bindingDirectory = path.join(dataDir, 'bindings');
  let host: PluginHost | undefined;
  const dispose = async () => {
    await host?.dispose();
    await admin(cluster, 'DELETE', `/${prefix}-*`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    mkdirSync(bindingDirectory);
    await prepare(cluster, bindingDirectory);
    host = await PluginHost.start({ dataDir });
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    cluster,
    host,
    bindingDirectory,
    datasource: (index, jsonData = {}, secrets = {}) => ({
      jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: index, timeoutSeconds: 30, ...jsonData },
      secrets: { ...cluster.secrets, ...secrets },
    }),
    dispose,
  };
}
