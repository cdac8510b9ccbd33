import { DriftInputError } from '../errors';
import { histogramQuantile, predictionSummary } from './histogramSummary';

describe('histogramQuantile (PromQL semantics on classic buckets)', () => {
  const histogram = { upperBounds: [1, 2, 4], counts: [10, 20, 10, 0] };

  it('interpolates linearly inside the bucket that reaches the rank (hand-computed)', () => {
    // n = 40: p50 rank 20 → bucket (1, 2], 10 of its 20 → 1.5; p95 rank 38 → (2, 4], 8 of 10 → 3.6.
    expect(histogramQuantile(0.5, histogram)).toBeCloseTo(1.5, 15);
    expect(histogramQuantile(0.95, histogram)).toBeCloseTo(3.6, 15);
    // The lowest bucket runs from 0 when its bound is positive: p5 rank 2 → 2/10 of (0, 1].
    expect(histogramQuantile(0.05, histogram)).toBeCloseTo(0.2, 15);
  });

  it('follows the special cases of histogram_quantile', () => {
    expect(histogramQuantile(0.99, { upperBounds: [1, 2], counts: [1, 1, 8] })).toBe(2);
    expect(histogramQuantile(0.1, { upperBounds: [-1, 2], counts: [5, 5, 0] })).toBe(-1);
    expect(histogramQuantile(0.5, { upperBounds: [1], counts: [0, 0] })).toBeNaN();
    expect(histogramQuantile(-0.1, histogram)).toBe(-Infinity);
    expect(histogramQuantile(1.1, histogram)).toBe(Infinity);
    expect(histogramQuantile(NaN, histogram)).toBeNaN();
    expect(histogramQuantile(0.5, { upperBounds: [], counts: [3] })).toBeNaN();
    // q = 0 lands in the first bucket with a count ≥ 0: its lower end.
    expect(histogramQuantile(0, histogram)).toBe(0);
  });
});

describe('predictionSummary', () => {
  it('takes the mean from _sum and the std from a sum of squares when exposed', () => {
    const result = predictionSummary({ histogram: { upperBounds: [1, 2, 4], counts: [1, 1, 1, 0] }, sum: 6, sumOfSquares: 14 });
    expect(result.mean).toBe(2);
    expect(result.std).toBeCloseTo(Math.sqrt(14 / 3 - 4), 15);
    expect(result.meanSource).toBe('sum');
    expect(result.stdSource).toBe('sumOfSquares');
    expect(result.quantiles.levels).toEqual([0.05, 0.5, 0.95]);
  });

  it('models mean and std from the buckets otherwise (uniform inside each, hand-computed)', () => {
    // (0, 2] and (2, 4], 1 each: mean 2, variance 1² + 2²/12.
    const result = predictionSummary({ histogram: { upperBounds: [2, 4], counts: [1, 1, 0] } });
    expect(result.mean).toBe(2);
    expect(result.std).toBeCloseTo(Math.sqrt(1 + 4 / 12), 15);
    expect(result.stdSource).toBe('buckets');
  });

  it('reports the non-finite rate, and out-of-range shares between the buckets wholly outside and those reaching outside', () => {
    const histogram = { upperBounds: [0, 0.5, 1], counts: [2, 5, 2, 1] };
    const onEdges = predictionSummary({ histogram, nonFinite: 10, validRange: [0, 1] });
    expect(onEdges.nonFiniteRate).toBeCloseTo(0.5, 15);
    // (-Inf, 0] reaches below 0 but holds 0 itself: 2 may be out; (1, +Inf) surely is.
    expect(onEdges.outOfRange).toEqual({ lower: 0.1, upper: 0.3 });
    const between = predictionSummary({ histogram, validRange: [0.25, 2] });
    expect(between.outOfRange).toEqual({ lower: 0.2, upper: 0.8 });
  });

  it('refuses an empty window, a non-finite _sum and a sum of squares without a sum', () => {
    expect(() => predictionSummary({ histogram: { upperBounds: [1], counts: [0, 0] } })).toThrow(/empty/);
    expect(() => predictionSummary({ histogram: { upperBounds: [1], counts: [1, 0] }, sum: NaN })).toThrow(/not finite/);
    expect(() => predictionSummary({ histogram: { upperBounds: [1], counts: [1, 0] }, sumOfSquares: 1 })).toThrow(DriftInputError);
    expect(() => predictionSummary({ histogram: { upperBounds: [1], counts: [1, 0] }, validRange: [2, 1] })).toThrow(/empty/);
  });
});
