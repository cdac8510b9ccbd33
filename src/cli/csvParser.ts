/**
 * Incremental RFC 4180 CSV parser: text arrives in chunks of any size (a record may straddle chunks) and whole
 * records leave with the physical line they start on. Handles quoted fields with embedded delimiters, newlines
 * and doubled quotes, CRLF or LF line ends, and a leading byte-order mark. Blank lines are skipped. A quote inside
 * an unquoted field is taken literally (as most writers expect); text after a closing quote is an error.
 *
 * A partial record is re-scanned from its start when more text arrives, which costs nothing for ordinary records
 * and keeps the state to one string.
 */
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message);
  }
}

interface ParsedRecord {
  fields: string[];
  next: number;
  lines: number;
  blank: boolean;
}

export class CsvParser {
  private pending = '';
  private line = 1;
  private started = false;
  private readonly delimiter: number;

  constructor(
    private readonly onRecord: RecordHandler,
    delimiter = ','
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    let text = this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    this.pending = text.slice(this.consume(text, false));
  }

  end(): void {
    if (this.pending.length > 0) {
      this.consume(this.pending, true);
      this.pending = '';
    }
  }

  /** Emits every complete record of `text`; returns where the unfinished rest starts. */
  private consume(text: string, final: boolean): number {
    let position = 0;
    while (position < text.length) {
      const record = this.parseRecord(text, position, final);
      if (record === undefined) {
        break;
      }
      if (!record.blank) {
        this.onRecord(record.fields, this.line);
      }
      this.line += record.lines;
      position = record.next;
    }
    return position;
  }

  /** One record from `start`, or undefined when the text ends before the record does (and more may come). */
  private parseRecord(text: string, start: number, final: boolean): ParsedRecord | undefined {
    const fields: string[] = [];
    let lines = 0;
    let position = start;
    let quotedAny = false;
    for (;;) {
      let field: string;
      if (text.charCodeAt(position) === QUOTE) {
        const quoted = this.parseQuoted(text, position, final);
        if (quoted === undefined) {
          return undefined;
        }
        field = quoted.value;
        lines += quoted.newlines;
        position = quoted.next;
        quotedAny = true;
      } else {
        let end = position;
        while (end < text.length) {
          const code = text.charCodeAt(end);
          if (code === this.delimiter || code === LF || code === CR) {
            break;
          }
          end++;
        }
        field = text.slice(position, end);
        position = end;
      }
      fields.push(field);
      if (position >= text.length) {
        if (!final) {
          return undefined;
        }
        return { fields, next: position, lines: lines + 1, blank: isBlank(fields, quotedAny) };
      }
      const code = text.charCodeAt(position);
      if (code === this.delimiter) {
        position++;
        continue;
      }
      if (code === LF) {
        return { fields, next: position + 1, lines: lines + 1, blank: isBlank(fields, quotedAny) };
      }
      if (code === CR) {
        if (position + 1 >= text.length && !final) {
          return undefined;
        }
        const next = text.charCodeAt(position + 1) === LF ? position + 2 : position + 1;
        return { fields, next, lines: lines + 1, blank: isBlank(fields, quotedAny) };
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

function isBlank(fields: string[], quoted: boolean): boolean {
  return !quoted && fields.length === 1 && fields[0] === '';
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}
