import { DataFrame, Field, FieldType } from '@grafana/data';

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

export function numberFields(frame: DataFrame): Field[] {
  return frame.fields.filter((field) => field.type === FieldType.number);
}

/** Natural order for class and feature names: "class 2" before "class 10". */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;
