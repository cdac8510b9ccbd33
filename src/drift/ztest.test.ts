import { DriftInputError } from './errors';
import { twoProportionZTest } from './ztest';

describe('twoProportionZTest', () => {
  it('is antisymmetric in the two sides with the same p-value', () => {
    const ab = twoProportionZTest(30, 100, 45, 120);
    const ba = twoProportionZTest(45, 120, 30, 100);
    expect(ab.statistic).toBeCloseTo(-ba.statistic, 14);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 14);
  });

  it('gives z = 0, p = 1 when both sides are constant and equal', () => {
    expect(twoProportionZTest(0, 50, 0, 40)).toEqual({ statistic: 0, pValue: 1 });
    expect(twoProportionZTest(50, 50, 40, 40)).toEqual({ statistic: 0, pValue: 1 });
  });

  it('rejects empty sides', () => {
    expect(() => twoProportionZTest(0, 0, 1, 2)).toThrow(DriftInputError);
  });
});
