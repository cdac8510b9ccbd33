/**
 * Keyed range buckets read straight from the answer's bytes. A 100-feature × 288-step drift answer holds
 * over half a million `"b3":{"doc_count":7}` members; as objects they cost most of the parsing time and
 * memory, as two number arrays almost nothing. Only the exact shape Elasticsearch writes for our `keyed`
 * ranges is packed (bin keys `b<i>` in increasing order, each with nothing but a plain integer `doc_count`);
 * anything else is parsed as ordinary JSON and read by the usual checked readers.
 */
import { asciiBytes, type JsonByteReader, NOT_PACKED, type Packers } from '../upstream/byteJson';
import { binKey } from './edges';
import type { JsonObject } from './json';

export class PackedRangeBuckets {
  constructor(
    /** The bin of the first bucket (`b0` → 0); the others follow without gaps, as Elasticsearch lists every range. */
    readonly firstBin: number,
    readonly counts: number[]
  ) {}

  /** The buckets as a keyed answer reads when parsed as plain JSON: `{ key: "b3", doc_count: 7 }`. */
  toBuckets(): JsonObject[] {
    return this.counts.map((count, i) => ({ key: binKey(this.firstBin + i), doc_count: count }));
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BIN_PREFIX = 0x62; // 'b', as in edges.binKey
const DOC_COUNT = asciiBytes('doc_count');
/** Counts of the range buckets being read; copied into an array of the exact size once the value is complete. */
const scratch: number[] = [];
/** The bin of the bucket `readBucket` read last. */
let lastBin = -1;

/** One `"b<i>":{"doc_count":<n>}` member: its count (its bin in `lastBin`), or -1 when it has another shape. */
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
 * Consecutive bins only: that is what Elasticsearch writes for our ranges, and it rules out repeated keys,
 * whose JSON meaning (the last one wins) a list of counts would lose.
 */
export function packRangeBuckets(reader: JsonByteReader): PackedRangeBuckets | typeof NOT_PACKED {
  // `{}` (an empty keyed answer) reads the same as a plain object and needs no special form.
  if (!reader.eat(OPEN_BRACE) || reader.eat(CLOSE_BRACE)) {
    return NOT_PACKED;
  }
  scratch.length = 0;
  let firstBin = -1;
  do {
    const count = readBucket(reader);
    if (count < 0 || (firstBin >= 0 && lastBin !== firstBin + scratch.length)) {
      return NOT_PACKED;
    }
    if (firstBin < 0) {
      firstBin = lastBin;
    }
    scratch.push(count);
  } while (reader.eat(COMMA));
  return reader.eat(CLOSE_BRACE) ? new PackedRangeBuckets(firstBin, scratch.slice()) : NOT_PACKED;
}

/** How search answers are parsed: `buckets` members may be packed range buckets. */
export const SEARCH_ANSWER_PACKERS: Packers = { buckets: packRangeBuckets };
