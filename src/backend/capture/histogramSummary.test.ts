import { closedEdges, summaryFromHistogram } from './histogramSummary';

describe('closedEdges', () => {
  it('closes the open buckets with the width of their finite neighbour', () => {
    expect(closedEdges([0, 1, 3])).toEqual({ lower: [-1, 0, 1, 3], upper: [0, 1, 3, 5] });
  });
});

describe('summaryFromHistogram', () => {
  it('is exact for n and the mean (from _sum), estimated for the rest', () => {
    // 10 values in (0, 1], 30 in (1, 2], 10 in (2, 3]; their sum is 75.
    const summary = summaryFromHistogram({ upperBounds: [0, 1, 2, 3], counts: [0, 10, 30, 10, 0] }, 75)!;
    expect(summary.n).toBe(50);
    expect(summary.mean).toBe(1.5);
    expect(summary.min).toBe(0);
    expect(summary.max).toBe(3);
    // Midpoints 0.5, 1.5, 2.5 around 1.5: variance (10 + 0 + 10) / 50.
    expect(summary.std).toBeCloseTo(Math.sqrt(0.4), 12);
    const median = summary.quantiles.values[summary.quantiles.levels.indexOf(0.5)];
    // Rank 25 falls 15/30 into (1, 2].
    expect(median).toBeCloseTo(1.5, 12);
    const p25 = summary.quantiles.values[summary.quantiles.levels.indexOf(0.25)];
    expect(p25).toBeCloseTo(1 + 2.5 / 30, 12);
  });

  it('keeps quantiles inside [min, max] and non-decreasing, open buckets included', () => {
    const summary = summaryFromHistogram({ upperBounds: [10, 20], counts: [5, 0, 5] }, undefined)!;
    expect(summary.min).toBe(0);
    expect(summary.max).toBe(30);
    const values = summary.quantiles.values;
    values.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(summary.min);
      expect(v).toBeLessThanOrEqual(summary.max);
      if (i > 0) {
        expect(v).toBeGreaterThanOrEqual(values[i - 1]);
      }
    });
  });

  it('widens [min, max] to hold a mean that the bucket estimate misses', () => {
    const summary = summaryFromHistogram({ upperBounds: [0, 1], counts: [0, 0, 4] }, 400)!;
    expect(summary.mean).toBe(100);
    expect(summary.max).toBe(100);
  });

  it('has no summary for an empty histogram', () => {
    expect(summaryFromHistogram({ upperBounds: [1], counts: [0, 0] }, 0)).toBeUndefined();
  });
});
