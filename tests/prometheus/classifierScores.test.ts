/**
 * ROC AUC, PR AUC and calibration once labels arrive (issue 13, part 3), end to end: a score histogram with an
 * `actual` label, read by `performance` queries through the built executable against a real Prometheus. The
 * numbers are checked against the raw scores the exporter drew: the exact AUC lies within the stated bounds, and
 * the value and the ECE are what the engine gives on the raw scores' bucket counts.
 *
 * Needs `npm run build:backend` first.
 */
import { existsSync } from 'node:fs';
import type { Table } from 'apache-arrow';
import { averagePrecision, rocAuc } from '../../src/drift/performance/auc';
import { calibration } from '../../src/drift/performance/calibration';
import { mulberry32 } from '../../src/drift/prng';
import type { BaselineScores } from '../../src/drift/types';
import type { BindingDocument } from '../../src/shared/bindingModel';
import { PERFORMANCE_CURVES, type PerformanceCurveCustom } from '../../src/shared/frameContract';
import { find, notices, seriesOf } from '../harness/answerSeries';
import { executablePath, type DecodedResponse } from '../harness/pluginHost';
import { baselineDocument, normalFeature } from './fixtures';
import { histogramFamily, openMetrics, type NumericHistory, type Random } from './history';
import { prometheusAvailable } from './promServer';
import { startProvisionedStack, type ProvisionedStack } from './provisionedStack';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = NOW - 120 * MINUTE;
const SPAN = { startMs: START, endMs: NOW, intervalMs: 15_000 };
const PER_INTERVAL = 20;
const SEED = 41;
const WINDOW_MS = 30 * MINUTE;

const EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const WIDE_EDGES = [0.5, 1, 2];

/** Positives score high (√U), negatives low (U²). */
const CLASSES: Array<{ actual: string; draw: (t: number, r: Random) => number }> = [
  { actual: '1', draw: (_t, r) => Math.sqrt(r()) },
  { actual: '0', draw: (_t, r) => r() ** 2 },
];

const classHistories = (upperBounds: number[], scale = 1): NumericHistory[] =>
  CLASSES.map((c) => ({ name: c.actual, upperBounds, draw: (t: number, r: Random) => scale * c.draw(t, r) }));

function history(): string {
  const labelled = (model: string, actualLabel = 'actual', rename: (a: string) => string = (a) => a) => (actual: string) => ({ model, version: '1', [actualLabel]: rename(actual) });
  const none = { model: '', version: '' };
  return openMetrics([
    histogramFamily(none, classHistories(EDGES), SPAN, PER_INTERVAL, SEED, 'model_prediction_score', labelled('clf')),
    // Bound: its own metric, label and class names.
    histogramFamily(none, classHistories(EDGES), SPAN, PER_INTERVAL, SEED, 'churn_score', labelled('churn', 'outcome', (a) => (a === '1' ? 'yes' : 'no'))),
    // Scores up to 2: not probabilities.
    histogramFamily(none, classHistories(WIDE_EDGES, 2), SPAN, PER_INTERVAL, 43, 'model_prediction_score', labelled('wide')),
    // Three actual classes.
    histogramFamily(none, [...classHistories(EDGES), { name: 'maybe', upperBounds: EDGES, draw: (_t, r) => r() }], SPAN, PER_INTERVAL, 44, 'model_prediction_score', labelled('three')),
  ]);
}

/** The raw scores the exporter drew for the default model, by class, with their times (same generator, same order). */
function rawScores(): Array<{ actual: string; time: number; score: number }> {
  const random = mulberry32(SEED);
  const out: Array<{ actual: string; time: number; score: number }> = [];
  for (const c of CLASSES) {
    for (let t = SPAN.startMs; t <= SPAN.endMs; t += SPAN.intervalMs) {
      for (let i = 0; i < PER_INTERVAL; i++) {
        out.push({ actual: c.actual, time: t, score: c.draw(t, random) });
      }
    }
  }
  return out;
}

