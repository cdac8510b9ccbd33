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
const DIGIT_0 = 0x30;
/** More digits than this and a number may not be exact in a double: not read here (the plain reader reports it). */
const MAX_DIGITS = 15;

/** The digits at `from` as a count: the position after them in `digitsEndAt`, -1 when none, too many or a leading zero. */
let digitsEndAt = 0;
function readDigits(bytes: Uint8Array, from: number): number {
  let pos = from;
  let value = 0;
  for (let byte = bytes[pos]; byte >= DIGIT_0 && byte <= DIGIT_0 + 9; byte = bytes[++pos]) {
    value = value * 10 + (byte - DIGIT_0);
  }
  digitsEndAt = pos;
  const digits = pos - from;
  return digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[from] === DIGIT_0) ? -1 : value;
}

/**
 * Whether `":{"doc_count":` (what follows a bin number when the answer has no whitespace, as Elasticsearch writes
 * it) is at `pos`. Byte by byte against constants: this runs for every bucket of an answer.
 */
function compactMiddleAt(bytes: Uint8Array, pos: number): boolean {
  return (
    bytes[pos] === 0x22 && // "
    bytes[pos + 1] === 0x3a && // :
    bytes[pos + 2] === 0x7b && // {
    bytes[pos + 3] === 0x22 && // "
    bytes[pos + 4] === 0x64 && // d
    bytes[pos + 5] === 0x6f && // o
    bytes[pos + 6] === 0x63 && // c
    bytes[pos + 7] === 0x5f && // _
    bytes[pos + 8] === 0x63 && // c
    bytes[pos + 9] === 0x6f && // o
    bytes[pos + 10] === 0x75 && // u
    bytes[pos + 11] === 0x6e && // n
    bytes[pos + 12] === 0x74 && // t
    bytes[pos + 13] === 0x22 && // "
    bytes[pos + 14] === 0x3a // :
  );
}
const COMPACT_MIDDLE_LENGTH = 15;

/** Where `readCompactRun` stopped: after the last bucket it read. */
let compactEnd = 0;

/**
 * The buckets from `pos` on while each is `,"b<bin>":{"doc_count":<n>}` in the exact spelling Elasticsearch writes
 * (no whitespace, bins counting up from `bin`), their counts pushed onto `counts`; returns the next bin and leaves
 * the position after the last bucket read in `compactEnd`. The first bucket spelt otherwise is left to the
 * token-by-token reader. Half a million buckets of a big answer go through this one loop over the bytes.
 */
function readCompactRun(bytes: Uint8Array, pos: number, bin: number, counts: CountBuffer): number {
  for (;;) {
    compactEnd = pos;
    if (bytes[pos] !== COMMA || bytes[pos + 1] !== QUOTE || bytes[pos + 2] !== BIN_PREFIX || readDigits(bytes, pos + 3) !== bin) {
      return bin;
    }
    const middle = digitsEndAt;
    if (!compactMiddleAt(bytes, middle)) {
      return bin;
    }
    const count = readDigits(bytes, middle + COMPACT_MIDDLE_LENGTH);
    if (count < 0 || bytes[digitsEndAt] !== CLOSE_BRACE) {
      return bin;
    }
    counts.push(count);
    bin++;
    pos = digitsEndAt + 1;
  }
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
    expected = readCompactRun(reader.bytes, reader.pos, expected, counts);
    reader.pos = compactEnd;
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
