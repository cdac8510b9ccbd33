import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import { BackendError } from '../errors';
import { BackendMetrics } from '../metrics';
import { parseInstanceSettings } from '../settings';
import { MAX_UPSTREAM_RESPONSE_BYTES, UpstreamClient } from './client';

/** A node answering every request with one status, counting what it received. */
async function node(status: number): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL nothing listens on: a listener is opened to get a free port, then closed. */
async function deadNodeUrl(): Promise<string> {
  const dead = await node(200);
  await dead.close();
  return dead.url;
}

function clientFor(elasticsearchUrl: string): UpstreamClient {
  const settings = parseInstanceSettings({
    jsonData: new TextEncoder().encode(JSON.stringify({ elasticsearchUrl, timeoutSeconds: 5 })),
    decryptedSecureJsonData: {},
  });
  return new UpstreamClient(settings, new BackendMetrics());
}

describe('UpstreamClient with several nodes', () => {
  it('moves past a node that refuses connections', async () => {
    const live = await node(200);
    const client = clientFor(`${await deadNodeUrl()}, ${live.url}`);
    expect((await client.request('elasticsearch', { path: '/' })).status).toBe(200);
    expect((await client.request('elasticsearch', { path: '/' })).status).toBe(200);
    expect(live.hits()).toBe(2);
    await live.close();
  });

  it('moves past a node answering 5xx, then asks the node that answered first', async () => {
    const failing = await node(503);
    const live = await node(200);
    const client = clientFor(`${failing.url},${live.url}`);
    expect((await client.request('elasticsearch', { path: '/' })).status).toBe(200);
    expect((await client.request('elasticsearch', { path: '/' })).status).toBe(200);
    expect(failing.hits()).toBe(1);
    expect(live.hits()).toBe(2);
    await Promise.all([failing.close(), live.close()]);
  });

  it('returns a 4xx as it is: the request is at fault, not the node', async () => {
    const rejecting = await node(404);
    const live = await node(200);
    const client = clientFor(`${rejecting.url},${live.url}`);
    expect((await client.request('elasticsearch', { path: '/missing-index/_search' })).status).toBe(404);
    expect(live.hits()).toBe(0);
    await Promise.all([rejecting.close(), live.close()]);
  });

  it('returns the last node’s 5xx when every node fails that way', async () => {
    const first = await node(502);
    const second = await node(503);
    const client = clientFor(`${first.url},${second.url}`);
    expect((await client.request('elasticsearch', { path: '/' })).status).toBe(503);
    await Promise.all([first.close(), second.close()]);
  });

  it('fails with a downstream error naming the last node when none is reachable', async () => {
    const urls = [await deadNodeUrl(), await deadNodeUrl()];
    const client = clientFor(urls.join(','));
    const error = await client.request('elasticsearch', { path: '/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ source: 'downstream' });
    expect((error as BackendError).message).toContain(new URL(urls[1]).host);
  });

  it('treats a list with no URL as not configured', () => {
    expect(clientFor(' , ').isConfigured('elasticsearch')).toBe(false);
    expect(clientFor('http://a:9200,http://b:9200').isConfigured('elasticsearch')).toBe(true);
  });
});

/** A node answering every request with these headers and body bytes; `finished` tells whether it sent them all. */
async function answering(headers: http.OutgoingHttpHeaders, body: Buffer) {
  let finished = false;
  let acceptEncoding: string | undefined;
  const server = http.createServer((req, res) => {
    acceptEncoding = req.headers['accept-encoding'];
    req.resume();
    res.writeHead(200, headers);
    res.on('finish', () => (finished = true));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    acceptEncoding: () => acceptEncoding,
    finished: () => finished,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('UpstreamClient answer encodings', () => {
  const json = Buffer.from(JSON.stringify({ status: 'success', data: Array.from({ length: 2000 }, (_, i) => ({ i })) }));

  it('asks for gzip and decompresses a gzipped answer', async () => {
    const upstream = await answering({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync(json));
    const response = await clientFor(upstream.url).request('elasticsearch', { path: '/' });
    expect(upstream.acceptEncoding()).toBe('gzip');
    expect(response.body.equals(json)).toBe(true);
    await upstream.close();
  });

  it('reads an answer sent without compression as it is', async () => {
    const upstream = await answering({ 'Content-Type': 'application/json' }, json);
    expect((await clientFor(upstream.url).request('elasticsearch', { path: '/' })).body.equals(json)).toBe(true);
    await upstream.close();
  });

  it('stops a gzip bomb at the size cap with a clear error, without reading the rest', async () => {
    // 64 MiB + 1 KiB of zeros in 270 KiB; repeated, gzip members concatenate into one stream of 16 GiB.
    const member = gzipSync(Buffer.alloc(MAX_UPSTREAM_RESPONSE_BYTES + 1024));
    const upstream = await answering({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, Buffer.concat(Array(256).fill(member)));
    const error = await clientFor(upstream.url).request('elasticsearch', { path: '/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ source: 'downstream', message: `upstream response exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes once decompressed` });
    expect(upstream.finished()).toBe(false);
    await upstream.close();
  });

  it.each([
    ['plain JSON labelled gzip', json],
    ['a truncated gzip stream', gzipSync(json).subarray(0, 200)],
    ['gzip with a corrupted checksum', Buffer.concat([gzipSync(json).subarray(0, -8), Buffer.alloc(8)])],
  ])('fails with a downstream error on %s', async (_, body) => {
    const upstream = await answering({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body);
    const error = await clientFor(upstream.url).request('elasticsearch', { path: '/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ source: 'downstream', message: expect.stringMatching(/^upstream answer says Content-Encoding gzip but is not valid gzip \(.+\)$/) });
    await upstream.close();
  });

  it('refuses an answer whose declared length is over the cap before reading it', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_UPSTREAM_RESPONSE_BYTES + 1) });
      res.write('{"status":');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The server never sends the rest: only a refusal on the header answers before the 5 s timeout.
      await expect(clientFor(`http://127.0.0.1:${port}`).request('elasticsearch', { path: '/' })).rejects.toMatchObject({
        status: 502,
        source: 'downstream',
        message: `upstream response of ${MAX_UPSTREAM_RESPONSE_BYTES + 1} bytes exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes`,
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses an encoding it did not ask for, naming it', async () => {
    const upstream = await answering({ 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, json);
    const error = await clientFor(upstream.url).request('elasticsearch', { path: '/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ source: 'downstream', message: expect.stringContaining('Content-Encoding "br", which was not asked for') });
    await upstream.close();
  });

  it('reads an empty gzip-labelled answer (HEAD) as empty', async () => {
    const upstream = await answering({ 'Content-Encoding': 'gzip' }, gzipSync(json));
    const response = await clientFor(upstream.url).request('elasticsearch', { method: 'HEAD', path: '/' });
    expect([response.status, response.body.length]).toEqual([200, 0]);
    await upstream.close();
  });
});

describe('UpstreamClient redirects', () => {
  /** A server that redirects `/old...` to `location(path)` with `status`, and answers anything else 200 with what it saw. */
  async function redirecting(status: number, location: (path: string) => string) {
    const seen: Array<{ method?: string; path?: string; authorization?: string; body: string }> = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() });
        if (req.url?.startsWith('/old')) {
          res.writeHead(status, { Location: location(req.url) });
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ path: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  function authorisedClient(prometheusUrl: string): UpstreamClient {
    const settings = parseInstanceSettings({
      jsonData: new TextEncoder().encode(JSON.stringify({ prometheusUrl, prometheusAuth: 'bearer', timeoutSeconds: 5 })),
      decryptedSecureJsonData: { prometheusToken: 'tok-redirect' },
    });
    return new UpstreamClient(settings, new BackendMetrics());
  }

  it('follows a redirect within the configured origin with the same method, body and credentials', async () => {
    const server = await redirecting(307, (path) => `/prefix${path.slice('/old'.length)}`);
    try {
      const answer = await authorisedClient(server.url).request('prometheus', { path: '/old/api/v1/query', method: 'POST', body: 'query=up' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({ path: '/prefix/api/v1/query' });
      expect(server.seen[1]).toEqual({ method: 'POST', path: '/prefix/api/v1/query', authorization: 'Bearer tok-redirect', body: 'query=up' });
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect to another origin, so the credentials go nowhere else', async () => {
    const elsewhere = await redirecting(302, () => '/');
    const server = await redirecting(302, () => `${elsewhere.url}/api/v1/query`);
    try {
      const error = await authorisedClient(server.url)
        .request('prometheus', { path: '/old' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({ status: 502, source: 'downstream' });
      expect((error as Error).message).toMatch(/redirected \(302\) to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query, another origin/);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await Promise.all([server.close(), elsewhere.close()]);
    }
  });

  it('stops a redirect loop after a few hops', async () => {
    const server = await redirecting(302, (path) => `${path}x`);
    try {
      await expect(authorisedClient(server.url).request('prometheus', { path: '/old' })).rejects.toMatchObject({ status: 502, source: 'downstream' });
      expect(server.seen).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
});
