/**
 * The buckets of our answers read straight from their bytes: keyed range buckets, terms buckets and the
 * `date_histogram` around them (by column, see timeBucketColumns.ts). Only the exact shapes Elasticsearch writes
 * for what we ask are read here; for anything else the caller parses the value as ordinary JSON.
 *
 * Free functions over a cursor held in this module, not methods of a reader object, and results in typed arrays:
 * V8 compiles hot code against the object shapes it has seen, and throws that code away once the last object of
 * such a shape is garbage (a full collection after an idle spell collects the previous answer's objects). A loop
 * that touched a per-answer reader or column object would start every query after such a collection in the
 * interpreter (measured: twice the time); these loops touch only bytes, numbers, typed arrays, arrays and strings,
 * whose shapes live as long as the process.
 */
import { afterToken, asciiBytes, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, digitsEnd, isNumberByte, type JsonByteReader, nameAt, OPEN_BRACE, OPEN_BRACKET, plainCount, QUOTE, stringAt } from '../upstream/byteJson';
import type { Json } from './json';

const BIN_PREFIX = 0x62; // 'b', as in edges.binKey
const DIGIT_0 = 0x30;
const BACKSLASH = 0x5c;
/** More digits than this and a number may not be exact in a double: not read here (the plain reader reports it). */
const MAX_DIGITS = 15;
const EMPTY = new Uint8Array(0);
const BUCKETS = asciiBytes('buckets');
const DOC_COUNT = asciiBytes('doc_count');
const DOC_COUNT_ERROR = asciiBytes('doc_count_error_upper_bound');
const SUM_OTHER = asciiBytes('sum_other_doc_count');
const KEY = asciiBytes('key');
const KEY_AS_STRING = asciiBytes('key_as_string');

/** The answer being read and the cursor in it; `bytes` is let go (`endScan`) once a packer is done. */
let bytes: Uint8Array = EMPTY;
let pos = 0;

/**
 * Counts being read (range counts; terms buckets as category, count pairs), appended at `outLength`: the scratch
 * buffer of a single value's scan, or the buffer of the histogram column being read.
 */
let scratch: Float64Array = new Float64Array(256);
let out: Float64Array = scratch;
let outLength = 0;

/** Category numbers of terms keys, for the terms buckets being read. */
let categoryIndex = new Map<string, number>();
let categoryNames: string[] = [];

/** Starts reading `answer` at `at`, counts from the start of the scratch buffer. */
function startScan(answer: Uint8Array, at: number): void {
  bytes = answer;
  pos = at;
  out = scratch;
  outLength = 0;
}

/** The position reached; lets the answer go. */
function endScan(): number {
  bytes = EMPTY;
  return pos;
}

function put(value: number): void {
  if (outLength === out.length) {
    const grown = new Float64Array(out.length * 2);
    grown.set(out);
    out = grown;
  }
  out[outLength++] = value;
}

/** The next byte after whitespace (the cursor stays on it), or -1 at the end. */
function peek(): number {
  while (pos < bytes.length) {
    const byte = bytes[pos];
    // Space, tab, line feed, carriage return: the only whitespace JSON allows.
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
      return byte;
    }
    pos++;
  }
  return -1;
}

/** Consumes `byte` (after whitespace) when it comes next. */
function eat(byte: number): boolean {
  if (peek() === byte) {
    pos++;
    return true;
  }
  return false;
}

/** Consumes a string token whose content is exactly `ascii` (no escapes), e.g. a member name. */
function eatName(ascii: Uint8Array): boolean {
  if (peek() !== QUOTE) {
    return false;
  }
  const start = pos + 1;
  if (start + ascii.length >= bytes.length || bytes[start + ascii.length] !== QUOTE) {
    return false;
  }
  for (let i = 0; i < ascii.length; i++) {
    if (bytes[start + i] !== ascii[i]) {
      return false;
    }
  }
  pos = start + ascii.length + 1;
  return true;
}

