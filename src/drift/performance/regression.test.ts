import { DriftInputError } from '../errors';
import { normalSamples } from '../prng';
import { regressionFromErrorHistogram, regressionFromSums } from './regression';

describe('regression metrics from error sums', () => {
  it('computes MAE, RMSE, bias and MAPE (hand-computed)', () => {
    // predictions 3, 5, 7 for actuals 2, 5, 10: errors +1, 0, −3.
    const result = regressionFromSums({
      count: 3,
      absoluteErrorSum: 4,
      squaredErrorSum: 10,
      errorSum: -2,
      absolutePercentageErrorSum: 1 / 2 + 0 + 3 / 10,
      zeroActualCount: 0,
    });
    expect(result.mae).toBeCloseTo(4 / 3, 15);
    expect(result.rmse).toBeCloseTo(Math.sqrt(10 / 3), 15);
    expect(result.meanError).toBeCloseTo(-2 / 3, 15);
    expect(result.mape).toBeCloseTo(0.8 / 3, 15);
    expect(result.notes).toEqual([]);
  });

  it('leaves bias and MAPE null, with the reason, when they cannot be known', () => {
    const result = regressionFromSums({ count: 2, absoluteErrorSum: 2, squaredErrorSum: 2, absolutePercentageErrorSum: 0.5, zeroActualCount: 1 });
    expect(result.meanError).toBeNull();
    expect(result.mape).toBeNull();
    expect(result.notes).toEqual(['mean error: no sum of signed errors', 'MAPE: undefined, 1 actual values are 0']);
  });

  it('refuses an empty window and sums that cannot come from errors', () => {
    expect(() => regressionFromSums({ count: 0, absoluteErrorSum: 0, squaredErrorSum: 0 })).toThrow(/error count is 0/);
    expect(() => regressionFromSums({ count: 2, absoluteErrorSum: -1, squaredErrorSum: 0 })).toThrow(DriftInputError);
    expect(() => regressionFromSums({ count: 2, absoluteErrorSum: 1, squaredErrorSum: NaN })).toThrow(DriftInputError);
    expect(() => regressionFromSums({ count: 2, absoluteErrorSum: 1, squaredErrorSum: 1, errorSum: 3 })).toThrow(/exceeds the sum of absolute errors/);
  });
});

function histogramOf(values: ArrayLike<number>, upperBounds: number[]): number[] {
  const counts = new Array<number>(upperBounds.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = upperBounds.findIndex((u) => values[i] <= u);
    counts[b < 0 ? upperBounds.length : b]++;
  }
  return counts;
}

describe('regression metrics from an error histogram', () => {
  const errors = normalSamples(21, 2000, 0.3, 1);
  const signedEdges = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];

  it('brackets the raw MAE, RMSE and bias of a signed error histogram (open tails empty)', () => {
    const counts = histogramOf(errors, [-6, ...signedEdges, 6]);
    const result = regressionFromErrorHistogram({ upperBounds: [-6, ...signedEdges, 6], counts }, 'signed');
    const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    const bias = errors.reduce((s, e) => s + e, 0) / errors.length;
    for (const [estimate, exact] of [
      [result.mae, mae],
      [result.rmse, rmse],
      [result.meanError!, bias],
    ] as const) {
      expect(exact).toBeGreaterThanOrEqual(estimate.lower);
      expect(exact).toBeLessThanOrEqual(estimate.upper);
      // Uniform buckets of width 0.5 to 3 over a normal: the model is within 8 % (it overstates the tails).
      expect(Math.abs(estimate.value - exact)).toBeLessThan(0.08 * Math.abs(exact));
    }
  });

  it('makes MAE exact with the _sum of an absolute error histogram, and leaves the top open', () => {
    const absolute = errors.map(Math.abs);
    const edges = [0.25, 0.5, 1, 2];
    const sum = absolute.reduce((s, e) => s + e, 0);
    const result = regressionFromErrorHistogram({ upperBounds: edges, counts: histogramOf(absolute, edges) }, 'absolute', sum);
    expect(result.mae.value).toBeCloseTo(sum / absolute.length, 12);
    expect(result.mae.lower).toBe(result.mae.value);
    expect(result.rmse.upper).toBe(Infinity);
    expect(result.meanError).toBeUndefined();
  });

  it('models a bucket as uniform (hand-computed) and an open bucket on its edge', () => {
    // (0, 2]: mean |e| 1, mean e² 4/3; (2, +Inf): on 2.
    const result = regressionFromErrorHistogram({ upperBounds: [0, 2], counts: [0, 1, 1] }, 'absolute');
    expect(result.mae).toEqual({ value: 1.5, lower: 1, upper: Infinity });
    expect(result.rmse.value).toBeCloseTo(Math.sqrt((4 / 3 + 4) / 2), 15);
  });

  it('refuses negative absolute errors, an empty histogram and a _sum its buckets cannot give', () => {
    expect(() => regressionFromErrorHistogram({ upperBounds: [-1, 1], counts: [1, 0, 0] }, 'absolute')).toThrow(/cannot be negative/);
    expect(() => regressionFromErrorHistogram({ upperBounds: [1], counts: [0, 0] }, 'signed')).toThrow(/empty/);
    expect(() => regressionFromErrorHistogram({ upperBounds: [1, 2], counts: [0, 4, 0] }, 'absolute', 20)).toThrow(/outside what its buckets allow/);
    expect(() => regressionFromErrorHistogram({ upperBounds: [], counts: [3] }, 'signed')).toThrow(/no finite bucket bounds/);
  });
});
