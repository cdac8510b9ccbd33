/**
 * Credentials echoed by an upstream never leave the backend: not in query errors or frame notices, not in
 * resource answers or health checks, not in logs, not in stored baselines, in none of the spellings an echo
 * takes (raw, base64 `user:password`, JSON-escaped, URL-encoded).
 *
 * No real Prometheus echoes the Authorization header, but proxies and gateways in front of one do. So the real
 * Prometheus (with the scenario's history) sits behind a fake: an echoing proxy written for this test, which
 * forwards every request and adds the credentials it received to each answer's warnings, or answers with an
 * error that quotes them.
 *
 * The same for Elasticsearch (basic auth and API keys), where FakeElasticsearch (a fake, since no cluster
 * echoes either) answers the searches and echoes what it received into `_field_caps` index names, shard
 * failure reasons and terms keys, or into the error body of every request: through queries, `GET
 * check-bindings` and Save & test (whose binding check quotes field lookups and search errors) and a capture.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { freePort, prometheusAvailable, startPrometheus, type PromServer } from '../prometheus/promServer';
import { BASELINE_ID, HOUR, MODEL, NOW, SHIFT, START, history, scenarioBaseline } from '../prometheus/scenario';
import { FakeElasticsearch, type Doc, type Override, type RecordedRequest } from '../elasticsearch/fakeElasticsearch';
import { categoricalFeature, CLASSES, numericFeature, PLANS } from '../elasticsearch/predictionLogs';
import type { BaselineDocument } from '../../src/drift/types';

const USER = 'grafana-reader';
const PASSWORD = 'p@ss "quoted" \\back/slash ü-7Qx';
const TOKEN = 'tok_9f3KqZ"x\\y-SECRET';

const ES_USER = 'es-reader';
const ES_PASSWORD = 'es "pw" \\ 9/Lk ß+=&';
/** As Elasticsearch hands API keys out: base64 of `id:api_key` (here with a hostile secret part). */
const ES_API_KEY_SECRET = 'ui2l"p2\\axTNmsy/akw9ü';
const ES_API_KEY = Buffer.from(`VuaCfGcBCdbkQm-e5aOx:${ES_API_KEY_SECRET}`).toString('base64');

/** A secret as text derived from it may spell it: raw, JSON-escaped, URL-encoded. */
const spelt = (secret: string) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];

/** Every spelling of every credential that must not appear anywhere. */
const FORBIDDEN = [
  ...spelt(PASSWORD),
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
  ...spelt(TOKEN),
  ...spelt(ES_PASSWORD),
  Buffer.from(`${ES_USER}:${ES_PASSWORD}`).toString('base64'),
  ...spelt(ES_API_KEY),
  ...spelt(ES_API_KEY_SECRET),
];

/** The credential inside an Authorization header, decoded as an echoing proxy does: basic auth's password, an API key's secret part. */
function credentialIn(authorization: string): string {
  const [scheme, value = ''] = authorization.split(' ');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return scheme === 'Basic' || scheme === 'ApiKey' ? decoded.split(':').slice(1).join(':') : value;
}

/** What an echoing upstream says about the Authorization header it received: as such, and its credential decoded, quoted and URL-encoded. */
function echoOf(authorization: string): string {
  const credential = credentialIn(authorization);
  return `proxy saw Authorization: ${authorization}; credential ${credential}, ${encodeURIComponent(credential)}`;
}

function leaksIn(seen: readonly string[]): Array<{ spelling: string; leaks: string[] }> {
  return FORBIDDEN.map((spelling) => ({ spelling, leaks: seen.filter((text) => text.includes(spelling)).map((text) => text.slice(0, 200)) }));
}

type ProxyMode = 'warn' | 'fail';

/** The echoing proxy (a fake: see the header). */
async function startEchoingProxy(target: string, mode: ProxyMode): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    // What the proxy received, echoed as such proxies do: the header, and the credential inside it decoded,
    // quoted and URL-encoded.
    const echo = echoOf(req.headers.authorization ?? '');
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
    for (const found of leaksIn(seen)) {
      expect(found).toEqual({ spelling: found.spelling, leaks: [] });
    }
  });
});

const MINUTE = 60_000;

