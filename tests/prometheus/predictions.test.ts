/**
 * Numeric prediction drift (issue 13, part 1), end to end: a probability score exported as a histogram (the PyData
 * talk's `response_distribution`), bound as the model's prediction, compared with the baseline's numeric
 * prediction distribution by `drift` queries with `includePrediction`, through the built executable against a
 * real Prometheus.
 *
 * Needs `npm run build:backend` first.
 */
import { existsSync } from 'node:fs';
import { cbpe } from '../../src/drift/performance/cbpe';
import type { BaselineFeature } from '../../src/drift/types';
import type { BindingDocument } from '../../src/shared/bindingModel';
import { find, notices, numbersOf, seriesOf, type Series } from '../harness/answerSeries';
import { executablePath, type DecodedResponse } from '../harness/pluginHost';
import { baselineDocument, normalFeature } from './fixtures';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';
import { counterFamily, familyOf, histogramFamily, normal, openMetrics, type Random } from './history';
import { prometheusAvailable } from './promServer';
import { startProvisionedStack, type ProvisionedStack } from './provisionedStack';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = NOW - 180 * MINUTE;
const SHIFT = NOW - 90 * MINUTE;
const SPAN = { startMs: START, endMs: NOW, intervalMs: 15_000 };

const SCORE_BOUNDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const X_BOUNDS = [-2, -1, -0.5, 0, 0.5, 1, 2];

/** Before the shift the score is U² (U uniform: P(score ≤ b) = √b); after it, 1 − U². The input x never moves. */
const score = (t: number, r: Random) => (t > SHIFT ? 1 - r() ** 2 : r() ** 2);

function history(): string {
  const labels = (feature: string) => ({ model: 'scorer', version: '1', ...(feature === 'x' ? { feature } : {}) });
  return openMetrics([
    histogramFamily({ model: '', version: '' }, [{ name: 'score', upperBounds: SCORE_BOUNDS, draw: score }], SPAN, 20, 31, 'response_distribution', labels),
    histogramFamily({ model: '', version: '' }, [{ name: 'x', upperBounds: X_BOUNDS, draw: (_t, r) => normal(r) }], SPAN, 20, 32, 'scorer_feature', labels),
    // Another model on the default mapping: its predictions are a counter of classes, its baseline's are scores.
    counterFamily(familyOf(NAMES.predictionCounter), SPAN, 10, 33, (_t, r) => ({ model: 'counted', version: '1', [NAMES.predictedLabel]: r() < 0.3 ? 'yes' : 'no' })),
  ]);
}

/** The score's expected bucket counts before the shift: P(U² ≤ b) = √b. */
function scoreCounts(): number[] {
  const cdf = [...SCORE_BOUNDS.map((b) => Math.sqrt(b)), 1];
  return cdf.map((c, i) => Math.round(100_000 * (c - (i === 0 ? 0 : cdf[i - 1]))));
}

/** The baseline's numeric prediction distribution: the score before the shift. */
function scoreBaseline(): BaselineFeature {
  const counts = scoreCounts();
  return {
    name: 'score',
    kind: 'numeric',
    histogram: { upperBounds: SCORE_BOUNDS, counts },
    summary: { n: 100_000, min: 0, max: 1, mean: 1 / 3, std: 0.298, quantiles: { levels: [0.5], values: [0.25] } },
    missing: 0,
    nonFinite: 0,
  };
}

const BINDING: BindingDocument = {
  model: 'scorer',
  prometheus: {
    numeric: { kind: 'histogram', metric: 'scorer_feature', featureLabel: 'feature' },
    prediction: { kind: 'histogram', metric: 'response_distribution' },
    missing: 'none',
  },
};

/** The series' values in windows wholly before the shift, and in those a full hour after it. */
const split = (s: Series) => ({
  before: s.values.filter((_, i) => s.times[i] <= SHIFT),
  after: s.values.filter((_, i) => s.times[i] >= SHIFT + 60 * MINUTE),
});

const suite = prometheusAvailable() && existsSync(executablePath()) ? describe : describe.skip;

