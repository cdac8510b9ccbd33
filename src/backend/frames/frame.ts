/**
 * The small data-frame model the backend writes. It mirrors what Grafana's frame reader understands and
 * nothing more, so every field maps to exactly one explicit Arrow type (see `arrow.ts`).
 */
export type FieldType = 'string' | 'number' | 'time' | 'boolean' | 'int64';

/** Values per field type. `time` is epoch milliseconds (a number, fractions kept to the nanosecond) or
 * epoch nanoseconds (a bigint). `null` is a missing value; `number` also keeps NaN and ±Infinity. */
export interface FieldValueTypes {
  string: string | null;
  number: number | null;
  time: number | bigint | null;
  boolean: boolean | null;
  int64: number | bigint | null;
}

export interface FrameField<T extends FieldType = FieldType> {
  name: string;
  type: T;
  values: Array<FieldValueTypes[T]>;
  labels?: Record<string, string>;
  /** Grafana FieldConfig (unit, displayName, decimals, …) as plain JSON. */
  config?: Record<string, unknown>;
}

export type FrameNoticeSeverity = 'info' | 'warning' | 'error';

export interface FrameNotice {
  severity: FrameNoticeSeverity;
  text: string;
}

export interface FrameMeta {
  /** Dataplane frame type such as `numeric-multi` or `timeseries-multi`. */
  type?: string;
  /** Dataplane contract version; must be non-zero for Grafana to read `type`. */
  typeVersion?: [number, number];
  notices?: FrameNotice[];
  custom?: Record<string, unknown>;
  executedQueryString?: string;
}

export interface Frame {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: FrameField[];
}

/** Builds a field with its values typed by the field type. */
export function field<T extends FieldType>(
  name: string,
  type: T,
  values: Array<FieldValueTypes[T]>,
  extra: Pick<FrameField<T>, 'labels' | 'config'> = {}
): FrameField<T> {
  return { name, type, values, ...extra };
}

/** Number of rows, checking that every field has the same length (a ragged frame is a programming error). */
export function frameLength(frame: Frame): number {
  const length = frame.fields.length === 0 ? 0 : frame.fields[0].values.length;
  for (const f of frame.fields) {
    if (f.values.length !== length) {
      throw new Error(`frame "${frame.name ?? ''}": field "${f.name}" has ${f.values.length} values, expected ${length}`);
    }
  }
  return length;
}
