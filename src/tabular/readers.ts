/**
 * Readers for CSV (TSV by extension), JSON Lines and JSON arrays. CSV and JSON Lines are read in 1 MiB chunks
 * through `fs.createReadStream`; each row goes to a callback as soon as it is complete, so memory does not grow
 * with the file. A `.json` file is one JSON array of flat objects, parsed whole and so bounded in size. Every
 * problem becomes an InputError naming the file, line (or array element) and column.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';

import { CsvRecord, CsvScanner, CsvSyntaxError } from './csvParser';
import { InputError, InputLocation, errorMessage } from './inputError';
import type { Progress } from './progress';
import { type Cell, type CellSource, categoryOf } from '../drift/baseline/cells';
import type { TextTally } from '../drift/baseline/textTally';

/**
 * One row: `values[i]` is the value of `columns[i]`. `columns` is the reader's live list: for JSON it grows when
 * a new key shows up, and earlier rows simply did not have that key.
 */
export type RowHandler = (values: readonly Cell[], columns: readonly string[], line: number) => void;

/** A row as cells read on demand (valid only during the call): CSV numbers are read without making strings. */
export type CellsHandler = (cells: CellSource, columns: readonly string[], line: number) => void;

export interface TableSummary {
  rows: number;
  columns: readonly string[];
}

const CHUNK_BYTES = 1 << 20;

/**
 * A JSON array is parsed whole (its objects take several times the text's size in memory), so it is refused
 * past this size; JSON Lines and CSV, streamed, have no limit.
 */
export const MAX_JSON_ARRAY_BYTES = 100 * 1024 * 1024;

type FileFormat = 'csv' | 'tsv' | 'jsonl' | 'json';

const FORMATS: Readonly<Record<string, FileFormat>> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json' };

const SUPPORTED = 'mldrift reads .csv, .tsv, .jsonl or .ndjson (JSON Lines) and .json (an array of flat objects)';

function formatOf(file: string): FileFormat {
  const extension = path.extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    throw new InputError(`unsupported file type ${JSON.stringify(extension || '(no extension)')} (${SUPPORTED})`, { file });
  }
  return format;
}

/** CSV and TSV name every column in a header row; JSON rows may bring new keys at any row. */
export function hasHeaderRow(file: string): boolean {
  const format = formatOf(file);
  return format === 'csv' || format === 'tsv';
}

export function readTable(file: string, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  return checkedRead(file, progress, (size) =>
    hasHeaderRow(file)
      ? readCsv(file, (record, header, line) => onRow(record.fields(), header, line), progress)
      : readJson(file, size, onRow, progress)
  );
}

/** `readTable` for callers that take a CellSource per row (the baseline builder's pass 1). */
export function readTableCells(file: string, onCells: CellsHandler, progress?: Progress): Promise<TableSummary> {
  return checkedRead(file, progress, (size) => {
    if (hasHeaderRow(file)) {
      return readCsv(file, onCells, progress);
    }
    const cells = new ArrayCells();
    return readJson(
      file,
      size,
      (values, columns, line) => {
        cells.values = values;
        onCells(cells, columns, line);
      },
      progress
    );
  });
}

/** A JSON row as a CellSource: its numbers are numbers already. */
class ArrayCells implements CellSource {
  values: readonly Cell[] = [];

  get length(): number {
    return this.values.length;
  }

  cell(i: number): Cell {
    return this.values[i];
  }

  plainNumber(i: number): number | undefined {
    const value = this.values[i];
    return typeof value === 'number' ? value : undefined;
  }

  addTextTo(i: number, tally: TextTally): void {
    tally.add(categoryOf(this.values[i] ?? ''));
  }
}

async function checkedRead(file: string, progress: Progress | undefined, read: (size: number) => Promise<TableSummary>): Promise<TableSummary> {
  const size = await fileSize(file);
  formatOf(file);
  progress?.start(file, size);
  const summary = await read(size);
  progress?.done();
  if (summary.columns.length === 0) {
    throw new InputError('the file is empty', { file });
  }
  if (summary.rows === 0) {
    throw new InputError('the file has no data rows', { file });
  }
  return summary;
}

async function fileSize(file: string): Promise<number> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) {
      throw new InputError('not a regular file', { file });
    }
    return stat.size;
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    throw new InputError(`cannot read: ${errorMessage(error)}`, { file });
  }
}

async function* chunks(file: string, progress?: Progress): AsyncGenerator<string> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      progress?.advance(Buffer.byteLength(chunk as string));
      yield chunk as string;
    }
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    throw new InputError(`cannot read: ${errorMessage(error)}`, { file });
  } finally {
    stream.destroy();
  }
}

