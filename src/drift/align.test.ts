import {
  OTHER_CATEGORY,
  alignBins,
  alignCategories,
  binSortedSamples,
  cleanNumericSamples,
  countCategorySamples,
  samplesToCommonBins,
  validateBinnedCounts,
} from './align';
import { DriftInputError } from './errors';

describe('cleanNumericSamples', () => {
  it('keeps finite values sorted and counts NaN/±Inf', () => {
    const clean = cleanNumericSamples([3, NaN, -1, Infinity, 2, -Infinity]);
    expect(Array.from(clean.sorted)).toEqual([-1, 2, 3]);
    expect(clean.nonFinite).toBe(3);
  });
});

describe('countCategorySamples', () => {
  it('counts categories and treats empty strings as missing', () => {
    const { distribution, missing } = countCategorySamples(['a', 'b', '', 'a']);
    expect(distribution).toEqual({ categories: ['a', 'b'], counts: [2, 1] });
    expect(missing).toBe(1);
  });
});

describe('binSortedSamples', () => {
  it('uses right-closed buckets: a value equal to a bound belongs to the bucket below it', () => {
    expect(binSortedSamples(Float64Array.of(-5, 0, 0.5, 1, 1.0001, 9), [0, 1])).toEqual([2, 2, 2]);
  });
});

describe('validateBinnedCounts', () => {
  it.each([
    [{ upperBounds: [1, 2], counts: [1, 2] }, /expected one more count/],
    [{ upperBounds: [2, 1], counts: [1, 2, 3] }, /increase strictly/],
    [{ upperBounds: [1, NaN], counts: [1, 2, 3] }, /not finite/],
    [{ upperBounds: [1], counts: [1, -2] }, /non-negative/],
  ])('rejects %j', (binned, message) => {
    expect(() => validateBinnedCounts(binned, 'reference')).toThrow(message);
  });

  it('trusts bounds equal to ones validated already, but still checks the counts and any other bounds', () => {
    const validated = [1, 2];
    expect(() => validateBinnedCounts({ upperBounds: [1, 2], counts: [1, 2, 3] }, 'current', validated)).not.toThrow();
    expect(() => validateBinnedCounts({ upperBounds: validated, counts: [1, NaN, 3] }, 'current', validated)).toThrow(/bucket 1: count NaN/);
    expect(() => validateBinnedCounts({ upperBounds: [2, 1], counts: [1, 2, 3] }, 'current', validated)).toThrow(/increase strictly/);
  });
});

describe('alignBins', () => {
  it('merges both histograms to their common edges and names the dropped ones', () => {
    const aligned = alignBins({ upperBounds: [0, 1, 2], counts: [1, 2, 3, 4] }, { upperBounds: [0.5, 1, 2, 3], counts: [5, 6, 7, 8, 9] });
    expect(aligned.upperBounds).toEqual([1, 2]);
    expect(aligned.reference).toEqual([3, 3, 4]);
    expect(aligned.current).toEqual([11, 7, 17]);
    expect(aligned.notices).toHaveLength(1);
    expect(aligned.notices[0].text).toMatch(/reference-only edges dropped: 0; current-only edges dropped: 0.5, 3/);
  });

  it('is silent when the edges agree and keeps fractional counts', () => {
    const aligned = alignBins({ upperBounds: [1], counts: [0.5, 1.25] }, { upperBounds: [1], counts: [2, 3] });
    expect(aligned.reference).toEqual([0.5, 1.25]);
    expect(aligned.notices).toEqual([]);
  });

  it('refuses histograms without a common edge', () => {
    expect(() => alignBins({ upperBounds: [1], counts: [1, 1] }, { upperBounds: [2], counts: [1, 1] })).toThrow(DriftInputError);
  });
});

describe('alignCategories', () => {
  it('takes the union and flags categories unseen in the reference', () => {
    const aligned = alignCategories({ categories: ['a', 'b'], counts: [5, 5] }, { categories: ['b', 'c'], counts: [3, 2] });
    expect(aligned.categories).toEqual(['a', 'b', 'c']);
    expect(aligned.reference).toEqual([5, 5, 0]);
    expect(aligned.current).toEqual([0, 3, 2]);
    expect(aligned.notices[0]).toMatchObject({ severity: 'warning' });
    expect(aligned.notices[0].text).toContain('"c"');
  });

  it('folds the least frequent categories into the other bucket on both sides', () => {
    const aligned = alignCategories(
      { categories: ['a', 'b', 'c', 'd'], counts: [50, 30, 2, 1] },
      { categories: ['a', 'b', 'c', 'e'], counts: [40, 20, 5, 9] },
      { maxCategories: 3 }
    );
    expect(aligned.categories).toEqual(['a', 'b', OTHER_CATEGORY]);
    expect(aligned.reference).toEqual([50, 30, 3]);
    expect(aligned.current).toEqual([40, 20, 14]);
  });

  it('rejects names and counts of different lengths', () => {
    expect(() => alignCategories({ categories: ['a'], counts: [1, 2] }, { categories: [], counts: [] })).toThrow(DriftInputError);
  });
});

describe('samplesToCommonBins', () => {
  it('uses one bin per distinct value for low-cardinality references', () => {
    const bins = samplesToCommonBins(Float64Array.of(1, 1, 2), Float64Array.of(2, 3));
    expect(bins.labels).toEqual(['1', '2', '3']);
    expect(bins.reference).toEqual([2, 1, 0]);
    expect(bins.current).toEqual([0, 1, 1]);
  });

  it('puts every value in some Sturges bin, the maximum included', () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => i);
    const b = Float64Array.from({ length: 50 }, (_, i) => 2 * i);
    const bins = samplesToCommonBins(a, b);
    expect(bins.reference.reduce((s, c) => s + c, 0)).toBe(100);
    expect(bins.current.reduce((s, c) => s + c, 0)).toBe(50);
    expect(bins.labels).toHaveLength(Math.ceil(Math.log2(150) + 1));
  });
});
