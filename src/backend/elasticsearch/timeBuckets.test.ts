import type { WindowGrid } from '../sources/types';
import { bucketIndex, layoutTimeBuckets, rollingSums } from './timeBuckets';

/** The bucket key Elasticsearch gives a timestamp for a fixed interval and offset: floor((t - offset) / I) * I + offset. */
function esBucketKey(t: number, intervalMs: number, offsetMs: number): number {
  return Math.floor((t - offsetMs) / intervalMs) * intervalMs + offsetMs;
}

function seededTimestamps(count: number, from: number, to: number): number[] {
  let state = 12345;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out.push(from + (state % (to - from + 1)));
  }
  return out;
}

describe('layoutTimeBuckets + rollingSums', () => {
  const grids: WindowGrid[] = [
    { fromMs: 1_700_000_123_456, toMs: 1_700_000_123_456 + 10 * 60_000, stepMs: 60_000, windowMs: 60_000 },
    { fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000, stepMs: 300_000, windowMs: 3_600_000 },
    { fromMs: 1_700_000_000_017, toMs: 1_700_000_900_017, stepMs: 300_000, windowMs: 420_000 },
    // Windows shorter than the step: one bucket each, with buckets between them that no window reads.
    { fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000, stepMs: 300_000, windowMs: 60_000 },
  ];

  it.each(grids)('counts each document in exactly the windows (t - W, t] that contain it (%o)', (grid) => {
    const layout = layoutTimeBuckets(grid);
    const timestamps = seededTimestamps(5000, layout.startMs - 5000, layout.endMs + 5000);
    // Boundary timestamps are where a half-open mistake would show.
    for (const t of layout.times) {
      timestamps.push(t, t + 1, t - 1, t - grid.windowMs, t - grid.windowMs + 1);
    }
    const perBucket = new Float64Array(layout.bucketCount);
    for (const t of timestamps) {
      // The search's filter keeps (startMs, endMs]; Elasticsearch then buckets by key.
      if (t > layout.startMs && t <= layout.endMs) {
        const index = bucketIndex(layout, esBucketKey(t, layout.intervalMs, layout.offsetMs));
        expect(index).toBeGreaterThanOrEqual(0);
        perBucket[index]++;
      }
    }
    const sums = rollingSums(layout, perBucket, 1);
    layout.times.forEach((t, i) => {
      const direct = timestamps.filter((x) => x > t - grid.windowMs && x <= t).length;
      expect([t, sums[i]]).toEqual([t, direct]);
    });
  });

  it.each(grids)('sums every value of a bucket row alike (%o)', (grid) => {
    const layout = layoutTimeBuckets(grid);
    const perBucket = Float64Array.from({ length: layout.bucketCount * 3 }, (_, k) => (k * 7919) % 13);
    const column = (j: number) => rollingSums(layout, perBucket.filter((_, k) => k % 3 === j), 1);
    const sums = rollingSums(layout, perBucket, 3);
    expect(Array.from(sums)).toEqual(layout.times.flatMap((_, i) => [0, 1, 2].map((j) => column(j)[i])));
  });

  it('uses the largest interval dividing both step and window', () => {
    expect(layoutTimeBuckets(grids[1]).intervalMs).toBe(300_000);
    expect(layoutTimeBuckets(grids[2]).intervalMs).toBe(60_000);
  });

  it('refuses grids that would need an absurd number of buckets, and invalid steps', () => {
    expect(() => layoutTimeBuckets({ fromMs: 0, toMs: 86_400_000 * 30, stepMs: 1, windowMs: 1 })).toThrow(/time buckets/);
    expect(() => layoutTimeBuckets({ fromMs: 0, toMs: 10, stepMs: 0, windowMs: 1 })).toThrow(/step/);
    expect(() => layoutTimeBuckets({ fromMs: 10, toMs: 0, stepMs: 1, windowMs: 1 })).toThrow(/time range/);
  });

  it('does not place keys that are off the grid', () => {
    const layout = layoutTimeBuckets(grids[0]);
    expect(bucketIndex(layout, layout.firstKey + 1)).toBe(-1);
    expect(bucketIndex(layout, layout.firstKey - layout.intervalMs)).toBe(-1);
    expect(bucketIndex(layout, layout.firstKey + layout.bucketCount * layout.intervalMs)).toBe(-1);
  });
});
