/**
 * Range and terms buckets read straight from the answer's bytes. A 100-feature × 288-step drift answer holds
 * over half a million `"b3":{"doc_count":7}` members; as objects they cost most of the parsing time and
 * memory, as number arrays almost nothing. Only the exact shapes Elasticsearch writes for what we ask are
 * packed: our `keyed` ranges (bin keys `b<i>` in increasing order, each with nothing but a plain integer
 * `doc_count`) and terms buckets of string keys (`{"key":"de","doc_count":7}`, nothing else); anything else
 * is parsed as ordinary JSON and read by the usual checked readers.
 */
import { type JsonByteReader, NOT_PACKED, OPEN_BRACE, OPEN_BRACKET } from '../upstream/byteJson';
import { scanKeyedRanges, scanTermsBuckets } from './bucketScan';
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

/** Packer for every `buckets` member: keyed range buckets (an object) or terms buckets (an array). */
export function packBuckets(reader: JsonByteReader): PackedRangeBuckets | PackedTermsBuckets | typeof NOT_PACKED {
  const next = reader.peek();
  if (next === OPEN_BRACE) {
    const ranges = scanKeyedRanges(reader);
    return ranges ? new PackedRangeBuckets(ranges.firstBin, ranges.counts) : NOT_PACKED;
  }
  if (next === OPEN_BRACKET) {
    const terms = scanTermsBuckets(reader);
    return terms ? new PackedTermsBuckets(terms.keys, terms.counts) : NOT_PACKED;
  }
  return NOT_PACKED;
}
