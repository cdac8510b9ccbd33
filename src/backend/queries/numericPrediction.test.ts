import type { NumericBaselineFeature } from '../../drift/types';
import type { PerformanceMetric } from '../../shared/queryModel';
import { BackendError } from '../errors';
import type { NumericWindowCounts } from '../sources/types';
import { NoticeCollector, SeriesSet } from './liveFrames';
import { BASELINE_VALUE_CUSTOM_KEY, checkPredictionRange, checkScoreThreshold, NumericPredictionSeries } from './numericPrediction';

function prediction(upperBounds: number[], counts: number[]): NumericBaselineFeature {
  return {
    name: 'score',
    kind: 'numeric',
    histogram: { upperBounds, counts },
    summary: { n: 0, min: 0, max: 1, mean: 0, std: 0, quantiles: { levels: [], values: [] } },
    missing: 0,
    nonFinite: 0,
  };
}

function window(upperBounds: number[], counts: number[], nonFinite = 0): NumericWindowCounts {
  return { kind: 'numeric', binned: { upperBounds, counts }, missing: 0, nonFinite };
}

function run(feature: NumericBaselineFeature, metrics: PerformanceMetric[], windows: NumericWindowCounts[], validRange?: [number, number]) {
  const plan = { prediction: feature, metrics: new Set(metrics), threshold: 0.5, validRange, base: { model: 'm', version: '1' }, windowMs: 60_000 };
  const series = new NumericPredictionSeries(plan);
  const set = new SeriesSet();
  const notices = new NoticeCollector();
  windows.forEach((w, i) => series.add(set, 1000 * (i + 1), w, notices));
  const frames = set.frames(false);
  return { frames, notices: [...series.notices(), ...notices.notices] };
}

