/**
 * The Prometheus query API over the real upstream client, against a scripted local HTTP server (a stand-in
 * for Prometheus where a real one cannot be made to answer 429/503 on demand).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../errors';
import { BackendMetrics } from '../metrics';
import { parseInstanceSettings, redactSecrets } from '../settings';
import { UpstreamClient } from '../upstream/client';
import { backoffDelay, parseRetryAfter, PrometheusApi } from './client';
import { parseMatrixResponse } from './response';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };

const OK = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, '2'] }] } });

async function scriptedServer(replies: Reply[]): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function apiFor(url: string, jsonData: Record<string, unknown> = {}, secrets: Record<string, string> = {}) {
  const settings = parseInstanceSettings({
    jsonData: new TextEncoder().encode(JSON.stringify({ prometheusUrl: url, ...jsonData })),
    decryptedSecureJsonData: secrets,
  });
  const delays: number[] = [];
  const api = new PrometheusApi(new UpstreamClient(settings, new BackendMetrics()), {
    retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 2000 },
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    redact: (text) => redactSecrets(text, settings),
  });
  return { api, delays };
}

describe('PrometheusApi', () => {
  it('POSTs the query form-encoded with the bearer token from the secrets', async () => {
    const server = await scriptedServer([{ status: 200, body: OK }]);
    const { api } = apiFor(server.url, { prometheusAuth: 'bearer' }, { prometheusToken: 's3cret' });
    const result = await api.query('sum(x{a="b c"})', 1_700_000_000_500);
    expect(result.data).toEqual([{ labels: { a: 'b' }, timeMs: 1000, value: 2 }]);
    expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/query', authorization: 'Bearer s3cret', contentType: 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(server.seen[0].body))).toEqual({ query: 'sum(x{a="b c"})', time: '1700000000.5' });
    await server.close();
  });

  it('sends basic auth and range parameters in seconds', async () => {
    const matrix = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } });
    const server = await scriptedServer([{ status: 200, body: matrix }]);
    const { api } = apiFor(server.url, { prometheusAuth: 'basic', prometheusUser: 'ml' }, { prometheusPassword: 'pw' });
    await api.queryRange('up', { startMs: 60_000, endMs: 120_000, stepMs: 15_000 });
    expect(server.seen[0].authorization).toBe(`Basic ${Buffer.from('ml:pw').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(server.seen[0].body))).toEqual({ query: 'up', start: '60', end: '120', step: '15' });
    await server.close();
  });

  it('reads a range answer into the same series as the plain parser, and reports a bad sample as before', async () => {
    const values = (extra: string) => `[[1700000000,"3"],[1700000015.5,"-0.25"],[1700000030,"NaN"],[1700000045,"+Inf"]${extra}]`;
    const answer = (extra: string) => `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"le":"1"},"values":${values(extra)}}]}}`;
    const server = await scriptedServer([{ status: 200, body: answer('') }, { status: 200, body: answer(',[1700000060,7]') }]);
    const { api } = apiFor(server.url);
    const range = { startMs: 0, endMs: 60_000, stepMs: 15_000 };
    const plain = parseMatrixResponse(JSON.parse(answer(''))).data;
    const read = (await api.queryRange('x', range)).data;
    expect(read.map((s) => [s.labels, Array.from(s.samples.timesMs), Array.from(s.samples.values)])).toEqual(
      plain.map((s) => [s.labels, Array.from(s.samples.timesMs), Array.from(s.samples.values)])
    );
    await expect(api.queryRange('x', range)).rejects.toMatchObject({ status: 502, message: 'Prometheus: sample value must be a string, got 7' });
    await server.close();
  });

  it('retries 503 and 429 with backoff, honouring Retry-After, then succeeds', async () => {
    const server = await scriptedServer([
      { status: 503, body: 'overloaded' },
      { status: 429, body: '{"status":"error","errorType":"too_many","error":"slow down"}', headers: { 'Retry-After': '1' } },
      { status: 200, body: OK },
    ]);
    const { api, delays } = apiFor(server.url);
    const result = await api.query('up', 0);
    expect(result.timing.attempts).toBe(3);
    expect(delays).toEqual([50, 1000]);
    await server.close();
  });

  it('gives up after the bounded retries with a downstream error carrying the upstream status', async () => {
    const server = await scriptedServer([{ status: 502, body: 'bad gateway' }]);
    const { api, delays } = apiFor(server.url);
    const failure = api.query('up', 0);
    await expect(failure).rejects.toMatchObject({ status: 502, source: 'downstream' });
    expect(server.seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
    await server.close();
  });

  it("does not retry a bad query and passes Prometheus' message on", async () => {
    const server = await scriptedServer([{ status: 400, body: '{"status":"error","errorType":"bad_data","error":"1:5: parse error"}' }]);
    const { api } = apiFor(server.url);
    const failure = api.query('up{', 0);
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    await expect(failure).rejects.toMatchObject({ status: 400, source: 'downstream', message: 'Prometheus: bad_data: 1:5: parse error' });
    expect(server.seen).toHaveLength(1);
    await server.close();
  });

  it('never puts a secret into an error message, even when a proxy echoes it', async () => {
    const server = await scriptedServer([{ status: 401, body: 'denied for token s3cret' }]);
    const { api } = apiFor(server.url, { prometheusAuth: 'bearer' }, { prometheusToken: 's3cret' });
    const error = await api.query('up', 0).then(
      () => undefined,
      (e: Error) => e
    );
    expect(error?.message).toContain('[redacted]');
    expect(error?.message).not.toContain('s3cret');
    await server.close();
  });

  it('rejects a 200 answer that is not the Prometheus envelope', async () => {
    const server = await scriptedServer([{ status: 200, body: '<html>login</html>' }]);
    const { api } = apiFor(server.url);
    await expect(api.query('up', 0)).rejects.toMatchObject({ status: 502, message: expect.stringContaining('not JSON') });
    await server.close();
  });

  it('retries an unreachable server, then reports it as a downstream 502', async () => {
    const server = await scriptedServer([{ status: 200, body: OK }]);
    await server.close();
    const { api, delays } = apiFor(server.url);
    await expect(api.query('up', 0)).rejects.toMatchObject({ status: 502, source: 'downstream' });
    expect(delays).toHaveLength(2);
  });
});

describe('backoff', () => {
  const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('is full jitter under a doubling, capped ceiling', () => {
    expect(backoffDelay(policy, 0, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('waits at least Retry-After, but never beyond the cap', () => {
    expect(backoffDelay(policy, 0, () => 0, 500)).toBe(500);
    expect(backoffDelay(policy, 0, () => 0, 60_000)).toBe(1000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
