/**
 * A model server's metrics endpoint whose feature distribution a test controls: every tick it observes a
 * batch of normal draws around the current mean, and `shiftTo` moves the mean (injected drift). What the
 * observations feed (a prom-client histogram, a native histogram) and how the page is rendered is the caller's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../src/drift/prng';
import { normal } from './history';

const OBSERVATIONS_PER_TICK = 20;
const TICK_MS = 25;

export interface ShiftingExporter {
  /** `host:port`, as a Prometheus scrape target. */
  address: string;
  shiftTo: (mean: number) => void;
  stop: () => Promise<void>;
}

export interface ExporterFormat {
  observe: (value: number) => void;
  render: () => Promise<{ contentType: string; body: string | Uint8Array }>;
}

export async function startShiftingExporter(seed: number, format: ExporterFormat): Promise<ShiftingExporter> {
  const random = mulberry32(seed);
  let mean = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < OBSERVATIONS_PER_TICK; i++) {
      format.observe(normal(random, mean));
    }
  }, TICK_MS);
  const server = http.createServer(async (_req, res) => {
    const { contentType, body } = await format.render();
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    shiftTo: (value) => {
      mean = value;
    },
    stop: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
