import { alignBins } from './align';
import { compareDistributions, prepareReference } from './compare';
import { hellingerDistance, jensenShannonDistance, klDivergence, linfDistance, psi } from './divergences';
import { DriftInputError } from './errors';
import type { BinnedCounts, FeatureInput } from './types';

const histogram = (binned: BinnedCounts): FeatureInput => ({ kind: 'numeric', binned });
const distances = { psi, kl: klDivergence, js: jensenShannonDistance, hellinger: hellingerDistance, linf: linfDistance };

describe('prepareReference (one reference, many current windows)', () => {
  const reference: BinnedCounts = { upperBounds: [-1, 0, 1, 2], counts: [120, 340, 310, 150, 0] };
  const windows: BinnedCounts[] = [
    { upperBounds: [-1, 0, 1, 2], counts: [10, 30, 35, 20, 5] },
    // Coarser live buckets: both sides are merged, so the reference's cached vector must not be used.
    { upperBounds: [0, 2], counts: [50, 40, 10] },
    { upperBounds: [-1, 0, 1, 2], counts: [0, 3, 80, 15, 2] },
    { upperBounds: [-1, 0, 1, 2], counts: [12, 33, 31, 15, 0] },
  ];

  it.each(Object.entries(distances))('gives %s exactly as computed from the aligned counts, window after window', (method, distance) => {
    const prepared = prepareReference(histogram(reference), { method: method as keyof typeof distances });
    for (const window of windows) {
      const aligned = alignBins(reference, window);
      const result = prepared.compare(histogram(window));
      expect(result.statistic).toBe(distance(aligned.reference, aligned.current));
      expect(result).toEqual(compareDistributions(histogram(reference), histogram(window), { method: method as keyof typeof distances }));
    }
  });

  it('uses the cached vector only for the reference’s own counts (categories in the same order, then new ones)', () => {
    const categorical = (categories: string[], counts: number[]): FeatureInput => ({ kind: 'categorical', distribution: { categories, counts } });
    const prepared = prepareReference(categorical(['a', 'b', 'c'], [50, 30, 20]), { method: 'psi' });
    expect(prepared.compare(categorical(['a', 'b', 'c'], [20, 30, 50])).statistic).toBe(psi([50, 30, 20], [20, 30, 50]));
    expect(prepared.compare(categorical(['a', 'b', 'c', 'd'], [20, 30, 40, 10])).statistic).toBe(psi([50, 30, 20, 0], [20, 30, 40, 10]));
    expect(prepared.compare(categorical(['a', 'b', 'c'], [50, 30, 20])).statistic).toBe(0);
  });

  it('sums duplicate category names on both sides, window after window (the reference is checked for them once)', () => {
    const categorical = (categories: string[], counts: number[]): FeatureInput => ({ kind: 'categorical', distribution: { categories, counts } });
    const reference = categorical(['a', 'b', 'a'], [30, 50, 20]);
    const prepared = prepareReference(reference, { method: 'psi' });
    for (const current of [categorical(['a', 'b', 'a'], [5, 30, 15]), categorical(['a', 'b'], [20, 30])]) {
      expect(prepared.compare(current).statistic).toBe(psi([50, 50], [20, 30]));
      expect(prepared.compare(current)).toEqual(compareDistributions(reference, current, { method: 'psi' }));
    }
  });

  it('reports what each window excludes, whether the window declares it or not, and the reference’s own exclusions every time', () => {
    const prepared = prepareReference({ kind: 'numeric', binned: reference, missing: 4 }, { method: 'psi' });
    const clean = histogram(windows[0]);
    const withMissing: FeatureInput = { kind: 'numeric', binned: windows[0], missing: 3 };
    for (const current of [withMissing, clean, withMissing, clean]) {
      const result = prepared.compare(current);
      const declared = current === withMissing ? 3 : 0;
      expect(result.excluded).toEqual({ reference: { missing: 4, nonFinite: 0 }, current: { missing: declared, nonFinite: 0 } });
      expect(result.notices.filter((n) => n.text.startsWith('current:'))).toHaveLength(declared > 0 ? 1 : 0);
      expect(result).toEqual(compareDistributions({ kind: 'numeric', binned: reference, missing: 4 }, current, { method: 'psi' }));
    }
  });

  it('reports an unusable reference on every comparison, after the kind check, as compareDistributions does', () => {
    const broken = histogram({ upperBounds: [1, 0], counts: [1, 2, 3] });
    const prepared = prepareReference(broken, { method: 'psi' });
    const current = histogram({ upperBounds: [0, 1], counts: [1, 2, 3] });
    expect(() => prepared.compare(current)).toThrow(/upper bounds must increase strictly/);
    expect(() => prepared.compare(current)).toThrow(DriftInputError);
    expect(() => prepared.compare({ kind: 'categorical', samples: ['a'] })).toThrow(/cannot compare a numeric reference with a categorical/);
    expect(() => compareDistributions(broken, { kind: 'categorical', samples: ['a'] })).toThrow(/cannot compare a numeric reference with a categorical/);
  });

  it('keeps the raw-value reference sorted once and still bins it into a live histogram', () => {
    const samples = Float64Array.from({ length: 400 }, (_, i) => (i % 40) / 10 - 1.5);
    const prepared = prepareReference({ kind: 'numeric', samples }, { method: 'wasserstein' });
    const live = histogram({ upperBounds: [-1, 0, 1, 2], counts: [10, 30, 35, 20, 5] });
    expect(prepared.compare(live)).toEqual(compareDistributions({ kind: 'numeric', samples }, live, { method: 'wasserstein' }));
    expect(prepared.compare(live).statistic).toBeGreaterThan(0);
  });
});