/** A plain count at the cursor (no whitespace skipped): at most 15 digits, no sign, fraction or exponent; else -1. */
function count(): number {
  const end = digitsEnd(bytes, pos);
  const value = plainCount(bytes, pos, end);
  if (value < 0 || (end < bytes.length && isNumberByte(bytes[end]))) {
    return -1;
  }
  pos = end;
  return value;
}

/** `: <count>` after a member name: the count, or -1. */
function countValue(): number {
  if (!eat(COLON)) {
    return -1;
  }
  peek();
  return count();
}

/**
 * The digits at `from` in `answer` as a count: the position after them in `digitsEndAt`, -1 when none, too many
 * or a leading zero. The answer comes as an argument (a local in the callers' loops) rather than from `bytes`.
 */
let digitsEndAt = 0;
function digitsAt(answer: Uint8Array, from: number): number {
  let at = from;
  let value = 0;
  for (let byte = answer[at]; byte >= DIGIT_0 && byte <= DIGIT_0 + 9; byte = answer[++at]) {
    value = value * 10 + (byte - DIGIT_0);
  }
  digitsEndAt = at;
  const digits = at - from;
  return digits === 0 || digits > MAX_DIGITS || (digits > 1 && answer[from] === DIGIT_0) ? -1 : value;
}

/**
 * Whether `":{"doc_count":` (what follows a bin number when the answer has no whitespace, as Elasticsearch writes
 * it) is at `at`. Byte by byte against constants: this runs for every bucket of an answer.
 */
function compactMiddleAt(answer: Uint8Array, at: number): boolean {
  return (
    answer[at] === 0x22 && // "
    answer[at + 1] === 0x3a && // :
    answer[at + 2] === 0x7b && // {
    answer[at + 3] === 0x22 && // "
    answer[at + 4] === 0x64 && // d
    answer[at + 5] === 0x6f && // o
    answer[at + 6] === 0x63 && // c
    answer[at + 7] === 0x5f && // _
    answer[at + 8] === 0x63 && // c
    answer[at + 9] === 0x6f && // o
    answer[at + 10] === 0x75 && // u
    answer[at + 11] === 0x6e && // n
    answer[at + 12] === 0x74 && // t
    answer[at + 13] === 0x22 && // "
    answer[at + 14] === 0x3a // :
  );
}
const COMPACT_MIDDLE_LENGTH = 15;

/**
 * One range bucket `"b<bin>":{"doc_count":<n>}` at `at` in the exact spelling Elasticsearch writes (no
 * whitespace): its count (its bin in `lastBin`, the position of its closing brace in `digitsEndAt`), or -1.
 */
function compactBucket(answer: Uint8Array, at: number): number {
  if (answer[at] !== QUOTE || answer[at + 1] !== BIN_PREFIX) {
    return -1;
  }
  lastBin = digitsAt(answer, at + 2);
  const middle = digitsEndAt;
  if (lastBin < 0 || !compactMiddleAt(answer, middle)) {
    return -1;
  }
  const value = digitsAt(answer, middle + COMPACT_MIDDLE_LENGTH);
  return value >= 0 && answer[digitsEndAt] === CLOSE_BRACE ? value : -1;
}

/**
 * The range buckets from the cursor on while each is `,"b<bin>":{"doc_count":<n>}` in the exact spelling
 * Elasticsearch writes (bins counting up from `bin`), their counts put in `out`; returns the next bin. The first
 * bucket spelt otherwise is left to `rangeBucket`. Half a million buckets of a big answer go through this one
 * loop over the bytes, which keeps the answer, cursor and output in locals.
 */
function compactRun(bin: number): number {
  const answer = bytes;
  let at = pos;
  let into = out;
  let length = outLength;
  for (;;) {
    const value = answer[at] === COMMA ? compactBucket(answer, at + 1) : -1;
    if (value < 0 || lastBin !== bin) {
      break;
    }
    if (length === into.length) {
      outLength = length;
      put(value);
      into = out;
      length = outLength;
    } else {
      into[length++] = value;
    }
    bin++;
    at = digitsEndAt + 1;
  }
  pos = at;
  outLength = length;
  return bin;
}

