/**
 * Pass 2 of a baseline build: exact counts on the edges and categories that pass 1 chose, for the whole
 * reference and for each of its contiguous chunks (row r belongs to chunk ⌊r·K/rows⌋), then the document.
 */
import { Cell, CellSource, categoryOf, isMissing, parseNumber } from './cells';
import { bucketIndex } from './edges';
import { BASELINE_LIMITS } from './limits';
import { Moments, addToMoments, emptyMoments, sideSummary } from './moments';
import { BaselineInputError, BaselinePlan, ColumnPlan } from './profiler';
import { OTHER_CATEGORY } from '../align';
import { BASELINE_SCHEMA_VERSION, type BaselineDocument, type BaselineFeature, type FeatureInput } from '../types';

interface NumericCounter {
  plan: Extract<ColumnPlan, { kind: 'numeric' }>;
  counts: Float64Array;
  chunkCounts: Float64Array[];
  /** Per chunk: min/max place the open buckets' mass, std normalises wasserstein_norm. */
  chunkMoments: Moments[];
}

interface CategoricalCounter {
  plan: Extract<ColumnPlan, { kind: 'categorical' }>;
  position: Map<string, number>;
  /** One slot per kept category, then the `other` slot. */
  counts: Float64Array;
  chunkCounts: Float64Array[];
  present: number;
}

type Counter = NumericCounter | CategoricalCounter;

/** A built feature with the per-chunk distributions its data-driven thresholds are computed from. */
export interface FeatureWithChunks {
  feature: BaselineFeature;
  role: ColumnPlan['role'];
  chunks: FeatureInput[];
}

export interface BaselineMeta {
  model: string;
  version: string;
  createdAt: string;
  sourceDescription?: string;
}

export class BaselineBinner {
  private readonly counters: Counter[];
  private readonly indexOfColumn: number[];
  private knownColumns = 0;
  private row = 0;

  constructor(private readonly plan: BaselinePlan) {
    this.counters = plan.columns.map((column) => newCounter(column, plan.chunks));
    this.indexOfColumn = plan.columns.map(() => -1);
  }

  addRow(values: readonly Cell[], columns: readonly string[]): void {
    const chunk = this.nextRow(columns);
    for (let i = 0; i < this.counters.length; i++) {
      const index = this.indexOfColumn[i];
      count(this.counters[i], index < 0 ? undefined : values[index], chunk);
    }
  }

  /** The same as `addRow(cells, columns)` for a row whose cells are read on demand (numbers without strings). */
  addCells(cells: CellSource, columns: readonly string[]): void {
    const chunk = this.nextRow(columns);
    for (let i = 0; i < this.counters.length; i++) {
      const counter = this.counters[i];
      const index = this.indexOfColumn[i];
      const present = index >= 0 && index < cells.length;
      const value = present && counter.plan.kind === 'numeric' ? cells.plainNumber(index) : undefined;
      if (value !== undefined) {
        // A plain decimal is finite and never a missing token.
        countNumber(counter as NumericCounter, value, chunk);
      } else {
        count(counter, present ? cells.cell(index) : undefined, chunk);
      }
    }
  }