suite('numeric prediction drift from a score histogram, the built executable, a real Prometheus', () => {
  let stack: ProvisionedStack;
  const timeRange = { fromEpochMS: START + 60 * MINUTE, toEpochMS: NOW };

  beforeAll(async () => {
    const x = normalFeature('x', X_BOUNDS, 100_000);
    stack = await startProvisionedStack(
      history(),
      { 'scorer.json': BINDING },
      {
        'scorer.json': baselineDocument('scorer', '1', [x], { prediction: scoreBaseline() }),
        'scorer-2.json': baselineDocument('scorer', '2', [x]),
        'counted.json': baselineDocument('counted', '1', [x], { prediction: scoreBaseline() }),
      }
    );
  }, 120_000);

  afterAll(() => stack?.stop());

  async function query(json: Record<string, unknown>): Promise<DecodedResponse> {
    const answer = await stack.query(json, timeRange);
    expect(answer.error).toBe('');
    expect(answer.status).toBe(200);
    return answer;
  }

  it('scores the prediction beside the features, and only the prediction drifts', async () => {
    const answer = await query({ queryType: 'drift', baseline: 'scorer@1', method: 'psi', window: '30m', normalizeByThreshold: true, includePrediction: true, includeDriftShare: true });
    const all = seriesOf(answer);
    const prediction = find(all, 'normalized_score', { feature: 'score', method: 'psi' });
    const x = find(all, 'normalized_score', { feature: 'x' });
    expect(prediction.times.length).toBeGreaterThan(20);
    expect(Math.max(...split(prediction).before)).toBeLessThan(1);
    expect(Math.min(...split(prediction).after)).toBeGreaterThan(5);
    expect(Math.max(...x.values)).toBeLessThan(1);
    // The drift share counts features: the drifting prediction is not one of them.
    expect(Math.max(...find(all, 'drift_share', {}).values)).toBe(0);
  });

  it('gives every method on the numeric prediction, as one number per series for alert rules', async () => {
    for (const method of ['ks', 'wasserstein', 'js']) {
      const answer = await query({ queryType: 'drift', baseline: 'scorer@1', method, window: '30m', instant: true, normalizeByThreshold: true, includePrediction: true });
      const prediction = find(seriesOf(answer), 'normalized_score', { feature: 'score', method });
      expect(prediction.values).toHaveLength(1);
      expect(prediction.values[0]).toBeGreaterThan(1);
    }
  });

  it('leaves the prediction out unless asked, and says so when the baseline has none', async () => {
    const plain = await query({ queryType: 'drift', baseline: 'scorer@1', method: 'psi', window: '30m', instant: true });
    expect(seriesOf(plain).map((s) => s.labels.feature)).not.toContain('score');
    const without = await query({ queryType: 'drift', baseline: 'scorer@2', method: 'psi', window: '30m', instant: true, includePrediction: true });
    expect(notices(without)).toContainEqual(expect.stringContaining('has no prediction distribution'));
  });

  it('gives the distribution panel a frame of the prediction, bin by bin against the baseline', async () => {
    const answer = await query({ queryType: 'distribution', baseline: 'scorer@1', method: 'psi', includePrediction: true });
    const meta = (f: (typeof answer.frames)[number]) => JSON.parse(f.schema.metadata.get('meta') ?? '{}') as { custom?: { feature?: string; drift?: boolean } };
    const frame = answer.frames.find((f) => meta(f).custom?.feature === 'score');
    expect(frame).toBeDefined();
    expect(numbersOf(frame!, 'baseline')).toEqual(scoreCounts());
    // Live scores over the range: half U², half 1 − U², so more mass in the top bucket than the baseline's 5 %.
    const current = numbersOf(frame!, 'current_ratio');
    expect(current[SCORE_BOUNDS.length - 1]).toBeGreaterThan(0.2);
    expect(meta(frame!).custom?.drift).toBe(true);
  });

  it('summarises the numeric prediction per window beside the baseline, as histogram_quantile reads buckets', async () => {
    const answer = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', performanceMetrics: ['prediction_p50', 'prediction_mean'] });
    const all = seriesOf(answer);
    const p50 = find(all, 'prediction_p50', {});
    // U²: the median 0.25 falls in (0.2, 0.3], whose cumulative shares are √0.2 and √0.3; after the shift, 1 − U².
    const interpolated = 0.2 + (0.1 * (0.5 - Math.sqrt(0.2))) / (Math.sqrt(0.3) - Math.sqrt(0.2));
    expect(p50.config.custom?.mlopsBaselineValue).toBeCloseTo(interpolated, 2);
    for (const value of split(p50).before) {
      expect(value).toBeCloseTo(interpolated, 1);
    }
    for (const value of split(p50).after) {
      expect(value).toBeCloseTo(1 - interpolated, 1);
    }
    expect(Math.max(...split(find(all, 'prediction_mean', {})).before)).toBeLessThan(0.4);
  });

  it('gives by default the prediction series the source can read, and says why only for series named', async () => {
    // A score histogram: summaries and CBPE.
    const scored = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', instant: true });
    expect(seriesOf(scored).map((s) => s.name)).toEqual(expect.arrayContaining(['prediction_p50', 'estimated_accuracy']));
    // A counter of classes: the shares as before, and no complaint about the histogram nobody asked for.
    const counted = await query({ queryType: 'performance', baseline: 'counted@1', window: '30m', instant: true });
    expect(find(seriesOf(counted), 'prediction_share', { class: 'yes' }).values[0]).toBeCloseTo(0.3, 1);
    expect(seriesOf(counted).map((s) => s.name)).not.toContain('prediction_p50');
    expect(notices(counted).filter((text) => text.includes('counter of classes'))).toEqual([]);
    const named = await query({ queryType: 'performance', baseline: 'counted@1', window: '30m', instant: true, performanceMetrics: ['prediction_p50'] });
    expect(notices(named)).toContainEqual(expect.stringContaining('a prediction is read from a counter of classes'));
  });

  it('gives the share of predictions above a maximum on a bucket edge', async () => {
    const answer = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', instant: true, performanceMetrics: ['prediction_out_of_range_rate'], predictionMax: 0.5 });
    const rate = find(seriesOf(answer), 'prediction_out_of_range_rate', {});
    // Scores above 0.5: 1 − √0.5 of U² (the baseline), √0.5 of 1 − U² (the last half hour).
    expect(rate.config.custom?.mlopsBaselineValue).toBeCloseTo(1 - Math.SQRT1_2, 2);
    expect(rate.values[0]).toBeCloseTo(Math.SQRT1_2, 1);
    expect(notices(answer)).toEqual([]);
  });

  it("gives the p5, p50 and p95 that Prometheus' own histogram_quantile gives for the same window", async () => {
    const answer = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', instant: true, performanceMetrics: ['prediction_p5', 'prediction_p50', 'prediction_p95'] });
    const all = seriesOf(answer);
    for (const [metric, q] of [['prediction_p5', 0.05], ['prediction_p50', 0.5], ['prediction_p95', 0.95]] as const) {
      const expr = `histogram_quantile(${q}, sum by (le) (increase(response_distribution_bucket{model="scorer",version="1"}[30m])))`;
      const url = `${stack.prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${NOW / 1000}`;
      const body = (await (await fetch(url)).json()) as { data: { result: Array<{ value: [number, string] }> } };
      expect(find(all, metric, {}).values[0]).toBeCloseTo(Number(body.data.result[0].value[1]), 9);
    }
  });

  it('has no minimum or maximum from a histogram, and says so when they are named', async () => {
    const answer = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', instant: true, performanceMetrics: ['prediction_min', 'prediction_max', 'prediction_p50'] });
    expect(seriesOf(answer).map((s) => s.name)).toEqual(['prediction_p50']);
    expect(notices(answer)).toContainEqual(expect.stringContaining('histograms keep no minimum or maximum'));
  });

  it('estimates accuracy, precision and ROC AUC without labels (CBPE), one number each for alert rules', async () => {
    const metrics = ['estimated_accuracy', 'estimated_precision', 'estimated_roc_auc'];
    const answer = await query({ queryType: 'performance', baseline: 'scorer@1', window: '30m', instant: true, performanceMetrics: metrics });
    const all = seriesOf(answer);
    // What calibrated scores promise on the window's expected histogram (1 − U² mirrors U²'s buckets), by the core
    // the backend runs; the reference only matters for the sampling error.
    const counts = [...scoreCounts().slice(0, SCORE_BOUNDS.length).reverse(), 0];
    const late = cbpe(counts, { calibration: 'scores', reference: { upperBounds: SCORE_BOUNDS, positives: counts, negatives: counts } });
    for (const [metric, name] of [['estimated_accuracy', 'accuracy'], ['estimated_precision', 'precision'], ['estimated_roc_auc', 'roc_auc']] as const) {
      const series = find(all, metric, {});
      expect(series.values).toHaveLength(1);
      expect(series.values[0]).toBeCloseTo(late.metrics[name].estimate as number, 1);
      expect(find(all, `${metric}_sampling_error`, {}).values[0]).toBeGreaterThan(0);
    }
  });

  it('refuses a non-boolean includePrediction with a 400 naming it', async () => {
    const answer = await stack.query({ queryType: 'drift', baseline: 'scorer@1', includePrediction: 'yes' }, timeRange);
    expect(answer.status).toBe(400);
    expect(answer.error).toContain('includePrediction');
  });
});
