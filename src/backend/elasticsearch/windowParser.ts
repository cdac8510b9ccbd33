/**
 * Counts per rolling window from `date_histogram` responses (see `timeBuckets.ts`). Each time bucket's counts
 * go into one flat array per feature, and windows are prefix-sum differences, so time and memory are
 * proportional to time buckets × bins, whatever the number of documents.
 */
import type { CategoryCounts } from '../../drift/types';
import type { ConfusionCounts, ConfusionSeries, FeatureSpec, FeatureWindowSeries, LiveDistribution, WindowCountRows, WindowCounts } from '../sources/types';
import { type JsonObject, objectAt, ResponseShapeError } from './json';
import { aggName } from './requestBuilder';
import { readBins, readConfusion, readTerms } from './responseParser';
import { type TimeBucketColumns, timeBucketColumns } from './timeBucketColumns';
import { bucketIndex, rollingSums, type TimeBucketLayout } from './timeBuckets';

/** A time bucket of one search: its row in that answer's columns and its index on the layout. */
export interface TimeBucket {
  index: number;
  columns: TimeBucketColumns;
  row: number;
  /** Where the bucket is in its answer, for error messages. */
  path: () => string;
}

export function readTimeBuckets(aggregations: JsonObject, layout: TimeBucketLayout): TimeBucket[] {
  const histogram = aggregations[aggName.time];
  if (histogram === undefined) {
    return [];
  }
  const path = `aggregations.${aggName.time}`;
  const columns = timeBucketColumns(objectAt(histogram, path), path);
  const result: TimeBucket[] = [];
  for (let row = 0; row < columns.length; row++) {
    const bucketPath = () => `${path}.buckets[${row}]`;
    const key = columns.keys[row];
    const index = bucketIndex(layout, key);
    if (index < 0) {
      // Empty buckets outside the grid are harmless; counts outside it would silently vanish, so they are an error.
      if (columns.docCounts[row] > 0) {
        throw new ResponseShapeError(`time bucket ${JSON.stringify(key)} at ${bucketPath()} is not on the requested ${layout.intervalMs} ms grid`);
      }
      continue;
    }
    result.push({ index, columns, row, path: bucketPath });
  }
  return result;
}

/** Documents per window (whether or not they have a given field). */
export function observationWindows(buckets: TimeBucket[], layout: TimeBucketLayout): number[] {
  const perBucket = new Float64Array(layout.bucketCount);
  for (const { index, columns, row } of buckets) {
    perBucket[index] = columns.docCounts[row];
  }
  return Array.from(rollingSums(layout, perBucket, 1));
}

const member = (bucket: TimeBucket, name: string) => () => `${bucket.path()}.${name}`;

/** Range counts of one aggregation in one time bucket: packed columns copied, plain answers read and checked. */
function rangeInto(bucket: TimeBucket, name: string, binCount: number, into: Float64Array, offset: number): void {
  const { columns, row } = bucket;
  if (!columns.rangeInto(name, row, binCount, into, offset)) {
    readBins(columns.aggregationAt(name, row), binCount, member(bucket, name), into, offset);
  }
}

/**
 * `length` values from `at` as a plain array. Array.from on a typed subarray goes through the iterator
 * protocol, which costs more than the rest of building a window when there are 28,800 of them.
 */
function plainArray(values: Float64Array, at: number, length: number): number[] {
  return copyRow(values, at, new Array<number>(length));
}

/** `into.length` values from `at` into `into` (a reused distribution's counts). */
function copyRow(values: Float64Array, at: number, into: number[]): number[] {
  for (let j = 0; j < into.length; j++) {
    into[j] = values[at + j];
  }
  return into;
}

/** Numeric window counts by row: bins, then below range, above range, missing (see `numericRows`). */
class NumericRows implements WindowCountRows {
  readonly length: number;
  private readonly bins: number;
  private readonly width: number;
  /** What `distributionAt` hands out, refilled on every call. */
  private readonly reused: LiveDistribution & { kind: 'numeric' };

  constructor(
    private readonly spec: Extract<FeatureSpec, { kind: 'numeric' }>,
    private readonly sums: Float64Array
  ) {
    this.bins = spec.upperBounds.length + 1;
    this.width = this.bins + 3;
    this.length = sums.length / this.width;
    this.reused = { kind: 'numeric', binned: { upperBounds: spec.upperBounds, counts: new Array<number>(this.bins).fill(0) } };
  }

