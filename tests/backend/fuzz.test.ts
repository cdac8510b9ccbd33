/**
 * Protocol-level fuzzing of the built executable, seeded and bounded so it runs the same way in CI: mutated
 * baselines, resource paths, build parameters and query models, and a lying upstream. After every call the
 * plugin must still run; a client's mistake must be a 4xx, never a 5xx; nothing may hang; no configured secret
 * may appear in an answer or a log line. `FUZZ_SEED` and `FUZZ_CASES` reproduce or widen a run.
 *
 * The lying upstream is a fake (no real Prometheus answers garbage on purpose): an HTTP server answering each
 * request with one of a set of broken answers, picked by the same seeded generator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../src/drift/prng';
import { baselineFixture } from '../../src/backend/testing/baselineFixture';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { freePort } from '../prometheus/promServer';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const CASES = Number(process.env.FUZZ_CASES ?? 400);
const CALL_LIMIT_MS = 15_000;
const SECRET = 'fuzz-SECRET-"\\-9Qz';

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Values of every JSON type, and the awkward ones: huge, negative, fractional, empty, hostile strings. */
function oddValue(random: Random, depth = 0): unknown {
  const strings = ['', ' ', 'churn@v1', '../../etc/passwd', 'a\u0000b', '\ud800', 'é'.normalize('NFD'), '1e309', 'x'.repeat(5000), '%2e%2e', '${__from}', 'NaN'];
  const numbers = [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 1e15, 99999999999];
  const words = ['psi', 'ks', 'drift', 'prometheus', 'elasticsearch', '1h', '5m', 'churn@v1'];
  const deeper = depth < 3;
  const makers: Array<() => unknown> = [
    () => pick(random, strings),
    () => pick(random, numbers),
    () => random() < 0.5,
    () => null,
    () => (deeper ? Array.from({ length: Math.floor(random() * 4) }, () => oddValue(random, depth + 1)) : pick(random, words)),
    () => (deeper ? { [pick(random, ['a', 'features', 'kind', '__proto__'])]: oddValue(random, depth + 1) } : pick(random, words)),
    () => pick(random, words),
  ];
  return pick(random, makers)();
}

/** A JSON value with one field somewhere replaced by an odd value (or removed). */
function mutate(random: Random, value: unknown, depth = 0): unknown {
  if (Array.isArray(value) && value.length > 0 && depth < 6) {
    const copy = [...value];
    const i = Math.floor(random() * copy.length);
    copy[i] = mutate(random, copy[i], depth + 1);
    return copy;
  }
  if (value !== null && typeof value === 'object' && depth < 6) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = pick(random, keys);
    if (random() < 0.15) {
      delete copy[key];
    } else if (random() < 0.6) {
      copy[key] = mutate(random, copy[key], depth + 1);
    } else {
      copy[key] = oddValue(random);
    }
    return copy;
  }
  return oddValue(random);
}

const VALID_QUERIES: Array<Record<string, unknown>> = [
  { queryType: 'baseline', baseline: 'churn@v1' },
  { queryType: 'drift', baseline: 'churn@v1', method: 'psi', window: '1h' },
  { queryType: 'drift', baseline: 'churn@v1', instant: true, normalizeByThreshold: true, features: ['num_0'] },
  { queryType: 'distribution', baseline: 'churn@v1' },
  { queryType: 'confusion', baseline: 'churn@v1', includeClassMetrics: true },
  { queryType: 'performance', baseline: 'churn@v1', performanceMetrics: ['accuracy'] },
  { queryType: 'dataQuality', baseline: 'churn@v1', source: 'elasticsearch' },
];

