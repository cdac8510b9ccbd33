/**
 * Range and terms buckets read straight from the answer's bytes. A 100-feature × 288-step drift answer holds
 * over half a million `"b3":{"doc_count":7}` members; as objects they cost most of the parsing time and
 * memory, as number arrays almost nothing. Only the exact shapes Elasticsearch writes for what we ask are
 * packed: our `keyed` ranges (bin keys `b<i>` in increasing order, each with nothing but a plain integer
 * `doc_count`) and terms buckets of string keys (`{"key":"de","doc_count":7}`, nothing else); anything else
 * is parsed as ordinary JSON and read by the usual checked readers.
 */
import {
  asciiBytes,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  type JsonByteReader,
  NOT_PACKED,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from '../upstream/byteJson';
import { binKey } from './edges';
import { type JsonObject, PackedValue } from './json';

export class PackedRangeBuckets extends PackedValue {
  constructor(
    /** The bin of the first bucket (`b0` → 0); the others follow without gaps, as Elasticsearch lists every range. */
    readonly firstBin: number,
    readonly counts: number[]
  ) {
    super();
  }

  /** The buckets as a keyed answer reads when parsed as plain JSON: `{ key: "b3", doc_count: 7 }`. */
  override toBuckets(): JsonObject[] {
    return this.counts.map((count, i) => ({ key: binKey(this.firstBin + i), doc_count: count }));
  }
}

/** Terms buckets of string keys: the keys and their counts, in the answer's order. */
export class PackedTermsBuckets extends PackedValue {
  constructor(
    readonly keys: string[],
    readonly counts: number[]
  ) {
    super();
  }

  /** The buckets as parsed as plain JSON. */
  override toBuckets(): JsonObject[] {
    return this.keys.map((key, i) => ({ key, doc_count: this.counts[i] }));
  }
}

const BIN_PREFIX = 0x62; // 'b', as in edges.binKey
const DOC_COUNT = asciiBytes('doc_count');
const KEY = asciiBytes('key');
/** Counts of the range buckets being read; copied into an array of the exact size once the value is complete. */
const scratch: number[] = [];
/** The bin of the bucket `readBucket` read last. */
let lastBin = -1;
/** `":{"doc_count":`, what follows a bin number when the answer has no whitespace (as Elasticsearch writes it). */
const COMPACT_MIDDLE = asciiBytes('":{"doc_count":');

/** Consumes `expected` when the bytes at the cursor are exactly it. */
function eatExactly(reader: JsonByteReader, expected: Uint8Array): boolean {
  const { bytes, pos } = reader;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[pos + i] !== expected[i]) {
      return false;
    }
  }
  reader.pos = pos + expected.length;
  return true;
}

/** One `"b<i>":{"doc_count":<n>}` member: its count (its bin in `lastBin`), or -1 when it has another shape. */
function readBucket(reader: JsonByteReader): number {
  if (reader.peek() !== QUOTE || reader.bytes[reader.pos + 1] !== BIN_PREFIX) {
    return -1;
  }
  reader.pos += 2;
  lastBin = reader.readCount();
  if (lastBin < 0) {
    return -1;
  }
  // Half a million buckets in a big answer: the compact spelling is matched in one go, spaced ones token by token.
  if (!eatExactly(reader, COMPACT_MIDDLE)) {
    if (reader.bytes[reader.pos] !== QUOTE) {
      return -1;
    }
    reader.pos++;
    if (!reader.eat(COLON) || !reader.eat(OPEN_BRACE) || !reader.eatString(DOC_COUNT) || !reader.eat(COLON)) {
      return -1;
    }
    reader.peek();
  }
  const count = reader.readCount();
  return count >= 0 && reader.eat(CLOSE_BRACE) ? count : -1;
}

/**
 * The members of keyed range buckets, `{"b<i>":{"doc_count":<n>},…}`, their counts pushed onto `counts`: the
 * first bin, or -1 when the value has another shape (then `counts` may hold some of its counts). Consecutive
 * bins only: that is what Elasticsearch writes for our ranges, and it rules out repeated keys, whose JSON
 * meaning (the last one wins) a list of counts would lose. `{}` is left to the plain parser too.
 */
export function readKeyedRanges(reader: JsonByteReader, counts: number[]): number {
  if (!reader.eat(OPEN_BRACE) || reader.eat(CLOSE_BRACE)) {
    return -1;
  }
  const count = readBucket(reader);
  if (count < 0) {
    return -1;
  }
  const firstBin = lastBin;
  counts.push(count);
  let expected = firstBin + 1;
  while (reader.eat(COMMA)) {
    const next = readBucket(reader);
    if (next < 0 || lastBin !== expected) {
      return -1;
    }
    counts.push(next);
    expected++;
  }
  return reader.eat(CLOSE_BRACE) ? firstBin : -1;
}

export function packRangeBuckets(reader: JsonByteReader): PackedRangeBuckets | typeof NOT_PACKED {
  scratch.length = 0;
  const firstBin = readKeyedRanges(reader, scratch);
  return firstBin < 0 ? NOT_PACKED : new PackedRangeBuckets(firstBin, scratch.slice());
}

/** `[{"key":"<string>","doc_count":<n>},…]`; empty arrays are left to the plain parser. */
function packTermsBuckets(reader: JsonByteReader): PackedTermsBuckets | typeof NOT_PACKED {
  if (!reader.eat(OPEN_BRACKET) || reader.eat(CLOSE_BRACKET)) {
    return NOT_PACKED;
  }
  const keys: string[] = [];
  const counts: number[] = [];
  do {
    if (!reader.eat(OPEN_BRACE) || !reader.eatString(KEY) || !reader.eat(COLON) || reader.peek() !== QUOTE) {
      return NOT_PACKED;
    }
    keys.push(reader.readName());
    if (!reader.eat(COMMA) || !reader.eatString(DOC_COUNT) || !reader.eat(COLON)) {
      return NOT_PACKED;
    }
    reader.peek();
    const count = reader.readCount();
    if (count < 0 || !reader.eat(CLOSE_BRACE)) {
      return NOT_PACKED;
    }
    counts.push(count);
  } while (reader.eat(COMMA));
  return reader.eat(CLOSE_BRACKET) ? new PackedTermsBuckets(keys, counts) : NOT_PACKED;
}

/** Packer for every `buckets` member: keyed range buckets (an object) or terms buckets (an array). */
export function packBuckets(reader: JsonByteReader): PackedRangeBuckets | PackedTermsBuckets | typeof NOT_PACKED {
  const next = reader.peek();
  return next === OPEN_BRACE ? packRangeBuckets(reader) : next === OPEN_BRACKET ? packTermsBuckets(reader) : NOT_PACKED;
}