  windowAt(i: number): WindowCounts {
    const { sums, bins } = this;
    const at = i * this.width;
    const binned = { upperBounds: this.spec.upperBounds, counts: plainArray(sums, at, bins) };
    // Each shape written whole: adding the range counts afterwards would move every window through a second shape.
    return this.spec.observedRange
      ? { kind: 'numeric', binned, missing: sums[at + bins + 2], nonFinite: 0, belowRange: sums[at + bins], aboveRange: sums[at + bins + 1] }
      : { kind: 'numeric', binned, missing: sums[at + bins + 2], nonFinite: 0 };
  }

  distributionAt(i: number): LiveDistribution {
    copyRow(this.sums, i * this.width, this.reused.binned.counts);
    return this.reused;
  }

  missing(i: number): number {
    return this.sums[i * this.width + this.bins + 2];
  }

  unlisted(): number {
    return 0;
  }
}

function numericRows(spec: Extract<FeatureSpec, { kind: 'numeric' }>, index: number, buckets: TimeBucket[], layout: TimeBucketLayout): WindowCountRows {
  const bins = spec.upperBounds.length + 1;
  const width = bins + 3;
  const perBucket = new Float64Array(layout.bucketCount * width);
  // Names made once per feature, not once per time bucket.
  const name = aggName.feature(index);
  const outOfRange = aggName.outOfRange(index);
  const missing = aggName.missing(index);
  for (const bucket of buckets) {
    const offset = bucket.index * width;
    rangeInto(bucket, name, bins, perBucket, offset);
    if (spec.observedRange) {
      rangeInto(bucket, outOfRange, 2, perBucket, offset + bins);
    }
    perBucket[offset + bins + 2] = bucket.columns.countOf(missing, bucket.row, bucket.path);
  }
  return new NumericRows(spec, rollingSums(layout, perBucket, width));
}

/** Categorical window counts by row: the categories (the baseline's, then live-only ones), unlisted, missing. */
class CategoricalRows implements WindowCountRows {
  readonly length: number;
  private readonly width: number;
  /** The baseline's categories (the first `known` of `categories`). */
  private readonly known: number;
  /** Without live-only categories every window lists all the names: handed out by `distributionAt`, refilled. */
  private readonly reused: (LiveDistribution & { kind: 'categorical' }) | undefined;

  constructor(
    spec: Extract<FeatureSpec, { kind: 'categorical' }>,
    private readonly categories: string[],
    private readonly sums: Float64Array
  ) {
    this.width = categories.length + 2;
    this.length = sums.length / this.width;
    this.known = spec.categories.length;
    this.reused = categories.length === this.known ? { kind: 'categorical', distribution: { categories, counts: new Array<number>(this.known).fill(0) } } : undefined;
  }

  windowAt(i: number): WindowCounts {
    const at = i * this.width;
    return {
      kind: 'categorical',
      distribution: this.reused ? { categories: this.categories, counts: plainArray(this.sums, at, this.known) } : occurring(this.categories, this.known, this.sums, at),
      unlisted: this.unlisted(i),
      missing: this.missing(i),
      nonFinite: 0,
    };
  }

  distributionAt(i: number): LiveDistribution {
    const at = i * this.width;
    if (!this.reused) {
      return { kind: 'categorical', distribution: occurring(this.categories, this.known, this.sums, at) };
    }
    copyRow(this.sums, at, this.reused.distribution.counts);
    return this.reused;
  }

  missing(i: number): number {
    return this.sums[i * this.width + this.categories.length + 1];
  }

  unlisted(i: number): number {
    return this.sums[i * this.width + this.categories.length];
  }
}

