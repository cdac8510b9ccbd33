/**
 * A hanging upstream: the real Prometheus, paused (SIGSTOP), so it accepts connections and never answers. An
 * alert rule's query must fail within the datasource's timeout as a whole (upstream requests included), well
 * inside Grafana's own evaluation timeout, and the backend must keep answering other queries meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost } from '../harness/pluginHost';
import { prometheusAvailable, startPrometheus, type PromServer } from '../prometheus/promServer';
import { BASELINE_ID, scenarioBaseline } from '../prometheus/scenario';

const describeLive = prometheusAvailable() ? describe : describe.skip;

describeLive('a hanging upstream', () => {
  let prometheus: PromServer;
  let host: PluginHost;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-hang-'));
    prometheus = await startPrometheus();
    host = await PluginHost.start({ dataDir });
  }, 60_000);

  afterAll(async () => {
    process.kill(prometheus.pid, 'SIGCONT');
    await host?.dispose();
    await prometheus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails an alert query within timeoutSeconds, as a downstream 504, and keeps serving', async () => {
    const datasource = { uid: 'hang', jsonData: { prometheusUrl: prometheus.url, timeoutSeconds: 2 } };
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: scenarioBaseline(), datasource })).code).toBe(201);
    process.kill(prometheus.pid, 'SIGSTOP');
    try {
      const now = Date.now();
      const started = performance.now();
      const pending = host.queryData(
        [{ refId: 'A', json: { queryType: 'drift', baseline: BASELINE_ID, instant: true, normalizeByThreshold: true }, timeRange: { fromEpochMS: now - 3_600_000, toEpochMS: now } }],
        { datasource, headers: { FromAlert: 'true' } }
      );
      // Meanwhile a query that needs no upstream is answered at once.
      const { B } = await host.queryData([{ refId: 'B', json: { queryType: 'baseline', baseline: BASELINE_ID } }], { datasource });
      expect(B.status).toBe(200);
      const { A } = await pending;
      const seconds = (performance.now() - started) / 1000;
      expect({ status: A.status, source: A.errorSource }).toEqual({ status: 504, source: 'downstream' });
      // The message names the upstream the query waited for, and the setting that bounds it.
      expect(A.error).toMatch(/within 2000 ms \(the datasource's timeoutSeconds\): Prometheus did not answer in time/);
      // The whole query within its 2 s (it used to be the upstream timeout plus a 5 s margin).
      expect(seconds).toBeLessThan(3.5);
    } finally {
      process.kill(prometheus.pid, 'SIGCONT');
    }
  });

  it('refuses a timeout that would overflow the timer or outlast any evaluation', async () => {
    const { A } = await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: BASELINE_ID } }], {
      datasource: { uid: 'huge', jsonData: { prometheusUrl: prometheus.url, timeoutSeconds: 2_147_484 } },
    });
    expect(A.status).toBe(400);
    expect(A.error).toMatch(/timeoutSeconds: expected more than 0 and at most 600/);
  });
});
