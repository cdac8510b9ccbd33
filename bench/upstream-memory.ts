/**
 * Benchmark (no assertions): the backend executable's memory under a burst of live queries on large upstream
 * answers. A local HTTP server plays a Prometheus whose every range answer is `ANSWER_MB` of valid matrix JSON
 * (60 feature-bucket series, gzipped as Prometheus sends it); `QUERIES` drift queries of one datasource arrive at once, `ROUNDS` times. Reports
 * the plugin's RSS idle, its peak (sampled every 20 ms and the kernel's high-water mark) and after the burst.
 * Run the same build with the limits raised (LIVE_QUERY_SLOTS, UPSTREAM_REQUEST_SLOTS in src/backend/concurrencyLimit.ts) for the side-by-side
 * figure. Build first (`npm run build:backend`), then `npx tsx bench/upstream-memory.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { baselineFixture } from '../src/backend/testing/baselineFixture';
import { PluginHost } from '../tests/harness/pluginHost';
import { freePort } from '../tests/prometheus/promServer';

const ANSWER_MB = Number(process.env.ANSWER_MB ?? 16);
const QUERIES = Number(process.env.QUERIES ?? 12);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

function memoryMiB(pid: number): { rss: number; highWater: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]);
  return { rss: Math.round(kib('VmRSS') / 1024), highWater: Math.round(kib('VmHWM') / 1024) };
}

/** A matrix answer of about `megabytes`: 60 bucket series of two features, samples every 15 s. */
function matrixAnswer(megabytes: number, nowSeconds: number): Buffer {
  const bounds = ['-1', '0', '1', '2', '3', '+Inf'];
  const samplesPerSeries = Math.round((megabytes * 1e6) / 60 / 22);
  const series = Array.from({ length: 60 }, (_, s) => {
    const values = Array.from({ length: samplesPerSeries }, (_, k) => `[${nowSeconds - (samplesPerSeries - k) * 15},"${(k * 1.5).toFixed(3)}"]`);
    return `{"metric":{"feature":"num_${s % 2}","le":"${bounds[s % bounds.length]}","series":"${s}"},"values":[${values.join(',')}]}`;
  });
  return Buffer.from(`{"status":"success","data":{"resultType":"matrix","result":[${series.join(',')}]}}`);
}

async function main(): Promise<void> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const answer = matrixAnswer(ANSWER_MB, nowSeconds);
  // Gzipped and chunked when asked, as Prometheus answers: the decompressed size is not known in advance.
  const gzipped = gzipSync(answer);
  const server = http.createServer((req, res) => {
    req.resume();
    const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(gzip ? gzipped : answer);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-memory-'));
  const host = await PluginHost.start({ dataDir });
  // Every round must read its answers: the completed-bucket cache would answer repeated queries from memory.
  const datasource = { uid: 'bench', jsonData: { prometheusUrl: `http://127.0.0.1:${port}`, timeoutSeconds: 120, cacheEnabled: false } };
  await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'churn', version: 'v1' }), datasource });
  const pid = host.child.pid!;
  const idle = memoryMiB(pid);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryMiB(pid).rss)), 20);
  const started = performance.now();
  const statuses: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const burst = Array.from({ length: QUERIES }, () =>
      host.queryData(
        [
          {
            refId: 'A',
            json: { queryType: 'drift', baseline: 'churn@v1', method: 'psi', window: '1h' },
            timeRange: { fromEpochMS: (nowSeconds - 86_400) * 1000, toEpochMS: nowSeconds * 1000 },
            intervalMs: 60_000,
          },
        ],
        { datasource }
      )
    );
    statuses.push(...(await Promise.all(burst)).map((r) => r.A.status));
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  clearInterval(sampler);
  const after = memoryMiB(pid);
  console.log(
    JSON.stringify({
      answerMiB: Math.round((answer.length / 2 ** 20) * 10) / 10,
      queries: QUERIES,
      rounds: ROUNDS,
      statuses: [...new Set(statuses)],
      seconds: Math.round(seconds * 10) / 10,
      rssMiB: { idle: idle.rss, peakSampled: peak, highWater: after.highWater, after3s: after.rss },
    })
  );
  await host.dispose();
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
