/**
 * Streaming readers for CSV (TSV by extension) and JSON Lines. Files are read in 1 MiB chunks through
 * `fs.createReadStream`; each row goes to a callback as soon as it is complete, so memory does not grow with the
 * file. Every problem becomes an InputError naming the file, line and column.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';

import { CsvRecord, CsvScanner, CsvSyntaxError } from './csvParser';
import { InputError, errorMessage } from './errors';
import type { Progress } from './progress';
import { type Cell, type CellSource, categoryOf } from '../drift/baseline/cells';
import type { TextTally } from '../drift/baseline/textTally';

/**
 * One row: `values[i]` is the value of `columns[i]`. `columns` is the reader's live list: for JSON Lines it
 * grows when a new key shows up, and earlier rows simply did not have that key.
 */
export type RowHandler = (values: readonly Cell[], columns: readonly string[], line: number) => void;

/** A row as cells read on demand (valid only during the call): CSV numbers are read without making strings. */
export type CellsHandler = (cells: CellSource, columns: readonly string[], line: number) => void;

export interface TableSummary {
  rows: number;
  columns: readonly string[];
}

const CHUNK_BYTES = 1 << 20;

export function isJsonLines(file: string): boolean {
  return ['.jsonl', '.ndjson'].includes(path.extname(file).toLowerCase());
}

export function readTable(file: string, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  return checkedRead(file, progress, () =>
    isJsonLines(file)
      ? readJsonLines(file, onRow, progress)
      : readCsv(file, (record, header, line) => onRow(record.fields(), header, line), progress)
  );
}

/** `readTable` for callers that take a CellSource per row (the baseline builder's pass 1). */
export function readTableCells(file: string, onCells: CellsHandler, progress?: Progress): Promise<TableSummary> {
  return checkedRead(file, progress, () => {
    if (!isJsonLines(file)) {
      return readCsv(file, onCells, progress);
    }
    const cells = new ArrayCells();
    return readJsonLines(
      file,
      (values, columns, line) => {
        cells.values = values;
        onCells(cells, columns, line);
      },
      progress
    );
  });
}

/** A JSON Lines row as a CellSource: its numbers are numbers already. */
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

async function checkedRead(file: string, progress: Progress | undefined, read: () => Promise<TableSummary>): Promise<TableSummary> {
  const size = await fileSize(file);
  progress?.start(file, size);
  const summary = await read();
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

async function readJsonLines(file: string, onRow: RowHandler, progress?: Progress): Promise<TableSummary> {
  const columns: string[] = [];
  const indexOf = new Map<string, number>();
  let rows = 0;
  let line = 0;
  let pending = '';
  const handleLine = (text: string) => {
    line++;
    if (text.trim() === '') {
      return;
    }
    const values = jsonRow(text, columns, indexOf, file, line);
    onRow(values, columns, line);
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
  return { rows, columns };
}

function jsonRow(text: string, columns: string[], indexOf: Map<string, number>, file: string, line: number): Cell[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${errorMessage(error)})`, { file, line });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('expected a JSON object on every line', { file, line });
  }
  const values: Cell[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    let index = indexOf.get(key);
    if (index === undefined) {
      index = columns.length;
      columns.push(key);
      indexOf.set(key, index);
    }
    if (typeof value === 'object' && value !== null) {
      throw new InputError('nested objects and arrays are not supported', { file, line, columnName: key });
    }
    values[index] = value as Cell;
  }
  return values;
}
