/**
 * How one raw cell (a CSV field or a JSON Lines value) is read: missing, a number (finite or not), or a category.
 * CSV and JSON Lines share these rules so a file gives the same baseline in either format.
 */

/** A cell as a reader hands it over. `undefined` = absent field (JSON Lines) or a short row. */
export type Cell = string | number | boolean | null | undefined;

import type { TextTally } from './textTally';

/**
 * A row whose cells are read on demand (the CSV reader's records), so that a numeric cell need not become a
 * string first. Cells past `length` are absent.
 */
export interface CellSource {
  readonly length: number;
  cell(i: number): Cell;
  /** The cell's number when `fastDecimal` reads it (then exactly what `parseNumber` gives), else undefined. */
  plainNumber(i: number): number | undefined;
  /** Counts the category label of a cell that has a plain number (see plainNumber), without making its string. */
  addTextTo(i: number, tally: TextTally): void;
}

/** Tokens read as "no value" (the usual spellings pandas also treats as missing); counted, never dropped. */
const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'None']);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
]);

const CODE_N = 0x4e;
const CODE_LOWER_N = 0x6e;
const CODE_SPACE = 0x20;

export function isMissing(cell: Cell): boolean {
  if (cell === undefined || cell === null) {
    return true;
  }
  if (typeof cell !== 'string') {
    return false;
  }
  if (cell.length === 0) {
    return true;
  }
  // Fast exit for the common case (this runs once per cell): every token starts with N, n or blank space.
  const first = cell.charCodeAt(0);
  if (first > CODE_SPACE && first !== CODE_N && first !== CODE_LOWER_N) {
    return false;
  }
  return MISSING_TOKENS.has(cell.trim());
}

/**
 * The number a non-missing cell spells, or `undefined` when it is not numeric. Only plain decimal and scientific
 * notation and the NaN/Inf spellings count: `0x10`, `1_000` or `12abc` are text, so a column holding them is
 * categorical rather than silently mis-read.
 */
export function parseNumber(cell: Exclude<Cell, null | undefined>): number | undefined {
  if (typeof cell === 'number') {
    return cell;
  }
  if (typeof cell === 'boolean') {
    return undefined;
  }
  const fast = plainNumber(cell);
  if (fast !== undefined) {
    return fast;
  }
  const text = cell.trim();
  if (DECIMAL.test(text)) {
    return Number(text);
  }
  return NON_FINITE.get(text.toLowerCase());
}

const CODE_0 = 0x30;
const CODE_9 = 0x39;
const CODE_PLUS = 0x2b;
const CODE_MINUS = 0x2d;
const CODE_DOT = 0x2e;
/** Lower-cased second characters of the radix prefixes 0x, 0o, 0b. */
const RADIX_LETTERS = new Set([0x78, 0x6f, 0x62]);

/** 10^0 … 10^15, all exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);
const MAX_FAST_DIGITS = 15;

/**
 * Plain decimals of at most 15 digits without an exponent (what most CSV writers print), read without
 * `Number()`: the digits form an integer below 2^53, hence exact, and one division by an exact power of ten is
 * correctly rounded (Clinger's fast path), so the result is bit-identical to `Number(text)` — at a fraction of
 * its cost, which counts at one call per cell. Anything else returns undefined and takes the general path.
 * `start` and `end` delimit the number inside a longer text (a CSV chunk), read in place without slicing.
 */
export function fastDecimal(text: string, start = 0, end = text.length): number | undefined {
  const value = decimalPrefix(text, start, end);
  return decimalCursor.end === end && !Number.isNaN(value) ? value : undefined;
}

/** Where the last `decimalPrefix` stopped: a reused out-parameter, since it runs once per cell. */
export const decimalCursor = { end: 0 };

/**
 * The plain decimal (as `fastDecimal` reads it) at the start of `text[start, limit)`: sign, digits, one dot and
 * digits, as far as they go; NaN when that has no digit or too many. `decimalCursor.end` is where it stopped.
 * A CSV scanner reads a field's number with this on its way to the delimiter, instead of a second look.
 */
export function decimalPrefix(text: string, start: number, limit: number): number {
  let i = start;
  let code = i < limit ? text.charCodeAt(i) : 0;
  const negative = code === CODE_MINUS;
  if (negative || code === CODE_PLUS) {
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < limit; i++) {
    code = text.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) {
      break;
    }
    mantissa = mantissa * 10 + (code - CODE_0);
    digits++;
  }
  if (i < limit && code === CODE_DOT) {
    for (i++; i < limit; i++) {
      code = text.charCodeAt(i);
      if (code < CODE_0 || code > CODE_9) {
        break;
      }
      mantissa = mantissa * 10 + (code - CODE_0);
      digits++;
      scale++;
    }
  }
  decimalCursor.end = i;
  if (digits === 0 || digits > MAX_FAST_DIGITS) {
    return NaN;
  }
  const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
  return negative ? -value : value;
}

/**
 * The per-cell fast path: `Number()` on text that starts like a decimal number. `Number()` also accepts
 * `0x…`/`0o…`/`0b…` (signed forms are NaN) and surrounding blanks; the prefixes are refused here, and anything else it rejects falls to
 * the strict rules above (which give the same verdict on everything this accepts).
 */
function plainNumber(text: string): number | undefined {
  const first = text.charCodeAt(0);
  const startsLikeNumber =
    (first >= CODE_0 && first <= CODE_9) || first === CODE_MINUS || first === CODE_PLUS || first === CODE_DOT;
  if (!startsLikeNumber) {
    return undefined;
  }
  const decimal = fastDecimal(text);
  if (decimal !== undefined) {
    return decimal;
  }
  if (first === CODE_0 && text.length > 1 && RADIX_LETTERS.has(text.charCodeAt(1) | 0x20)) {
    return undefined;
  }
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** The category label of a cell: its text (JSON numbers and booleans as JSON writes them). */
export function categoryOf(cell: Exclude<Cell, null | undefined>): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}
