import { groupBucketsByFeature, groupCountsByTime, type FeatureBuckets } from './grid';
import { SampleColumns, type MatrixSeries } from './response';

/** A series from `[timeMs, value]` pairs. */
const seriesOf = (labels: Record<string, string>, pairs: Array<[number, number]>): MatrixSeries => ({
  labels,
  samples: new SampleColumns(Float64Array.from(pairs, ([t]) => t), Float64Array.from(pairs, ([, v]) => v)),
});

/** The cumulative counts of one time, as `decumulateSorted` reads them (`undefined` where a bound has no sample). */
function rowAt(buckets: FeatureBuckets, timeMs: number): Array<number | undefined> | undefined {
  const row = buckets.rowOf.get(timeMs);
  if (row === undefined) {
    return undefined;
  }
  const width = buckets.bounds.length;
  return buckets.bounds.map((_, i) => (buckets.present[row * width + i] === 1 ? buckets.cumulative[row * width + i] : undefined));
}

describe('grouping', () => {
  const series: MatrixSeries[] = [
    seriesOf({ feature: 'a', le: '1' }, [[1, 2], [2, 3]]),
    seriesOf({ feature: 'a', le: '+Inf' }, [[2, 5]]),
    seriesOf({ feature: 'b', le: 'junk' }, [[1, 1]]),
    seriesOf({ le: '1' }, [[1, 1]]),
  ];

  it('adds two spellings of one bound from different targets', () => {
    const grouped = groupBucketsByFeature([seriesOf({ feature: 'a', le: '1' }, [[1, 2]]), seriesOf({ feature: 'a', le: '1.0' }, [[1, 3]])], 'feature');
    expect(grouped.get('a')!.bounds).toEqual([1]);
    expect([...grouped.get('a')!.rowOf.keys()]).toEqual([1]);
    expect(rowAt(grouped.get('a')!, 1)).toEqual([5]);
  });

  it('groups bucket series by feature and time, skipping series without a feature or a readable le', () => {
    const grouped = groupBucketsByFeature(series, 'feature');
    expect([...grouped.keys()]).toEqual(['a']);
    expect(grouped.get('a')!.bounds).toEqual([1, Infinity]);
    expect(rowAt(grouped.get('a')!, 1)).toEqual([2, undefined]);
    expect(rowAt(grouped.get('a')!, 2)).toEqual([3, 5]);
  });

  it('finds every time of series whose timestamps differ, whichever series comes first', () => {
    const shifted = [
      seriesOf({ feature: 'a', le: '+Inf' }, [[1, 4], [2, 6], [3, 7]]),
      seriesOf({ feature: 'a', le: '1' }, [[2, 1], [3, 2], [4, 3]]),
      seriesOf({ feature: 'a', le: '2' }, [[1, 2], [2, 3], [3, 4]]),
      seriesOf({ feature: 'a', le: '1' }, [[3, 10]]),
    ];
    const grouped = groupBucketsByFeature(shifted, 'feature').get('a')!;
    expect([...grouped.rowOf.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(rowAt(grouped, 1)).toEqual([undefined, 2, 4]);
    expect(rowAt(grouped, 2)).toEqual([1, 3, 6]);
    expect(rowAt(grouped, 3)).toEqual([12, 4, 7]);
    expect(rowAt(grouped, 4)).toEqual([3, undefined, undefined]);
  });

  it('adds repeated timestamps of one series rather than keeping one of them', () => {
    const grouped = groupBucketsByFeature([seriesOf({ feature: 'a', le: '+Inf' }, [[1, 4], [1, 5]]), seriesOf({ feature: 'a', le: '1' }, [[1, 2], [1, 1]])], 'feature');
    expect(rowAt(grouped.get('a')!, 1)).toEqual([3, 9]);
  });

  it('groups counters by a label and sums repeated keys', () => {
    const counters: MatrixSeries[] = [
      seriesOf({ feature: 'x', category: 'red' }, [[1, 2]]),
      seriesOf({ feature: 'x', category: 'red' }, [[1, 1]]),
      seriesOf({ category: 'blue' }, [[1, 9]]),
    ];
    expect(groupCountsByTime(counters, 'feature', 'category').get('x')!.get(1)).toEqual(new Map([['red', 3]]));
    expect(groupCountsByTime(counters, undefined, 'category').get('')!.get(1)).toEqual(new Map([['red', 3], ['blue', 9]]));
  });
});
