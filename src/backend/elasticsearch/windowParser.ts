/**
 * Counts per rolling window from `date_histogram` responses (see `timeBuckets.ts`). Each time bucket's counts
 * go into one flat array per feature, and windows are prefix-sum differences, so time and memory are
 * proportional to time buckets × bins, whatever the number of documents.
 */
import type { CategoryCounts } from '../../drift/types';
import type { ConfusionCounts, ConfusionSeries, FeatureSpec, FeatureWindowSeries, LiveDistribution, WindowCountRows, WindowCounts } from '../sources/types';
import { type JsonObject, objectAt, ResponseShapeError } from './json';
import { aggName } from './requestBuilder';
import { readBins, readConfusion, readTerms, type TermsCounts } from './responseParser';
import type { TermsColumn } from './bucketScan';
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

/**
 * Consecutive time buckets of one answer: its columns, and for each bucket its row there and its index on the
 * layout. The counts are copied run by run by free functions over these typed arrays (see bucketScan.ts for why
 * the loops touch no per-answer object).
 */
interface BucketRun {
  columns: TimeBucketColumns;
  /** Position of the run's first bucket in the list it was made from. */
  first: number;
  rows: Int32Array;
  indexes: Int32Array;
}

function bucketRuns(buckets: TimeBucket[]): BucketRun[] {
  const runs: BucketRun[] = [];
  let first = 0;
  for (let i = 1; i <= buckets.length; i++) {
    if (i === buckets.length || buckets[i].columns !== buckets[first].columns) {
      const rows = new Int32Array(i - first);
      const indexes = new Int32Array(i - first);
      for (let k = first; k < i; k++) {
        rows[k - first] = buckets[k].row;
        indexes[k - first] = buckets[k].index;
      }
      runs.push({ columns: buckets[first].columns, first, rows, indexes });
      first = i;
    }
  }
  return runs;
}

/**
 * Rows of `source` (`sourceWidth` values each) into rows of `into` (`intoWidth` each, from `offset`): the row
 * `rows[k]` to the row `indexes[k]`.
 */
function copyRows(source: Float64Array, sourceWidth: number, rows: Int32Array, indexes: Int32Array, into: Float64Array, intoWidth: number, offset: number): void {
  for (let k = 0; k < rows.length; k++) {
    const from = rows[k] * sourceWidth;
    const to = indexes[k] * intoWidth + offset;
    for (let j = 0; j < sourceWidth; j++) {
      into[to + j] = source[from + j];
    }
  }
}

/** Range counts of one aggregation into `into` (rows of `width`, from `offset`): packed columns copied, plain answers read and checked. */
function rangesInto(buckets: TimeBucket[], runs: BucketRun[], name: string, binCount: number, into: Float64Array, width: number, offset: number): void {
  for (const { columns, first, rows, indexes } of runs) {
    const range = columns.ranges.get(name);
    if (range && range.firstBin + range.width <= binCount) {
      copyRows(range.counts, range.width, rows, indexes, into, width, offset + range.firstBin);
      continue;
    }
    // Not packed, or with bins beyond `binCount`: the plain reader reads it, or says what is wrong.
    for (let k = 0; k < rows.length; k++) {
      const bucket = buckets[first + k];
      readBins(columns.aggregationAt(name, rows[k]), binCount, member(bucket, name), into, indexes[k] * width + offset);
    }
  }
}

