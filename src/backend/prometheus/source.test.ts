import { batchFeatures, countMissingValues } from './source';

describe('batchFeatures', () => {
  it('keeps everything in one batch when it fits', () => {
    expect(batchFeatures(['a', 'b', 'c'], () => 10, 100)).toEqual([['a', 'b', 'c']]);
  });

  it('splits consecutive names so that each batch stays within the budget', () => {
    const cost: Record<string, number> = { a: 40, b: 40, c: 40, d: 90, e: 5 };
    expect(batchFeatures(Object.keys(cost), (n) => cost[n], 100)).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
  });

  it('gives a name that alone exceeds the budget its own batch rather than dropping it', () => {
    expect(batchFeatures(['big', 'small'], (n) => (n === 'big' ? 500 : 1), 100)).toEqual([['big'], ['small']]);
    expect(batchFeatures([], () => 1, 100)).toEqual([]);
  });
});

describe('countMissingValues', () => {
  const counts = new Map([[1000, new Map([['free', 5], ['missing', 3], ['', 1], ['pro', 2]])]]);

  it('moves the listed categories into the window missing count, adding to the missing counter', () => {
    const reasons = new Map([[1000, new Map([['null', 4]])]]);
    const result = countMissingValues(counts, reasons, new Set(['missing', '']));
    expect([...result.counts!.get(1000)!]).toEqual([['free', 5], ['pro', 2]]);
    expect([...result.missing!.get(1000)!.values()].reduce((a, b) => a + b, 0)).toBe(8);
    // The input maps are left as they were.
    expect(reasons.get(1000)!.size).toBe(1);
  });

  it('changes nothing when no value means missing', () => {
    const result = countMissingValues(counts, undefined, new Set());
    expect(result.counts).toBe(counts);
    expect(result.missing).toBeUndefined();
  });
});
