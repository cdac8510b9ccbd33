import { boundsFromQuantiles, bucketIndex, quantileLevelsForBins } from './edges';

describe('bucket edges', () => {
  it('puts a value equal to a bound in that bound’s bucket (right-closed, like Prometheus le)', () => {
    const bounds = [1, 2, 5];
    expect([-10, 1, 1.0001, 2, 4.9, 5, 5.0001, 1e9].map((v) => bucketIndex(bounds, v))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('asks for the N−1 inner quantiles for N buckets', () => {
    expect(quantileLevelsForBins(4)).toEqual([0.25, 0.5, 0.75]);
  });

  it('drops tied quantiles and rounds to the fewest digits (>= 3) that keep bounds strictly increasing', () => {
    expect(boundsFromQuantiles([0.123456, 0.5, 0.5, 0.987654])).toEqual([0.123, 0.5, 0.988]);
    // 3 digits would merge 1.0001 and 1.0002: the rounding keeps just enough digits to separate them.
    expect(boundsFromQuantiles([1.00011, 1.00021, 2])).toEqual([1.0001, 1.0002, 2]);
    expect(boundsFromQuantiles([NaN, 3, Infinity])).toEqual([3]);
  });
});
