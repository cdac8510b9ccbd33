import { CompensatedSum, populationStd, sameElements } from './numeric';

describe('CompensatedSum', () => {
  it('keeps the small terms a naive sum loses', () => {
    const sum = new CompensatedSum();
    let naive = 0;
    for (const value of [1e16, 1, -1e16, 1]) {
      sum.add(value);
      naive += value;
    }
    expect(sum.value()).toBe(2);
    expect(naive).not.toBe(2);
  });
});

describe('populationStd', () => {
  it('divides by n (ddof = 0) and honours weights like repeated values', () => {
    expect(populationStd([1, 3])).toBe(1);
    expect(populationStd([0, 10], [3, 1])).toBeCloseTo(populationStd([0, 0, 0, 10]), 14);
  });

  it('is not fooled by a large common offset', () => {
    expect(populationStd([1e9 + 1, 1e9 + 3])).toBeCloseTo(1, 12);
  });
});

describe('sameElements', () => {
  it('compares element by element, whatever the array type', () => {
    expect(sameElements([1, 2, 3], Float64Array.of(1, 2, 3))).toBe(true);
    expect(sameElements([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(sameElements([1, 2], [1, 2, 3])).toBe(false);
    expect(sameElements([], [])).toBe(true);
    expect(sameElements([NaN], [NaN])).toBe(false);
  });
});
