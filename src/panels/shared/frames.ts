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

/** What a panel's frame reader answers when it has nothing to draw. */
export interface ReadFailure {
  ok: false;
  /** `empty`: nothing to draw yet, a status; `shape`: frames the panel cannot read, an error. */
  reason: 'empty' | 'shape';
  message: string;
}

/** The answer to frames of no shape the panel reads: what it expected, and the fields of the first frame. */
export function shapeMismatch(expected: string, frame: DataFrame): ReadFailure {
  const names = frame.fields.map((field) => `${field.name} (${field.type})`).join(', ');
  return { ok: false, reason: 'shape', message: `Expected ${expected}; got fields: ${names}` };
}
