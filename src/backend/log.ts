/**
 * Logs for the plugin host. go-plugin reads the plugin's stderr line by line and parses JSON lines with
 * `@level`, `@message` and `@timestamp`; every other key becomes a key/value pair in Grafana's log.
 * go-plugin reads `@timestamp` with exactly six fractional digits (a line it cannot parse is logged verbatim
 * at DEBUG) and, without one, adds `timestamp=0001-01-01T00:00:00.000Z` to every line in Grafana's log.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): Logger;
}

export type LineSink = (line: string) => void;

/** go-plugin's layout `2006-01-02T15:04:05.000000Z07:00`: microseconds, UTC as `Z`. */
export function logTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function formatLogLine(level: LogLevel, message: string, fields: LogFields, now = new Date()): string {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    // The `@` keys belong to the host's format; a field may not override them.
    if (value !== undefined && !key.startsWith('@')) {
      entry[key] = value;
    }
  }
  return JSON.stringify({ '@level': level, '@message': message, '@timestamp': logTimestamp(now), ...entry });
}

export function createLogger(sink: LineSink, baseFields: LogFields = {}): Logger {
  const write = (level: LogLevel) => (message: string, fields: LogFields = {}) =>
    sink(formatLogLine(level, message, { ...baseFields, ...fields }));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    with: (fields) => createLogger(sink, { ...baseFields, ...fields }),
  };
}

/** Writes whole lines to stderr (synchronous for pipes on Linux, so lines never interleave). */
export const stderrSink: LineSink = (line) => {
  process.stderr.write(line + '\n');
};

/** A logger that drops everything; for in-process tests. */
export const silentLogger: Logger = createLogger(() => undefined);

/** Message of an unknown thrown value, for logs and error responses. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