  /**
   * `rows` rows as pass 1 parsed them (`BaselineProfiler.lastRowNumbers` one after the other, named by
   * `profiledColumns`): the same counts as `addRow` on their text, without parsing it again. Only for plans whose
   * columns are all numeric. Counted column by column (each column's values still in row order, so every sum
   * is the same): one counter and its bounds at a time is what keeps this loop fast.
   */
  addNumbers(numbers: Float64Array, columns: readonly string[], rows = 1): void {
    const firstRow = this.row;
    for (let r = 0; r < rows; r++) {
      this.nextRow(columns);
    }
    const width = columns.length;
    const { chunks } = this.plan;
    const total = this.plan.rows;
    for (let i = 0; i < this.counters.length; i++) {
      const counter = this.counters[i];
      if (counter.plan.kind !== 'numeric') {
        throw new Error('addNumbers needs a plan whose columns are all numeric');
      }
      const index = this.indexOfColumn[i];
      if (index < 0) {
        continue;
      }
      // Row by row within each chunk's stretch of the block, so the chunk is worked out once per stretch.
      for (let start = firstRow; start < firstRow + rows; ) {
        const chunk = chunkOf(start, chunks, total);
        const end = Math.min(firstRow + rows, firstRowOfChunk(chunk + 1, chunks, total));
        for (let r = start; r < end; r++) {
          const value = numbers[(r - firstRow) * width + index];
          // NaN stands for missing and non-finite alike: both stay out of the counts, as in addRow.
          if (Number.isFinite(value)) {
            countNumber(counter as NumericCounter, value, chunk);
          }
        }
        start = end;
      }
    }
  }

  /** Whether every planned column is numeric, so that `addNumbers` can take the whole of pass 2. */
  get numericOnly(): boolean {
    return this.plan.columns.every((column) => column.kind === 'numeric');
  }

  /** The features (with their chunk distributions), in the order of the input's columns. */
  finish(): FeatureWithChunks[] {
    if (this.row !== this.plan.rows) {
      throw changedBetweenPasses();
    }
    return this.counters.map(toFeature);
  }

  /** Advances to the next row; returns its chunk. */
  private nextRow(columns: readonly string[]): number {
    if (columns.length !== this.knownColumns) {
      this.resolveColumns(columns);
    }
    if (this.row >= this.plan.rows) {
      throw changedBetweenPasses();
    }
    return chunkOf(this.row++, this.plan.chunks, this.plan.rows);
  }

  private resolveColumns(columns: readonly string[]): void {
    this.plan.columns.forEach((column, i) => {
      this.indexOfColumn[i] = columns.indexOf(column.name);
    });
    this.knownColumns = columns.length;
  }
}

/** Assembles the document; thresholds are attached by the caller (they need the drift engine). */
export function baselineDocument(meta: BaselineMeta, plan: BaselinePlan, built: readonly FeatureWithChunks[]): BaselineDocument {
  const prediction = built.find((b) => b.role === 'prediction')?.feature;
  const label = built.find((b) => b.role === 'label')?.feature;
  const classNames = classNamesOf([prediction, label]);
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    model: meta.model,
    version: meta.version,
    createdAt: meta.createdAt,
    source: { kind: 'file', ...(meta.sourceDescription ? { description: meta.sourceDescription } : {}), rows: plan.rows },
    features: built.filter((b) => b.role === 'feature').map((b) => b.feature),
    ...(prediction ? { prediction } : {}),
    ...(label ? { label } : {}),
    ...(classNames.length > 0 ? { classNames } : {}),
    ...(plan.notes.length > 0 ? { notes: boundedNotes(plan.notes) } : {}),
  };
}

/** Notes within the document's limits: long ones shortened, and a count in place of those past the cap. */
function boundedNotes(notes: readonly string[]): string[] {
  const shorten = (note: string) =>
    note.length > BASELINE_LIMITS.maxTextLength ? `${note.slice(0, BASELINE_LIMITS.maxTextLength - 1)}…` : note;
  if (notes.length <= BASELINE_LIMITS.maxNotes) {
    return notes.map(shorten);
  }
  const kept = notes.slice(0, BASELINE_LIMITS.maxNotes - 1).map(shorten);
  return [...kept, `… and ${notes.length - kept.length} more notes`];
}

/** Classes of a classifier: the categories of its label and prediction columns, sorted. */
function classNamesOf(features: Array<BaselineFeature | undefined>): string[] {
  const names = new Set<string>();
  for (const feature of features) {
    if (feature?.kind === 'categorical') {
      feature.distribution.categories.filter((c) => c !== OTHER_CATEGORY).forEach((c) => names.add(c));
    }
  }
  return [...names].sort();
}

