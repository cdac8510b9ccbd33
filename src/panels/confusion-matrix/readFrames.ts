import { DataFrame, Field, FieldType } from '@grafana/data';

import { CONFUSION_FIELDS } from '../../shared/frameContract';
import { findFieldByName, lastFiniteValue, NO_DATA, naturalCompare, ReadFailure, shapeMismatch } from '../shared/frames';
import { tText } from '../shared/i18n';
import { ConfusionMatrix } from './matrix';

export type ReadResult =
  | { ok: true; matrix: ConfusionMatrix; notices: string[] }
  | ReadFailure;

/** What the panel reads, for its no-data and wrong-data messages. */
export function expectedShapes(): string {
  return tText(
    'confusion.expected-shapes',
    'the "confusion" query of the ML Drift datasource or another long frame with fields "{{actual}}", "{{predicted}}" and "{{count}}" (count optional: each row is then one sample), series labelled "{{actual}}" and "{{predicted}}", or a wide frame with one text field (actual class) and one number field per predicted class',
    { actual: CONFUSION_FIELDS.actual, predicted: CONFUSION_FIELDS.predicted, count: CONFUSION_FIELDS.count }
  );
}

class CountAccumulator {
  private readonly cells = new Map<string, Map<string, number>>();
  readonly classes = new Set<string>();
  skipped = 0;

  add(actual: unknown, predicted: unknown, count: unknown): void {
    if (actual === null || actual === undefined || predicted === null || predicted === undefined) {
      this.skipped++;
      return;
    }
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      this.skipped++;
      return;
    }
    const a = String(actual);
    const p = String(predicted);
    this.classes.add(a);
    this.classes.add(p);
    const row = this.cells.get(a) ?? new Map<string, number>();
    row.set(p, (row.get(p) ?? 0) + count);
    this.cells.set(a, row);
  }

  toMatrix(): ConfusionMatrix {
    const classes = [...this.classes].sort(naturalCompare);
    const index = new Map(classes.map((name, i) => [name, i]));
    const n = classes.length;
    const counts = new Float64Array(n * n);
    for (const [actual, row] of this.cells) {
      for (const [predicted, count] of row) {
        counts[index.get(actual)! * n + index.get(predicted)!] += count;
      }
    }
    return { classes, counts };
  }
}

function readLongFrame(frame: DataFrame, into: CountAccumulator): boolean {
  const actual = findFieldByName(frame, CONFUSION_FIELDS.actual);
  const predicted = findFieldByName(frame, CONFUSION_FIELDS.predicted);
  if (!actual || !predicted) {
    return false;
  }
  const count = findFieldByName(frame, CONFUSION_FIELDS.count);
  for (let i = 0; i < frame.length; i++) {
    into.add(actual.values[i], predicted.values[i], count ? count.values[i] : 1);
  }
  return true;
}

function readLabelledSeries(frame: DataFrame, into: CountAccumulator): boolean {
  const labelled = frame.fields.filter(
    (field) =>
      field.type === FieldType.number &&
      field.labels?.[CONFUSION_FIELDS.actual] !== undefined &&
      field.labels?.[CONFUSION_FIELDS.predicted] !== undefined
  );
  for (const field of labelled) {
    const value = lastFiniteValue(field);
    if (value !== undefined) {
      into.add(field.labels![CONFUSION_FIELDS.actual], field.labels![CONFUSION_FIELDS.predicted], value);
    }
  }
  return labelled.length > 0;
}

function fieldTitle(field: Field): string {
  return field.config.displayName ?? field.name;
}

function readWideFrame(frame: DataFrame, into: CountAccumulator): boolean {
  const textFields = frame.fields.filter((field) => field.type === FieldType.string);
  const countFields = frame.fields.filter((field) => field.type === FieldType.number);
  if (textFields.length !== 1 || countFields.length === 0) {
    return false;
  }
  const [actual] = textFields;
  for (let i = 0; i < frame.length; i++) {
    for (const field of countFields) {
      into.add(actual.values[i], fieldTitle(field), field.values[i]);
    }
  }
  return true;
}

/** Reads every frame of the panel into one matrix; frames of the three supported shapes may be mixed. */
export function readConfusionFrames(frames: DataFrame[]): ReadResult {
  const nonEmpty = frames.filter((frame) => frame.fields.length > 0);
  if (nonEmpty.length === 0) {
    return NO_DATA;
  }
  const accumulator = new CountAccumulator();
  const unreadable = nonEmpty.filter(
    (frame) => !(readLongFrame(frame, accumulator) || readLabelledSeries(frame, accumulator) || readWideFrame(frame, accumulator))
  );
  if (unreadable.length === nonEmpty.length) {
    return shapeMismatch(nonEmpty[0]);
  }
  if (accumulator.classes.size === 0) {
    return NO_DATA;
  }
  const notices: string[] = [];
  if (accumulator.skipped > 0) {
    notices.push(
      tText('confusion.notice.skipped-rows', '{{count}} row(s) without a class or a non-negative count were left out', {
        count: accumulator.skipped,
      })
    );
  }
  if (unreadable.length > 0) {
    notices.push(tText('confusion.notice.ignored-frames', '{{count}} frame(s) of another shape were ignored', { count: unreadable.length }));
  }
  return { ok: true, matrix: accumulator.toMatrix(), notices };
}