/** The document counts of a count aggregation (`missing`) into `into` (rows of `width`, at `offset`). */
function countsInto(buckets: TimeBucket[], runs: BucketRun[], name: string, into: Float64Array, width: number, offset: number): void {
  for (const { columns, first, rows, indexes } of runs) {
    const counts = columns.counts.get(name);
    if (counts) {
      copyRows(counts, 1, rows, indexes, into, width, offset);
      continue;
    }
    for (let k = 0; k < rows.length; k++) {
      into[indexes[k] * width + offset] = columns.countOf(name, rows[k], buckets[first + k].path);
    }
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

/**
 * Numeric window counts by row: bins, then below range, above range, missing (see `numericRows`). An object
 * literal with shared module functions rather than a class instance: the drift query calls it for every window,
 * and V8 throws away code compiled for a class's instances once the last of them is garbage (so after every full
 * collection), while the shape of an object literal lives as long as the code that makes it.
 */
interface NumericRows extends WindowCountRows {
  readonly spec: Extract<FeatureSpec, { kind: 'numeric' }>;
  readonly sums: Float64Array;
  readonly bins: number;
  readonly width: number;
  /** What `distributionAt` hands out, its counts refilled on every call. */
  readonly reused: { kind: 'numeric'; binned: { upperBounds: number[]; counts: number[] } };
}

function numericWindowAt(this: NumericRows, i: number): WindowCounts {
  const { spec, sums, bins } = this;
  const at = i * this.width;
  const binned = { upperBounds: spec.upperBounds, counts: plainArray(sums, at, bins) };
  // Each shape written whole: adding the range counts afterwards would move every window through a second shape.
  return spec.observedRange
    ? { kind: 'numeric', binned, missing: sums[at + bins + 2], nonFinite: 0, belowRange: sums[at + bins], aboveRange: sums[at + bins + 1] }
    : { kind: 'numeric', binned, missing: sums[at + bins + 2], nonFinite: 0 };
}

function numericDistributionAt(this: NumericRows, i: number): LiveDistribution {
  copyRow(this.sums, i * this.width, this.reused.binned.counts);
  return this.reused;
}

function numericMissing(this: NumericRows, i: number): number {
  return this.sums[i * this.width + this.bins + 2];
}

function noneUnlisted(): number {
  return 0;
}

function numericRowsOf(spec: Extract<FeatureSpec, { kind: 'numeric' }>, sums: Float64Array): WindowCountRows {
  const bins = spec.upperBounds.length + 1;
  const width = bins + 3;
  const rows: NumericRows = {
    spec,
    sums,
    bins,
    width,
    length: sums.length / width,
    reused: { kind: 'numeric', binned: { upperBounds: spec.upperBounds, counts: new Array<number>(bins).fill(0) } },
    windowAt: numericWindowAt,
    distributionAt: numericDistributionAt,
    missing: numericMissing,
    unlisted: noneUnlisted,
  };
  return rows;
}

function numericRows(spec: Extract<FeatureSpec, { kind: 'numeric' }>, index: number, buckets: TimeBucket[], layout: TimeBucketLayout): WindowCountRows {
  const bins = spec.upperBounds.length + 1;
  const width = bins + 3;
  const perBucket = new Float64Array(layout.bucketCount * width);
  const runs = bucketRuns(buckets);
  rangesInto(buckets, runs, aggName.feature(index), bins, perBucket, width, 0);
  if (spec.observedRange) {
    rangesInto(buckets, runs, aggName.outOfRange(index), 2, perBucket, width, bins);
  }
  countsInto(buckets, runs, aggName.missing(index), perBucket, width, bins + 2);
  return numericRowsOf(spec, rollingSums(layout, perBucket, width));
}

/** Categorical window counts by row: the categories (the baseline's, then live-only ones), unlisted, missing (see `NumericRows` for the form). */
interface CategoricalRows extends WindowCountRows {
  readonly categories: string[];
  readonly sums: Float64Array;
  readonly width: number;
  /** The baseline's categories (the first `known` of `categories`). */
  readonly known: number;
  /** Without live-only categories every window lists all the names: handed out by `distributionAt`, refilled. */
  readonly reused: { kind: 'categorical'; distribution: CategoryCounts } | undefined;
}

function categoricalWindowAt(this: CategoricalRows, i: number): WindowCounts {
  const { categories, sums, known } = this;
  const at = i * this.width;
  return {
    kind: 'categorical',
    distribution: this.reused ? { categories, counts: plainArray(sums, at, known) } : occurring(categories, known, sums, at),
    unlisted: this.unlisted(i),
    missing: this.missing(i),
    nonFinite: 0,
  };
}

function categoricalDistributionAt(this: CategoricalRows, i: number): LiveDistribution {
  const at = i * this.width;
  if (!this.reused) {
    return { kind: 'categorical', distribution: occurring(this.categories, this.known, this.sums, at) };
  }
  copyRow(this.sums, at, this.reused.distribution.counts);
  return this.reused;
}

function categoricalMissing(this: CategoricalRows, i: number): number {
  return this.sums[i * this.width + this.categories.length + 1];
}

function categoricalUnlisted(this: CategoricalRows, i: number): number {
  return this.sums[i * this.width + this.categories.length];
}

function categoricalRowsOf(spec: Extract<FeatureSpec, { kind: 'categorical' }>, categories: string[], sums: Float64Array): WindowCountRows {
  const width = categories.length + 2;
  const known = spec.categories.length;
  const rows: CategoricalRows = {
    categories,
    sums,
    width,
    known,
    length: sums.length / width,
    reused: categories.length === known ? { kind: 'categorical', distribution: { categories, counts: new Array<number>(known).fill(0) } } : undefined,
    windowAt: categoricalWindowAt,
    distributionAt: categoricalDistributionAt,
    missing: categoricalMissing,
    unlisted: categoricalUnlisted,
  };
  return rows;
}

/**
 * Category numbers of a terms column in the order they first occur in the given rows, written to `order`;
 * returns how many there are.
 */
function appearanceOrder(pairs: Float64Array, termsRows: Float64Array, rows: Int32Array, order: Int32Array): number {
  const seen = new Uint8Array(order.length);
  let count = 0;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    for (let pair = row === 0 ? 0 : termsRows[3 * row - 3]; pair < termsRows[3 * row]; pair++) {
      const category = pairs[2 * pair];
      if (seen[category] === 0) {
        seen[category] = 1;
        order[count++] = category;
      }
    }
  }
  return count;
}

/**
 * A terms column's counts into `into` (rows of `width`: categories by `columnOf`, then unlisted, then missing);
 * true when a row's counts are approximate (`doc_count_error_upper_bound` > 0).
 */
function addTerms(terms: TermsColumn, rows: Int32Array, indexes: Int32Array, columnOf: Int32Array, into: Float64Array, width: number): boolean {
  const { pairs, rows: termsRows } = terms;
  let approximate = false;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const at = indexes[k] * width;
    for (let pair = row === 0 ? 0 : termsRows[3 * row - 3]; pair < termsRows[3 * row]; pair++) {
      into[at + columnOf[pairs[2 * pair]]] += pairs[2 * pair + 1];
    }
    // A time bucket without the aggregation counted nothing: no unlisted documents either.
    const other = termsRows[3 * row + 1];
    into[at + width - 2] = other < 0 ? 0 : other;
    approximate = approximate || (other >= 0 && termsRows[3 * row + 2] > 0);
  }
  return approximate;
}

