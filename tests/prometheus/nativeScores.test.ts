/**
 * ROC AUC, PR AUC and calibration from a native score histogram with an `actual` label (issue 13, part 3), end to
 * end: a test exporter serves one native (schema 3) histogram per actual class in the protobuf exposition format,
 * a real Prometheus 2.42 started with `--enable-feature=native-histograms` scrapes it every second (no classic
 * `_bucket` series exist), and the built executable answers `performance` queries with the default
 * `prometheusHistogramKind: 'auto'`.
 *
 * The scores are observed once, in one batch the test draws, so the window's increase is that batch (scaled by
 * the engine's extrapolation, which changes none of these ratios). The baseline's edges 2^(−j/4) are native
 * bucket boundaries in schema 3 (and the zero bucket lies below the first): the native buckets convert onto them
 * exactly, so each answer equals what the classic path gives on the raw scores' counts on the same edges, and
 * the exact values from the raw scores lie within the stated bounds. Needs `npm run build:backend`.
 */
import { existsSync } from 'node:fs';
import { averagePrecision, rocAuc } from '../../src/drift/performance/auc';
import { calibration } from '../../src/drift/performance/calibration';
import type { ClassScoreHistograms } from '../../src/drift/performance/scoreBuckets';
import { mulberry32 } from '../../src/drift/prng';
import { find, notices, seriesOf } from '../harness/answerSeries';
import { executablePath } from '../harness/pluginHost';
import { eventually } from './eventually';
import { baselineDocument, normalFeature } from './fixtures';
import { emptyNativeHistogram, encodeNativeFamily, observeNative, PROTOBUF_CONTENT_TYPE } from './nativeExposition';
import { startLiveStack, type LiveStack } from './liveStack';
import { prometheusAvailable } from './promServer';
import { startShiftingExporter } from './shiftingExporter';

const SCHEMA = 3;
/**
 * 2^(−4) … 2^(−1/4): native bucket boundaries of every schema ≥ 2, written as a user would (`2 ** -0.25` is an ulp
 * off Prometheus' own 0.8408964152537144, which must not count as a split). The zero bucket (≤ 2^(−8)) lies below.
 */
const EDGES = Array.from({ length: 16 }, (_, j) => 2 ** (-(16 - j) / 4));
const PER_CLASS = 2000;

/** Positives score high (√U), negatives low (U²): the classifier test's classes, drawn once. */
function drawScores(): { positives: number[]; negatives: number[] } {
  const random = mulberry32(53);
  return {
    positives: Array.from({ length: PER_CLASS }, () => Math.sqrt(random())),
    negatives: Array.from({ length: PER_CLASS }, () => random() ** 2),
  };
}

/** The right-closed bucket of `score` on `edges`, as a classic histogram's `le` buckets count it. */
function bucketOf(score: number, edges: number[]): number {
  const i = edges.findIndex((b) => score <= b);
  return i < 0 ? edges.length : i;
}

function bucketCounts(scores: number[], edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  scores.forEach((s) => counts[bucketOf(s, edges)]++);
  return counts;
}

/** Each bucket's mean score over both classes (NaN where empty): what makes the ECE exact. */
function meanScores(scores: number[], edges: number[]): number[] {
  const sums = new Array<number>(edges.length + 1).fill(0);
  scores.forEach((s) => (sums[bucketOf(s, edges)] += s));
  const counts = bucketCounts(scores, edges);
  return sums.map((sum, i) => (counts[i] > 0 ? sum / counts[i] : NaN));
}

const onEdges = (positives: number[], negatives: number[], edges: number[]): ClassScoreHistograms => ({
  upperBounds: edges,
  positives: bucketCounts(positives, edges),
  negatives: bucketCounts(negatives, edges),
});

const suite = prometheusAvailable() && existsSync(executablePath()) ? describe : describe.skip;

