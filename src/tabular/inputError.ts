/**
 * Bad input in a tabular file: one line naming the file, line and column. The CLI exits 2 on it, the backend's
 * build endpoint answers 400 with it.
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


/**
 * The first line of a thrown value's message, with the common file-system codes in words. Duck-typed: errors
 * from Node's own modules may come from another realm (a test VM), where `instanceof Error` is false.
 */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) {
    return String(error);
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  const known: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
  };
  if (typeof code === 'string' && known[code] !== undefined) {
    return known[code];
  }
  return typeof message === 'string' ? message.split('\n')[0] : String(error);
}
