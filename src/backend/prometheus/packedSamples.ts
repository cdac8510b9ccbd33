/**
 * Range-query samples read straight from the answer's bytes. A 50-feature × 288-step drift answer holds
 * nearly 200,000 `[1795227600,"23"]` pairs; parsed as JSON they are an array and a string each, which is most
 * of the time the backend spends on the answer. Packed, every series' `values` become two number columns
 * (`SampleColumns`) with nothing allocated per sample.
 *
 * Only the exact shape Prometheus writes is packed: pairs of a JSON number and a string. Anything else (a
 * value that is not a string, a pair of another length, a string `parseSampleValue` refuses) is left to the
 * plain parser, so that `parseMatrixResponse` reports it exactly as it does for a plain answer.
 */
import { CLOSE_BRACKET, COMMA, isDigit, isNumberByte, type JsonByteReader, NOT_PACKED, OPEN_BRACKET, type Packers, QUOTE } from '../upstream/byteJson';
import { parseSampleValue, SampleColumns } from './response';

const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;

/**
 * A decimal of at most 15 digits is an integer below 2^53 divided by a power of ten below 10^22: both are
 * exact doubles, so one IEEE division gives the correctly rounded value, exactly what JSON.parse and Number()
 * return for it.
 */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * Columns are views into shared blocks rather than arrays of their own: a typed array of its own costs a
 * memory allocation outside the heap, about twenty times a view, and an answer has hundreds of series. The
 * series being read is written from `seriesStart` on; samples before it belong to columns already handed out.
 * A block lives as long as any of its views, so blocks are small next to an answer (1 MiB for both columns).
 * Numbers are written straight into the block rather than returned: a double returned from a function is a
 * heap allocation when it is not a small integer, and every timestamp is larger than that.
 */
const BLOCK_SAMPLES = 65_536;
let blockTimes = new Float64Array(BLOCK_SAMPLES);
let blockValues = new Float64Array(BLOCK_SAMPLES);
let seriesStart = 0;
/** How many samples `readPairs` read into the block for the series it read last. */
let seriesCount = 0;

/** Room for `count` samples of the series being read; a new block (the series so far moved to it) when full. */
function ensureRoom(count: number): void {
  if (seriesStart + count <= blockTimes.length) {
    return;
  }
  const size = Math.max(BLOCK_SAMPLES, 2 * count);
  const times = new Float64Array(size);
  const values = new Float64Array(size);
  times.set(blockTimes.subarray(seriesStart, seriesStart + count - 1));
  values.set(blockValues.subarray(seriesStart, seriesStart + count - 1));
  blockTimes = times;
  blockValues = values;
  seriesStart = 0;
}

/**
 * A number spelled `-?(0|[1-9][0-9]*)(.[0-9]+)?` with at most 15 digits, starting at `pos`, written into
 * `into[index]`; returns the position after it, or -1 (nothing written) for any other spelling, which the
 * callers then read the general way. Valid JSON and valid for Number() alike, so one reader serves both the
 * timestamp (a JSON number) and the value (a string).
 */
function readShortDecimal(bytes: Uint8Array, pos: number, into: Float64Array, index: number): number {
  const negative = bytes[pos] === MINUS;
  const first = negative ? pos + 1 : pos;
  let mantissa = 0;
  for (pos = first; pos < bytes.length && isDigit(bytes[pos]); pos++) {
    mantissa = mantissa * 10 + (bytes[pos] - DIGIT_0);
  }
  let digits = pos - first;
  let fractionDigits = 0;
  if (pos < bytes.length && bytes[pos] === DOT && digits > 0) {
    const fractionStart = ++pos;
    for (; pos < bytes.length && isDigit(bytes[pos]); pos++) {
      mantissa = mantissa * 10 + (bytes[pos] - DIGIT_0);
    }
    fractionDigits = pos - fractionStart;
    if (fractionDigits === 0) {
      return -1;
    }
    digits += fractionDigits;
  }
  const leadingZero = bytes[first] === DIGIT_0 && digits - fractionDigits > 1;
  if (digits === 0 || digits > MAX_EXACT_DIGITS || leadingZero || (pos < bytes.length && isNumberByte(bytes[pos]))) {
    return -1;
  }
  const magnitude = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
  into[index] = negative ? -magnitude : magnitude;
  return pos;
}

/*
 * The functions below are free functions over the answer's bytes and a position: the hot loop reads a byte
 * array, not the reader's fields. The reader is only used where the answer has whitespace or a value needs the
 * general readers.
 */

/** Where the next token starts: `pos` itself unless there is whitespace to skip (by the reader's rules). */
function tokenAt(bytes: Uint8Array, pos: number, reader: JsonByteReader): number {
  // Every byte that can start or end a token is above 0x20; JSON whitespace is at or below it. Prometheus
  // writes none, so the usual case costs one comparison.
  if (bytes[pos] > 0x20) {
    return pos;
  }
  reader.pos = pos;
  reader.peek();
  return reader.pos;
}

