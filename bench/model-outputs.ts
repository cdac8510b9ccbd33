/**
 * Benchmark (not a test; no assertions) of issue 13's model-output statistics for 20 models × 288 windows (24 h at
 * a 5-minute step) of ten-bucket probability histograms:
 * - `core`: ROC AUC, average precision, calibration and CBPE from class histograms in-process, per window;
 * - `executable`: two `performance` queries of each of the 20 models (1-hour rolling window), one model after the
 *   other (so no query waits for a slot), through the built executable against a local Prometheus holding 25 h of
 *   backfilled history, with the completed-step cache off: `estimates`, CBPE's five estimates from the predicted-
 *   probability histogram (`response_distribution`); `realised`, ROC AUC, PR AUC and the expected calibration error
 *   from the score histogram by actual class (`model_prediction_score{actual=…}`) against the baseline's `scores`.
 *   Both are measured in the same run, batch after batch, so they see the same machine. From the executable's own
 *   duration metrics: its query time against the time its requests to Prometheus took (`ownTimeOverPrometheus`),
 *   and the wall time of the 20 requests. Skipped when the executable has not been built (`npm run build:backend`).
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
import type { BaselineDocument, BaselineScores } from '../src/drift/types';
import { DEFAULT_SCORE_HISTOGRAM } from '../src/shared/bindingModel';
import { DEFAULT_PROMETHEUS_MAPPING } from '../src/shared/settingsModel';
import { executablePath, metricValue, PluginHost } from '../tests/harness/pluginHost';
import { baselineDocument, normalFeature } from '../tests/prometheus/fixtures';
import { histogramFamily, openMetrics, type HistorySpan, type NumericHistory, type Random } from '../tests/prometheus/history';
import { startPrometheus } from '../tests/prometheus/promServer';

const MODELS = 20;
const WINDOWS = 288;
const STEP_MS = 5 * 60_000;
const HOUR = 3_600_000;
const RUNS = 7;
const BOUNDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const BATCHES = {
  estimates: ['estimated_accuracy', 'estimated_precision', 'estimated_recall', 'estimated_f1', 'estimated_roc_auc'],
  realised: ['roc_auc', 'pr_auc', 'expected_calibration_error'],
};

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

/** Bucket counts of `n` observations whose cumulative distribution is `cdf`, on BOUNDS (the last bucket above 1 is empty). */
function countsOf(cdf: (bound: number) => number, n: number): number[] {
  const cumulative = [...BOUNDS.map(cdf), 1];
  return cumulative.map((c, i) => Math.round(n * (c - (i === 0 ? 0 : cumulative[i - 1]))));
}

/** Positives score high (their n-th root of a uniform, a little lower for each model), negatives low (U²). */
const positiveRoot = (m: number) => 2 + m / MODELS;

/** 25 h of history: the predicted-probability histogram and the score histogram by actual class, per model. */
function history(span: HistorySpan): string {
  const modelOf = (name: string) => ({ model: name.split('/')[0], version: '1' });
  const predictions: NumericHistory[] = Array.from({ length: MODELS }, (_, m) => ({
    name: `m${m}`,
    upperBounds: BOUNDS,
    draw: (_t, r) => Math.min(1, r() ** 2 + (m / MODELS) * r()),
  }));
  const scores: NumericHistory[] = Array.from({ length: MODELS }, (_, m) => [
    { name: `m${m}/1`, upperBounds: BOUNDS, draw: (_t: number, r: Random) => r() ** (1 / positiveRoot(m)) },
    { name: `m${m}/0`, upperBounds: BOUNDS, draw: (_t: number, r: Random) => r() ** 2 },
  ]).flat();
  return openMetrics([
    histogramFamily({ model: '', version: '' }, predictions, span, 20, 100, 'response_distribution', modelOf),
    histogramFamily({ model: '', version: '' }, scores, span, 20, 200, DEFAULT_SCORE_HISTOGRAM, (name) => ({
      ...modelOf(name),
      [DEFAULT_PROMETHEUS_MAPPING.actualLabel]: name.split('/')[1],
    })),
  ]);
}

