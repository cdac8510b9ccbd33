import { batchFeatures } from './source';

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