/** Exact ROC AUC of raw scores: P(positive > negative) + ½ P(tie), by counting pairs. */
function exactAuc(positives: number[], negatives: number[]): number {
  const sorted = [...negatives].sort((a, b) => a - b);
  let wins = 0;
  for (const p of positives) {
    let below = 0;
    let ties = 0;
    for (const n of sorted) {
      if (n < p) {
        below++;
      } else if (n === p) {
        ties++;
      } else {
        break;
      }
    }
    wins += below + ties / 2;
  }
  return wins / (positives.length * negatives.length);
}

function bucketCounts(scores: number[], edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const s of scores) {
    const i = edges.findIndex((b) => s <= b);
    counts[i < 0 ? edges.length : i]++;
  }
  return counts;
}

/** The baseline's reference: the same two distributions, on the same edges, from another draw. */
function baselineScores(): BaselineScores {
  const random = mulberry32(7);
  const draw = (c: (typeof CLASSES)[number]) => Array.from({ length: 5000 }, () => c.draw(0, random));
  return { score: 'score', label: 'actual', positiveClass: '1', upperBounds: EDGES, positives: bucketCounts(draw(CLASSES[0]), EDGES), negatives: bucketCounts(draw(CLASSES[1]), EDGES) };
}

const BINDING: BindingDocument = { model: 'churn', prometheus: { score: { metric: 'churn_score', actualLabel: 'outcome', positiveClass: 'yes' } } };

function curve(answer: DecodedResponse, frameName: string, side: 'live' | 'baseline'): { custom: PerformanceCurveCustom; columns: Record<string, number[]> } {
  const frame = answer.frames.find((f: Table) => {
    const meta = JSON.parse(f.schema.metadata.get('meta') ?? '{}') as { custom?: PerformanceCurveCustom };
    return f.schema.metadata.get('name') === frameName && meta.custom?.side === side;
  });
  if (!frame) {
    throw new Error(`no ${side} ${frameName} frame`);
  }
  const columns: Record<string, number[]> = {};
  frame.schema.fields.forEach((f, i) => (columns[f.name] = Array.from(frame.getChildAt(i)!.toArray() as ArrayLike<number>)));
  return { custom: (JSON.parse(frame.schema.metadata.get('meta')!) as { custom: PerformanceCurveCustom }).custom, columns };
}

const suite = prometheusAvailable() && existsSync(executablePath()) ? describe : describe.skip;