/** The last two hours of prediction logs, up to `toMs` (the binding check looks at the last hour before now). */
function recentLogs(toMs: number): Doc[] {
  return Array.from({ length: 240 }, (_, i) => ({
    '@timestamp': toMs - 120 * MINUTE + i * 30_000,
    model: 'churn',
    version: 'v1',
    features: { age: 15 + (i % 60), plan: PLANS[i % PLANS.length] },
    prediction: CLASSES[i % 2],
    label: CLASSES[i % 3 === 0 ? 0 : 1],
  }));
}

/** A baseline of churn@v1 from the logs themselves (a few live values lie outside it, as in any live window). */
function baselineOf(logs: readonly Doc[]): BaselineDocument {
  const features = logs.map((log) => log.features as { age: number; plan: string });
  return {
    schemaVersion: 1,
    model: 'churn',
    version: 'v1',
    createdAt: '2026-11-01T00:00:00Z',
    features: [numericFeature('age', features.map((f) => f.age), [20, 40, 60]), categoricalFeature('plan', features.map((f) => f.plan), PLANS)],
    label: categoricalFeature('label', logs.map((log) => String(log.label)), CLASSES),
    classNames: CLASSES,
  };
}

type JsonValue = unknown;

/** The answer with `echo` appended to every list of terms buckets (string keys, not ranges), as a live category. */
function withEchoedTerms(value: JsonValue, echo: string): JsonValue {
  if (Array.isArray(value)) {
    return value.map((item) => withEchoedTerms(item, echo));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value).map(([key, item]): [string, JsonValue] => {
    const isTermsList = key === 'buckets' && Array.isArray(item) && item.length > 0 && item.every((b) => typeof b.key === 'string' && !('from' in b) && !('to' in b));
    return [key, isTermsList ? [...(item as unknown[]).map((b) => withEchoedTerms(b, echo)), { key: echo, doc_count: 1 }] : withEchoedTerms(item, echo)];
  });
  return Object.fromEntries(entries);
}

/** An upstream that answers, but puts what it received in index names, shard failure reasons and terms keys. */
function echoInAnswers(fake: FakeElasticsearch): (request: RecordedRequest) => Override | undefined {
  return (request) => {
    const echo = echoOf(String(request.headers.authorization ?? ''));
    const path = request.path.split('?')[0];
    if (path.endsWith('/_field_caps')) {
      const fields = new URL(request.path, 'http://fake.invalid').searchParams.get('fields') ?? '';
      return { status: 200, body: { ...fake.fieldCaps(fields.split(',')), indices: ['predictions', echo] } };
    }
    if (path.endsWith('/_search')) {
      const answer = fake.search(JSON.parse(request.body) as Record<string, unknown>);
      const failures = [{ shard: 1, index: echo, reason: { type: 'node_not_connected_exception', reason: echo } }];
      return { status: 200, body: { ...(withEchoedTerms(answer, echo) as object), _shards: { total: 2, successful: 1, skipped: 0, failed: 1, failures } } };
    }
    return undefined;
  };
}

/** An upstream that refuses every request with an error quoting what it received: JSON for the API, text for `/`. */
function echoInErrors(request: RecordedRequest): Override {
  const echo = echoOf(String(request.headers.authorization ?? ''));
  const path = request.path.split('?')[0];
  if (path === '/') {
    return { status: 503, body: `denied: ${echo}` };
  }
  const type = path.endsWith('/_field_caps') ? 'security_exception' : 'parsing_exception';
  return { status: path.endsWith('/_field_caps') ? 403 : 400, body: { error: { root_cause: [{ type, reason: `denied: ${echo}`, index: echo }], type, reason: `denied: ${echo}` }, status: 400 } };
}