/** The position after `byte` when it is the next token, or -1. */
function past(bytes: Uint8Array, pos: number, byte: number, reader: JsonByteReader): number {
  const at = tokenAt(bytes, pos, reader);
  return bytes[at] === byte ? at + 1 : -1;
}

/** The time of a pair (at `pos`) into `blockTimes[index]`, in seconds as the answer writes it; the position after it. */
function readTime(bytes: Uint8Array, pos: number, index: number, reader: JsonByteReader): number {
  const end = readShortDecimal(bytes, pos, blockTimes, index);
  if (end >= 0) {
    return end;
  }
  reader.pos = pos;
  blockTimes[index] = reader.readNumber();
  return reader.pos;
}

/**
 * The value string of a pair (its opening quote at `pos`) into `blockValues[index]`, as `parseSampleValue`
 * reads it; the position after it, or -1 when parseSampleValue refuses it (the plain path then reports it).
 */
function readValue(bytes: Uint8Array, pos: number, index: number, reader: JsonByteReader): number {
  const end = readShortDecimal(bytes, pos + 1, blockValues, index);
  if (end >= 0 && bytes[end] === QUOTE) {
    return end + 1;
  }
  reader.pos = pos;
  const text = reader.readString();
  try {
    blockValues[index] = parseSampleValue(text);
    return reader.pos;
  } catch {
    return -1;
  }
}

/** One `[<time>, "<value>"]` pair at `pos` into the block at `index`; the position after it, or -1. */
function readPair(bytes: Uint8Array, pos: number, index: number, reader: JsonByteReader): number {
  pos = past(bytes, pos, OPEN_BRACKET, reader);
  if (pos < 0) {
    return -1;
  }
  pos = tokenAt(bytes, pos, reader);
  if (bytes[pos] !== MINUS && !isDigit(bytes[pos])) {
    return -1;
  }
  pos = past(bytes, readTime(bytes, pos, index, reader), COMMA, reader);
  if (pos < 0) {
    return -1;
  }
  pos = tokenAt(bytes, pos, reader);
  if (bytes[pos] !== QUOTE) {
    return -1;
  }
  pos = readValue(bytes, pos, index, reader);
  return pos < 0 ? -1 : past(bytes, pos, CLOSE_BRACKET, reader);
}

/**
 * One pair spelled exactly as Prometheus writes it, `[1795232100,"6"]` (no whitespace, short decimals), into the
 * block at `index`; the position after it, or -1 (then `readPair` reads it token by token). Nearly every one of
 * the ~200,000 pairs of a big answer comes this way, so it reads bytes directly.
 */
function readCompactPair(bytes: Uint8Array, pos: number, index: number): number {
  if (bytes[pos] !== OPEN_BRACKET) {
    return -1;
  }
  pos = readShortDecimal(bytes, pos + 1, blockTimes, index);
  if (pos < 0 || bytes[pos] !== COMMA || bytes[pos + 1] !== QUOTE) {
    return -1;
  }
  pos = readShortDecimal(bytes, pos + 2, blockValues, index);
  return pos >= 0 && bytes[pos] === QUOTE && bytes[pos + 1] === CLOSE_BRACKET ? pos + 2 : -1;
}

/** The pairs of one series from `pos` (after its `[`) into the block; the position after its `]`, or -1. */
function readPairs(bytes: Uint8Array, pos: number, reader: JsonByteReader): number {
  let count = 0;
  for (;;) {
    ensureRoom(count + 1);
    const compact = readCompactPair(bytes, pos, seriesStart + count);
    pos = compact >= 0 ? compact : readPair(bytes, pos, seriesStart + count, reader);
    if (pos < 0) {
      return -1;
    }
    count++;
    pos = tokenAt(bytes, pos, reader);
    if (bytes[pos] === CLOSE_BRACKET) {
      seriesCount = count;
      return pos + 1;
    }
    if (bytes[pos] !== COMMA) {
      return -1;
    }
    pos++;
  }
}

/** A non-empty `[[<time>, "<value>"], ...]` into columns, or NOT_PACKED for any other shape. */
export function packSamples(reader: JsonByteReader): SampleColumns | typeof NOT_PACKED {
  // `[]` reads as no samples either way and needs no special form.
  if (!reader.eat(OPEN_BRACKET) || reader.eat(CLOSE_BRACKET)) {
    return NOT_PACKED;
  }
  const end = readPairs(reader.bytes, reader.pos, reader);
  if (end < 0) {
    return NOT_PACKED;
  }
  reader.pos = end;
  const start = seriesStart;
  seriesStart += seriesCount;
  return SampleColumns.fromSeconds(blockTimes.subarray(start, seriesStart), blockValues.subarray(start, seriesStart));
}

/** How `query_range` answers are parsed: every series' `values` may be packed into columns. */
export const MATRIX_ANSWER_PACKERS: Packers = { values: packSamples };
