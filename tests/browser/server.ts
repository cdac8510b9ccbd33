/** Serves the built harness on 127.0.0.1 (any free port) and launches Debian's Chromium; shared by run.ts and the benchmark. */
import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';

import { buildHarness } from './build';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
/** Where @grafana/ui's Icon fetches its SVGs (relative to the page), served from the installed package as Grafana serves them. */
const ICON_ROUTE = '/public/build/img/icons/';
const ICON_DIR = path.resolve(__dirname, '../../node_modules/@grafana/ui/dist/public/img/icons');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const [root, relative] = name.startsWith(ICON_ROUTE) ? [ICON_DIR, name.slice(ICON_ROUTE.length)] : [dir, name];
    const file = path.join(root, relative === '/' ? 'index.html' : path.normalize(relative).replace(/^([/\\])+/, ''));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      // Unknown paths (links followed inside the page) get the page itself, like a single-page app.
      () => readFile(path.join(dir, 'index.html')).then((body) => response.writeHead(200, { 'content-type': 'text/html' }).end(body))
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startHarness(): Promise<Harness> {
  const dir = await buildHarness();
  const server = await serve(dir);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
