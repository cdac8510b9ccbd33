/**
 * Benchmark (not a test; no assertions): what a dashboard refresh costs with the completed-bucket cache. A drift
 * panel of 50 numeric features over 24 h at a 5-minute step (1-hour window) is loaded once and then refreshed every
 * 30 s, ten times, against a real Prometheus holding 25 h of backfilled history and scraping a live exporter, so new
 * samples arrive between refreshes as they do in production. Each refresh is timed side by side with the same query
 * without the cache (a first load), alternating which goes first, and upstream samples are counted from the
 * backend's own metrics. Targets (issue 15): a refresh fetches ≤ 0.1× the samples of a first load and takes ≤ 0.2×
 * its wall time.
 *   npx tsx bench/prometheus-refresh.ts        (BENCH_REFRESH_SECONDS and BENCH_REFRESHES change the schedule)
 * Figures go to stdout and bench/out/prometheus-refresh.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DatasourceCaches } from '../src/backend/cache/completedStepCache';
import { BackendMetrics } from '../src/backend/metrics';
import { prometheusSourceFor } from '../src/backend/prometheus';
import { driftQuery } from '../src/backend/queries/drift';
import { mulberry32 } from '../src/drift/prng';
import { baselineDocument, createBackend, normalFeature } from '../tests/prometheus/fixtures';
import { histogramFamily, normal, openMetrics } from '../tests/prometheus/history';
import { startPrometheus } from '../tests/prometheus/promServer';

const FEATURES = 50;
const STEP_MS = 5 * 60_000;
const HOUR = 3_600_000;
const BOUNDS = [-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3];
const REFRESH_MS = Number(process.env.BENCH_REFRESH_SECONDS ?? 30) * 1000;
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 10);
const NAMES = Array.from({ length: FEATURES }, (_, i) => `f${String(i).padStart(2, '0')}`);

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A model server's /metrics: the same histograms as the backfilled history, observed live from now on. */
async function startLiveExporter(): Promise<{ address: string; stop: () => Promise<void> }> {
  const random = mulberry32(7);
  const bounds = [...BOUNDS, Infinity];
  const cumulative = NAMES.map(() => new Array<number>(bounds.length).fill(0));
  const sums = NAMES.map(() => 0);
  const timer = setInterval(() => {
    NAMES.forEach((_, f) => {
      for (let i = 0; i < 5; i++) {
        const value = normal(random);
        sums[f] += value;
        bounds.forEach((bound, b) => (cumulative[f][b] += value <= bound ? 1 : 0));
      }
    });
  }, 1000);
  const server = http.createServer((_request, response) => {
    const lines = ['# TYPE model_feature_value histogram'];
    NAMES.forEach((name, f) => {
      const labels = `model="bench",version="v1",feature="${name}"`;
      bounds.forEach((bound, b) => lines.push(`model_feature_value_bucket{${labels},le="${bound === Infinity ? '+Inf' : bound}"} ${cumulative[f][b]}`));
      lines.push(`model_feature_value_count{${labels}} ${cumulative[f][bounds.length - 1]}`, `model_feature_value_sum{${labels}} ${sums[f]}`);
    });
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    response.end(lines.join('\n') + '\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => {
      clearInterval(timer);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const now = Date.now();
  const history = openMetrics([
    histogramFamily(
      { model: 'bench', version: 'v1' },
      NAMES.map((name) => ({ name, upperBounds: BOUNDS, draw: (_t: number, r: () => number) => normal(r) })),
      { startMs: now - 25 * HOUR, endMs: now - 60_000, intervalMs: 60_000 },
      300,
      1
    ),
  ]);
  const exporter = await startLiveExporter();
  const prometheus = await startPrometheus({ backfill: history, scrapeTargets: [{ address: exporter.address }], scrapeIntervalSeconds: 15 });
  const backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s' });
  await backend.store.put(baselineDocument('bench', 'v1', NAMES.map((name) => normalFeature(name, BOUNDS, 1_000_000))));
  const metrics = new BackendMetrics();
  const caches = new DatasourceCaches(metrics);
  const uncachedMetrics = new BackendMetrics();
  const handler = driftQuery(prometheusSourceFor);
  const samples = (m: BackendMetrics) => Number(/mlops_drift_upstream_samples_total\{[^}]*\} (\d+)/.exec(m.render())?.[1] ?? 0);

  /** One panel load; `cached`: through the datasource's cache, else through a fresh (empty) one. */
  async function load(cached: boolean): Promise<{ ms: number; samples: number; points: number }> {
    const cache = cached ? caches.forSettings(backend.context({}, { fromMs: 0, toMs: 0 }).settings) : new DatasourceCaches(uncachedMetrics).forSettings(backend.context({}, { fromMs: 0, toMs: 0 }).settings);
    const counter = cached ? metrics : uncachedMetrics;
    const before = samples(counter);
    const toMs = Date.now();
    const started = performance.now();
    const result = await handler(
      backend.context({ queryType: 'drift', baseline: 'bench@v1', method: 'psi', window: '1h' }, { fromMs: toMs - 24 * HOUR, toMs }, { intervalMs: STEP_MS, maxDataPoints: 1000, cache })
    );
    const ms = performance.now() - started;
    const points = result.frames.reduce((n, frame) => n + frame.fields[0].values.length, 0);
    return { ms, samples: samples(counter) - before, points };
  }

  try {
    await load(false); // warm-up: code paths and Prometheus' caches, for both sides alike
    const first = await load(true);
    const refreshes: Array<{ refreshMs: number; refreshSamples: number; firstLoadMs: number; firstLoadSamples: number; points: number }> = [];
    for (let i = 0; i < REFRESHES; i++) {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
      // Alternate which side runs first, so neither always meets a warmer Prometheus.
      const [refresh, uncached] = i % 2 === 0 ? [await load(true), await load(false)] : (([u, r]) => [r, u])([await load(false), await load(true)]);
      refreshes.push({ refreshMs: refresh.ms, refreshSamples: refresh.samples, firstLoadMs: uncached.ms, firstLoadSamples: uncached.samples, points: refresh.points });
      process.stderr.write(`refresh ${i + 1}: ${round(refresh.ms, 1)} ms, ${refresh.samples} samples; without cache ${round(uncached.ms, 1)} ms, ${uncached.samples} samples\n`);
    }
    const figures = {
      features: FEATURES,
      stepMinutes: STEP_MS / 60_000,
      rangeHours: 24,
      refreshSeconds: REFRESH_MS / 1000,
      refreshes: REFRESHES,
      firstLoad: { ms: round(first.ms, 1), samples: first.samples, points: first.points },
      medianRefreshMs: round(median(refreshes.map((r) => r.refreshMs)), 1),
      medianUncachedMs: round(median(refreshes.map((r) => r.firstLoadMs)), 1),
      medianRefreshSamples: median(refreshes.map((r) => r.refreshSamples)),
      medianUncachedSamples: median(refreshes.map((r) => r.firstLoadSamples)),
      /** Targets: ≤ 0.1 and ≤ 0.2. Each ratio is taken per refresh against the uncached load beside it. */
      samplesRatio: round(median(refreshes.map((r) => r.refreshSamples / r.firstLoadSamples))),
      wallTimeRatio: round(median(refreshes.map((r) => r.refreshMs / r.firstLoadMs))),
      runs: refreshes.map((r) => ({ ...r, refreshMs: round(r.refreshMs, 1), firstLoadMs: round(r.firstLoadMs, 1) })),
      node: process.version,
    };
    const out = path.join(__dirname, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'prometheus-refresh.json'), JSON.stringify(figures, null, 2));
    console.log(JSON.stringify({ ...figures, runs: undefined }, null, 2));
  } finally {
    await prometheus.stop();
    await exporter.stop();
    await backend.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
