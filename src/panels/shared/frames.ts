import { DataFrame, Field } from '@grafana/data';

export function findFieldByName(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

/** The last value that is a finite number, for reading the current state of a series. */
export function lastFiniteValue(field: Field): number | undefined {
  for (let i = field.values.length - 1; i >= 0; i--) {
    const value = field.values[i];
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value;
    }
  }
  return undefined;
}

/** Natural order for class and feature names: "class 2" before "class 10". */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/**
 * What a panel's frame reader answers when it has nothing to draw: `empty`, no rows to read (a status);
 * `shape`, frames of no shape the panel reads (an error), with the fields that came, for the message.
 */
export type ReadFailure = { ok: false; reason: 'empty' } | { ok: false; reason: 'shape'; fields: string };

export const NO_DATA: ReadFailure = { ok: false, reason: 'empty' };

/** The answer to frames of no shape the panel reads, naming the fields of the first frame. */
export function shapeMismatch(frame: DataFrame): ReadFailure {
  return { ok: false, reason: 'shape', fields: frame.fields.map((field) => `${field.name} (${field.type})`).join(', ') };
}
