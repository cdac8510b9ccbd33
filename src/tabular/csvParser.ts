/**
 * Incremental RFC 4180 CSV parser: text arrives in chunks of any size (a record may straddle chunks) and whole
 * records leave with the physical line they start on. Handles quoted fields with embedded delimiters, newlines
 * and doubled quotes, CRLF or LF line ends, and a leading byte-order mark. Blank lines are skipped. A quote inside
 * an unquoted field is taken literally (as most writers expect); text after a closing quote is an error.
 *
 * A partial record is re-scanned from its start when more text arrives, which costs nothing for ordinary records
 * and keeps the state to one string.
 *
 * Records are handed out as a reused view (`CsvRecord`) holding where each field lies in the text, so a reader
 * that only needs a field's number reads it in place: making one string per field was, with the garbage it
 * leaves, the largest cost of reading a big numeric file.
 */
import { type CellSource, decimalCursor, decimalPrefix } from '../drift/baseline/cells';
import type { TextTally } from '../drift/baseline/textTally';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** One record, valid only during the callback that receives it. */
export interface CsvRecord extends CellSource {
  readonly length: number;
  /** Field i as text (quotes removed, doubled quotes undone). */
  cell(i: number): string;
  fields(): string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message);
  }
}

/**
 * The fields of the record being scanned: offsets into `text`, or the unquoted value of a quoted field. Typed
 * arrays, reused from record to record and grown when a record has more fields, keep this free of allocation.
 */
class FieldSpans implements CsvRecord {
  text = '';
  length = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** Per field: its number when it is a plain decimal (read while scanning), else NaN. */
  private numbers = new Float64Array(64);
  /** Per field: 1 when it was quoted; its value is then in `quotedValues` (the span is not the value). */
  private isQuoted = new Uint8Array(64);
  private quotedValues: string[] = [];

  reset(text: string): void {
    this.text = text;
    this.length = 0;
  }

  addSpan(start: number, end: number, plainNumber: number): void {
    const i = this.slot();
    this.starts[i] = start;
    this.ends[i] = end;
    this.numbers[i] = plainNumber;
    this.isQuoted[i] = 0;
  }

  addQuoted(value: string): void {
    const i = this.slot();
    this.quotedValues[i] = value;
    this.numbers[i] = NaN;
    this.isQuoted[i] = 1;
  }

  cell(i: number): string {
    return this.isQuoted[i] === 1 ? this.quotedValues[i] : this.text.slice(this.starts[i], this.ends[i]);
  }

  plainNumber(i: number): number | undefined {
    const value = this.numbers[i];
    return i < this.length && !Number.isNaN(value) ? value : undefined;
  }

  addTextTo(i: number, tally: TextTally): void {
    if (this.isQuoted[i] === 1) {
      tally.add(this.quotedValues[i]);
    } else {
      tally.add(this.text, this.starts[i], this.ends[i]);
    }
  }

  fields(): string[] {
    const fields: string[] = [];
    for (let i = 0; i < this.length; i++) {
      fields.push(this.cell(i));
    }
    return fields;
  }

  /** A line with nothing on it (a quoted empty field is a value, not a blank line). */
  isBlank(): boolean {
    return this.length === 1 && this.isQuoted[0] === 0 && this.starts[0] === this.ends[0];
  }

  private slot(): number {
    if (this.length === this.starts.length) {
      this.grow();
    }
    return this.length++;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    this.starts = copiedInto(this.starts, new Int32Array(size));
    this.ends = copiedInto(this.ends, new Int32Array(size));
    this.numbers = copiedInto(this.numbers, new Float64Array(size));
    this.isQuoted = copiedInto(this.isQuoted, new Uint8Array(size));
  }
}

function copiedInto<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

interface ScannedRecord {
  next: number;
  lines: number;
}

export class CsvScanner {
  private pending = '';
  private line = 1;
  private started = false;
  private readonly delimiter: number;
  /** Numbers are read during the scan unless the delimiter could be part of one. */
  private readonly readsNumbers: boolean;
  private readonly record = new FieldSpans();

