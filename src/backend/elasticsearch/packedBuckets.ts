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
  digitsEnd,
  type JsonByteReader,
  NOT_PACKED,
  OPEN_BRACE,
  OPEN_BRACKET,
  plainCount,
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

/**
 * Counts appended one by one into a Float64Array that doubles when full. A big answer's range counts (over half a
 * million) in plain arrays grown by `push` were most of what a drift query allocated on the JavaScript heap, all of
 * it copied by the young-generation collector while alive; a typed array's memory is outside that heap.
 */
export class CountBuffer {
  values = new Float64Array(64);
  length = 0;

  push(count: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = count;
  }

  /** Counts [from, to) as a plain array. */
  slice(from: number, to: number): number[] {
    return Array.from(this.values.subarray(from, to));
  }
}

const BIN_PREFIX = 0x62; // 'b', as in edges.binKey
const DOC_COUNT = asciiBytes('doc_count');
const KEY = asciiBytes('key');
/** Counts of the range buckets being read; copied into an array of the exact size once the value is complete. */
const scratch = new CountBuffer();
/** The bin of the bucket `readBucket` read last. */
let lastBin = -1;
/** `":{"doc_count":`, what follows a bin number when the answer has no whitespace (as Elasticsearch writes it). */
const COMPACT_MIDDLE = asciiBytes('":{"doc_count":');

/** Where `readCompactBucket` stopped. */
let compactEnd = 0;

/**
 * The next bucket of bin `bin` in the exact spelling Elasticsearch writes, `"b<bin>":{"doc_count":<n>}` with no
 * whitespace, at `pos`: its count (and `compactEnd`), or -1 for any other spelling. Half a million buckets in a
 * big answer go through here, so it reads bytes directly; anything unusual goes the token-by-token way.
 */
function readCompactBucket(bytes: Uint8Array, pos: number, bin: number): number {
  if (bytes[pos] !== QUOTE || bytes[pos + 1] !== BIN_PREFIX) {
    return -1;
  }
  const binEnd = digitsEnd(bytes, pos + 2);
  if (plainCount(bytes, pos + 2, binEnd) !== bin) {
    return -1;
  }
  for (let i = 0; i < COMPACT_MIDDLE.length; i++) {
    if (bytes[binEnd + i] !== COMPACT_MIDDLE[i]) {
      return -1;
    }
  }
  const countStart = binEnd + COMPACT_MIDDLE.length;
  const countEnd = digitsEnd(bytes, countStart);
  const count = plainCount(bytes, countStart, countEnd);
  if (count < 0 || bytes[countEnd] !== CLOSE_BRACE) {
    return -1;
  }
  compactEnd = countEnd + 1;
  return count;
}

/** One `"b<i>":{"doc_count":<n>}` member, spaced in any way: its count (its bin in `lastBin`), or -1 when it has another shape. */
function readBucket(reader: JsonByteReader): number {
  if (reader.peek() !== QUOTE || reader.bytes[reader.pos + 1] !== BIN_PREFIX) {
    return -1;
  }
  reader.pos += 2;
  lastBin = reader.readCount();
  if (lastBin < 0 || reader.bytes[reader.pos] !== QUOTE) {
    return -1;
  }
  reader.pos++;
  if (!reader.eat(COLON) || !reader.eat(OPEN_BRACE) || !reader.eatString(DOC_COUNT) || !reader.eat(COLON)) {
    return -1;
  }
  reader.peek();
  const count = reader.readCount();
  return count >= 0 && reader.eat(CLOSE_BRACE) ? count : -1;
}

/**
 * The members of keyed range buckets, `{"b<i>":{"doc_count":<n>},…}`, their counts pushed onto `counts`: the
 * first bin, or -1 when the value has another shape (then `counts` may have some of its counts). Consecutive
 * bins only: that is what Elasticsearch writes for our ranges, and it rules out repeated keys, whose JSON
 * meaning (the last one wins) a list of counts would lose. `{}` is left to the plain parser too.
 */
export function readKeyedRanges(reader: JsonByteReader, counts: CountBuffer): number {
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
  for (;;) {
    if (reader.bytes[reader.pos] === COMMA) {
      const compact = readCompactBucket(reader.bytes, reader.pos + 1, expected);
      if (compact >= 0) {
        counts.push(compact);
        reader.pos = compactEnd;
        expected++;
        continue;
      }
    }
    if (!reader.eat(COMMA)) {
      break;
    }
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
  return firstBin < 0 ? NOT_PACKED : new PackedRangeBuckets(firstBin, scratch.slice(0, scratch.length));
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