/** The bin of the bucket `rangeBucket` or `compactBucket` read last. */
let lastBin = -1;

/** One `"b<i>":{"doc_count":<n>}` member, spaced in any way: its count (its bin in `lastBin`), or -1 when it has another shape. */
function rangeBucket(): number {
  if (peek() !== QUOTE || bytes[pos + 1] !== BIN_PREFIX) {
    return -1;
  }
  pos += 2;
  lastBin = count();
  if (lastBin < 0 || bytes[pos] !== QUOTE) {
    return -1;
  }
  pos++;
  if (!eat(COLON) || !eat(OPEN_BRACE) || !eatName(DOC_COUNT)) {
    return -1;
  }
  const value = countValue();
  return value >= 0 && eat(CLOSE_BRACE) ? value : -1;
}

/**
 * Keyed range buckets, `{"b<i>":{"doc_count":<n>},…}`, their counts put in `out`: the first bin, or -1 when the
 * value has another shape. Consecutive bins only: that is what Elasticsearch writes for our ranges, and it rules
 * out repeated keys, whose JSON meaning (the last one wins) a list of counts would lose. `{}` is left to the plain
 * parser too.
 */
function keyedRanges(): number {
  if (!eat(OPEN_BRACE) || eat(CLOSE_BRACE)) {
    return -1;
  }
  let first = compactBucket(bytes, pos);
  if (first >= 0) {
    pos = digitsEndAt + 1;
  } else {
    first = rangeBucket();
  }
  if (first < 0) {
    return -1;
  }
  const firstBin = lastBin;
  put(first);
  let expected = firstBin + 1;
  for (;;) {
    expected = compactRun(expected);
    if (!eat(COMMA)) {
      break;
    }
    const next = rangeBucket();
    if (next < 0 || lastBin !== expected) {
      return -1;
    }
    put(next);
    expected++;
  }
  return eat(CLOSE_BRACE) ? firstBin : -1;
}

/**
 * Terms buckets of string keys, `[{"key":"de","doc_count":7},…]` (possibly empty), as (category number, count)
 * pairs in `out`; category numbers from `categoryIndex`, new keys added to it and to `categoryNames`. False when
 * the value has another shape.
 */
function termsBuckets(): boolean {
  if (!eat(OPEN_BRACKET)) {
    return false;
  }
  if (eat(CLOSE_BRACKET)) {
    return true;
  }
  let place = 0;
  do {
    if (!eat(OPEN_BRACE) || !eatName(KEY) || !eat(COLON) || peek() !== QUOTE) {
      return false;
    }
    // Time buckets usually list the categories in the same order: the one first seen at this place is tried first.
    let category = place < categoryNames.length && stringIs(categoryNames[place]) ? place : -1;
    if (category < 0) {
      const key = nameAt(bytes, pos);
      pos = afterToken();
      category = categoryIndex.get(key) ?? -1;
      if (category < 0) {
        category = categoryNames.length;
        categoryIndex.set(key, category);
        categoryNames.push(key);
      }
    }
    place++;
    if (!eat(COMMA) || !eatName(DOC_COUNT)) {
      return false;
    }
    const value = countValue();
    if (value < 0 || !eat(CLOSE_BRACE)) {
      return false;
    }
    put(category);
    put(value);
  } while (eat(COMMA));
  return eat(CLOSE_BRACKET);
}

/** Counts [from, to) of `out` as a plain array. */
function outSlice(from: number, to: number): number[] {
  const values = new Array<number>(to - from);
  for (let i = from; i < to; i++) {
    values[i - from] = out[i];
  }
  return values;
}

