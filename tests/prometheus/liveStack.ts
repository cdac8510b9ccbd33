/**
 * The set-up the live end-to-end tests share: a test exporter scraped every second by a real Prometheus, and the
 * built backend executable (through the plugin-protocol harness) holding one baseline, plus the instant drift
 * query an alert rule sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineDocument } from '../../src/drift/types';
import { PluginHost, type DecodedResponse } from '../harness/pluginHost';
import { startPrometheus, type PromServer } from './promServer';
import type { ShiftingExporter } from './shiftingExporter';

export interface LiveStack {
  prometheus: PromServer;
  host: PluginHost;
  /** The datasource as Grafana passes it, pointing at this Prometheus; `jsonData` adds or overrides settings. */
  datasource(jsonData?: Record<string, unknown>): { uid: string; jsonData: Record<string, unknown> };
  /** The normalised instant drift of the baseline over the last 5 s, asked as an alert rule asks. */
  instantDrift(jsonData?: Record<string, unknown>): Promise<DecodedResponse>;
  /** Stops the executable, Prometheus and the exporter, and removes the store directory. */
  stop(): Promise<void>;
}

export async function startLiveStack(exporter: ShiftingExporter, baseline: BaselineDocument, prometheusFlags: string[] = []): Promise<LiveStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-live-'));
  let prometheus: PromServer | undefined;
  let host: PluginHost | undefined;
  const stop = async () => {
    await host?.dispose();
    await prometheus?.stop();
    await exporter.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    prometheus = await startPrometheus({ scrapeTargets: [{ address: exporter.address, jobName: 'model' }], scrapeIntervalSeconds: 1, extraFlags: prometheusFlags });
    host = await PluginHost.start({ dataDir });
  } catch (error) {
    await stop();
    throw error;
  }
  const started = { prometheus, host };
  const datasource = (jsonData: Record<string, unknown> = {}) => ({ uid: 'mlops-drift', jsonData: { prometheusUrl: started.prometheus.url, minStep: '1s', ...jsonData } });
  const created = await host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource: datasource() });
  if (created.code !== 201) {
    await stop();
    throw new Error(`storing the test baseline answered ${created.code}`);
  }
  return {
    ...started,
    datasource,
    async instantDrift(jsonData = {}) {
      const now = Date.now();
      const { A } = await started.host.queryData(
        [
          {
            refId: 'A',
            json: { queryType: 'drift', baseline: `${baseline.model}@${baseline.version}`, method: 'psi', window: '5s', instant: true, normalizeByThreshold: true },
            timeRange: { fromEpochMS: now - 5000, toEpochMS: now },
          },
        ],
        { datasource: datasource(jsonData), headers: { FromAlert: 'true' } }
      );
      return A;
    },
    stop,
  };
}
