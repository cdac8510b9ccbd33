/**
 * Credentials echoed by an upstream never leave the backend: not in query errors or frame notices, not in
 * resource answers or health checks, not in logs, not in stored baselines, in none of the spellings an echo
 * takes (raw, base64 `user:password`, JSON-escaped, URL-encoded).
 *
 * No real Prometheus echoes the Authorization header, but proxies and gateways in front of one do. So the real
 * Prometheus (with the scenario's history) sits behind a fake: an echoing proxy written for this test, which
 * forwards every request and adds the credentials it received to each answer's warnings, or answers with an
 * error that quotes them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { freePort, prometheusAvailable, startPrometheus, type PromServer } from '../prometheus/promServer';
import { BASELINE_ID, HOUR, MODEL, NOW, SHIFT, START, history, scenarioBaseline } from '../prometheus/scenario';

const USER = 'grafana-reader';
const PASSWORD = 'p@ss "quoted" \\back/slash ü-7Qx';
const TOKEN = 'tok_9f3KqZ"x\\y-SECRET';

/** Every spelling of every credential that must not appear anywhere. */
const FORBIDDEN = [
  PASSWORD,
  JSON.stringify(PASSWORD).slice(1, -1),
  encodeURIComponent(PASSWORD),
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
  TOKEN,
  JSON.stringify(TOKEN).slice(1, -1),
  encodeURIComponent(TOKEN),
];

type ProxyMode = 'warn' | 'fail';

/** The echoing proxy (a fake: see the header). */
async function startEchoingProxy(target: string, mode: ProxyMode): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    // What the proxy received, echoed as such proxies do: the header, and the credential inside it decoded,
    // quoted and URL-encoded.
    const authorization = req.headers.authorization ?? '';
    const [scheme, value] = authorization.split(' ');
    const credential = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':') : value;
    const echo = `proxy saw Authorization: ${authorization}; credential ${credential}, ${encodeURIComponent(credential)}`;
    if (mode === 'fail') {
      res.writeHead(req.url?.startsWith('/-/') ? 503 : 400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `denied: ${echo}` }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '' } }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(parts).toString('utf8');
          if ((answer.headers['content-type'] ?? '').includes('json')) {
            const parsed = JSON.parse(body) as { warnings?: string[] };
            parsed.warnings = [...(parsed.warnings ?? []), echo];
            body = JSON.stringify(parsed);
          }
          res.writeHead(answer.statusCode ?? 502, { 'Content-Type': answer.headers['content-type'] ?? 'text/plain' });
          res.end(body);
        });
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function filesBelow(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? filesBelow(file) : [file];
  });
}

const describeLive = prometheusAvailable() ? describe : describe.skip;

describeLive('credentials echoed by an upstream', () => {
  let prometheus: PromServer;
  let proxies: Array<{ url: string; close: () => Promise<void> }>;
  let host: PluginHost;
  let dataDir: string;
  let basic: DatasourceConfig;
  let bearer: DatasourceConfig;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-secrets-'));
    prometheus = await startPrometheus({ backfill: history() });
    proxies = [await startEchoingProxy(prometheus.url, 'warn'), await startEchoingProxy(prometheus.url, 'fail')];
    host = await PluginHost.start({ dataDir });
    basic = { uid: 'basic', jsonData: { prometheusUrl: proxies[0].url, prometheusAuth: 'basic', prometheusUser: USER }, secrets: { prometheusPassword: PASSWORD } };
    bearer = { uid: 'bearer', jsonData: { prometheusUrl: proxies[1].url, prometheusAuth: 'bearer' }, secrets: { prometheusToken: TOKEN } };
  }, 120_000);

  afterAll(async () => {
    await host?.dispose();
    await Promise.all((proxies ?? []).map((proxy) => proxy.close()));
    await prometheus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reach no answer, log line or stored file, in any spelling', async () => {
    const seen: string[] = [];
    for (const datasource of [basic, bearer]) {
      await host.callResource({ method: 'POST', path: 'baselines', body: scenarioBaseline(), datasource });
      const range = { fromEpochMS: SHIFT, toEpochMS: NOW };
      const answers = await host.queryDataRaw(
        [
          { refId: 'drift', json: { queryType: 'drift', baseline: BASELINE_ID, method: 'psi', window: '1h' }, timeRange: range, intervalMs: HOUR },
          { refId: 'instant', json: { queryType: 'drift', baseline: BASELINE_ID, instant: true }, timeRange: range },
          { refId: 'confusion', json: { queryType: 'confusion', baseline: BASELINE_ID }, timeRange: range },
        ],
        { datasource }
      );
      for (const answer of Object.values(answers)) {
        seen.push(answer.error, ...answer.frames.map((frame) => Buffer.from(frame).toString('utf8')));
      }
      const capture = await host.callResource({
        method: 'POST',
        path: 'baselines/capture',
        body: { model: MODEL.model, version: MODEL.version, source: 'prometheus', from: START, to: SHIFT },
        datasource,
      });
      seen.push(capture.body.toString('utf8'));
      const health = await host.checkHealth(datasource);
      seen.push(health.message, JSON.stringify(health.details));
    }
    // The echo did reach the backend: the warnings became notices, the errors errors.
    expect(seen.join('\n')).toContain('proxy saw Authorization: Basic [redacted]; credential [redacted], [redacted]');
    expect(seen.join('\n')).toContain('denied: proxy saw Authorization: Bearer [redacted]; credential [redacted], [redacted]');
    await new Promise((resolve) => setTimeout(resolve, 200));
    seen.push(...host.stderrLines, host.stdoutText());
    const stored = filesBelow(dataDir).map((file) => readFileSync(file, 'utf8'));
    // The captured baseline keeps Prometheus' warnings in its notes, scrubbed.
    expect(stored.some((text) => text.includes('proxy saw Authorization: Basic [redacted]'))).toBe(true);
    seen.push(...stored);
    for (const spelling of FORBIDDEN) {
      const leaks = seen.filter((text) => text.includes(spelling));
      expect({ spelling, leaks: leaks.map((text) => text.slice(0, 200)) }).toEqual({ spelling, leaks: [] });
    }
  });
});
