import { chi2Homogeneity, chiSquareSf } from './chi2';
import { DriftInputError } from './errors';

describe('chiSquareSf', () => {
  it('equals exp(−x/2) for 2 degrees of freedom, far tail included', () => {
    for (const x of [0.1, 1, 5, 50, 300, 1400]) {
      const expected = Math.exp(-x / 2);
      expect(Math.abs(chiSquareSf(x, 2) - expected) / expected).toBeLessThan(1e-9);
    }
  });

  it('is 1 at 0 and for dof 0', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(5, 0)).toBe(1);
  });
});

describe('chi2Homogeneity', () => {
  it('drops columns empty on both sides and reports them', () => {
    const withEmpty = chi2Homogeneity([10, 0, 30], [20, 0, 25]);
    const without = chi2Homogeneity([10, 30], [20, 25]);
    expect(withEmpty.droppedEmpty).toEqual([1]);
    expect(withEmpty.statistic).toBe(without.statistic);
    expect(withEmpty.dof).toBe(1);
    expect(withEmpty.yates).toBe(true);
  });

  it('gives statistic 0 and p 1 with a single non-empty column', () => {
    expect(chi2Homogeneity([5, 0], [7, 0])).toMatchObject({ statistic: 0, pValue: 1, dof: 0 });
  });

  it('rejects an empty side and mismatched lengths', () => {
    expect(() => chi2Homogeneity([0, 0], [1, 2])).toThrow(DriftInputError);
    expect(() => chi2Homogeneity([1], [1, 2])).toThrow(DriftInputError);
  });
});
