/**
 * Rolling windows from non-overlapping Elasticsearch time buckets.
 *
 * The grid asks, at each evaluation time t, for the window (t - W, t] (as PromQL's `increase(x[W])` does).
 * We request a `date_histogram` whose interval I divides both the step and W, shifted so that every bucket is
 * (s, s + I]: Elasticsearch buckets are [key, key + I), and for millisecond timestamps [s + 1, s + I + 1) is
 * exactly (s, s + I], hence the 1 ms offset. A window is then the sum of W / I consecutive buckets, computed with
 * prefix sums, so the cost is proportional to the number of buckets and never to the number of documents.
 * (`date_nanos` fields: a document less than 1 ms after a boundary is counted one bucket early.)
 */
import type { WindowGrid } from '../sources/types';

export interface TimeBucketLayout {
  /** Bucket interval in ms (gcd of step and window). */
  intervalMs: number;
  /** Offset passed to Elasticsearch, in [0, intervalMs). */
  offsetMs: number;
  /** Key (start, inclusive) of the first bucket: the first bucket is (firstKey - 1, firstKey - 1 + intervalMs]. */
  firstKey: number;
  bucketCount: number;
  /** Evaluation times of the grid. */
  times: number[];
  /** Bucket windows per evaluation time: buckets [i * stride, i * stride + span). */
  stride: number;
  span: number;
  /** The whole interval read: (startMs, endMs]. */
  startMs: number;
  endMs: number;
}

/** Guard against a grid that would ask for millions of buckets (e.g. a 1 ms step). */
export const MAX_TIME_BUCKETS = 100_000;

function gcd(a: number, b: number): number {
  while (b !== 0) {
    [a, b] = [b, a % b];
  }
  return a;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive whole number of milliseconds, got ${value}`);
  }
  return value;
}

export function layoutTimeBuckets(grid: WindowGrid): TimeBucketLayout {
  const stepMs = positiveInteger(grid.stepMs, 'step');
  const windowMs = positiveInteger(grid.windowMs, 'window');
  if (!Number.isSafeInteger(grid.fromMs) || !Number.isSafeInteger(grid.toMs) || grid.toMs < grid.fromMs) {
    throw new RangeError(`invalid time range ${grid.fromMs}..${grid.toMs}`);
  }
  const intervalMs = gcd(stepMs, windowMs);
  const steps = Math.floor((grid.toMs - grid.fromMs) / stepMs);
  const startMs = grid.fromMs - windowMs;
  const endMs = grid.fromMs + steps * stepMs;
  const bucketCount = (endMs - startMs) / intervalMs;
  // Checked before anything is allocated: the bucket count bounds the number of evaluation times too.
  if (bucketCount > MAX_TIME_BUCKETS) {
    throw new RangeError(
      `step ${stepMs} ms and window ${windowMs} ms need ${bucketCount} time buckets of ${intervalMs} ms (limit ${MAX_TIME_BUCKETS}): ` +
        'use a window that is a multiple of the step, a longer step or a shorter range'
    );
  }
  const times = Array.from({ length: steps + 1 }, (_, i) => grid.fromMs + i * stepMs);
  const firstKey = startMs + 1;
  return {
    intervalMs,
    offsetMs: ((firstKey % intervalMs) + intervalMs) % intervalMs,
    firstKey,
    bucketCount,
    times,
    stride: stepMs / intervalMs,
    span: windowMs / intervalMs,
    startMs,
    endMs,
  };
}

/** Index of the bucket with this key, or -1 when the key is not on the layout (outside the range or misaligned). */
export function bucketIndex(layout: TimeBucketLayout, key: number): number {
  const offset = key - layout.firstKey;
  if (offset % layout.intervalMs !== 0) {
    return -1;
  }
  const index = offset / layout.intervalMs;
  return index >= 0 && index < layout.bucketCount ? index : -1;
}

/**
 * Sums of `width` values per bucket over each evaluation window. `perBucket` holds bucketCount × width values,
 * bucket-major; the result holds times.length × width values, window-major. The loops are free functions of
 * numbers and typed arrays only (see bucketScan.ts for why hot loops touch no per-query object).
 */
export function rollingSums(layout: TimeBucketLayout, perBucket: Float64Array, width: number): Float64Array {
  const windows = layout.times.length;
  return layout.span === 1
    ? bucketRows(windows, layout.stride, perBucket, width)
    : windowSums(layout.bucketCount, windows, layout.stride, layout.span, perBucket, width);
}

function windowSums(bucketCount: number, windows: number, stride: number, span: number, perBucket: Float64Array, width: number): Float64Array {
  const prefix = new Float64Array((bucketCount + 1) * width);
  for (let b = 0; b < bucketCount; b++) {
    for (let j = 0; j < width; j++) {
      prefix[(b + 1) * width + j] = prefix[b * width + j] + perBucket[b * width + j];
    }
  }
  const out = new Float64Array(windows * width);
  for (let i = 0; i < windows; i++) {
    const first = i * stride;
    const last = first + span;
    for (let j = 0; j < width; j++) {
      // Counts are integers below 2^53, so the prefix difference is exact.
      out[i * width + j] = prefix[last * width + j] - prefix[first * width + j];
    }
  }
  return out;
}

/** Windows of one bucket each (window = interval, the usual case): their sums are the buckets' own rows. */
function bucketRows(windows: number, stride: number, perBucket: Float64Array, width: number): Float64Array {
  const out = new Float64Array(windows * width);
  const strideValues = stride * width;
  // A plain loop: a subarray per row to `set` from would be an object per window.
  for (let i = 0, from = 0, at = 0; i < windows; i++, from += strideValues, at += width) {
    for (let j = 0; j < width; j++) {
      out[at + j] = perBucket[from + j];
    }
  }
  return out;
}
