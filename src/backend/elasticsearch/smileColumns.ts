/**
 * Our time histogram read by column (see timeBucketColumns.ts), and terms buckets as arrays (see
 * packedBuckets.ts), from a Smile answer, which is how searches ask Elasticsearch to answer (see transport.ts).
 * The same strictness as the JSON packers: any shape other than the one Elasticsearch writes for our requests,
 * and the value is decoded plainly instead.
 */
import { NOT_PACKED } from '../upstream/byteJson';
import { END_ARRAY, END_OF_OBJECT_TAG, type SmileMark, SmileReader, START_ARRAY, START_OBJECT } from '../upstream/smile';
import { binOf } from './edges';
import type { Json } from './json';
import { PackedTermsBuckets } from './packedBuckets';
import { type AggregationReader, TimeBucketColumns } from './timeBucketColumns';

/** `AggregationReader` over Smile. */
class SmileAggregationReader implements AggregationReader<SmileMark> {
  smile = new SmileReader();

  mark(): SmileMark {
    return this.smile.mark();
  }

  rewind(mark: SmileMark): void {
    this.smile.rewind(mark);
  }

  rangeAggregation(counts: number[]): number {
    const reader = this.smile;
    if (!reader.eat(START_OBJECT) || reader.nextName() !== 'buckets' || !reader.eat(START_OBJECT)) {
      return -1;
    }
    // Consecutive bins only, as Elasticsearch lists our ranges (a repeated key would lose JSON's last-one-wins);
    // `{}` is left to plain decoding, as in the JSON packer.
    const firstBin = reader.readCountRun(DOC_COUNT_TAG, counts);
    if (firstBin < 0) {
      return -1;
    }
    return reader.nextNameTag() === END_OF_OBJECT_TAG ? firstBin : -1;
  }

  countAggregation(): number {
    return this.smile.readCountObject(DOC_COUNT_TAG);
  }

  plainValue(): Json {
    return this.smile.value() as Json;
  }
}

/** Member names the packers compare, tagged once per answer: bins `b<i>` as i, `doc_count` and `key`. */
const DOC_COUNT_TAG = -3;
const KEY_TAG = -4;
export function tagMemberName(name: string): number {
  return name === 'doc_count' ? DOC_COUNT_TAG : name === 'key' ? KEY_TAG : binOf(name);
}

/**
 * Smile packer for `buckets` members: terms buckets of string keys, `[{"key":"de","doc_count":7},…]` (the other
 * buckets, such as the few keyed ranges of a totals search, decode plainly).
 */
export function packSmileTermsBuckets(reader: SmileReader): PackedTermsBuckets | typeof NOT_PACKED {
  if (!reader.eat(START_ARRAY) || reader.peek() === END_ARRAY) {
    return NOT_PACKED;
  }
  const keys: string[] = [];
  const counts: number[] = [];
  while (!reader.eat(END_ARRAY)) {
    if (!reader.eat(START_OBJECT) || reader.nextNameTag() !== KEY_TAG) {
      return NOT_PACKED;
    }
    const key = reader.readText();
    if (key === undefined || reader.nextNameTag() !== DOC_COUNT_TAG) {
      return NOT_PACKED;
    }
    const count = reader.readCount();
    if (count < 0 || reader.nextNameTag() !== END_OF_OBJECT_TAG) {
      return NOT_PACKED;
    }
    keys.push(key);
    counts.push(count);
  }
  return new PackedTermsBuckets(keys, counts);
}

/** One for all answers (decoding is synchronous), pointed at the reader of the answer being decoded. */
const smileMembers = new SmileAggregationReader();

/** One time bucket object into row `row`; false when it does not fit. */
function readTimeBucket(reader: SmileReader, columns: TimeBucketColumns, row: number): boolean {
  if (!reader.eat(START_OBJECT)) {
    return false;
  }
  let key: number | undefined;
  let keyAsString: string | undefined;
  let docCount = -1;
  for (let name = reader.nextName(); name !== undefined; name = reader.nextName()) {
    if (name === 'key' || name === 'key_as_string') {
      const value = reader.value();
      if (name === 'key' && key === undefined && typeof value === 'number') {
        key = value;
      } else if (name === 'key_as_string' && keyAsString === undefined && typeof value === 'string') {
        keyAsString = value;
      } else {
        return false;
      }
    } else if (name === 'doc_count') {
      if (docCount >= 0) {
        return false;
      }
      docCount = reader.readCount();
      if (docCount < 0) {
        return false;
      }
    } else if (!columns.readMember(smileMembers, name, row)) {
      return false;
    }
  }
  if (key === undefined || docCount < 0) {
    return false;
  }
  columns.addRow(key, keyAsString, docCount);
  return true;
}

/** Smile packer for our time aggregation, `{"buckets":[<time bucket>, …]}`, into `{ buckets: TimeBucketColumns }`. */
export function packSmileTimeHistogram(reader: SmileReader): { buckets: TimeBucketColumns } | typeof NOT_PACKED {
  if (!reader.eat(START_OBJECT) || reader.nextName() !== 'buckets' || !reader.eat(START_ARRAY) || reader.peek() === END_ARRAY) {
    return NOT_PACKED;
  }
  smileMembers.smile = reader;
  const columns = new TimeBucketColumns();
  for (let row = 0; !reader.eat(END_ARRAY); row++) {
    if (!readTimeBucket(reader, columns, row)) {
      return NOT_PACKED;
    }
  }
  return reader.nextName() === undefined && columns.complete() ? { buckets: columns } : NOT_PACKED;
}