suite('ROC AUC, PR AUC and calibration from native score histograms, a real Prometheus, the built executable', () => {
  const { positives, negatives } = drawScores();
  const byActual = { '1': emptyNativeHistogram(SCHEMA, 2 ** -8), '0': emptyNativeHistogram(SCHEMA, 2 ** -8) };
  let stack: LiveStack;

  const prometheusQuery = async (expr: string) => {
    const response = await fetch(`${stack.prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return ((await response.json()) as { data: { result: Array<Record<string, unknown>> } }).data.result;
  };

  beforeAll(async () => {
    // The exporter's own ticking draws are ignored: the scores are the batch observed below.
    const exporter = await startShiftingExporter(1, {
      observe: () => undefined,
      render: async () => ({
        contentType: PROTOBUF_CONTENT_TYPE,
        body: encodeNativeFamily(
          'model_prediction_score',
          'Predicted probability of the positive class, by actual class.',
          Object.entries(byActual).map(([actual, histogram]) => ({ labels: { model: 'nclf', version: '1', actual }, histogram }))
        ),
      }),
    });
    const scores = { score: 'score', label: 'actual', positiveClass: '1', ...onEdges(positives, negatives, EDGES) };
    stack = await startLiveStack(exporter, baselineDocument('nclf', '1', [normalFeature('x', [-1, 0, 1], 1000)], { schemaVersion: 2, scores }), [
      '--enable-feature=native-histograms',
    ]);
    // Scraped empty first, so the window's increase holds the whole batch.
    expect(await eventually(() => prometheusQuery('model_prediction_score'), (series) => series.length === 2, 15_000)).toHaveLength(2);
    positives.forEach((s) => observeNative(byActual['1'], s));
    negatives.forEach((s) => observeNative(byActual['0'], s));
    // Until a scrape holds the whole batch (the exporter's own draws are not observed).
    const scraped = async () => {
      const [total] = (await prometheusQuery('histogram_count(sum(model_prediction_score))')) as Array<{ value: [number, string] }>;
      return Number(total?.value[1] ?? 0);
    };
    // Asserted: a setup that timed out would otherwise show up later as a wrong score.
    expect(await eventually(scraped, (count) => count === positives.length + negatives.length, 15_000)).toBe(positives.length + negatives.length);
  }, 60_000);

  afterAll(() => stack?.stop());

  it('has only native score series in Prometheus', async () => {
    expect(await prometheusQuery('model_prediction_score_bucket')).toEqual([]);
    const native = await prometheusQuery('model_prediction_score');
    expect(native).toHaveLength(2);
    expect(native[0]).toHaveProperty('histogram');
  });

  it('gives what the classic path gives on the same edges, with the exact values from the raw scores within the bounds', async () => {
    const now = Date.now();
    const { A } = await stack.host.queryData(
      [
        {
          refId: 'A',
          json: { queryType: 'performance', baseline: 'nclf@1', performanceMetrics: ['roc_auc', 'pr_auc', 'expected_calibration_error'], window: '1m', instant: true },
          timeRange: { fromEpochMS: now - 60_000, toEpochMS: now },
        },
      ],
      { datasource: stack.datasource() }
    );
    expect(A.error).toBe('');
    expect(notices(A).join('\n')).not.toMatch(/split/);
    const all = seriesOf(A);
    const value = (name: string) => find(all, name, { model: 'nclf', version: '1' }).values[0];

    // The classic path's answers on the raw scores' counts on the baseline's edges, scaled as the engine's
    // extrapolation scaled the window's increase (both classes share their scrapes, so one factor): the values
    // are ratios that no scale changes, but the PR AUC's bounds depend on how many observations a bucket holds.
    const [{ value: [, total] }] = (await prometheusQuery(`sum(histogram_count(increase(model_prediction_score[1m] @ ${now / 1000})))`)) as Array<{ value: [number, string] }>;
    const scale = Number(total) / (2 * PER_CLASS);
    const unscaled = onEdges(positives, negatives, EDGES);
    const binned = { ...unscaled, positives: unscaled.positives.map((c) => c * scale), negatives: unscaled.negatives.map((c) => c * scale) };
    const auc = rocAuc(binned);
    const precision = averagePrecision(binned);
    const calibrated = calibration(binned);
    for (const [metric, expected] of [
      ['roc_auc', auc],
      ['pr_auc', precision],
      ['expected_calibration_error', { value: calibrated.ece, lower: calibrated.eceLower, upper: calibrated.eceUpper }],
    ] as const) {
      expect(value(metric)).toBeCloseTo(expected.value, 9);
      expect(value(`${metric}_lower`)).toBeCloseTo(expected.lower, 9);
      expect(value(`${metric}_upper`)).toBeCloseTo(expected.upper, 9);
    }

    // Exact from the raw scores: every distinct score its own bucket for the AUCs, each bucket's mean score for the ECE.
    const distinct = [...new Set([...positives, ...negatives])].sort((a, b) => a - b);
    const exact = {
      roc_auc: rocAuc(onEdges(positives, negatives, distinct)).value,
      pr_auc: averagePrecision(onEdges(positives, negatives, distinct)).value,
      expected_calibration_error: calibration(unscaled, meanScores([...positives, ...negatives], EDGES)).ece,
    };
    for (const [metric, exactValue] of Object.entries(exact)) {
      expect(exactValue).toBeGreaterThanOrEqual(value(`${metric}_lower`) - 1e-12);
      expect(exactValue).toBeLessThanOrEqual(value(`${metric}_upper`) + 1e-12);
    }
    expect(value('roc_auc_upper') - value('roc_auc_lower')).toBeLessThan(0.1);
  });
});
