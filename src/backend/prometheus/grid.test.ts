import { groupBucketsByFeature, groupCountsByTime, PROMETHEUS_MAX_POINTS, stepGrid } from './grid';
import type { MatrixSeries } from './response';

describe('stepGrid', () => {
  const hour = 3_600_000;

  it('uses the panel interval, aligned to whole steps', () => {
    expect(stepGrid(10 * hour + 123, 12 * hour + 456, 300_000, 1000)).toEqual({ startMs: 10 * hour, endMs: 12 * hour, stepMs: 300_000 });
  });

  it('never goes below the minimum step or a second, and rounds to whole seconds', () => {
    expect(stepGrid(0, hour, 1000, 10_000).stepMs).toBe(15_000);
    expect(stepGrid(0, hour, 1500, 10_000, 1000).stepMs).toBe(2000);
    expect(stepGrid(0, hour, 0, 0, 0).stepMs).toBe(1000);
  });

  it('never returns more points than the panel can show or Prometheus allows', () => {
    const grid = stepGrid(0, 30 * 24 * hour, 1000, 500);
    expect((grid.endMs - grid.startMs) / grid.stepMs).toBeLessThanOrEqual(500);
    const huge = stepGrid(0, 365 * 24 * hour, 1000, 0, 1000);
    expect((huge.endMs - huge.startMs) / huge.stepMs).toBeLessThanOrEqual(PROMETHEUS_MAX_POINTS);
  });
});

describe('grouping', () => {
  const series: MatrixSeries[] = [
    { labels: { feature: 'a', le: '1' }, samples: [{ timeMs: 1, value: 2 }, { timeMs: 2, value: 3 }] },
    { labels: { feature: 'a', le: '+Inf' }, samples: [{ timeMs: 2, value: 5 }] },
    { labels: { feature: 'b', le: 'junk' }, samples: [{ timeMs: 1, value: 1 }] },
    { labels: { le: '1' }, samples: [{ timeMs: 1, value: 1 }] },
  ];

  it('adds two spellings of one bound from different targets', () => {
    const grouped = groupBucketsByFeature(
      [
        { labels: { feature: 'a', le: '1' }, samples: [{ timeMs: 1, value: 2 }] },
        { labels: { feature: 'a', le: '1.0' }, samples: [{ timeMs: 1, value: 3 }] },
      ],
      'feature'
    );
    expect(grouped.get('a')).toEqual({ bounds: [1], byTime: new Map([[1, [5]]]) });
  });

  it('groups bucket series by feature and time, skipping series without a feature or a readable le', () => {
    const grouped = groupBucketsByFeature(series, 'feature');
    expect([...grouped.keys()]).toEqual(['a']);
    expect(grouped.get('a')!.bounds).toEqual([1, Infinity]);
    expect(grouped.get('a')!.byTime.get(1)).toEqual([2, undefined]);
    expect(grouped.get('a')!.byTime.get(2)).toEqual([3, 5]);
  });

  it('groups counters by a label and sums repeated keys', () => {
    const counters: MatrixSeries[] = [
      { labels: { feature: 'x', category: 'red' }, samples: [{ timeMs: 1, value: 2 }] },
      { labels: { feature: 'x', category: 'red' }, samples: [{ timeMs: 1, value: 1 }] },
      { labels: { category: 'blue' }, samples: [{ timeMs: 1, value: 9 }] },
    ];
    expect(groupCountsByTime(counters, 'feature', 'category').get('x')!.get(1)).toEqual(new Map([['red', 3]]));
    expect(groupCountsByTime(counters, undefined, 'category').get('')!.get(1)).toEqual(new Map([['red', 3], ['blue', 9]]));
  });
});
