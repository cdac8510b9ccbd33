/**
 * The upstream client asks the real Prometheus for gzip and reads the compressed answer: the same JSON as
 * Prometheus sends to a client that does not ask.
 */
import http from 'node:http';
import { createBackend, type Backend } from './fixtures';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

/** The same request with Node's bare client, no `Accept-Encoding`: Prometheus answers uncompressed. */
function plainPost(url: string, body: string): Promise<{ encoding: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) };
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describeWithPrometheus('gzipped answers from the real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;

  beforeAll(async () => {
    prometheus = await startPrometheus();
    backend = await createBackend({ prometheusUrl: prometheus.url });
  }, 60_000);

  afterAll(async () => {
    await backend?.cleanup();
    await prometheus?.stop();
  });

  it('asks for gzip, gets it, and reads the same JSON a client without gzip gets', async () => {
    const end = Math.floor(Date.now() / 1000);
    const form = new URLSearchParams({ query: 'vector(1) * 0.5', start: String(end - 3600), end: String(end), step: '15' }).toString();
    const response = await backend.upstream.request('prometheus', { method: 'POST', path: '/api/v1/query_range', body: form });
    const plain = await plainPost(`${prometheus.url}/api/v1/query_range`, form);
    expect([response.status, response.headers['content-encoding'], plain.encoding]).toEqual([200, 'gzip', undefined]);
    const answer = JSON.parse(response.body.toString('utf8'));
    expect(answer).toEqual(JSON.parse(plain.text));
    expect(answer.data.result[0].values).toHaveLength(241);
  });
});
