/**
 * Benchmark (not a test; no assertions) of issue 13's model-output statistics for 20 models × 288 windows (24 h at
 * a 5-minute step) of a ten-bucket probability histogram:
 * - `core`: ROC AUC, average precision, calibration and CBPE from class histograms in-process, per window;
 * - `executable`: the `performance` query for CBPE's five estimates of each of the 20 models (1-hour rolling
 *   window), one model after the other (so no query waits for a slot), through the built executable against a
 *   local Prometheus holding 25 h of backfilled history, with the completed-step cache off. From the executable's
 *   own duration metrics: its query time against the time its requests to Prometheus took
 *   (`ownTimeOverPrometheus`), and the wall time of the 20 requests. Skipped when the executable has not been
 *   built (`npm run build:backend`).
 * Run: npx esbuild bench/model-outputs.ts --bundle --platform=node --outfile=bench/out/model-outputs.js \
 *        && node bench/out/model-outputs.js
 * Figures go to stdout and bench/out/model-outputs.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { averagePrecision, rocAuc } from '../src/drift/performance/auc';
import { calibration } from '../src/drift/performance/calibration';
import { cbpe } from '../src/drift/performance/cbpe';
import { mulberry32 } from '../src/drift/prng';
import { executablePath, metricValue, PluginHost } from '../tests/harness/pluginHost';
import { baselineDocument, normalFeature } from '../tests/prometheus/fixtures';
import { histogramFamily, openMetrics } from '../tests/prometheus/history';
import { startPrometheus } from '../tests/prometheus/promServer';

const MODELS = 20;
const WINDOWS = 288;
const STEP_MS = 5 * 60_000;
const HOUR = 3_600_000;
const RUNS = 7;
const BOUNDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const METRICS = ['estimated_accuracy', 'estimated_precision', 'estimated_recall', 'estimated_f1', 'estimated_roc_auc'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Every window's class histograms made first, so that only the statistics are timed. */
function coreFigures() {
  const random = mulberry32(13);
  const windows = Array.from({ length: MODELS * WINDOWS }, () => {
    const positives = [...BOUNDS, 2].map((b) => (b > 1 ? 0 : Math.round(200 * b * random())));
    const negatives = [...BOUNDS, 2].map((b) => (b > 1 ? 0 : Math.round(200 * (1 - b) * random())));
    return { upperBounds: BOUNDS, positives, negatives };
  });
  const reference = windows[0];
  const timed = (compute: (w: (typeof windows)[number]) => unknown) => {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      for (const w of windows) {
        compute(w);
      }
      times.push(performance.now() - started);
    }
    return { totalMs: round(median(times), 2), perWindowMicros: round((1000 * median(times)) / windows.length, 2) };
  };
  return {
    windows: windows.length,
    rocAuc: timed((w) => rocAuc(w)),
    averagePrecision: timed((w) => averagePrecision(w)),
    calibration: timed((w) => calibration(w)),
    cbpe: timed((w) => cbpe(w.positives.map((p, i) => p + w.negatives[i]), { calibration: 'reference', reference })),
  };
}

async function executableFigures() {
  if (!existsSync(executablePath())) {
    return { skipped: 'no built executable (npm run build:backend)' };
  }
  const end = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  const span = { startMs: end - 25 * HOUR, endMs: end, intervalMs: 60_000 };
  const families = Array.from({ length: MODELS }, (_, m) => {
    const shift = m / MODELS;
    const family = histogramFamily({ model: '', version: '' }, [{ name: 'score', upperBounds: BOUNDS, draw: (_t, r) => Math.min(1, r() ** 2 + shift * r()) }], span, 20, 100 + m, 'response_distribution', () => ({
      model: `m${m}`,
      version: '1',
    }));
    // One TYPE line for the family.
    return m === 0 ? family : family.replace(/^# TYPE .*\n/, '');
  });
  const prometheus = await startPrometheus({ backfill: openMetrics(families) });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-bench-outputs-'));
  const bindings = path.join(dataDir, 'bindings');
  const baselines = path.join(dataDir, 'baselines');
  mkdirSync(bindings);
  mkdirSync(baselines);
  const cdf = BOUNDS.map((b) => Math.sqrt(b));
  const prediction = { ...normalFeature('score', BOUNDS, 100_000, 0.3, 0.3), histogram: { upperBounds: BOUNDS, counts: [...cdf, 1].map((c, i) => Math.round(100_000 * (c - (i === 0 ? 0 : cdf[i - 1])))) } };
  for (let m = 0; m < MODELS; m++) {
    writeFileSync(path.join(bindings, `m${m}.json`), JSON.stringify({ model: `m${m}`, prometheus: { prediction: { kind: 'histogram', metric: 'response_distribution' }, missing: 'none' } }));
    writeFileSync(path.join(baselines, `m${m}.json`), JSON.stringify(baselineDocument(`m${m}`, '1', [normalFeature('x', [0], 1000)], { prediction })));
  }
  const host = await PluginHost.start({ dataDir: path.join(dataDir, 'grafana') });
  const datasource = { uid: 'bench', jsonData: { prometheusUrl: prometheus.url, minStep: '15s', cacheEnabled: false, provisionedBaselineDirectory: baselines, provisionedBindingDirectory: bindings } };
  const queries = Array.from({ length: MODELS }, (_, m) => ({
    refId: `M${m}`,
    json: { queryType: 'performance', baseline: `m${m}@1`, window: '1h', performanceMetrics: METRICS },
    timeRange: { fromEpochMS: end - 24 * HOUR + STEP_MS, toEpochMS: end },
    intervalMs: STEP_MS,
  }));
  const ownSums = async () => {
    const text = await host.collectMetrics();
    return {
      query: metricValue(text, 'mlops_drift_query_duration_seconds_sum', { query_type: 'performance' }),
      upstream: metricValue(text, 'mlops_drift_upstream_request_duration_seconds_sum', { target: 'prometheus' }),
    };
  };
  try {
    const wall: number[] = [];
    let before = await ownSums();
    let points = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      const answers = [];
      for (const query of queries) {
        const { [query.refId]: answer } = await host.queryData([query], { datasource });
        if (answer.error) {
          throw new Error(`${query.refId} failed: ${answer.error}`);
        }
        answers.push(answer);
      }
      const elapsed = performance.now() - started;
      if (run === 0) {
        // Warm-up: not counted.
        before = await ownSums();
        points = answers.reduce((sum, a) => sum + a.frames.reduce((n, f) => n + f.numRows, 0), 0);
        continue;
      }
      wall.push(elapsed);
    }
    const after = await ownSums();
    const querySeconds = (after.query - before.query) / RUNS;
    const upstreamSeconds = (after.upstream - before.upstream) / RUNS;
    return {
      models: MODELS,
      windows: WINDOWS,
      /** Rows of all frames of the 20 answers (10 series × 288 windows a model). */
      pointsPerRun: points,
      medianWallMsFor20: round(median(wall)),
      /** Summed over the 20 queries, from the executable's metrics. */
      queryTimeMs: round(1000 * querySeconds),
      prometheusTimeMs: round(1000 * upstreamSeconds),
      ownTimeOverPrometheus: round((querySeconds - upstreamSeconds) / upstreamSeconds, 3),
    };
  } finally {
    await host.dispose();
    await prometheus.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const figures = { core: coreFigures(), executable: await executableFigures() };
  console.log(JSON.stringify(figures, null, 2));
  mkdirSync(path.join('bench', 'out'), { recursive: true });
  writeFileSync(path.join('bench', 'out', 'model-outputs.json'), JSON.stringify(figures, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