/** Row r of `rows` belongs to chunk ⌊r·K/rows⌋. */
function chunkOf(row: number, chunks: number, rows: number): number {
  return Math.floor((row * chunks) / rows);
}

/** The first row of `chunk` (the smallest r with chunkOf(r) >= chunk), exact whatever the rounding. */
function firstRowOfChunk(chunk: number, chunks: number, rows: number): number {
  let row = Math.ceil((chunk * rows) / chunks);
  while (row > 0 && chunkOf(row - 1, chunks, rows) >= chunk) {
    row--;
  }
  while (chunkOf(row, chunks, rows) < chunk) {
    row++;
  }
  return row;
}

function changedBetweenPasses(): BaselineInputError {
  return new BaselineInputError('the input changed between the two passes (row count differs); build again');
}

function newCounter(plan: ColumnPlan, chunks: number): Counter {
  const slots = plan.kind === 'numeric' ? plan.upperBounds.length + 1 : plan.kept.length + 1;
  const chunkCounts = Array.from({ length: chunks }, () => new Float64Array(slots));
  if (plan.kind === 'numeric') {
    const chunkMoments = Array.from({ length: chunks }, emptyMoments);
    return { plan, counts: new Float64Array(slots), chunkCounts, chunkMoments };
  }
  const position = new Map(plan.kept.map((category, i) => [category, i]));
  return { plan, position, counts: new Float64Array(slots), chunkCounts, present: 0 };
}

function count(counter: Counter, cell: Cell, chunk: number): void {
  if (cell === undefined || cell === null || isMissing(cell)) {
    return;
  }
  if (counter.plan.kind === 'numeric') {
    const value = parseNumber(cell);
    if (value === undefined) {
      throw changedBetweenPasses();
    }
    if (Number.isFinite(value)) {
      countNumber(counter as NumericCounter, value, chunk);
    }
    return;
  }
  const categorical = counter as CategoricalCounter;
  const slot = categorical.position.get(categoryOf(cell)) ?? categorical.plan.kept.length;
  categorical.present++;
  counter.counts[slot]++;
  counter.chunkCounts[chunk][slot]++;
}

function countNumber(counter: NumericCounter, value: number, chunk: number): void {
  const slot = bucketIndex(counter.plan.upperBounds, value);
  addToMoments(counter.chunkMoments[chunk], value);
  counter.counts[slot]++;
  counter.chunkCounts[chunk][slot]++;
}

function toFeature(counter: Counter): FeatureWithChunks {
  const { plan } = counter;
  if (plan.kind === 'numeric') {
    return {
      role: plan.role,
      feature: {
        name: plan.name,
        kind: 'numeric',
        histogram: { upperBounds: plan.upperBounds, counts: Array.from(counter.counts) },
        summary: plan.summary,
        missing: plan.missing,
        nonFinite: plan.nonFinite,
      },
      chunks: counter.chunkCounts.map(
        (c, i): FeatureInput => ({
          kind: 'numeric',
          binned: { upperBounds: plan.upperBounds, counts: Array.from(c) },
          summary: sideSummary((counter as NumericCounter).chunkMoments[i]),
        })
      ),
    };
  }
  const categorical = counter as CategoricalCounter;
  const hasOther = counter.counts[plan.kept.length] > 0;
  const categories = hasOther ? [...plan.kept, OTHER_CATEGORY] : plan.kept;
  const trim = (counts: Float64Array) => Array.from(hasOther ? counts : counts.subarray(0, plan.kept.length));
  return {
    role: plan.role,
    feature: {
      name: plan.name,
      kind: 'categorical',
      distribution: { categories, counts: trim(counter.counts) },
      n: categorical.present,
      missing: plan.missing,
      nonFinite: 0,
    },
    chunks: counter.chunkCounts.map((c): FeatureInput => ({ kind: 'categorical', distribution: { categories, counts: trim(c) } })),
  };
}
