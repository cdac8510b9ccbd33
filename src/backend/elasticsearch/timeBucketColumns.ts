/**
 * The buckets of our `date_histogram` by column instead of one object per time bucket. A 100-feature answer
 * has ~200 sub-aggregations in each of its time buckets; as objects, those buckets and their members cost far
 * more to build and collect than the counts they carry. By column, the range counts of a feature are one flat
 * array for the whole answer, its missing counts another, and only what has no compact form (terms buckets,
 * out-of-range pairs) stays plain JSON, one value per time bucket.
 *
 * Columns come from the answer's bytes (`packTimeHistogram`, strict: anything unexpected falls back to plain
 * parsing) or from plain buckets (`fromBuckets`); readers see the same thing either way, and `bucket(row)`
 * gives back the plain form (the tests compare the two paths with it).
 */
import {
  asciiBytes,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isNumberStart,
  JsonByteReader,
  NOT_PACKED,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from '../upstream/byteJson';
import { bucketsAt, countAt, type Json, type JsonObject, objectAt, PackedValue } from './json';
import { CountBuffer, PackedRangeBuckets, readKeyedRanges } from './packedBuckets';

/** Range counts of one aggregation: `width` consecutive bins from `firstBin`, a row per time bucket. */
interface RangeColumn {
  firstBin: number;
  width: number;
  counts: CountBuffer;
}

export class TimeBucketColumns extends PackedValue {
  readonly keys: number[] = [];
  readonly keysAsString: Array<string | undefined> = [];
  readonly docCounts: number[] = [];
  /** Keyed range aggregations (packed). */
  readonly ranges = new Map<string, RangeColumn>();
  /** Aggregations that are only a count, `{"doc_count": n}` (`missing`). */
  readonly counts = new Map<string, number[]>();
  /** Everything else, as plain JSON; `undefined` where a time bucket lacks the aggregation. */
  readonly values = new Map<string, Array<Json | undefined>>();

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

  /**
   * Copies the counts of a packed range aggregation in one time bucket into `into` from `offset`. False when the
   * aggregation is not packed, or has bins beyond `binCount`: the plain readers then read it, or say what is wrong.
   */
  rangeInto(name: string, row: number, binCount: number, into: Float64Array, offset: number): boolean {
    const range = this.ranges.get(name);
    if (!range || range.firstBin + range.width > binCount) {
      return false;
    }
    const from = row * range.width;
    const to = offset + range.firstBin;
    for (let j = 0; j < range.width; j++) {
      into[to + j] = range.counts.values[from + j];
    }
    return true;
  }

  /** A sub-aggregation of one time bucket in its plain form, or undefined when the bucket lacks it. */
  aggregationAt(name: string, row: number): Json | undefined {
    const range = this.ranges.get(name);
    if (range) {
      const from = row * range.width;
      return { buckets: new PackedRangeBuckets(range.firstBin, range.counts.slice(from, from + range.width)) };
    }
    const counts = this.counts.get(name);
    if (counts) {
      return { doc_count: counts[row] };
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
    for (const name of [...this.ranges.keys(), ...this.counts.keys(), ...this.values.keys()]) {
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

  /**
   * One sub-aggregation of time bucket `row`, read from an answer's bytes into its column: the
   * first row decides a member's column (range, count or plain), later rows must fit it. False when the
   * member does not fit (then the packer gives up and the whole histogram is parsed plainly).
   */
  readMember(reader: JsonByteReader, name: string, row: number): boolean {
    const range = this.ranges.get(name);
    if (range) {
      return this.readRange(reader, name, row, range);
    }
    const counts = this.counts.get(name);
    if (counts) {
      const count = readCountAggregation(reader);
      counts.push(count);
      return count >= 0 && counts.length === row + 1;
    }
    const values = this.values.get(name);
    if (values || row > 0) {
      const column = values ?? this.valueColumn(name);
      if (column.length > row) {
        // The same member twice in one bucket: JSON keeps the last, which plain parsing does right.
        return false;
      }
      column[row] = reader.parseValue() as Json;
      return true;
    }
    // First seen (in the first time bucket): the most compact column its value fits.
    const start = reader.pos;
    if (this.readRange(reader, name, row, undefined)) {
      return true;
    }
    reader.pos = start;
    const count = readCountAggregation(reader);
    if (count >= 0) {
      this.counts.set(name, [count]);
      return true;
    }
    reader.pos = start;
    this.valueColumn(name)[row] = reader.parseValue() as Json;
    return true;
  }

  /** Keyed range buckets into the range column (made on the first row). */
  private readRange(reader: JsonByteReader, name: string, row: number, range: RangeColumn | undefined): boolean {
    const counts = range ? range.counts : new CountBuffer();
    const before = counts.length;
    const firstBin = readRangeAggregation(reader, counts);
    const width = counts.length - before;
    const fits = firstBin >= 0 && (!range || (firstBin === range.firstBin && width === range.width && before === row * width));
    if (!fits) {
      counts.length = before;
      return false;
    }
    if (!range) {
      this.ranges.set(name, { firstBin, width, counts });
    }
    return true;
  }

  /** Ends time bucket `row` (its members read): its key, formatted key and document count. */
  addRow(key: number, keyAsString: string | undefined, docCount: number): void {
    this.keys.push(key);
    this.keysAsString.push(keyAsString);
    this.docCounts.push(docCount);
  }

  /** Every packed column has a value in every time bucket (plain values may be absent). */
  complete(): boolean {
    for (const column of this.ranges.values()) {
      if (column.counts.length !== this.length * column.width) {
        return false;
      }
    }
    for (const column of this.counts.values()) {
      if (column.length !== this.length) {
        return false;
      }
    }
    for (const column of this.values.values()) {
      column.length = this.length;
    }
    return true;
  }
}

const BUCKETS = asciiBytes('buckets');
const DOC_COUNT = asciiBytes('doc_count');
const KEY = asciiBytes('key');
const KEY_AS_STRING = asciiBytes('key_as_string');

/**
 * `{"buckets":{"b<i>":{"doc_count":<n>},…}}` (consecutive bins): counts pushed onto `counts`, the first bin
 * returned; -1 (cursor anywhere, the caller rewinds) for any other shape.
 */
function readRangeAggregation(reader: JsonByteReader, counts: CountBuffer): number {
  if (!reader.eat(OPEN_BRACE) || !reader.eatString(BUCKETS) || !reader.eat(COLON)) {
    return -1;
  }
  const firstBin = readKeyedRanges(reader, counts);
  return firstBin >= 0 && reader.eat(CLOSE_BRACE) ? firstBin : -1;
}

/** `{"doc_count":<n>}`: the count, or -1 (cursor anywhere, the caller rewinds) for any other shape. */
function readCountAggregation(reader: JsonByteReader): number {
  if (!reader.eat(OPEN_BRACE) || !reader.eatString(DOC_COUNT) || !reader.eat(COLON)) {
    return -1;
  }
  reader.peek();
  const count = reader.readCount();
  return count >= 0 && reader.eat(CLOSE_BRACE) ? count : -1;
}

/** One time bucket object into row `row`; false when it does not fit. */
function readTimeBucket(reader: JsonByteReader, columns: TimeBucketColumns, row: number): boolean {
  if (!reader.eat(OPEN_BRACE)) {
    return false;
  }
  let key: number | undefined;
  let keyAsString: string | undefined;
  let docCount = -1;
  do {
    if (reader.peek() !== QUOTE) {
      return false;
    }
    if (reader.eatString(KEY)) {
      if (key !== undefined || !reader.eat(COLON) || !isNumberStart(reader.peek())) {
        return false;
      }
      key = reader.readNumber();
    } else if (reader.eatString(KEY_AS_STRING)) {
      if (keyAsString !== undefined || !reader.eat(COLON) || reader.peek() !== QUOTE) {
        return false;
      }
      keyAsString = reader.readString();
    } else if (reader.eatString(DOC_COUNT)) {
      if (docCount >= 0 || !reader.eat(COLON)) {
        return false;
      }
      reader.peek();
      docCount = reader.readCount();
      if (docCount < 0) {
        return false;
      }
    } else {
      const name = reader.readName();
      if (!reader.eat(COLON) || !columns.readMember(reader, name, row)) {
        return false;
      }
    }
  } while (reader.eat(COMMA));
  if (!reader.eat(CLOSE_BRACE) || key === undefined || docCount < 0) {
    return false;
  }
  columns.addRow(key, keyAsString, docCount);
  return true;
}

/**
 * Packer for our time aggregation, `{"buckets":[<time bucket>, …]}`, into `{ buckets: TimeBucketColumns }`.
 * Strict: an empty histogram, a non-numeric key, a member repeated or packed differently from one bucket to
 * the next, or any other member than `buckets`, and the aggregation is parsed as plain JSON instead.
 */
export function packTimeHistogram(reader: JsonByteReader): { buckets: TimeBucketColumns } | typeof NOT_PACKED {
  if (!reader.eat(OPEN_BRACE) || !reader.eatString(BUCKETS) || !reader.eat(COLON) || !reader.eat(OPEN_BRACKET)) {
    return NOT_PACKED;
  }
  const columns = new TimeBucketColumns();
  if (reader.peek() === CLOSE_BRACKET) {
    return NOT_PACKED;
  }
  let row = 0;
  do {
    if (!readTimeBucket(reader, columns, row)) {
      return NOT_PACKED;
    }
    row++;
  } while (reader.eat(COMMA));
  return reader.eat(CLOSE_BRACKET) && reader.eat(CLOSE_BRACE) && columns.complete() ? { buckets: columns } : NOT_PACKED;
}

/** The time buckets of a histogram aggregation by column, whichever way the answer was parsed. */
export function timeBucketColumns(histogram: JsonObject, path: string): TimeBucketColumns {
  const buckets = histogram.buckets;
  return buckets instanceof TimeBucketColumns ? buckets : TimeBucketColumns.fromBuckets(bucketsAt(histogram, path), path);
}