function categoricalRows(
  spec: Extract<FeatureSpec, { kind: 'categorical' }>,
  index: number,
  buckets: TimeBucket[],
  layout: TimeBucketLayout
): { rows: WindowCountRows; approximate: boolean } {
  const name = aggName.feature(index);
  const missing = aggName.missing(index);
  const parsed = buckets.map((bucket) => readTerms(bucket.columns.aggregationAt(name, bucket.row), member(bucket, name)));
  const column = new Map<string, number>();
  const categories = [...spec.categories];
  categories.forEach((category, i) => column.set(category, i));
  for (const terms of parsed) {
    for (const category of terms.categories) {
      if (!column.has(category)) {
        column.set(category, categories.length);
        categories.push(category);
      }
    }
  }
  const width = categories.length + 2;
  const perBucket = new Float64Array(layout.bucketCount * width);
  buckets.forEach((bucket, i) => {
    const offset = bucket.index * width;
    const terms = parsed[i];
    for (let j = 0; j < terms.categories.length; j++) {
      perBucket[offset + (column.get(terms.categories[j]) ?? 0)] += terms.counts[j];
    }
    perBucket[offset + categories.length] = terms.other;
    perBucket[offset + categories.length + 1] = bucket.columns.countOf(missing, bucket.row, bucket.path);
  });
  return { rows: new CategoricalRows(spec, categories, rollingSums(layout, perBucket, width)), approximate: parsed.some((terms) => terms.approximate) };
}

/** The baseline's categories always (a zero is information), live-only categories where they occurred. */
function occurring(categories: string[], known: number, sums: Float64Array, at: number): CategoryCounts {
  const names: string[] = [];
  const counts: number[] = [];
  for (let j = 0; j < categories.length; j++) {
    if (j < known || sums[at + j] > 0) {
      names.push(categories[j]);
      counts.push(sums[at + j]);
    }
  }
  return { categories: names, counts };
}

/** A feature's counts in each window of the layout, by row (see `WindowCountRows`). */
export function featureWindowRows(spec: FeatureSpec, index: number, buckets: TimeBucket[], layout: TimeBucketLayout): { rows: WindowCountRows; approximate: boolean } {
  if (spec.kind === 'numeric') {
    return { rows: numericRows(spec, index, buckets, layout), approximate: false };
  }
  return categoricalRows(spec, index, buckets, layout);
}

/** Every window of the rows as a `WindowCounts`. */
export function windowsOf(rows: WindowCountRows): WindowCounts[] {
  const windows = new Array<WindowCounts>(rows.length);
  for (let i = 0; i < windows.length; i++) {
    windows[i] = rows.windowAt(i);
  }
  return windows;
}

/**
 * A series read from its rows, whose `windows` are made on first read only: the drift query reads the rows and
 * never makes them, other readers get them as from any source.
 */
export function seriesOfRows(series: Omit<FeatureWindowSeries, 'windows' | 'rows'>, rows: WindowCountRows): FeatureWindowSeries {
  let windows: WindowCounts[] | undefined;
  return {
    ...series,
    rows,
    get windows() {
      return (windows ??= windowsOf(rows));
    },
  };
}

export function confusionWindows(buckets: TimeBucket[], layout: TimeBucketLayout): ConfusionSeries {
  const perTimeBucket = buckets.map((bucket) => readConfusion(bucket.columns.aggregationAt(aggName.actual, bucket.row), member(bucket, aggName.actual)));
  const column = new Map<string, Map<string, number>>();
  const pairs: Array<[string, string]> = [];
  for (const counts of perTimeBucket) {
    counts.actual.forEach((actual, j) => {
      const predicted = counts.predicted[j];
      let row = column.get(actual);
      if (!row) {
        row = new Map();
        column.set(actual, row);
      }
      if (!row.has(predicted)) {
        row.set(predicted, pairs.length);
        pairs.push([actual, predicted]);
      }
    });
  }
  const width = pairs.length + 1;
  const perBucket = new Float64Array(layout.bucketCount * width);
  buckets.forEach(({ index: b }, i) => {
    const counts = perTimeBucket[i];
    counts.actual.forEach((actual, j) => {
      perBucket[b * width + (column.get(actual)?.get(counts.predicted[j]) ?? 0)] += counts.counts[j];
    });
    perBucket[b * width + pairs.length] = counts.unlisted;
  });
  const sums = rollingSums(layout, perBucket, width);
  const windows = layout.times.map((_, i): ConfusionCounts => {
    const at = i * width;
    const window: ConfusionCounts = { actual: [], predicted: [], counts: [], unlisted: sums[at + pairs.length] };
    pairs.forEach(([actual, predicted], j) => {
      if (sums[at + j] > 0) {
        window.actual.push(actual);
        window.predicted.push(predicted);
        window.counts.push(sums[at + j]);
      }
    });
    return window;
  });
  return { times: layout.times, windows };
}
