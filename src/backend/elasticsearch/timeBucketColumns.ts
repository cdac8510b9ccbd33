/**
 * The buckets of our `date_histogram` by column instead of one object per time bucket. A 100-feature answer
 * has ~200 sub-aggregations in each of its time buckets; as objects, those buckets and their members cost far
 * more to build and collect than the counts they carry. By column, the range counts of a feature are one flat
 * array for the whole answer, its missing counts another, and only what has no compact form stays plain JSON,
 * one value per time bucket.
 *
 * Columns come from the answer's bytes (`packTimeHistogram`, strict: anything unexpected falls back to plain
 * parsing) or from plain buckets (`fromBuckets`, every member plain); `bucket(row)` gives back the plain form
 * (the tests compare the two paths with it). Terms aggregations are packed too: the counts of a categorical
 * feature are then two typed arrays for the whole answer rather than objects per time bucket.
 */
import { type JsonByteReader, NOT_PACKED } from '../upstream/byteJson';
import { type RangeColumn, type ScannedHistogram, scanTimeHistogram, type TermsColumn } from './bucketScan';
import { bucketsAt, countAt, type Json, type JsonObject, objectAt, PackedValue } from './json';
import { PackedRangeBuckets } from './packedBuckets';

export class TimeBucketColumns extends PackedValue implements ScannedHistogram {
  readonly keys: number[];
  readonly keysAsString: Array<string | undefined>;
  readonly docCounts: number[];
  /** Keyed range aggregations (packed). */
  readonly ranges: Map<string, RangeColumn>;
  /** Aggregations that are only a count, `{"doc_count": n}` (`missing`). */
  readonly counts: Map<string, Float64Array>;
  /** Terms aggregations of string keys (packed). */
  readonly terms: Map<string, TermsColumn>;
  /** Everything else, as plain JSON; `undefined` where a time bucket lacks the aggregation. */
  readonly values: Map<string, Array<Json | undefined>>;

  constructor(columns: ScannedHistogram = { keys: [], keysAsString: [], docCounts: [], ranges: new Map(), counts: new Map(), terms: new Map(), values: new Map() }) {
    super();
    this.keys = columns.keys;
    this.keysAsString = columns.keysAsString;
    this.docCounts = columns.docCounts;
    this.ranges = columns.ranges;
    this.counts = columns.counts;
    this.terms = columns.terms;
    this.values = columns.values;
  }

  get length(): number {
    return this.keys.length;
  }

  /** Columns of plain (parsed) time buckets: every sub-aggregation as a plain value. */
  static fromBuckets(buckets: JsonObject[], path: string): TimeBucketColumns {
    const columns = new TimeBucketColumns();
    buckets.forEach((bucket, row) => {
      columns.keys.push(typeof bucket.key === 'number' ? bucket.key : Number(bucket.key));
      columns.keysAsString.push(typeof bucket.key_as_string === 'string' ? bucket.key_as_string : undefined);
      columns.docCounts.push(countAt(bucket.doc_count, () => `${path}.buckets[${row}].doc_count`));
      for (const [name, value] of Object.entries(bucket)) {
        if (name !== 'key' && name !== 'key_as_string' && name !== 'doc_count') {
          columns.valueColumn(name)[row] = value;
        }
      }
    });
    for (const column of columns.values.values()) {
      column.length = columns.length;
    }
    return columns;
  }

  /**
   * A sub-aggregation's document count in one time bucket (0 when the bucket lacks it). `bucketPath` names the
   * time bucket for error messages; the member's path is made from it only for one.
   */
  countOf(name: string, row: number, bucketPath: () => string): number {
    const counts = this.counts.get(name);
    if (counts) {
      return counts[row];
    }
    const value = this.values.get(name)?.[row];
    const where = () => `${bucketPath()}.${name}`;
    return value === undefined ? 0 : countAt(objectAt(value, where).doc_count, () => `${where()}.doc_count`);
  }

  /** A sub-aggregation of one time bucket in its plain form, or undefined when the bucket lacks it. */
  aggregationAt(name: string, row: number): Json | undefined {
    const range = this.ranges.get(name);
    if (range) {
      const from = row * range.width;
      return { buckets: new PackedRangeBuckets(range.firstBin, Array.from(range.counts.subarray(from, from + range.width))) };
    }
    const counts = this.counts.get(name);
    if (counts) {
      return { doc_count: counts[row] };
    }
    const terms = this.terms.get(name);
    if (terms) {
      return termsAt(terms, row);
    }
    return this.values.get(name)?.[row];
  }

  override toBuckets(): JsonObject[] {
    return Array.from({ length: this.length }, (_, row) => this.bucket(row));
  }

  /** One time bucket in its plain form. */
  bucket(row: number): JsonObject {
    const bucket: JsonObject = {};
    if (this.keysAsString[row] !== undefined) {
      bucket.key_as_string = this.keysAsString[row];
    }
    bucket.key = this.keys[row];
    bucket.doc_count = this.docCounts[row];
    for (const name of [...this.ranges.keys(), ...this.counts.keys(), ...this.terms.keys(), ...this.values.keys()]) {
      const value = this.aggregationAt(name, row);
      if (value !== undefined) {
        bucket[name] = value;
      }
    }
    return bucket;
  }

  private valueColumn(name: string): Array<Json | undefined> {
    let column = this.values.get(name);
    if (!column) {
      column = [];
      this.values.set(name, column);
    }
    return column;
  }
}

/** Row `row` of a terms column in its plain form, or undefined where the time bucket lacks the aggregation. */
function termsAt(terms: TermsColumn, row: number): JsonObject | undefined {
  const other = terms.rows[3 * row + 1];
  if (other < 0) {
    return undefined;
  }
  const buckets: JsonObject[] = [];
  for (let pair = row === 0 ? 0 : terms.rows[3 * row - 3]; pair < terms.rows[3 * row]; pair++) {
    buckets.push({ key: terms.categories[terms.pairs[2 * pair]], doc_count: terms.pairs[2 * pair + 1] });
  }
  return { doc_count_error_upper_bound: terms.rows[3 * row + 2], sum_other_doc_count: other, buckets };
}

/**
 * Packer for our time aggregation, `{"buckets":[<time bucket>, …]}`, into `{ buckets: TimeBucketColumns }`
 * (read by bucketScan.ts). Strict: an empty histogram, a key that is not a plain count, a member repeated or
 * packed differently from one bucket to the next, or any other member than `buckets`, and the aggregation is
 * parsed as plain JSON instead.
 */
export function packTimeHistogram(reader: JsonByteReader): { buckets: TimeBucketColumns } | typeof NOT_PACKED {
  const scanned = scanTimeHistogram(reader);
  return scanned ? { buckets: new TimeBucketColumns(scanned) } : NOT_PACKED;
}

/** The time buckets of a histogram aggregation by column, whichever way the answer was parsed. */
export function timeBucketColumns(histogram: JsonObject, path: string): TimeBucketColumns {
  const buckets = histogram.buckets;
  return buckets instanceof TimeBucketColumns ? buckets : TimeBucketColumns.fromBuckets(bucketsAt(histogram, path), path);
}
