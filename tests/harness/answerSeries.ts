/**
 * Reading a decoded QueryData answer as a test does: every labelled number field as a series, one series by name
 * and labels, and the notices of the frames.
 */
import type { Table } from 'apache-arrow';
import type { DecodedResponse } from './pluginHost';

export interface Series {
  labels: Record<string, string>;
  name: string;
  /** The field's config (unit, custom keys), `{}` when it has none. */
  config: { unit?: string; custom?: Record<string, unknown> };
  times: number[];
  values: number[];
}

/** Every number field of the answer's frames, with its labels. */
export function seriesOf(answer: DecodedResponse): Series[] {
  return answer.frames.flatMap((frame: Table) => {
    const timeIndex = frame.schema.fields.findIndex((f) => f.name === 'time' || f.name === 'Time');
    const times = timeIndex < 0 ? [] : Array.from(frame.getChildAt(timeIndex)!.toArray() as ArrayLike<bigint | number>, (t) => Number(t) / (typeof t === 'bigint' ? 1e6 : 1));
    return frame.schema.fields
      .map((field, i) => ({ field, i }))
      .filter(({ field, i }) => i !== timeIndex && field.metadata.has('labels'))
      .map(({ field, i }) => ({
        name: field.name,
        labels: JSON.parse(field.metadata.get('labels')!) as Record<string, string>,
        config: JSON.parse(field.metadata.get('config') ?? '{}') as Series['config'],
        times,
        values: Array.from(frame.getChildAt(i)!.toArray() as ArrayLike<number>),
      }));
  });
}

export function find(all: Series[], name: string, labels: Record<string, string>): Series {
  const found = all.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (!found) {
    throw new Error(`no ${name} ${JSON.stringify(labels)} in ${all.map((s) => `${s.name}${JSON.stringify(s.labels)}`).join(', ')}`);
  }
  return found;
}

/** The frames that carry data: a no-data answer may still hold one frame without fields, for its notices. */
export function dataFrames(answer: Pick<DecodedResponse, 'frames'>): Table[] {
  return answer.frames.filter((frame) => frame.numCols > 0);
}

/** The texts of the notices of every frame. */
export function notices(answer: Pick<DecodedResponse, 'frames'>): string[] {
  return answer.frames.flatMap((frame) => {
    const meta = frame.schema.metadata.get('meta');
    return meta ? ((JSON.parse(meta) as { notices?: Array<{ text: string }> }).notices ?? []).map((n) => n.text) : [];
  });
}

/** The values of a frame's field `name` (64-bit integers as numbers); throws naming the fields when it has none. */
export function columnOf(frame: Table, name: string): unknown[] {
  const index = frame.schema.fields.findIndex((f) => f.name === name);
  if (index < 0) {
    throw new Error(`no field ${name} in a frame of ${frame.schema.fields.map((f) => f.name).join(', ')}`);
  }
  return Array.from(frame.getChildAt(index)!.toArray() as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? Number(v) : v));
}

/** `columnOf` read as numbers. */
export function numbersOf(frame: Table, name: string): number[] {
  return columnOf(frame, name).map(Number);
}