/** Broken answers of the lying upstream. */
const LIES: Array<(res: http.ServerResponse) => void> = [
  (res) => json(res, 200, '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"le":"1"},"values":[[1,"NaN"],[2,"-5"],[3,"+Inf"]]}]}}'),
  (res) => json(res, 200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1e400"]}]}}'),
  (res) => json(res, 200, '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"feature":"num_0","le":"x"},"values":"nope"}]}}'),
  (res) => json(res, 200, '{"status":"success","data":'),
  (res) => json(res, 200, '[1,2,3]'),
  (res) => json(res, 200, `{"status":"success","data":{"resultType":"matrix","result":[]},"warnings":["echo ${SECRET}"]}`),
  (res) => json(res, 400, `{"status":"error","errorType":"bad_data","error":"you sent ${SECRET}"}`),
  (res) => json(res, 500, 'internal server error'),
  (res) => {
    res.writeHead(302, { Location: 'http://127.0.0.2:9/elsewhere' });
    res.end();
  },
  (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end('not gzip at all');
  },
  (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"status":"success","data":{"resultType":"matrix","result":[');
    res.destroy();
  },
  (res) => json(res, 200, `{"responses":[{"error":{"type":"x","reason":"${SECRET}"},"status":400}]}`),
];

function json(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
}

async function startLyingUpstream(random: Random): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    pick(random, LIES)(res);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function withinLimit<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CALL_LIMIT_MS} ms: ${what}`)), CALL_LIMIT_MS))]);
}

describe('fuzzing through the plugin protocol', () => {
  let host: PluginHost;
  let dataDir: string;
  let upstream: { url: string; close: () => Promise<void> };
  const random = mulberry32(SEED);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-fuzz-'));
    host = await PluginHost.start({ dataDir });
    upstream = await startLyingUpstream(mulberry32(SEED + 1));
  });

  afterAll(async () => {
    await host?.dispose();
    await upstream?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${CASES} seeded inputs (seed ${SEED}) with no crash, no 5xx for client errors, no hang, no secret`, async () => {
    const datasource: DatasourceConfig = {
      uid: 'fuzz',
      jsonData: { prometheusUrl: upstream.url, elasticsearchUrl: upstream.url, elasticsearchIndex: 'x', prometheusAuth: 'bearer', elasticsearchAuth: 'apiKey', timeoutSeconds: 3 },
      secrets: { prometheusToken: SECRET, elasticsearchApiKey: SECRET },
    };
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'churn', version: 'v1' }), datasource })).code).toBe(201);
    const problems: string[] = [];
    const answers: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const kind = pick(random, ['baseline', 'path', 'build', 'capture', 'query', 'upstream'] as const);
      let status: number;
      let detail: string;
      if (kind === 'query' || kind === 'upstream') {
        const query = kind === 'query' ? mutate(random, pick(random, VALID_QUERIES)) : pick(random, VALID_QUERIES);
        const from = kind === 'query' && random() < 0.2 ? Number(oddValue(random)) : Date.now() - 3_600_000;
        const responses = await withinLimit(
          host.queryData([{ refId: 'A', json: query, timeRange: { fromEpochMS: Number.isFinite(from) ? from : 0, toEpochMS: Date.now() }, intervalMs: Math.floor(random() * 1e6), maxDataPoints: Math.floor(random() * 1e5) }], {
            datasource,
            headers: random() < 0.3 ? { FromAlert: 'true' } : {},
          }),
          `${kind} ${JSON.stringify(query).slice(0, 200)}`
        );
        status = responses.A.status;
        detail = `${kind} ${JSON.stringify(query).slice(0, 300)} -> ${status} ${responses.A.errorSource} ${responses.A.error}`;
        answers.push(responses.A.error);
        // A broken upstream may fail a query, but as the upstream's fault, never as the plugin's.
        if (status >= 500 && responses.A.errorSource !== 'downstream') {
          problems.push(detail);
        }
        continue;
      }
      let call: { method: string; path: string; body?: unknown };
      if (kind === 'baseline') {
        call = { method: 'POST', path: 'baselines', body: mutate(random, baselineFixture({ model: 'churn', version: `v${i}` })) };
      } else if (kind === 'path') {
        const segment = String(oddValue(random));
        // Every byte percent-encoded (encodeURIComponent refuses a lone surrogate).
        const encoded = [...Buffer.from(segment, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
        call = { method: pick(random, ['GET', 'DELETE', 'PUT', 'PATCH', 'POST']), path: `baselines/${pick(random, [segment, encoded, `${segment}@1`])}` };
      } else if (kind === 'build') {
        const params = new URLSearchParams({ model: String(oddValue(random)), version: 'v1', [pick(random, ['bins', 'chunks', 'maxCategories', 'columns', 'format'])]: String(oddValue(random)) });
        call = { method: 'POST', path: `baselines/build?${params.toString()}`, body: pick(random, ['a,b\n1,x\n2,y\n', '', '{"a":1}\n', '\u0000\u0001', 'a\n'.repeat(3)]) };
      } else {
        call = { method: 'POST', path: 'baselines/capture', body: mutate(random, { model: 'churn', version: 'v1', source: 'prometheus', from: Date.now() - 3_600_000, to: Date.now() }) };
      }
      const answer = await withinLimit(host.callResource({ ...call, body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body), datasource }), `${call.method} ${call.path}`);
      status = answer.code;
      const body = answer.body.toString('utf8');
      answers.push(body);
      // Capture reads the lying upstream: its failures are the upstream's (502/504), not the plugin's (500).
      if (status >= 500 && !(kind === 'capture' && status !== 500)) {
        problems.push(`${kind} ${call.method} ${call.path} ${JSON.stringify(call.body ?? '').slice(0, 300)} -> ${status} ${body.slice(0, 300)}`);
      }
    }
    expect(host.child.exitCode).toBeNull();
    expect((await host.checkHealth(datasource)).message).toMatch(/Baseline store writable/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const leaks = [...answers, ...host.stderrLines].filter((text) => text.includes(SECRET) || text.includes(JSON.stringify(SECRET).slice(1, -1)));
    expect({ problems: problems.slice(0, 10), leaks: leaks.slice(0, 5) }).toEqual({ problems: [], leaks: [] });
  }, 600_000);
});
