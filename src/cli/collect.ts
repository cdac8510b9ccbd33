/**
 * Collects one side of a comparison from streamed rows, column by column, in the shape the engine takes:
 * - against a baseline: numeric values counted on the baseline's bucket bounds (memory independent of rows);
 * - against a raw reference file: numeric values kept as samples (8 bytes per value) so KS and Wasserstein are
 *   exact, as scipy computes them on the same files;
 * - categorical values counted per category (distinct values past a cap go to the other bucket).
 * Missing and non-finite values are counted, never dropped. A value that is not a number in a column the
 * reference holds as numeric is an error naming the line and column.
 */
import { InputError } from '../tabular/inputError';
import {
  Cell,
  Moments,
  OTHER_CATEGORY,
  addToMoments,
  bucketIndex,
  categoryOf,
  emptyMoments,
  isMissing,
  parseNumber,
  sideSummary,
} from '../drift/baseline';
import type { FeatureInput, FeatureKind } from '../drift/types';

export interface ColumnSpec {
  name: string;
  kind: FeatureKind;
  /** Numeric only: count on these right-closed bucket bounds instead of keeping samples. */
  upperBounds?: number[];
  /** May be absent from the file (prediction and label columns: labels often arrive later). */
  optional?: boolean;
}

/** Categorical columns keep at most this many distinct values; the rest are counted as other. */
const MAX_DISTINCT_CATEGORIES = 10_000;

class GrowableSamples {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

type ColumnState =
  | { spec: ColumnSpec; kind: 'samples'; samples: GrowableSamples; missing: number; nonFinite: number }
  | { spec: ColumnSpec; kind: 'bins'; counts: Float64Array; moments: Moments; missing: number; nonFinite: number }
  | { spec: ColumnSpec; kind: 'categories'; counts: Map<string, number>; missing: number };

export class SideCollector {
  private readonly states: ColumnState[];
  private readonly indexOf: number[];
  private knownColumns = -1;

  constructor(
    specs: readonly ColumnSpec[],
    private readonly file: string
  ) {
    this.states = specs.map(newState);
    this.indexOf = specs.map(() => -1);
  }

  /** Whether the (CSV) header lacks a column; JSON Lines columns are checked at the end instead. */
  checkHeader(columns: readonly string[]): void {
    const absent = this.states
      .filter((s) => !s.spec.optional)
      .map((s) => s.spec.name)
      .filter((name) => !columns.includes(name));
    if (absent.length > 0) {
      throw new InputError(`no column named ${absent.map((n) => JSON.stringify(n)).join(', ')} (the reference has ${absent.length > 1 ? 'them' : 'it'})`, {
        file: this.file,
      });
    }
  }

  addRow(values: readonly Cell[], columns: readonly string[], line: number): void {
    if (columns.length !== this.knownColumns) {
      this.resolve(columns);
    }
    for (let i = 0; i < this.states.length; i++) {
      const index = this.indexOf[i];
      this.observe(this.states[i], index < 0 ? undefined : values[index], line, index);
    }
  }

  /** One FeatureInput per column, in the order of the specs; undefined for an optional column the file lacks. */
  finish(columns: readonly string[]): Array<FeatureInput | undefined> {
    this.checkHeader(columns);
    return this.states.map((state) => (columns.includes(state.spec.name) ? toInput(state) : undefined));
  }

  private resolve(columns: readonly string[]): void {
    this.states.forEach((state, i) => {
      this.indexOf[i] = columns.indexOf(state.spec.name);
    });
    this.knownColumns = columns.length;
  }

  private observe(state: ColumnState, cell: Cell, line: number, index: number): void {
    if (cell === undefined || cell === null || isMissing(cell)) {
      state.missing++;
      return;
    }
    if (state.kind === 'categories') {
      const category = categoryOf(cell);
      const known = state.counts.get(category);
      if (known !== undefined) {
        state.counts.set(category, known + 1);
      } else if (state.counts.size < MAX_DISTINCT_CATEGORIES) {
        state.counts.set(category, 1);
      } else {
        state.counts.set(OTHER_CATEGORY, (state.counts.get(OTHER_CATEGORY) ?? 0) + 1);
      }
      return;
    }
    const value = parseNumber(cell);
    if (value === undefined) {
      throw new InputError(`expected a number (the reference column is numeric), got ${quoteCell(cell)}`, {
        file: this.file,
        line,
        column: index + 1,
        columnName: state.spec.name,
      });
    }
    if (!Number.isFinite(value)) {
      state.nonFinite++;
      return;
    }
    if (state.kind === 'samples') {
      state.samples.push(value);
      return;
    }
    state.counts[bucketIndex(state.spec.upperBounds ?? [], value)]++;
    addToMoments(state.moments, value);
  }
}

function newState(spec: ColumnSpec): ColumnState {
  if (spec.kind === 'categorical') {
    return { spec, kind: 'categories', counts: new Map(), missing: 0 };
  }
  if (spec.upperBounds !== undefined) {
    return {
      spec,
      kind: 'bins',
      counts: new Float64Array(spec.upperBounds.length + 1),
      moments: emptyMoments(),
      missing: 0,
      nonFinite: 0,
    };
  }
  return { spec, kind: 'samples', samples: new GrowableSamples(), missing: 0, nonFinite: 0 };
}

function toInput(state: ColumnState): FeatureInput {
  switch (state.kind) {
    case 'categories':
      return {
        kind: 'categorical',
        distribution: { categories: [...state.counts.keys()], counts: [...state.counts.values()] },
        missing: state.missing,
        nonFinite: 0,
      };
    case 'samples':
      return { kind: 'numeric', samples: state.samples.values(), missing: state.missing, nonFinite: state.nonFinite };
    case 'bins':
      return {
        kind: 'numeric',
        binned: { upperBounds: state.spec.upperBounds ?? [], counts: Array.from(state.counts) },
        summary: sideSummary(state.moments),
        missing: state.missing,
        nonFinite: state.nonFinite,
      };
  }
}

function quoteCell(cell: Exclude<Cell, null | undefined>): string {
  const json = JSON.stringify(String(cell));
  return json.length > 42 ? `${json.slice(0, 40)}…"` : json;
}
