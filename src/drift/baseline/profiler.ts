/**
 * Pass 1 of a baseline build: one look at every row decides each column's kind, computes the exact numeric
 * summary (count, min, max, Welford mean and population std), feeds a quantile sketch that yields the bucket
 * edges, and tallies categories to choose which ones are kept. Memory depends on the number of columns, never on
 * the number of rows.
 */
import { Cell, CellSource, categoryOf, isMissing, parseNumber } from './cells';
import { Unsuitable, isIsoDateTime, unsuitableColumn } from './columnScreen';
import { boundsFromQuantiles, isStrictlyIncreasing, quantileLevelsForBins } from './edges';
import { BASELINE_LIMITS, BUILD_DEFAULTS } from './limits';
import { OTHER_CATEGORY } from '../align';
import { Moments, addToMoments, emptyMoments, populationStdOf } from './moments';
import { QuantileSketch } from './quantileSketch';
import { TextTally } from './textTally';
import type { NumericSummary } from '../types';

export type ColumnRole = 'feature' | 'prediction' | 'label';

export interface BaselineBuildOptions {
  /** Feature columns to keep; omitted: every column except the prediction and label columns. */
  columns?: readonly string[];
  /** Columns read as categories even when every value is numeric. */
  categorical?: readonly string[];
  /** Number of equal-mass buckets (ignored for columns with explicit edges). */
  bins?: number;
  /** Explicit finite, strictly increasing upper bounds for every numeric column… */
  edges?: readonly number[];
  /** …or for some columns only (takes precedence over `edges`). */
  edgesByColumn?: ReadonlyMap<string, readonly number[]>;
  maxCategories?: number;
  /** Contiguous reference chunks for data-driven thresholds. */
  chunks?: number;
  prediction?: string;
  label?: string;
  /** A classifier's score column (`--score`): not a feature unless named in `columns` or as the prediction. */
  score?: string;
  /** The column the rows are split by (`--segment`): not a feature unless named in `columns`. */
  segment?: string;
  /**
   * Leave out identifier-like and date/time feature columns (`columnScreen.ts`) unless they are named in
   * `columns`; each one left out is listed in the plan's `skipped` and noted. Off unless asked for.
   */
  skipUnsuitable?: boolean;
}

/** Raised for input that cannot give a correct baseline; the message is meant for the user as it is. */
export class BaselineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineInputError';
  }
}

/** Past this many distinct values a column's tally stops growing (it is a numeric or an id-like column). */
const MAX_TALLIED_DISTINCT = 10_000;

interface NumericAccumulator {
  moments: Moments;
  nonFinite: number;
  sketch: QuantileSketch;
  /** Every finite value so far is a whole number. */
  integers: boolean;
}

interface ColumnState {
  name: string;
  role: ColumnRole;
  forcedCategorical: boolean;
  missing: number;
  present: number;
  numeric: NumericAccumulator | undefined;
  tally: TextTally | undefined;
  /** Distinct texts tallied, and the non-missing values they came from (frozen when the tally stops). */
  distinct: number;
  distinctAmong: number;
  /** Of the distinct texts read as text (not as plain numbers), how many are ISO 8601 dates or date-times. */
  dates: number;
}

export interface NumericColumnPlan {
  kind: 'numeric';
  name: string;
  role: ColumnRole;
  upperBounds: number[];
  summary: NumericSummary;
  missing: number;
  nonFinite: number;
}

export interface CategoricalColumnPlan {
  kind: 'categorical';
  name: string;
  role: ColumnRole;
  /** Categories that get their own count, most frequent first; the rest go to the `other` bucket. */
  kept: string[];
  missing: number;
}

export type ColumnPlan = NumericColumnPlan | CategoricalColumnPlan;

/** A feature column left out by `skipUnsuitable`, and why. */
export interface SkippedColumn {
  name: string;
  reason: string;
}

/** What pass 1 learnt; pass 2 (`BaselineBinner`) counts exactly on it. */
export interface BaselinePlan {
  rows: number;
  columns: ColumnPlan[];
  chunks: number;
  notes: string[];
  /** Feature columns left out by `skipUnsuitable` (absent from plans made elsewhere than the profiler). */
  skipped?: SkippedColumn[];
}

