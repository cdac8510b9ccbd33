/**
 * The go-plugin contract of the built executable: start-up, handshake, stdout discipline, logs, signals,
 * shutdown, gRPC health, metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HANDSHAKE_PATTERN, PluginHost, metricValue, runToExit } from '../harness/pluginHost';
import { baselineFixture } from '../../src/backend/testing/baselineFixture';

let dataDir: string;
let host: PluginHost | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-plugin-'));
});

afterEach(async () => {
  await host?.dispose();
  host = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('prints exactly one handshake line on stdout and nothing else, even after serving calls', async () => {
    host = await PluginHost.start({ dataDir });
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture() });
    await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v1' } }]);
    await host.checkHealth();
    await host.collectMetrics();
    const exit = await host.shutdown();
    expect(exit.code).toBe(0);
    expect(host.stdoutText()).toMatch(HANDSHAKE_PATTERN);
  });

  it('logs JSON lines with @level, @message and a @timestamp in go-plugin\'s layout on stderr', async () => {
    host = await PluginHost.start({ dataDir });
    await host.shutdown();
    const entries = host.stderrLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(typeof entry['@level']).toBe('string');
      expect(typeof entry['@message']).toBe('string');
      expect(entry['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
  });

  it('refuses to start without the magic cookie, with a message for humans and nothing on stdout', () => {
    const result = runToExit({ PLUGIN_PROTOCOL_VERSIONS: '2' });
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr.toString()).toMatch(/not meant to be run by hand/);
  });

  it('refuses a host that does not offer protocol version 2', () => {
    const result = runToExit({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1,3' });
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr.toString()).toMatch(/protocol versions 1,3/);
  });

  it('starts with no environment besides the cookie (no PATH, no HOME, no GF_PATHS_DATA) and answers', async () => {
    host = await PluginHost.start({ dataDir, env: { grafana_plugin_type: 'datasource' } });
    expect(await host.grpcHealth()).toBe('SERVING');
  });
});

describe('lifecycle', () => {
  it('answers grpc.health.v1.Health/Check with SERVING', async () => {
    host = await PluginHost.start({ dataDir });
    expect(await host.grpcHealth('plugin')).toBe('SERVING');
    expect(await host.grpcHealth('')).toBe('SERVING');
  });

  it('exits 0 on GRPCController/Shutdown, promptly', async () => {
    host = await PluginHost.start({ dataDir });
    const started = Date.now();
    const exit = await host.shutdown();
    expect(exit).toEqual({ code: 0, signal: null });
    // go-plugin waits 2 s before it kills a plugin that did not exit.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ignores SIGINT and keeps serving', async () => {
    host = await PluginHost.start({ dataDir });
    host.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.child.exitCode).toBeNull();
    expect(await host.grpcHealth()).toBe('SERVING');
  });

  it('exits 0 on SIGTERM', async () => {
    host = await PluginHost.start({ dataDir });
    host.child.kill('SIGTERM');
    expect(await host.exited).toEqual({ code: 0, signal: null });
  });
});

describe('CollectMetrics', () => {
  it('counts queries by type and status, and alert queries whatever the header case', async () => {
    host = await PluginHost.start({ dataDir });
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture() });
    const before = await host.collectMetrics();
    await host.queryData([
      { refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v1' } },
      { refId: 'B', json: { queryType: 'baseline', baseline: 'missing@v1' } },
      { refId: 'C', json: { queryType: 'nonsense' } },
    ]);
    for (const name of ['FromAlert', 'fromalert', 'FROMALERT']) {
      await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v1' } }], { headers: { [name]: 'true' } });
    }
    const after = await host.collectMetrics();
    const count = (labels: Record<string, string>) =>
      metricValue(after, 'mlops_drift_queries_total', labels) - metricValue(before, 'mlops_drift_queries_total', labels);
    expect(count({ query_type: 'baseline', status: '200', alert: 'false' })).toBe(1);
    expect(count({ query_type: 'baseline', status: '200', alert: 'true' })).toBe(3);
    expect(count({ query_type: 'baseline', status: '404' })).toBe(1);
    expect(count({ query_type: 'unknown', status: '400' })).toBe(1);
    expect(metricValue(after, 'mlops_drift_query_duration_seconds_count', { query_type: 'baseline' })).toBe(5);
    expect(metricValue(after, 'mlops_drift_resource_requests_total', { method: 'POST', status: '201' })).toBe(1);
    expect(after).toMatch(/# TYPE mlops_drift_query_duration_seconds histogram/);
  });
});
