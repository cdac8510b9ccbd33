import { DriftInputError } from '../errors';
import { rocAuc } from './auc';
import { cbpe } from './cbpe';

const reference = { upperBounds: [0.25, 0.5, 0.75], positives: [2, 8, 30, 80], negatives: [98, 72, 20, 10] };

describe('CBPE from a probability histogram', () => {
  it('computes the expected confusion matrix from calibrated scores (hand-computed)', () => {
    // Midpoints 0.125, 0.375, 0.625, 0.875; 10 per bucket; predicted positive above 0.5:
    // TP = 10·0.625 + 10·0.875 = 15, FP = 5, FN = 10·0.125 + 10·0.375 = 5, TN = 15.
    const result = cbpe([10, 10, 10, 10], { calibration: 'scores', reference });
    expect(result.expected).toEqual({ tp: 15, fp: 5, fn: 5, tn: 15 });
    expect(result.count).toBe(40);
    for (const name of ['accuracy', 'precision', 'recall', 'f1'] as const) {
      expect(result.metrics[name].estimate).toBeCloseTo(0.75, 15);
    }
  });

  it('with reference calibration, estimates on the reference equal what its labels give', () => {
    // Per-bucket positive rates 0.02, 0.1, 0.6, 0.89 increase, so the isotonic fit is the rates themselves.
    const counts = reference.positives.map((p, i) => p + reference.negatives[i]);
    const result = cbpe(counts, { calibration: 'reference', reference });
    for (const name of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const) {
      expect(result.metrics[name].estimate).toBeCloseTo(result.metrics[name].reference as number, 14);
    }
    expect(result.metrics.roc_auc.reference).toBeCloseTo(rocAuc(reference).value, 15);
    // accuracy: (30 + 80 + 98 + 72) / 320.
    expect(result.metrics.accuracy.reference).toBeCloseTo(280 / 320, 15);
  });

  it("gives NannyML's sampling error and a band of ±3 sampling errors clipped to [0, 1]", () => {
    const counts = [50, 50, 50, 50];
    const result = cbpe(counts, { calibration: 'reference', reference });
    const accuracy = 280 / 320;
    const se = Math.sqrt(accuracy * (1 - accuracy)) / Math.sqrt(200);
    const metric = result.metrics.accuracy;
    expect(metric.samplingError).toBeCloseTo(se, 15);
    expect(metric.lowerConfidence).toBeCloseTo((metric.estimate as number) - 3 * se, 15);
    expect(metric.upperConfidence).toBeCloseTo(Math.min(1, (metric.estimate as number) + 3 * se), 15);
    // precision: the reference's 140 predicted positives (110 right) are 140/320 of it.
    const precision = 110 / 140;
    expect(result.metrics.precision.samplingError).toBeCloseTo(Math.sqrt(precision * (1 - precision)) / Math.sqrt(200 * (140 / 320)), 15);
    // Quadrupling the window halves every sampling error.
    const bigger = cbpe(counts.map((c) => 4 * c), { calibration: 'reference', reference });
    expect(bigger.metrics.roc_auc.samplingError).toBeCloseTo((result.metrics.roc_auc.samplingError as number) / 2, 15);
  });

  it('follows a shift of the scores while P(actual | score) stays', () => {
    const calm = cbpe([100, 100, 100, 100], { calibration: 'reference', reference });
    const uncertain = cbpe([0, 200, 200, 0], { calibration: 'reference', reference });
    expect(uncertain.metrics.accuracy.estimate as number).toBeLessThan(calm.metrics.accuracy.estimate as number);
  });

  it('pools a non-monotone reference rate and interpolates buckets the reference never saw', () => {
    const bumpy = { upperBounds: [0.25, 0.5, 0.75], positives: [30, 10, 0, 90], negatives: [70, 90, 0, 10] };
    const result = cbpe([10, 10, 10, 10], { calibration: 'reference', reference: bumpy });
    // Rates 0.3 then 0.1 pool to 0.2; bucket 2 (empty in the reference) lies between 0.2 at 0.375 and 0.9 at 0.875.
    expect(result.probabilities[0]).toBeCloseTo(0.2, 15);
    expect(result.probabilities[1]).toBeCloseTo(0.2, 15);
    expect(result.probabilities[2]).toBeCloseTo(0.2 + (0.7 * 0.25) / 0.5, 15);
    expect(result.probabilities[3]).toBeCloseTo(0.9, 15);
  });

  it('reports 0/0 metrics as null rather than a number', () => {
    const result = cbpe([10, 10, 0, 0], { calibration: 'scores', reference, threshold: 0.75 });
    expect(result.metrics.precision.estimate).toBeNull();
    expect(result.metrics.accuracy.estimate).toBeCloseTo((10 * 0.875 + 10 * 0.625) / 20, 15);
  });

  it('refuses a threshold between edges, scores outside [0, 1] and an empty window', () => {
    expect(() => cbpe([1, 1, 1, 1], { calibration: 'scores', reference, threshold: 0.6 })).toThrow(/not a bucket edge/);
    const wide = { upperBounds: [0.5, 1], positives: [1, 1, 0], negatives: [1, 1, 0] };
    expect(() => cbpe([1, 1, 2], { calibration: 'scores', reference: wide })).toThrow(/current score histogram has 2 observations/);
    expect(() => cbpe([0, 0, 0, 0], { calibration: 'scores', reference })).toThrow(DriftInputError);
    expect(() => cbpe([1, 1, 1], { calibration: 'scores', reference })).toThrow(DriftInputError);
  });
});