export class BaselineProfiler {
  private readonly states: Array<ColumnState | undefined> = [];
  private readonly seenNames = new Set<string>();
  private rows = 0;
  private readonly forced: ReadonlySet<string>;
  /** Names of the columns this build reads (the rest of the input is skipped), in input order. */
  readonly profiledColumns: string[] = [];
  /**
   * The last row's numbers, one per profiled column: NaN when the cell is missing, not finite or not a number.
   * Pass 2 needs nothing else from a numeric column, so a caller may keep these rows (they are cheaper to read
   * back than the text is to parse again) and replay them with `BaselineBinner.addNumbers`.
   */
  lastRowNumbers = new Float64Array(0);

  constructor(private readonly options: BaselineBuildOptions = {}) {
    this.forced = new Set(options.categorical ?? []);
  }

  /**
   * One row. `columns` is the reader's list of column names (it may grow, as in JSON Lines); `values[i]` belongs
   * to `columns[i]`, and a short row means absent (missing) values.
   */
  addRow(values: readonly Cell[], columns: readonly string[]): void {
    if (columns.length > this.states.length) {
      this.registerColumns(columns);
    }
    let slot = 0;
    for (let i = 0; i < this.states.length; i++) {
      const state = this.states[i];
      if (state !== undefined) {
        this.lastRowNumbers[slot++] = observe(state, values[i]);
      }
    }
    this.rows++;
  }

  /**
   * The same as `addRow(cells, columns)` for a row whose cells are read on demand: a column that only needs the
   * number (numeric so far) takes it without the cell's text being made, but for the category tally.
   */
  addCells(cells: CellSource, columns: readonly string[]): void {
    if (columns.length > this.states.length) {
      this.registerColumns(columns);
    }
    let slot = 0;
    for (let i = 0; i < this.states.length; i++) {
      const state = this.states[i];
      if (state === undefined) {
        continue;
      }
      const value = state.numeric !== undefined && i < cells.length ? cells.plainNumber(i) : undefined;
      if (value !== undefined && state.numeric !== undefined) {
        // A plain decimal is never a missing token; only a running tally needs its text.
        state.present++;
        if (state.tally !== undefined) {
          cells.addTextTo(i, state.tally);
          countDistinct(state);
        }
        this.lastRowNumbers[slot++] = addNumber(state.numeric, value);
      } else {
        this.lastRowNumbers[slot++] = observe(state, i < cells.length ? cells.cell(i) : undefined);
      }
    }
    this.rows++;
  }

  finish(): BaselinePlan {
    this.checkRequestedColumnsExist();
    const notes: string[] = [];
    const columns: ColumnPlan[] = [];
    const skipped: SkippedColumn[] = [];
    for (const state of this.states) {
      if (state === undefined) {
        continue;
      }
      if (state.present === 0) {
        notes.push(`column "${state.name}" has no values (${state.missing} missing): left out`);
        continue;
      }
      if (state.numeric !== undefined && state.numeric.moments.n === 0) {
        notes.push(`column "${state.name}" has no finite value (${state.numeric.nonFinite} NaN/Inf, ${state.missing} missing): left out`);
        continue;
      }
      const unsuitable = this.screened(state);
      if (unsuitable !== undefined) {
        skipped.push({ name: state.name, reason: unsuitable.reason });
        notes.push(`column "${state.name}": ${unsuitable.reason}: left out (name it among the columns to keep it)`);
        continue;
      }
      columns.push(this.planColumn(state, notes));
    }
    const features = columns.filter((column) => column.role === 'feature').length;
    if (features > BASELINE_LIMITS.maxFeatures) {
      throw new BaselineInputError(
        `${features} feature columns, more than a baseline holds (${BASELINE_LIMITS.maxFeatures}); choose some with --columns`
      );
    }
    return { rows: this.rows, columns, chunks: this.options.chunks ?? BUILD_DEFAULTS.chunks, notes, skipped };
  }