  constructor(
    private readonly onRecord: (record: CsvRecord, line: number) => void,
    delimiter = ','
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.readsNumbers = !/[0-9+\-.]/.test(delimiter.charAt(0));
  }

  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    if (this.pending.length === 0) {
      this.pending = text.slice(this.consume(text, 0, false));
      return;
    }
    // The record that straddles the chunks is finished on a short joined text, and the rest of the chunk is read
    // in place: a chunk joined whole would be a cons string, whose every character read costs an indirection.
    const lineEnd = text.indexOf('\n');
    if (lineEnd < 0) {
      const joined = this.pending + text;
      this.pending = joined.slice(this.consume(joined, 0, false));
      return;
    }
    const head = this.pending + text.slice(0, lineEnd + 1);
    const used = this.consume(head, 0, false);
    if (used < head.length) {
      // The record goes on past that line end (a quoted newline): join what is left, as for a short chunk.
      const rest = head.slice(used) + text.slice(lineEnd + 1);
      this.pending = rest.slice(this.consume(rest, 0, false));
      return;
    }
    this.pending = text.slice(this.consume(text, lineEnd + 1, false));
  }

  end(): void {
    if (this.pending.length > 0) {
      this.consume(this.pending, 0, true);
      this.pending = '';
    }
  }

  /** Emits every complete record of `text` from `start`; returns where the unfinished rest starts. */
  private consume(text: string, start: number, final: boolean): number {
    let position = start;
    while (position < text.length) {
      const scanned = this.scanRecord(text, position, final);
      if (scanned === undefined) {
        break;
      }
      if (!this.record.isBlank()) {
        this.onRecord(this.record, this.line);
      }
      this.line += scanned.lines;
      position = scanned.next;
    }
    return position;
  }

  /** One record from `start` into `this.record`, or undefined when the text ends before the record does. */
  private scanRecord(text: string, start: number, final: boolean): ScannedRecord | undefined {
    const fields = this.record;
    fields.reset(text);
    let lines = 0;
    let position = start;
    for (;;) {
      if (text.charCodeAt(position) === QUOTE) {
        const quoted = this.parseQuoted(text, position, final);
        if (quoted === undefined) {
          return undefined;
        }
        fields.addQuoted(quoted.value);
        lines += quoted.newlines;
        position = quoted.next;
      } else {
        // The field's plain number (if it is one) comes from the characters the scan passes over anyway.
        const plainNumber = this.readsNumbers ? decimalPrefix(text, position, text.length) : NaN;
        const numberEnd = this.readsNumbers ? decimalCursor.end : position;
        let end = numberEnd;
        while (end < text.length) {
          const code = text.charCodeAt(end);
          if (code === this.delimiter || code === LF || code === CR) {
            break;
          }
          end++;
        }
        fields.addSpan(position, end, end === numberEnd ? plainNumber : NaN);
        position = end;
      }
      if (position >= text.length) {
        if (!final) {
          return undefined;
        }
        return { next: position, lines: lines + 1 };
      }
      const code = text.charCodeAt(position);
      if (code === this.delimiter) {
        position++;
        continue;
      }
      if (code === LF) {
        return { next: position + 1, lines: lines + 1 };
      }
      if (code === CR) {
        if (position + 1 >= text.length && !final) {
          return undefined;
        }
        const next = text.charCodeAt(position + 1) === LF ? position + 2 : position + 1;
        return { next, lines: lines + 1 };
      }
      throw new CsvSyntaxError(
        `field ${fields.length}: unexpected ${JSON.stringify(text[position])} after a closing quote`,
        this.line + lines
      );
    }
  }

  private parseQuoted(
    text: string,
    start: number,
    final: boolean
  ): { value: string; next: number; newlines: number } | undefined {
    let value = '';
    let from = start + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close < 0 || (close + 1 >= text.length && !final)) {
        // Unterminated so far; at the end of the input it is an error.
        if (final && close < 0) {
          throw new CsvSyntaxError('a quoted field is never closed', this.line);
        }
        return undefined;
      }
      if (text.charCodeAt(close + 1) === QUOTE) {
        value += text.slice(from, close + 1);
        from = close + 2;
        continue;
      }
      value += text.slice(from, close);
      return { value, next: close + 1, newlines: countNewlines(text, start, close) };
    }
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

/** String records for readers that want every field as text. */