function categoricalRows(
  spec: Extract<FeatureSpec, { kind: 'categorical' }>,
  index: number,
  buckets: TimeBucket[],
  layout: TimeBucketLayout
): { rows: WindowCountRows; approximate: boolean } {
  const name = aggName.feature(index);
  const runs = bucketRuns(buckets);
  // Each run's packed terms, or each of its buckets' terms read and checked.
  const termsOfRun = runs.map(({ columns, first, rows }): TermsColumn | TermsCounts[] =>
    columns.terms.get(name) ?? Array.from(rows, (row, k) => readTerms(columns.aggregationAt(name, row), member(buckets[first + k], name)))
  );
  const column = new Map<string, number>();
  const categories = [...spec.categories];
  categories.forEach((category, i) => column.set(category, i));
  const add = (category: string) => {
    if (!column.has(category)) {
      column.set(category, categories.length);
      categories.push(category);
    }
  };
  runs.forEach((run, r) => {
    const terms = termsOfRun[r];
    if (Array.isArray(terms)) {
      terms.forEach((counts) => counts.categories.forEach(add));
      return;
    }
    const order = new Int32Array(terms.categories.length);
    const count = appearanceOrder(terms.pairs, terms.rows, run.rows, order);
    for (let i = 0; i < count; i++) {
      add(terms.categories[order[i]]);
    }
  });
  const width = categories.length + 2;
  const perBucket = new Float64Array(layout.bucketCount * width);
  let approximate = false;
  runs.forEach((run, r) => {
    const terms = termsOfRun[r];
    if (!Array.isArray(terms)) {
      const columnOf = Int32Array.from(terms.categories, (category) => column.get(category) ?? 0);
      approximate = addTerms(terms, run.rows, run.indexes, columnOf, perBucket, width) || approximate;
      return;
    }
    terms.forEach((counts, k) => {
      const offset = run.indexes[k] * width;
      for (let j = 0; j < counts.categories.length; j++) {
        perBucket[offset + (column.get(counts.categories[j]) ?? 0)] += counts.counts[j];
      }
      perBucket[offset + categories.length] = counts.other;
      approximate = approximate || counts.approximate;
    });
  });
  countsInto(buckets, runs, aggName.missing(index), perBucket, width, categories.length + 1);
  return { rows: categoricalRowsOf(spec, categories, rollingSums(layout, perBucket, width)), approximate };
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
