import { KS_EXACT_MAX_N, ksBinned, ksExactSf, ksPValue, ksStatisticSorted, ksTwoSample, roundHalfEven } from './ks';
import { normalSamples } from './prng';

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) {
    result = (result * (n - k + i)) / i;
  }
  return result;
}

describe('two-sample KS statistic', () => {
  it('is 1 for separated samples and 0 for identical ones', () => {
    expect(ksStatisticSorted(Float64Array.of(1, 2, 3), Float64Array.of(4, 5))).toBe(1);
    expect(ksStatisticSorted(Float64Array.of(1, 2, 2), Float64Array.of(1, 2, 2))).toBe(0);
  });

  it('evaluates the ECDFs after all tied values', () => {
    // At 1: F1 = 2/3, F2 = 1/2; at 2: both 1. A per-element scan would see 1/3 vs 0 or 2/3 vs 0 instead.
    expect(ksStatisticSorted(Float64Array.of(1, 1, 2), Float64Array.of(1, 2))).toBeCloseTo(1 / 6, 15);
  });

  it('refuses empty samples', () => {
    expect(() => ksTwoSample([], [1])).toThrow(RangeError);
  });
});

describe('exact two-sample distribution', () => {
  it('gives P(D = 1) = 2 / C(n1+n2, n1) for complete separation', () => {
    for (const [n1, n2] of [
      [5, 5],
      [4, 7],
      [12, 3],
    ]) {
      expect(ksExactSf(n1, n2, 1).pValue).toBeCloseTo(2 / binomial(n1 + n2, n1), 14);
    }
  });

  it('is symmetric in the sample sizes and 1 at D = 0', () => {
    expect(ksExactSf(30, 17, 0.3).pValue).toBeCloseTo(ksExactSf(17, 30, 0.3).pValue, 15);
    expect(ksExactSf(30, 17, 0).pValue).toBe(1);
  });

  it('switches to the asymptotic distribution above 10 000 values', () => {
    expect(ksPValue(KS_EXACT_MAX_N, 50, 0.2).pValueMethod).toBe('exact');
    expect(ksPValue(KS_EXACT_MAX_N + 1, 50, 0.2).pValueMethod).toBe('asymptotic');
  });
});

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour like numpy', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 10000.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 10000]);
  });
});

describe('KS from histograms', () => {
  it('brackets the D of the underlying samples', () => {
    const a = normalSamples(1, 2000);
    const b = normalSamples(2, 1500, 0.2, 1.3);
    const bounds = [-1.5, -0.5, 0, 0.5, 1.5];
    const count = (values: Float64Array) => {
      const counts = new Array(bounds.length + 1).fill(0);
      values.forEach((v) => counts[bounds.filter((bound) => v > bound).length]++);
      return counts;
    };
    const binned = ksBinned(count(a), count(b));
    const exact = ksTwoSample(a, b).statistic;
    expect(binned.statistic).toBeLessThanOrEqual(exact);
    expect(binned.statisticUpperBound).toBeGreaterThanOrEqual(exact);
    expect(binned.n1).toBe(2000);
  });

  it('gives D = 0 and p = 1 for proportional histograms', () => {
    const result = ksBinned([1, 2, 3], [2, 4, 6]);
    expect(result.statistic).toBeCloseTo(0, 15);
    expect(result.pValue).toBe(1);
  });
});