/** Keyed range buckets at the reader's cursor: the first bin and the counts, or undefined (cursor anywhere). */
export function scanKeyedRanges(reader: JsonByteReader): { firstBin: number; counts: number[] } | undefined {
  startScan(reader.bytes, reader.pos);
  const firstBin = keyedRanges();
  reader.pos = endScan();
  scratch = out;
  return firstBin < 0 ? undefined : { firstBin, counts: outSlice(0, outLength) };
}

/** Terms buckets of string keys at the reader's cursor (not empty): keys and counts, or undefined (cursor anywhere). */
export function scanTermsBuckets(reader: JsonByteReader): { keys: string[]; counts: number[] } | undefined {
  startScan(reader.bytes, reader.pos);
  categoryIndex = new Map();
  categoryNames = [];
  const read = termsBuckets() && outLength > 0;
  reader.pos = endScan();
  scratch = out;
  if (!read) {
    return undefined;
  }
  const keys = new Array<string>(outLength / 2);
  const counts = new Array<number>(outLength / 2);
  for (let i = 0; i < keys.length; i++) {
    keys[i] = categoryNames[out[2 * i]];
    counts[i] = out[2 * i + 1];
  }
  return { keys, counts };
}

/** Range counts of one aggregation: `width` consecutive bins from `firstBin`, a row per time bucket. */
export interface RangeColumn {
  firstBin: number;
  width: number;
  counts: Float64Array;
}

/**
 * Terms aggregations of string keys, one per time bucket: the buckets of row r are the (category, count) pairs
 * `pairs[2 * rows[3r - 3] … 2 * rows[3r] - 1]` (from 0 for row 0), categories numbered in `categories`; `rows[3r + 1]` is
 * the row's `sum_other_doc_count` (-1 where the time bucket lacks the aggregation), `rows[3r + 2]` its
 * `doc_count_error_upper_bound`.
 */
export interface TermsColumn {
  categories: string[];
  pairs: Float64Array;
  rows: Float64Array;
}

/** Our time histogram by column (what timeBucketColumns.ts wraps). */
export interface ScannedHistogram {
  keys: number[];
  keysAsString: Array<string | undefined>;
  docCounts: number[];
  ranges: Map<string, RangeColumn>;
  /** Aggregations that are only a count, `{"doc_count": n}` (`missing`). */
  counts: Map<string, Float64Array>;
  terms: Map<string, TermsColumn>;
  /** Everything else, as plain JSON; `undefined` where a time bucket lacks the aggregation. */
  values: Map<string, Array<Json | undefined>>;
}

const RANGE = 0;
const COUNT = 1;
const TERMS = 2;
const PLAIN = 3;

/**
 * The columns of the histogram being read, by column number (the first row's member order): parallel arrays
 * rather than an object per column, for the reason in the header. `columnData` holds range counts, counts or
 * terms pairs (`columnLength` of them), `columnRowData` the terms rows' three numbers; `columnRows` is how many
 * rows a column has values for.
 */
const columnOf = new Map<string, number>();
let columnNames: string[] = [];
let columnKinds: number[] = [];
let columnFirstBin: number[] = [];
let columnWidth: number[] = [];
let columnRows: number[] = [];
let columnData: Float64Array[] = [];
let columnLength: number[] = [];
let columnRowData: Float64Array[] = [];
let columnCategories: string[][] = [];
let columnCategoryIndex: Array<Map<string, number>> = [];
let columnValues: Array<Array<Json | undefined>> = [];
let scanning = false;

function resetColumns(): void {
  columnOf.clear();
  columnNames = [];
  columnKinds = [];
  columnFirstBin = [];
  columnWidth = [];
  columnRows = [];
  columnData = [];
  columnLength = [];
  columnRowData = [];
  columnCategories = [];
  columnCategoryIndex = [];
  columnValues = [];
}

