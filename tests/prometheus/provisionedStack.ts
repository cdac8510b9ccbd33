/**
 * A backfilled Prometheus and the built executable with one datasource whose bindings and baselines are
 * provisioned files: the set-up of end-to-end tests that query recorded history through bindings.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PluginHost, type DecodedResponse } from '../harness/pluginHost';
import { startPrometheus, type PromServer } from './promServer';

export interface ProvisionedStack {
  prometheus: PromServer;
  host: PluginHost;
  datasource: { uid: string; jsonData: Record<string, unknown> };
  /** One query over `timeRange` at a 5-minute interval; the raw answer, whatever its status. */
  query(json: Record<string, unknown>, timeRange: { fromEpochMS: number; toEpochMS: number }): Promise<DecodedResponse>;
  stop(): Promise<void>;
}

/** `bindings` and `baselines` map file names to the JSON each file holds. */
export async function startProvisionedStack(history: string, bindings: Record<string, unknown>, baselines: Record<string, unknown>): Promise<ProvisionedStack> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-provisioned-'));
  let prometheus: PromServer | undefined;
  let host: PluginHost | undefined;
  const stop = async () => {
    await host?.dispose();
    await prometheus?.stop();
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const files = [
      ['bindings', bindings],
      ['baselines', baselines],
    ] as const;
    for (const [folder, documents] of files) {
      await mkdir(path.join(directory, folder));
      for (const [name, document] of Object.entries(documents)) {
        await writeFile(path.join(directory, folder, name), JSON.stringify(document));
      }
    }
    prometheus = await startPrometheus({ backfill: history });
    host = await PluginHost.start({ dataDir: path.join(directory, 'grafana') });
  } catch (error) {
    await stop();
    throw error;
  }
  const datasource = {
    uid: 'provisioned',
    jsonData: {
      prometheusUrl: prometheus.url,
      minStep: '15s',
      provisionedBaselineDirectory: path.join(directory, 'baselines'),
      provisionedBindingDirectory: path.join(directory, 'bindings'),
    },
  };
  const running = host;
  return {
    prometheus,
    host,
    datasource,
    query: async (json, timeRange) => (await running.queryData([{ refId: 'A', json, timeRange, intervalMs: 5 * 60_000 }], { datasource })).A,
    stop,
  };
}