  /** Why a feature column is left out, when the caller asked to skip unsuitable columns it did not name. */
  private screened(state: ColumnState): Unsuitable | undefined {
    if (!this.options.skipUnsuitable || state.role !== 'feature' || this.options.columns?.includes(state.name)) {
      return undefined;
    }
    const numeric = state.numeric;
    return unsuitableColumn({
      kind: numeric === undefined ? 'categorical' : 'numeric',
      distinct: state.tally?.size ?? state.distinct,
      sampled: state.tally !== undefined ? state.present : state.distinctAmong,
      datesChecked: state.tally?.size ?? state.distinct,
      dates: state.dates,
      ...(numeric !== undefined
        ? { integers: numeric.integers, min: numeric.moments.min, max: numeric.moments.max, n: numeric.moments.n }
        : {}),
    });
  }

  private registerColumns(columns: readonly string[]): void {
    for (let i = this.states.length; i < columns.length; i++) {
      const name = columns[i];
      if (name.length > BASELINE_LIMITS.maxNameLength) {
        throw new BaselineInputError(
          `column ${i + 1}: name longer than ${BASELINE_LIMITS.maxNameLength} characters (${JSON.stringify(name.slice(0, 40))}…)`
        );
      }
      if (this.seenNames.has(name)) {
        throw new BaselineInputError(`column "${name}" appears twice in the header`);
      }
      this.seenNames.add(name);
      const role = this.roleOf(name);
      if (role !== undefined) {
        this.profiledColumns.push(name);
      }
      this.states.push(
        role === undefined
          ? undefined
          : {
              name,
              role,
              forcedCategorical: this.forced.has(name),
              // Rows read before the column first appeared did not have it.
              missing: this.rows,
              present: 0,
              numeric: this.forced.has(name) ? undefined : newNumericAccumulator(),
              tally: new TextTally(),
              distinct: 0,
              distinctAmong: 0,
              dates: 0,
            }
      );
    }
    if (this.lastRowNumbers.length !== this.profiledColumns.length) {
      this.lastRowNumbers = new Float64Array(this.profiledColumns.length);
    }
  }

  private roleOf(name: string): ColumnRole | undefined {
    if (name === this.options.prediction) {
      return 'prediction';
    }
    if (name === this.options.label) {
      return 'label';
    }
    if (this.options.columns?.includes(name) ?? (name !== this.options.score && name !== this.options.segment)) {
      return 'feature';
    }
    return undefined;
  }

  private checkRequestedColumnsExist(): void {
    const requested = [
      ...(this.options.columns ?? []),
      ...(this.options.categorical ?? []),
      ...(this.options.edgesByColumn?.keys() ?? []),
      ...[this.options.prediction, this.options.label, this.options.score, this.options.segment].filter((c): c is string => c !== undefined),
    ];
    const absent = requested.filter((name) => !this.seenNames.has(name));
    if (absent.length > 0) {
      const list = [...new Set(absent)].map((n) => `"${n}"`).join(', ');
      throw new BaselineInputError(`no column named ${list} (columns: ${[...this.seenNames].join(', ')})`);
    }
  }

  private planColumn(state: ColumnState, notes: string[]): ColumnPlan {
    if (state.numeric !== undefined) {
      return this.planNumeric(state, state.numeric, notes);
    }
    const maxCategories = this.options.maxCategories ?? BUILD_DEFAULTS.maxCategories;
    const ranked = (state.tally?.entries() ?? [])
      .filter(([category]) => category !== OTHER_CATEGORY && category.length <= BASELINE_LIMITS.maxCategoryLength)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = ranked.slice(0, maxCategories).map(([category]) => category);
    if (state.tally === undefined) {
      notes.push(
        `column "${state.name}" has more than ${MAX_TALLIED_DISTINCT} distinct values: the ${kept.length} most frequent in the first ${MAX_TALLIED_DISTINCT} distinct are kept, the rest counted as other`
      );
    } else if (state.tally.size > kept.length) {
      notes.push(
        `column "${state.name}": ${state.tally.size - kept.length} of ${state.tally.size} categories (rarest, or longer than ${BASELINE_LIMITS.maxCategoryLength} characters) counted as other`
      );
    }
    return { kind: 'categorical', name: state.name, role: state.role, kept, missing: state.missing };
  }

