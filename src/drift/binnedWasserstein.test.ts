import { binnedWasserstein, type HistogramSide } from './binnedWasserstein';
import { sumOf } from './numeric';
import { mulberry32, normalSamples } from './prng';
import { sortAscending } from './sort';
import { wassersteinSorted } from './wasserstein';

function side(counts: number[], extra: Omit<HistogramSide, 'counts' | 'total'> = {}): HistogramSide {
  return { counts, total: sumOf(counts), ...extra };
}

describe('binnedWasserstein (hand-computed)', () => {
  it('moves uniform mass by one bucket: W1 = 1, between 0 and 2 whatever the values inside', () => {
    const w = binnedWasserstein([0, 1, 2], side([0, 10, 0, 0]), side([0, 0, 10, 0]));
    expect(w.distance).toBeCloseTo(1, 12);
    expect([w.lower, w.upper]).toEqual([0, 2]);
    expect(w.unboundedTails).toEqual([]);
  });

  it('is 0 for identical histograms, whatever the shape', () => {
    const quantiles = { levels: [0.05, 0.5, 0.6, 0.95], values: [-3, 0.2, 0.2, 7] };
    const reference = side([5, 40, 30, 25], { min: -10, max: 50, mean: 3, quantiles });
    expect(binnedWasserstein([-1, 1, 4], reference, side([10, 80, 60, 50])).distance).toBeCloseTo(0, 12);
  });

  it('shapes the mass inside a bucket by the baseline quantiles, for both sides', () => {
    // Reference: all in (0, 10], half of it below 2. Current: half of its mass in (0, 10] with that shape,
    // half uniform on (10, 20]. ∫|F − G| = ∫₀¹⁰ F/2 + ∫₁₀²⁰ (1 − G) = 3.25 + 2.5.
    const reference = side([0, 100, 0], { quantiles: { levels: [0.5], values: [2] } });
    const w = binnedWasserstein([0, 10], reference, side([0, 50, 50], { max: 20 }));
    expect(w.distance).toBeCloseTo(5.75, 12);
  });

  it('places the top of a heavy tail by the mean, not half-way to the maximum', () => {
    // 90 % uniform on (0, 10]; the mean 6 puts the other 10 % uniform on (10, 20], though the maximum is 1000.
    const reference = side([0, 90, 10], { max: 1000, mean: 6 });
    const w = binnedWasserstein([0, 10], reference, side([0, 80, 20]));
    expect(w.distance).toBeCloseTo(1, 12);
    expect(w.referenceStd).toBeCloseTo(Math.sqrt(30 + 70 / 3 - 36), 12);
    // Without the mean the segment runs linearly to the maximum: the overstatement the mean corrects.
    expect(binnedWasserstein([0, 10], side([0, 90, 10], { max: 1000 }), side([0, 80, 20])).distance).toBeCloseTo(50, 12);
  });

  it('puts open buckets without an extreme or mean on their edge, and says so; the upper bound is then unknown', () => {
    const w = binnedWasserstein([0, 10], side([5, 90, 5]), side([10, 80, 10], { min: -4 }));
    expect(w.unboundedTails).toEqual([
      { side: 'reference', bucket: 0, count: 5 },
      { side: 'reference', bucket: 2, count: 5 },
      { side: 'current', bucket: 2, count: 10 },
    ]);
    expect(w.upper).toBe(Infinity);
    expect(Number.isFinite(w.distance)).toBe(true);
  });

  it('ignores quantiles it cannot use (unsorted, unequal lengths, out-of-range levels)', () => {
    const plain = binnedWasserstein([0, 10], side([0, 100, 0]), side([0, 50, 50], { max: 20 })).distance;
    for (const quantiles of [
      { levels: [0.5, 0.2], values: [2, 3] },
      { levels: [0.5], values: [2, 3] },
      { levels: [1.5], values: [2] },
      { levels: [0.5], values: [Number.NaN] },
    ]) {
      expect(binnedWasserstein([0, 10], side([0, 100, 0], { quantiles }), side([0, 50, 50], { max: 20 })).distance).toBe(plain);
    }
  });
});

describe('binnedWasserstein bounds hold on raw data', () => {
  const random = mulberry32(11);
  const shapes: Array<[string, (seed: number, n: number) => Float64Array]> = [
    ['normal', (seed, n) => normalSamples(seed, n, random() * 2, 0.5 + random())],
    ['log-normal', (seed, n) => normalSamples(seed, n, 1 + random(), 0.8).map(Math.exp)],
    ['discrete', (seed, n) => normalSamples(seed, n, 3, 2).map((v) => Math.round(v))],
  ];
  it.each(shapes)('%s', (_, draw) => {
    for (let trial = 0; trial < 20; trial++) {
      const a = sortAscending(draw(100 + trial, 400));
      const b = sortAscending(draw(200 + trial, 300));
      const edges = [0.1, 0.3, 0.5, 0.7, 0.9].map((level) => a[Math.floor(level * a.length)]).filter((v, i, all) => i === 0 || v > all[i - 1]);
      const counts = (values: Float64Array) => {
        const out = new Array<number>(edges.length + 1).fill(0);
        values.forEach((v) => out[edges.filter((edge) => v > edge).length]++);
        return out;
      };
      const extremes = (values: Float64Array) => ({ min: values[0], max: values[values.length - 1] });
      const w = binnedWasserstein(edges, side(counts(a), extremes(a)), side(counts(b), extremes(b)));
      const exact = wassersteinSorted(a, b);
      expect(w.lower).toBeLessThanOrEqual(exact + 1e-12);
      expect(w.upper).toBeGreaterThanOrEqual(exact - 1e-12);
    }
  });
});