function addColumn(name: string, kind: number, firstBin: number, width: number): number {
  const column = columnNames.length;
  columnOf.set(name, column);
  columnNames.push(name);
  columnKinds.push(kind);
  columnFirstBin.push(firstBin);
  columnWidth.push(width);
  columnRows.push(0);
  columnData.push(kind === PLAIN ? EMPTY_COUNTS : out);
  columnLength.push(0);
  columnRowData.push(kind === TERMS ? new Float64Array(64) : EMPTY_COUNTS);
  columnCategories.push(categoryNames);
  columnCategoryIndex.push(categoryIndex);
  columnValues.push([]);
  return column;
}
const EMPTY_COUNTS = new Float64Array(0);

/** Makes column `column`'s data the buffer `out` appends to. */
function appendTo(column: number): void {
  out = columnData[column];
  outLength = columnLength[column];
}

/** Keeps what was appended to column `column` (its buffer may have grown). */
function keepAppended(column: number): void {
  columnData[column] = out;
  columnLength[column] = outLength;
}

/** `{"buckets":{"b<i>":{"doc_count":<n>},…}}` (consecutive bins) into `out`: the first bin, or -1. */
function rangeAggregation(): number {
  if (!eat(OPEN_BRACE) || !eatName(BUCKETS) || !eat(COLON)) {
    return -1;
  }
  const firstBin = keyedRanges();
  return firstBin >= 0 && eat(CLOSE_BRACE) ? firstBin : -1;
}

/** `{"doc_count":<n>}`: the count, or -1. */
function countAggregation(): number {
  if (!eat(OPEN_BRACE) || !eatName(DOC_COUNT)) {
    return -1;
  }
  const value = countValue();
  return value >= 0 && eat(CLOSE_BRACE) ? value : -1;
}

/** The `sum_other_doc_count` of the terms aggregation `termsAggregation` read last, and its error bound. */
let termsOther = 0;
let termsError = 0;

/**
 * `{"doc_count_error_upper_bound":<n>,"sum_other_doc_count":<n>,"buckets":[…]}` (as Elasticsearch writes a terms
 * aggregation, in that order), its buckets into `out` as pairs: false for any other shape.
 */
function termsAggregation(): boolean {
  if (!eat(OPEN_BRACE) || !eatName(DOC_COUNT_ERROR)) {
    return false;
  }
  termsError = countValue();
  if (termsError < 0 || !eat(COMMA) || !eatName(SUM_OTHER)) {
    return false;
  }
  termsOther = countValue();
  return termsOther >= 0 && eat(COMMA) && eatName(BUCKETS) && eat(COLON) && termsBuckets() && eat(CLOSE_BRACE);
}

/** Ends row `row` of terms column `column`: its end in the pairs, other count (-1: absent) and error bound. */
function termsRow(column: number, row: number, other: number, error: number): void {
  let rows = columnRowData[column];
  if (rows.length < 3 * (row + 1)) {
    const grown = new Float64Array(Math.max(rows.length * 2, 3 * (row + 1)));
    grown.set(rows);
    rows = grown;
    columnRowData[column] = rows;
  }
  rows[3 * row] = columnLength[column] / 2;
  rows[3 * row + 1] = other;
  rows[3 * row + 2] = error;
  columnRows[column] = row + 1;
}

/** Terms column rows up to (not including) `row` that lack the aggregation. */
function absentTermsRows(column: number, row: number): void {
  for (let r = columnRows[column]; r < row; r++) {
    termsRow(column, r, -1, 0);
  }
}

/** A member's value as plain JSON, read by the reader's parser (which may use packers, this module's included). */
function plainValue(reader: JsonByteReader): Json {
  const answer = bytes;
  reader.pos = pos;
  const value = reader.parseValue() as Json;
  bytes = answer;
  pos = reader.pos;
  return value;
}