  private planNumeric(state: ColumnState, numeric: NumericAccumulator, notes: string[]): NumericColumnPlan {
    const levels = [...BUILD_DEFAULTS.quantileLevels];
    const { moments } = numeric;
    const summary: NumericSummary = {
      n: moments.n,
      min: moments.min,
      max: moments.max,
      mean: moments.mean,
      std: populationStdOf(moments),
      quantiles: { levels, values: numeric.sketch.quantiles(levels) },
    };
    const upperBounds = this.boundsFor(state.name, numeric.sketch);
    const explicit = this.hasExplicitEdges(state.name);
    if (!numeric.sketch.exact) {
      const what = explicit ? 'quantiles from a sketch (rank error below 0.5 %); bucket edges as given' : 'quantiles and bucket edges from a sketch (rank error below 0.5 %)';
      notes.push(`column "${state.name}": ${what}; bucket counts are exact`);
    }
    if (!explicit) {
      notes.push(...this.tieNote(state.name, upperBounds));
    }
    return {
      kind: 'numeric',
      name: state.name,
      role: state.role,
      upperBounds,
      summary,
      missing: state.missing,
      nonFinite: numeric.nonFinite,
    };
  }

  private boundsFor(name: string, sketch: QuantileSketch): number[] {
    const explicit = this.options.edgesByColumn?.get(name) ?? this.options.edges;
    if (explicit !== undefined) {
      if (!isStrictlyIncreasing(explicit) || !explicit.every(Number.isFinite) || explicit.length === 0) {
        throw new BaselineInputError(`edges for "${name}" must be finite and strictly increasing`);
      }
      return [...explicit];
    }
    return boundsFromQuantiles(sketch.quantiles(quantileLevelsForBins(this.requestedBins())));
  }

  private requestedBins(): number {
    return this.options.bins ?? BUILD_DEFAULTS.bins;
  }

  private hasExplicitEdges(name: string): boolean {
    return this.options.edgesByColumn?.has(name) === true || this.options.edges !== undefined;
  }

  private tieNote(name: string, upperBounds: readonly number[]): string[] {
    const expected = this.requestedBins() - 1;
    return upperBounds.length < expected
      ? [`column "${name}": ${expected + 1} buckets asked, ${upperBounds.length + 1} made (tied quantiles)`]
      : [];
  }
}

function newNumericAccumulator(): NumericAccumulator {
  return { moments: emptyMoments(), nonFinite: 0, sketch: new QuantileSketch(), integers: true };
}

/** Takes one cell into the column's state; returns its number (NaN: missing, not finite or not numeric). */
function observe(state: ColumnState, cell: Cell): number {
  if (cell === undefined || cell === null || isMissing(cell)) {
    state.missing++;
    return NaN;
  }
  state.present++;
  if (state.tally !== undefined) {
    tallyCategory(state, categoryOf(cell));
  }
  if (state.numeric === undefined) {
    return NaN;
  }
  const value = parseNumber(cell);
  if (value === undefined) {
    // One non-numeric value makes the whole column categorical (categories are recounted exactly in pass 2).
    state.numeric = undefined;
    return NaN;
  }
  return addNumber(state.numeric, value);
}

function tallyCategory(state: ColumnState, category: string): void {
  const tally = state.tally;
  if (tally === undefined) {
    return;
  }
  const before = tally.size;
  tally.add(category);
  // Each distinct text is checked once, when first seen: the date rule reads distinct values.
  if (tally.size > before && isIsoDateTime(category)) {
    state.dates++;
  }
  countDistinct(state);
}

/** Stops the tally past its limit, keeping how many distinct values it had seen and among how many values. */
function countDistinct(state: ColumnState): void {
  if (state.tally !== undefined && state.tally.size > MAX_TALLIED_DISTINCT) {
    state.distinct = state.tally.size;
    state.distinctAmong = state.present;
    state.tally = undefined;
  }
}

function addNumber(numeric: NumericAccumulator, value: number): number {
  if (!Number.isFinite(value)) {
    numeric.nonFinite++;
    return NaN;
  }
  addToMoments(numeric.moments, value);
  numeric.sketch.add(value);
  if (numeric.integers && !Number.isInteger(value)) {
    numeric.integers = false;
  }
  return value;
}
