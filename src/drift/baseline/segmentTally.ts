/**
 * Per-segment distributions of a baseline build (`mldrift baseline build --segment COL`): pass 1 counts the rows of
 * each value of the segment column; the values with the most rows (`limit`) are then counted in pass 2 by binners of
 * their own, on the edges and categories pass 1 chose for the whole reference, so that every segment's histogram
 * lines up with the shared one and with the live buckets. Rows without a segment value count in the shared
 * distributions only.
 */
import { BaselineBinner } from './binner';
import { ColumnLookup } from './columnLookup';
import { type CellSource, categoryOf, isMissing } from './cells';
import { BaselineInputError, type BaselinePlan } from './profiler';
import { BUILD_LIMITS } from './limits';
import { attachThresholds } from './thresholds';
import type { BaselineSegments } from '../types';

/** Distinct values counted in pass 1 before the column is refused (it would be an identifier, not a segment). */
const MAX_SEGMENT_VALUES_SEEN = 100_000;

export interface SegmentTallyOptions {
  column: string;
  limit: number;
}

export class SegmentTally {
  private readonly rowsOf = new Map<string, number>();
  private binners = new Map<string, BaselineBinner>();
  private readonly column: ColumnLookup;

  constructor(private readonly options: SegmentTallyOptions) {
    const { min, max } = BUILD_LIMITS.segmentLimit;
    if (!Number.isInteger(options.limit) || options.limit < min || options.limit > max) {
      throw new BaselineInputError(`segment limit must be a whole number from ${min} to ${max}, got ${options.limit}`);
    }
    this.column = new ColumnLookup(options.column);
  }

  /** Pass 1: one row. */
  count(cells: CellSource, columns: readonly string[]): void {
    const value = this.valueOf(cells, columns);
    if (value === undefined) {
      return;
    }
    this.rowsOf.set(value, (this.rowsOf.get(value) ?? 0) + 1);
    if (this.rowsOf.size > MAX_SEGMENT_VALUES_SEEN) {
      throw new BaselineInputError(
        `segment column "${this.options.column}" has more than ${MAX_SEGMENT_VALUES_SEEN} distinct values: an identifier, not a segment`
      );
    }
  }

  /** After pass 1: the segments to count, the values with the most rows first (ties by value). */
  choose(plan: BaselinePlan): void {
    const top = [...this.rowsOf.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, this.options.limit);
    // Each segment's chunks (for its data-driven thresholds) are cut from its own rows.
    this.binners = new Map(top.map(([value, rows]) => [value, new BaselineBinner({ ...plan, rows })]));
  }

  /** Pass 2: one row, counted by its segment's binner when it is one of the chosen. */
  add(cells: CellSource, columns: readonly string[]): void {
    const value = this.valueOf(cells, columns);
    if (value !== undefined) {
      this.binners.get(value)?.addCells(cells, columns);
    }
  }

  /** The segments' features, and notes on what was kept (and, per segment, thresholds it could not have). */
  finish(plan: BaselinePlan): { segments: BaselineSegments; notes: string[] } {
    const notes: string[] = [];
    const values = [...this.binners].map(([value, binner]) => {
      const rows = this.rowsOf.get(value) ?? 0;
      const segmentPlan: BaselinePlan = { ...plan, rows, notes: [] };
      const features = attachThresholds(binner.finish(), segmentPlan)
        .filter((built) => built.role === 'feature')
        .map((built) => built.feature);
      notes.push(...segmentPlan.notes.map((note) => `segment ${JSON.stringify(value)}: ${note}`));
      return { value, rows, features };
    });
    const left = this.rowsOf.size - values.length;
    notes.unshift(
      `segments by "${this.options.column}": ${values.length} of ${this.rowsOf.size} values kept (the most rows)${left > 0 ? `; the other ${left} count in the shared distributions only` : ''}`
    );
    return { segments: { by: this.options.column, values }, notes };
  }

  /** The row's segment value, undefined when the cell is missing. */
  private valueOf(cells: CellSource, columns: readonly string[]): string | undefined {
    const index = this.column.indexIn(columns);
    if (index < 0 || index >= cells.length) {
      return undefined;
    }
    const cell = cells.cell(index);
    return isMissing(cell) ? undefined : categoryOf(cell as Exclude<typeof cell, null | undefined>);
  }
}