/** The value of member `column` in row `row` into its column; false when it does not fit the column. */
function memberValue(column: number, row: number, reader: JsonByteReader): boolean {
  const kind = columnKinds[column];
  if (columnRows[column] > row) {
    // The same member twice in one bucket: JSON keeps the last, which plain parsing does right.
    return false;
  }
  if (kind === PLAIN) {
    columnValues[column][row] = plainValue(reader);
    columnRows[column] = row + 1;
    return true;
  }
  if (kind === TERMS) {
    absentTermsRows(column, row);
    categoryIndex = columnCategoryIndex[column];
    categoryNames = columnCategories[column];
    appendTo(column);
    const read = termsAggregation();
    keepAppended(column);
    if (read) {
      termsRow(column, row, termsOther, termsError);
    }
    return read;
  }
  if (columnRows[column] !== row) {
    // Packed counts need a value in every time bucket.
    return false;
  }
  columnRows[column] = row + 1;
  if (kind === COUNT) {
    const value = countAggregation();
    appendTo(column);
    put(value);
    keepAppended(column);
    return value >= 0;
  }
  const width = columnWidth[column];
  appendTo(column);
  const firstBin = rangeAggregation();
  keepAppended(column);
  return firstBin === columnFirstBin[column] && outLength === (row + 1) * width;
}

/** A member first seen in row `row`: in the first row, the most compact column its value fits; later, plain. */
function newMember(name: string, row: number, reader: JsonByteReader): boolean {
  const start = pos;
  if (row === 0) {
    // Read into a new buffer, which becomes the column's if the value fits one.
    out = new Float64Array(256);
    outLength = 0;
    const firstBin = rangeAggregation();
    if (firstBin >= 0) {
      keepAppended(addColumn(name, RANGE, firstBin, outLength));
      columnRows[columnRows.length - 1] = 1;
      return true;
    }
    pos = start;
    outLength = 0;
    const value = countAggregation();
    if (value >= 0) {
      put(value);
      keepAppended(addColumn(name, COUNT, 0, 1));
      columnRows[columnRows.length - 1] = 1;
      return true;
    }
    pos = start;
    outLength = 0;
    categoryIndex = new Map();
    categoryNames = [];
    if (termsAggregation()) {
      const column = addColumn(name, TERMS, 0, 0);
      keepAppended(column);
      termsRow(column, 0, termsOther, termsError);
      return true;
    }
    pos = start;
  }
  const column = addColumn(name, PLAIN, 0, 0);
  columnValues[column][row] = plainValue(reader);
  columnRows[column] = row + 1;
  return true;
}

/**
 * Whether the string token at the cursor is `text` as JSON reads it (then consumed). Only plain ASCII matches:
 * a token with escapes or other characters is left to the callers' general path, which decodes it.
 */
function stringIs(text: string): boolean {
  if (bytes[pos] !== QUOTE) {
    return false;
  }
  const start = pos + 1;
  if (bytes[start + text.length] !== QUOTE) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const byte = bytes[start + i];
    // ASCII only: a character from U+0080 to U+00FF would match the first byte of a UTF-8 sequence.
    if (byte !== text.charCodeAt(i) || byte === BACKSLASH || byte < 0x20 || byte >= 0x80) {
      return false;
    }
  }
  pos = start + text.length + 1;
  return true;
}

/** Whether the member name at the cursor is column `column`'s (then consumed): the usual case, each bucket's members in the same order. */
function nameIsColumn(column: number): boolean {
  return column < columnNames.length && stringIs(columnNames[column]);
}