async function readCsv(
  file: string,
  onRecord: (record: CsvRecord, header: readonly string[], line: number) => void,
  progress?: Progress
): Promise<TableSummary> {
  let header: string[] | undefined;
  let rows = 0;
  const delimiter = path.extname(file).toLowerCase() === '.tsv' ? '\t' : ',';
  const parser = new CsvScanner((record, line) => {
    if (header === undefined) {
      header = record.fields().map((name) => name.trim());
      checkHeader(header, file);
      return;
    }
    if (record.length !== header.length) {
      throw new InputError(`expected ${header.length} fields as in the header, got ${record.length}`, { file, line });
    }
    onRecord(record, header, line);
    rows++;
  }, delimiter);
  try {
    for await (const chunk of chunks(file, progress)) {
      parser.push(chunk);
    }
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InputError(error.message, { file, line: error.line });
    }
    throw error;
  }
  return { rows, columns: header ?? [] };
}

function checkHeader(header: string[], file: string): void {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') {
      throw new InputError('empty column name in the header', { file, line: 1, column: i + 1 });
    }
    if (seen.has(name)) {
      throw new InputError('column name appears twice in the header', { file, line: 1, column: i + 1, columnName: name });
    }
    seen.add(name);
  });
}

function readJson(file: string, size: number, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  return formatOf(file) === 'json' ? readJsonArray(file, size, onRow, progress) : readJsonLines(file, onRow, progress);
}

/** Column names as JSON rows bring them, in order of first appearance. */
class JsonColumns {
  readonly names: string[] = [];
  private readonly indexOf = new Map<string, number>();

  /** The row's values by column index; `where` locates errors (the line, or the array element). */
  row(parsed: unknown, where: InputLocation, elementPrefix = ''): Cell[] {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError(`${elementPrefix}expected a flat JSON object${elementPrefix === '' ? ' on every line' : ''}`, where);
    }
    const values: Cell[] = [];
    for (const [key, value] of Object.entries(parsed)) {
      let index = this.indexOf.get(key);
      if (index === undefined) {
        index = this.names.length;
        this.names.push(key);
        this.indexOf.set(key, index);
      }
      if (typeof value === 'object' && value !== null) {
        throw new InputError(`${elementPrefix}column ${JSON.stringify(key)}: nested objects and arrays are not supported`, where);
      }
      values[index] = value as Cell;
    }
    return values;
  }
}

async function readJsonLines(file: string, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  const columns = new JsonColumns();
  let rows = 0;
  let line = 0;
  let pending = '';
  const handleLine = (text: string) => {
    line++;
    if (text.trim() === '') {
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InputError(`invalid JSON (${errorMessage(error)})`, { file, line });
    }
    onRow(columns.row(parsed, { file, line }), columns.names, line);
    rows++;
  };
  for await (const chunk of chunks(file, progress)) {
    const text = line === 0 && pending === '' && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(handleLine);
  }
  if (pending !== '') {
    handleLine(pending);
  }
  return { rows, columns: columns.names };
}

/** A `.json` file: one array of flat objects, each a row (the row's "line" is its 1-based element number). */
async function readJsonArray(file: string, size: number, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  if (size > MAX_JSON_ARRAY_BYTES) {
    throw new InputError(
      `a JSON array is read whole, up to ${MAX_JSON_ARRAY_BYTES} bytes; this file has ${size}: use JSON Lines (.jsonl) or CSV, which are streamed`,
      { file }
    );
  }
  let text = '';
  for await (const chunk of chunks(file, progress)) {
    text += chunk;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InputError(`invalid JSON (${errorMessage(error)}); a .json data file is one JSON array of flat objects`, { file });
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(
      'expected a JSON array of flat objects ([{"column": value, …}, …]); for one object per line name the file .jsonl or .ndjson',
      { file }
    );
  }
  const columns = new JsonColumns();
  parsed.forEach((element: unknown, i) => onRow(columns.row(element, { file }, `array element ${i + 1}: `), columns.names, i + 1));
  return { rows: parsed.length, columns: columns.names };
}

/**
 * Whether a `.json` file holds data rows (a JSON array) rather than a baseline document (an object): decided by
 * its first character other than a byte-order mark or white space.
 */
export async function isJsonArrayFile(file: string): Promise<boolean> {
  if (formatOf(file) !== 'json') {
    return false;
  }
  for await (const chunk of chunks(file)) {
    const start = chunk.search(/[^\s\ufeff]/);
    if (start >= 0) {
      return chunk[start] === '[';
    }
  }
  return false;
}