describe('numeric prediction series of performance queries', () => {
  const edges = [0.25, 0.5, 0.75, 1];

  it('writes each window beside the baseline value, and skips windows without predictions', () => {
    const { frames, notices } = run(prediction(edges, [10, 10, 10, 10, 0]), ['prediction_p50', 'prediction_nonfinite_rate', 'estimated_accuracy'], [
      window(edges, [0, 0, 0, 10, 0], 10),
      window(edges, [0, 0, 0, 0, 0]),
    ]);
    expect(notices).toEqual([]);
    const byName = new Map(frames.map((f) => [f.fields[1].name, f]));
    expect([...byName.keys()]).toEqual(['prediction_p50', 'prediction_nonfinite_rate', 'estimated_accuracy', 'estimated_accuracy_sampling_error']);
    const p50 = byName.get('prediction_p50')!;
    expect(p50.fields[1].values).toEqual([0.875]);
    expect(p50.fields[1].config?.custom).toMatchObject({ [BASELINE_VALUE_CUSTOM_KEY]: 0.5 });
    expect(byName.get('prediction_nonfinite_rate')!.fields[1].values).toEqual([0.5]);
    // All in (0.75, 1]: calibrated scores there are right 87.5 % of the time.
    expect(byName.get('estimated_accuracy')!.fields[1].values[0]).toBeCloseTo(0.875, 15);
  });

  it("calibrates CBPE on the baseline's labelled scores, beside the metrics realised on them", () => {
    // The baseline's scores overstate: in (0.75, 1] only half the rows are actual positives.
    const scores = { score: 'score', label: 'y', positiveClass: '1', upperBounds: edges, positives: [0, 2, 4, 5, 0], negatives: [10, 8, 6, 5, 0] };
    const feature = prediction(edges, [10, 10, 10, 10, 0]);
    const plan = { prediction: feature, metrics: new Set<PerformanceMetric>(['estimated_accuracy']), threshold: 0.5, base: {}, windowMs: 1, scores };
    const set = new SeriesSet();
    const notices = new NoticeCollector();
    new NumericPredictionSeries(plan).add(set, 1000, window(edges, [0, 0, 0, 10, 0]), notices);
    const accuracy = set.frames(false)[0].fields[1];
    expect(notices.notices).toEqual([]);
    // Every live score in (0.75, 1] is predicted positive, right for the half that the baseline's labels say.
    expect(accuracy.values[0]).toBeCloseTo(0.5, 12);
    // Realised on the baseline's labels at 0.5: TP 9, TN 18 of 40.
    expect((accuracy.config?.custom as Record<string, number>)[BASELINE_VALUE_CUSTOM_KEY]).toBeCloseTo(27 / 40, 12);

    const otherEdges = { ...scores, upperBounds: [0.2, 0.5, 0.8, 1] };
    const fallback = run(feature, ['estimated_accuracy'], [window(edges, [0, 0, 0, 10, 0])]);
    const withOtherEdges = new NumericPredictionSeries({ ...plan, scores: otherEdges });
    expect(withOtherEdges.notices().map((n) => n.text)).toEqual([expect.stringContaining("the baseline's labelled scores are on other edges (0.2, 0.5, 0.8, 1)")]);
    const setOther = new SeriesSet();
    withOtherEdges.add(setOther, 1000, window(edges, [0, 0, 0, 10, 0]), new NoticeCollector());
    expect(setOther.frames(false)[0].fields[1].values).toEqual(fallback.frames[0].fields[1].values);
  });

  it('takes the quantiles, minimum and maximum from the values where the source has them, beside the baseline', () => {
    const feature = prediction(edges, [10, 10, 10, 10, 0]);
    feature.summary = { ...feature.summary, min: 0.01, max: 0.99, quantiles: { levels: [0.5], values: [0.45] } };
    const series = new NumericPredictionSeries({ prediction: feature, metrics: new Set<PerformanceMetric>(['prediction_p5', 'prediction_p50', 'prediction_min', 'prediction_max']), threshold: 0.5, base: {}, windowMs: 1 });
    const set = new SeriesSet();
    series.add(set, 1000, window(edges, [0, 0, 0, 10, 0]), new NoticeCollector(), { min: 0.8, max: 0.97, quantiles: [0.81, 0.9, 0.96] });
    const byName = new Map(set.frames(false).map((f) => [f.fields[1].name, f.fields[1]]));
    expect([...byName].map(([name, f]) => [name, f.values[0], (f.config?.custom as Record<string, number>)[BASELINE_VALUE_CUSTOM_KEY]])).toEqual([
      // p5: no stored baseline quantile at 0.05, so the baseline's histogram reading.
      ['prediction_p5', 0.81, 0.05],
      ['prediction_p50', 0.9, 0.45],
      ['prediction_min', 0.8, 0.01],
      ['prediction_max', 0.97, 0.99],
    ]);
  });

  it('summarises a regression output but says why CBPE cannot run on scores outside [0, 1]', () => {
    const bounds = [-10, 0, 10, 100];
    const { frames, notices } = run(prediction(bounds, [0, 5, 5, 5, 5]), ['prediction_mean', 'estimated_accuracy'], [window(bounds, [1, 1, 1, 1, 1])]);
    expect(frames.map((f) => f.fields[1].name)).toEqual(['prediction_mean']);
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toMatch(/CBPE for "score": .*outside \[0, 1\]/);
  });

  it('counts the predictions surely outside the valid range, and says where the count may miss some', () => {
    // A count that cannot be negative, with an edge at -1 below 0: (-Inf, -1] is surely negative.
    const bounds = [-1, 0, 10, 100];
    const { frames, notices } = run(prediction(bounds, [0, 5, 5, 5, 5]), ['prediction_out_of_range_rate'], [window(bounds, [2, 1, 3, 3, 1])], checkPredictionRange(0, undefined));
    expect(frames[0].fields[1].values).toEqual([0.2]);
    expect(frames[0].fields[1].config?.custom).toMatchObject({ [BASELINE_VALUE_CUSTOM_KEY]: 0 });
    expect(notices.map((n) => n.text)).toEqual(['"score": prediction_out_of_range_rate is a lower bound, it cannot count predictions below predictionMin 0 in the bucket that holds it']);
    // An upper end on an edge misses nothing.
    expect(run(prediction(bounds, [0, 5, 5, 5, 5]), ['prediction_out_of_range_rate'], [window(bounds, [0, 1, 3, 3, 1])], checkPredictionRange(undefined, 100)).notices).toEqual([]);
  });

  it('refuses a valid range that is empty', () => {
    expect(checkPredictionRange(undefined, undefined)).toBeUndefined();
    expect(checkPredictionRange(undefined, 5)).toEqual([-Infinity, 5]);
    expect(() => checkPredictionRange(5, 5)).toThrow(/must be below/);
    expect(() => checkPredictionRange(NaN, 5)).toThrow(BackendError);
  });

  it('takes 0.5 as the default threshold and refuses one outside (0, 1)', () => {
    expect(checkScoreThreshold(undefined)).toBe(0.5);
    expect(checkScoreThreshold(0.75)).toBe(0.75);
    expect(() => checkScoreThreshold(1)).toThrow(BackendError);
    expect(() => checkScoreThreshold(NaN)).toThrow(/strictly between 0 and 1/);
  });
});
