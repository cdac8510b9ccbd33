import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { BackendError } from '../errors';
import { BackendMetrics } from '../metrics';
import { parseInstanceSettings } from '../settings';
import { UpstreamClient } from './client';

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