/** Time bucket `row` at the cursor into the columns (its key, formatted key and count appended); false when it does not fit. */
function timeBucket(row: number, histogram: ScannedHistogram, reader: JsonByteReader): boolean {
  if (!eat(OPEN_BRACE)) {
    return false;
  }
  let key = -1;
  let keyAsString: string | undefined;
  let docCount = -1;
  let member = 0;
  do {
    if (peek() !== QUOTE) {
      return false;
    }
    if (nameIsColumn(member)) {
      if (!eat(COLON) || !memberValue(member, row, reader)) {
        return false;
      }
      member++;
    } else if (eatName(KEY)) {
      // Epoch milliseconds as a plain count; anything else (a date before 1970, a fraction) is parsed plainly.
      if (key >= 0 || (key = countValue()) < 0) {
        return false;
      }
    } else if (eatName(KEY_AS_STRING)) {
      if (keyAsString !== undefined || !eat(COLON) || peek() !== QUOTE) {
        return false;
      }
      keyAsString = stringAt(bytes, pos);
      pos = afterToken();
    } else if (eatName(DOC_COUNT)) {
      if (docCount >= 0 || (docCount = countValue()) < 0) {
        return false;
      }
    } else {
      const name = nameAt(bytes, pos);
      pos = afterToken();
      if (!eat(COLON)) {
        return false;
      }
      const column = columnOf.get(name);
      if (!(column === undefined ? newMember(name, row, reader) : memberValue(column, row, reader))) {
        return false;
      }
      member = (column ?? columnNames.length - 1) + 1;
    }
  } while (eat(COMMA));
  if (!eat(CLOSE_BRACE) || key < 0 || docCount < 0) {
    return false;
  }
  histogram.keys.push(key);
  histogram.keysAsString.push(keyAsString);
  histogram.docCounts.push(docCount);
  return true;
}

/** The columns once every row is read, or undefined when a packed column lacks a row. */
function finishColumns(histogram: ScannedHistogram): ScannedHistogram | undefined {
  const rows = histogram.keys.length;
  for (let column = 0; column < columnNames.length; column++) {
    const name = columnNames[column];
    const kind = columnKinds[column];
    if (kind === PLAIN) {
      columnValues[column].length = rows;
      histogram.values.set(name, columnValues[column]);
    } else if (kind === TERMS) {
      absentTermsRows(column, rows);
      histogram.terms.set(name, { categories: columnCategories[column], pairs: columnData[column].subarray(0, columnLength[column]), rows: columnRowData[column].subarray(0, 3 * rows) });
    } else if (columnRows[column] !== rows) {
      return undefined;
    } else if (kind === COUNT) {
      histogram.counts.set(name, columnData[column].subarray(0, rows));
    } else {
      histogram.ranges.set(name, { firstBin: columnFirstBin[column], width: columnWidth[column], counts: columnData[column].subarray(0, rows * columnWidth[column]) });
    }
  }
  return histogram;
}

/**
 * Our time histogram, `{"buckets":[<time bucket>, …]}`, at the reader's cursor, by column. Undefined (cursor
 * anywhere) when it is not exactly what we read here: no time buckets, a key that is not a plain count, a member
 * repeated, or read into a column in one bucket and not fitting it in another, or any member next to `buckets`.
 */
export function scanTimeHistogram(reader: JsonByteReader): ScannedHistogram | undefined {
  if (scanning) {
    // A histogram inside a member of ours (not an answer to our searches): parsed plainly.
    return undefined;
  }
  scanning = true;
  startScan(reader.bytes, reader.pos);
  resetColumns();
  try {
    if (!eat(OPEN_BRACE) || !eatName(BUCKETS) || !eat(COLON) || !eat(OPEN_BRACKET) || peek() === CLOSE_BRACKET) {
      return undefined;
    }
    const histogram: ScannedHistogram = { keys: [], keysAsString: [], docCounts: [], ranges: new Map(), counts: new Map(), terms: new Map(), values: new Map() };
    let row = 0;
    do {
      if (!timeBucket(row, histogram, reader)) {
        return undefined;
      }
      row++;
    } while (eat(COMMA));
    return eat(CLOSE_BRACKET) && eat(CLOSE_BRACE) ? finishColumns(histogram) : undefined;
  } finally {
    reader.pos = endScan();
    // Nothing of this answer stays referenced here: the columns belong to the result.
    out = scratch;
    outLength = 0;
    resetColumns();
    categoryIndex = new Map();
    categoryNames = [];
    scanning = false;
  }
}