describe('Elasticsearch credentials echoed by an upstream', () => {
  let answering: FakeElasticsearch;
  let refusing: FakeElasticsearch;
  let logs: Doc[];
  let host: PluginHost;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-es-secrets-'));
    [answering, refusing] = [await FakeElasticsearch.start(), await FakeElasticsearch.start()];
    logs = recentLogs(Date.now());
    answering.documents = logs;
    answering.behaviour = echoInAnswers(answering);
    refusing.documents = logs;
    refusing.behaviour = echoInErrors;
    host = await PluginHost.start({ dataDir });
  }, 120_000);

  afterAll(async () => {
    await host?.dispose();
    await Promise.all([answering?.stop(), refusing?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Each way of authenticating, against the answering and the refusing upstream. */
  function datasources(): DatasourceConfig[] {
    const auths: Array<Pick<DatasourceConfig, 'jsonData' | 'secrets'>> = [
      { jsonData: { elasticsearchAuth: 'basic', elasticsearchUser: ES_USER }, secrets: { elasticsearchPassword: ES_PASSWORD } },
      { jsonData: { elasticsearchAuth: 'apiKey' }, secrets: { elasticsearchApiKey: ES_API_KEY } },
    ];
    return [answering, refusing].flatMap((fake, i) =>
      auths.map((auth, j) => ({
        uid: `es-${i}-${j}`,
        jsonData: { elasticsearchUrl: fake.url, elasticsearchIndex: 'predictions', timeoutSeconds: 5, ...auth.jsonData },
        secrets: auth.secrets,
      }))
    );
  }

  it('reach no query answer, binding check, health check, capture, log line or stored file, in any spelling', async () => {
    const seen: string[] = [];
    const now = Date.now();
    for (const datasource of datasources()) {
      const created = await host.callResource({ method: 'POST', path: 'baselines', body: baselineOf(logs), datasource });
      expect(created.code).toBe(201);
      const range = { fromEpochMS: now - 60 * MINUTE, toEpochMS: now };
      const model = { source: 'elasticsearch', baseline: 'churn@v1' };
      const answers = await host.queryDataRaw(
        [
          { refId: 'drift', json: { queryType: 'drift', ...model, window: '30m' }, timeRange: range, intervalMs: 10 * MINUTE },
          { refId: 'instant', json: { queryType: 'drift', ...model, instant: true }, timeRange: range },
          { refId: 'distribution', json: { queryType: 'distribution', ...model, feature: 'plan' }, timeRange: range },
        ],
        { datasource }
      );
      for (const answer of Object.values(answers)) {
        seen.push(answer.error, ...answer.frames.map((frame) => Buffer.from(frame).toString('utf8')));
      }
      const checked = await host.callResource({ method: 'GET', path: 'check-bindings?source=elasticsearch', datasource });
      expect(checked.code).toBe(200);
      seen.push(checked.body.toString('utf8'));
      const health = await host.checkHealth(datasource);
      seen.push(health.message, JSON.stringify(health.details));
      // Last, as it replaces the stored baseline with one of the live documents.
      const capture = await host.callResource({
        method: 'POST',
        path: 'baselines/capture',
        body: { model: 'churn', version: 'v1', source: 'elasticsearch', from: now - 120 * MINUTE, to: now },
        datasource,
      });
      seen.push(capture.body.toString('utf8'));
    }
    const everything = seen.join('\n');
    // The echo did reach the backend, in each place: an answer's terms, its shard failures, every kind of error.
    expect(everything).toContain('live categories the baseline never saw: \\"proxy saw Authorization: Basic [redacted]; credential [redacted], [redacted]\\"');
    expect(everything).toContain('proxy saw Authorization: ApiKey [redacted]; credential [redacted], [redacted]');
    expect(everything).toMatch(/the field lookup on \\"predictions\\" failed: [^\n]*denied: proxy saw Authorization: Basic \[redacted\]/);
    expect(everything).toMatch(/shards failed[^\n]*proxy saw Authorization: ApiKey \[redacted\]/);
    expect(everything).toContain('denied: proxy saw Authorization: ApiKey [redacted]; credential [redacted], [redacted]');
    await new Promise((resolve) => setTimeout(resolve, 200));
    seen.push(...host.stderrLines, host.stdoutText());
    const stored = filesBelow(dataDir).map((file) => readFileSync(file, 'utf8'));
    // The captured baselines keep the shard failures in their notes, and the echoed category, scrubbed.
    expect(stored.some((text) => text.includes('proxy saw Authorization: ApiKey [redacted]'))).toBe(true);
    seen.push(...stored);
    for (const found of leaksIn(seen)) {
      expect(found).toEqual({ spelling: found.spelling, leaks: [] });
    }
  }, 60_000);
});
