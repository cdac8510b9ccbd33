/**
 * How one raw cell (a CSV field or a JSON Lines value) is read: missing, a number (finite or not), or a category.
 * CSV and JSON Lines share these rules so a file gives the same baseline in either format.
 */

/** A cell as a reader hands it over. `undefined` = absent field (JSON Lines) or a short row. */
export type Cell = string | number | boolean | null | undefined;

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

export function isMissing(cell: Cell): boolean {
  if (cell === undefined || cell === null) {
    return true;
  }
  return typeof cell === 'string' && MISSING_TOKENS.has(cell.trim());
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
  const text = cell.trim();
  if (DECIMAL.test(text)) {
    return Number(text);
  }
  return NON_FINITE.get(text.toLowerCase());
}

/** The category label of a cell: its text (JSON numbers and booleans as JSON writes them). */
export function categoryOf(cell: Exclude<Cell, null | undefined>): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}