suite('ROC AUC, PR AUC and calibration from a score histogram by actual class, the built executable, a real Prometheus', () => {
  let stack: ProvisionedStack;
  const timeRange = { fromEpochMS: START + 40 * MINUTE, toEpochMS: NOW };
  const x = normalFeature('x', [-1, 0, 1], 1000);

  beforeAll(async () => {
    stack = await startProvisionedStack(
      history(),
      { 'churn.json': BINDING },
      {
        'clf.json': baselineDocument('clf', '1', [x], { schemaVersion: 2, scores: baselineScores() }),
        'clf-2.json': baselineDocument('clf', '2', [x]),
        'churn.json': baselineDocument('churn', '1', [x]),
        'wide.json': baselineDocument('wide', '1', [x]),
        'three.json': baselineDocument('three', '1', [x]),
      }
    );
  }, 120_000);

  afterAll(() => stack?.stop());

  const query = (json: Record<string, unknown>) => stack.query({ queryType: 'performance', window: '30m', ...json }, timeRange);

  it('gives the last window exactly what the raw scores give, within the bounds, beside the baseline', async () => {
    const answer = await query({ baseline: 'clf@1', performanceMetrics: ['roc_auc', 'pr_auc', 'expected_calibration_error'], instant: true });
    expect(answer.error).toBe('');
    const all = seriesOf(answer);
    const value = (name: string) => find(all, name, { model: 'clf', version: '1' }).values[0];

    const inWindow = rawScores().filter((s) => s.time > NOW - WINDOW_MS && s.time <= NOW);
    const positives = inWindow.filter((s) => s.actual === '1').map((s) => s.score);
    const negatives = inWindow.filter((s) => s.actual === '0').map((s) => s.score);
    const exact = exactAuc(positives, negatives);
    expect(exact).toBeGreaterThanOrEqual(value('roc_auc_lower'));
    expect(exact).toBeLessThanOrEqual(value('roc_auc_upper'));
    expect(value('roc_auc_upper') - value('roc_auc_lower')).toBeLessThan(0.1);

    // increase() scales every bucket series alike, which changes none of these ratios.
    const binned = { upperBounds: EDGES, positives: bucketCounts(positives, EDGES), negatives: bucketCounts(negatives, EDGES) };
    expect(value('roc_auc')).toBeCloseTo(rocAuc(binned).value, 2);
    expect(value('pr_auc')).toBeCloseTo(averagePrecision(binned).value, 2);
    expect(value('expected_calibration_error')).toBeCloseTo(calibration(binned).ece, 2);

    const baseline = rocAuc(baselineScores());
    expect(find(all, 'roc_auc', { model: 'clf' }).config.custom?.mlopsBaselineValue).toBeCloseTo(baseline.value, 12);
  });

  it('draws the ROC and calibration curves of the last window and of the baseline', async () => {
    const answer = await query({ baseline: 'clf@1', performanceMetrics: ['roc_auc', 'roc_curve', 'calibration_curve'] });
    expect(answer.error).toBe('');
    const series = find(seriesOf(answer), 'roc_auc', { model: 'clf' });
    expect(series.times.length).toBeGreaterThan(10);
    const live = curve(answer, PERFORMANCE_CURVES.roc.frameName, 'live');
    expect(live.custom.auc).toBeCloseTo(series.values[series.values.length - 1], 12);
    const fpr = live.columns[PERFORMANCE_CURVES.roc.falsePositiveRate];
    expect(fpr[0]).toBe(0);
    expect(fpr[fpr.length - 1]).toBe(1);
    const baseline = curve(answer, PERFORMANCE_CURVES.roc.frameName, 'baseline');
    expect(baseline.custom.auc).toBeCloseTo(rocAuc(baselineScores()).value, 12);
    const calibrationCurve = curve(answer, PERFORMANCE_CURVES.calibration.frameName, 'live');
    // Positives score √U: the top bucket's observed positive rate is far above the bottom one's.
    const rates = calibrationCurve.columns[PERFORMANCE_CURVES.calibration.observedRate];
    expect(rates[rates.length - 1]).toBeGreaterThan(rates[0] + 0.5);
  });

  it('reads a bound metric, actual label and positive class', async () => {
    const bound = await query({ baseline: 'churn@1', performanceMetrics: ['roc_auc'], instant: true });
    const plain = await query({ baseline: 'clf@1', performanceMetrics: ['roc_auc'], instant: true });
    expect(bound.error).toBe('');
    expect(find(seriesOf(bound), 'roc_auc', { model: 'churn' }).values[0]).toBeCloseTo(find(seriesOf(plain), 'roc_auc', { model: 'clf' }).values[0], 12);
  });

  it('refuses scores outside [0, 1] and a label with three classes, naming what it found', async () => {
    const wide = await query({ baseline: 'wide@1', performanceMetrics: ['roc_auc'], instant: true });
    expect(wide.status).toBe(400);
    expect(wide.error).toMatch(/outside \[0, 1\]: the scores are not probabilities/);
    const three = await query({ baseline: 'three@1', performanceMetrics: ['roc_auc'] });
    expect(three.status).toBe(400);
    expect(three.error).toMatch(/3 values \("0", "1", "maybe"\)/);
  });

  it('says what the metric holds when the version has no scores, and leaves unnamed score series out quietly', async () => {
    const named = await query({ baseline: 'clf@2', performanceMetrics: ['roc_auc'], instant: true });
    expect(named.error).toBe('');
    expect(seriesOf(named)).toHaveLength(0);
    expect(notices(named).join('\n')).toMatch(/model_prediction_score_bucket/);
    const unnamed = await query({ baseline: 'clf@2', instant: true });
    expect(seriesOf(unnamed).filter((s) => s.name.startsWith('roc_auc'))).toHaveLength(0);
  });
});
