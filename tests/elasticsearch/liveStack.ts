/**
 * What the executable-level live tests share: the cluster (the run's OpenSearch node or `ES_URL`'s), the
 * prediction log indexed under a prefix, the plugin executable with a baseline stored, and the datasource
 * settings that point it at the log's index pattern. `dispose()` stops the executable and deletes the indices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineDocument } from '../../src/drift/types';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { admin, liveCluster, type LiveCluster } from './liveCluster';
import { indexPredictionLogs, type PredictionLog } from './predictionLogs';

export interface LiveStack {
  cluster: LiveCluster;
  host: PluginHost;
  docs: PredictionLog[];
  /** The log's index pattern. */
  pattern: string;
  /** Datasource settings for the log; `jsonData` overrides any of them. */
  datasource(jsonData?: Record<string, unknown>): DatasourceConfig;
  dispose(): Promise<void>;
}

export async function startLiveStack(options: { prefix: string; count?: number; timeoutSeconds: number; baseline: (docs: PredictionLog[]) => BaselineDocument }): Promise<LiveStack> {
  const cluster = await liveCluster();
  const docs = await indexPredictionLogs(cluster, options.prefix, options.count);
  const pattern = `${options.prefix}-*`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-es-live-'));
  const host = await PluginHost.start({ dataDir });
  const datasource = (jsonData: Record<string, unknown> = {}): DatasourceConfig => ({
    jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: pattern, timeoutSeconds: options.timeoutSeconds, ...jsonData },
    secrets: { ...cluster.secrets },
  });
  const dispose = async () => {
    await host.dispose();
    await admin(cluster, 'DELETE', `/${pattern}`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const created = await host.callResource({ method: 'POST', path: 'baselines', body: options.baseline(docs), datasource: datasource() });
  if (created.code !== 201) {
    await dispose();
    throw new Error(`storing the test baseline failed: ${created.code} ${created.body.toString('utf8')}`);
  }
  return { cluster, host, docs, pattern, datasource, dispose };
}
