/**
 * Bad input: reported to the user as one line naming the file, line and column, and exit code 2. Anything else
 * that escapes a command is a bug in mldrift (exit 1), still reported on one line.
 */
export interface InputLocation {
  file?: string;
  line?: number;
  /** 1-based field position. */
  column?: number;
  columnName?: string;
}

export class InputError extends Error {
  constructor(
    readonly detail: string,
    readonly location: InputLocation = {}
  ) {
    super(formatLocated(detail, location));
    this.name = 'InputError';
  }
}

function formatLocated(detail: string, { file, line, column, columnName }: InputLocation): string {
  const place = [file, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(', ');
  const columnPart =
    column !== undefined || columnName !== undefined
      ? `column ${[column, columnName !== undefined ? JSON.stringify(columnName) : undefined].filter((p) => p !== undefined).join(' ')}: `
      : '';
  return `${place ? `${place}: ` : ''}${columnPart}${detail}`;
}

export const EXIT = { ok: 0, internal: 1, badInput: 2, drift: 3 } as const;