/** Model m's baseline: the prediction distribution for CBPE, the score histograms by actual class for AUC and ECE. */
function baselineOf(m: number): BaselineDocument {
  const prediction = { ...normalFeature('score', BOUNDS, 100_000, 0.3, 0.3), histogram: { upperBounds: BOUNDS, counts: countsOf(Math.sqrt, 100_000) } };
  const scores: BaselineScores = {
    score: 'score',
    label: DEFAULT_PROMETHEUS_MAPPING.actualLabel,
    positiveClass: '1',
    upperBounds: BOUNDS,
    positives: countsOf((b) => b ** positiveRoot(m), 50_000),
    negatives: countsOf(Math.sqrt, 50_000),
  };
  return baselineDocument(`m${m}`, '1', [normalFeature('x', [0], 1000)], { schemaVersion: 2, prediction, scores });
}

async function executableFigures() {
  if (!existsSync(executablePath())) {
    return { skipped: 'no built executable (npm run build:backend)' };
  }
  const end = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  const prometheus = await startPrometheus({ backfill: history({ startMs: end - 25 * HOUR, endMs: end, intervalMs: 60_000 }) });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-bench-outputs-'));
  const bindings = path.join(dataDir, 'bindings');
  const baselines = path.join(dataDir, 'baselines');
  mkdirSync(bindings);
  mkdirSync(baselines);
  for (let m = 0; m < MODELS; m++) {
    // The score histogram is the default one (`model_prediction_score` by the mapping's actual label): no binding.
    writeFileSync(path.join(bindings, `m${m}.json`), JSON.stringify({ model: `m${m}`, prometheus: { prediction: { kind: 'histogram', metric: 'response_distribution' }, missing: 'none' } }));
    writeFileSync(path.join(baselines, `m${m}.json`), JSON.stringify(baselineOf(m)));
  }
  const host = await PluginHost.start({ dataDir: path.join(dataDir, 'grafana') });
  const datasource = { uid: 'bench', jsonData: { prometheusUrl: prometheus.url, minStep: '15s', cacheEnabled: false, provisionedBaselineDirectory: baselines, provisionedBindingDirectory: bindings } };
  const queriesOf = (metrics: string[]) =>
    Array.from({ length: MODELS }, (_, m) => ({
      refId: `M${m}`,
      json: { queryType: 'performance', baseline: `m${m}@1`, window: '1h', performanceMetrics: metrics },
      timeRange: { fromEpochMS: end - 24 * HOUR + STEP_MS, toEpochMS: end },
      intervalMs: STEP_MS,
    }));
  const batches = Object.entries(BATCHES).map(([name, metrics]) => ({ name, queries: queriesOf(metrics), wall: [] as number[], querySeconds: 0, upstreamSeconds: 0, points: 0 }));
  const ownSums = async () => {
    const text = await host.collectMetrics();
    return {
      query: metricValue(text, 'mlops_drift_query_duration_seconds_sum', { query_type: 'performance' }),
      upstream: metricValue(text, 'mlops_drift_upstream_request_duration_seconds_sum', { target: 'prometheus' }),
    };
  };
  try {
    // Run 0 warms up and is not counted; then the batches alternate, so both see the same machine.
    for (let run = 0; run < RUNS + 1; run++) {
      for (const batch of batches) {
        const before = await ownSums();
        const started = performance.now();
        let points = 0;
        for (const query of batch.queries) {
          const { [query.refId]: answer } = await host.queryData([query], { datasource });
          if (answer.error) {
            throw new Error(`${batch.name} ${query.refId} failed: ${answer.error}`);
          }
          points += answer.frames.reduce((n, f) => n + f.numRows, 0);
        }
        const elapsed = performance.now() - started;
        const after = await ownSums();
        if (run === 0) {
          batch.points = points;
          continue;
        }
        batch.wall.push(elapsed);
        batch.querySeconds += (after.query - before.query) / RUNS;
        batch.upstreamSeconds += (after.upstream - before.upstream) / RUNS;
      }
    }
    const figures = Object.fromEntries(
      batches.map((b) => [
        b.name,
        {
          metrics: BATCHES[b.name as keyof typeof BATCHES],
          /** Rows of all frames of the 20 answers. */
          pointsPerRun: b.points,
          medianWallMsFor20: round(median(b.wall)),
          /** Summed over the 20 queries, from the executable's metrics. */
          queryTimeMs: round(1000 * b.querySeconds),
          prometheusTimeMs: round(1000 * b.upstreamSeconds),
          ownTimeOverPrometheus: round((b.querySeconds - b.upstreamSeconds) / b.upstreamSeconds, 3),
        },
      ])
    );
    return { models: MODELS, windows: WINDOWS, ...figures };
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
