import { normalSamples } from './prng';
import { wassersteinSorted, wassersteinWeightedSorted } from './wasserstein';

describe('Wasserstein-1', () => {
  it('is the shift between a sample and its translate', () => {
    const a = normalSamples(3, 1000).sort();
    const b = a.map((v) => v + 0.75);
    expect(wassersteinSorted(a, b)).toBeCloseTo(0.75, 12);
    expect(wassersteinSorted(a, a)).toBe(0);
  });

  it('treats integer weights like repeated values', () => {
    const weighted = wassersteinWeightedSorted([0, 1, 4], [2, 1, 3], [1, 2], [1, 1]);
    const repeated = wassersteinSorted(Float64Array.of(0, 0, 1, 4, 4, 4), Float64Array.of(1, 2));
    expect(weighted).toBeCloseTo(repeated, 14);
  });

  it('is symmetric', () => {
    const a = normalSamples(4, 300).sort();
    const b = normalSamples(5, 200, 1, 2).sort();
    expect(wassersteinSorted(a, b)).toBeCloseTo(wassersteinSorted(b, a), 13);
  });
});
