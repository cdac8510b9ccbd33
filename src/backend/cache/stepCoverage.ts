/**
 * Which steps of a range query can come from the cache and which must be fetched. A range query evaluates at
 * `startMs, startMs + stepMs, …, endMs`; the value at a step is final once every sample it reads has arrived,
 * that is once the step is older than `now - margin`. The cache keeps contiguous runs of final steps per
 * query (a few disjoint ones, `heldRuns.ts`) and answers a range from the run sharing most of it; a refresh of
 * the same panel (its grid is aligned, see `queries/timeGrid.ts`) then fetches only the steps after that run, and
 * a wider range only the steps before it.
 */

/** Evaluation times `startMs + k·stepMs` up to `endMs`, as the upstream APIs take them. */
export interface StepRange {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The steps a cache entry holds: every grid time in [fromMs, toMs]. */
export interface Coverage {
  fromMs: number;
  toMs: number;
}

/** Steps from `startMs` to `endMs` inclusive (0 when `endMs` is before `startMs`). */
export function stepCount(startMs: number, endMs: number, stepMs: number): number {
  return endMs < startMs ? 0 : Math.floor((endMs - startMs) / stepMs) + 1;
}

/** The step phase, so that only grids whose times coincide share cached steps. */
export function stepPhase(range: StepRange): number {
  return ((range.startMs % range.stepMs) + range.stepMs) % range.stepMs;
}

/** The last step of the range that is final at `nowMs` (below `startMs` when none is). */
export function lastFinalStep(range: StepRange, nowMs: number, marginMs: number): number {
  const final = Math.min(range.endMs, nowMs - marginMs);
  return range.startMs + Math.floor((final - range.startMs) / range.stepMs) * range.stepMs;
}

/**
 * The parts of `range` to fetch when `coverage` (on the same grid) is cached: the steps before it and the steps
 * after it, or the whole range when they do not overlap (a range reads from one run: filling the gap between two
 * runs would need more requests than it saves).
 */
export function rangesToFetch(range: StepRange, coverage: Coverage | undefined): StepRange[] {
  if (!coverage || coverage.toMs < range.startMs || coverage.fromMs > range.endMs) {
    return [range];
  }
  const parts: StepRange[] = [];
  if (range.startMs < coverage.fromMs) {
    parts.push({ startMs: range.startMs, endMs: coverage.fromMs - range.stepMs, stepMs: range.stepMs });
  }
  // An end off the grid (a fixed reference range ends where the user said) may leave no step after the run.
  if (coverage.toMs + range.stepMs <= range.endMs) {
    parts.push({ startMs: coverage.toMs + range.stepMs, endMs: range.endMs, stepMs: range.stepMs });
  }
  return parts;
}

/** The part of `coverage` inside `range`, or undefined when they do not overlap. */
export function usableCoverage(range: StepRange, coverage: Coverage | undefined): Coverage | undefined {
  if (!coverage || coverage.toMs < range.startMs || coverage.fromMs > range.endMs) {
    return undefined;
  }
  return { fromMs: Math.max(range.startMs, coverage.fromMs), toMs: Math.min(range.endMs, coverage.toMs) };
}

/**
 * The run to keep after a read whose final steps are `read`, given the held run it used (undefined: none): both
 * joined, so zooming in and out, or a wider panel beside a narrower one, keeps what was fetched; but no longer than
 * the longer of the two, ending where they end, so a panel refreshed all day keeps its own range, not the whole day.
 * The read's own steps are always kept. Coverages on one grid give one on that grid.
 */
export function joinedCoverage(held: Coverage | undefined, read: Coverage): Coverage {
  if (!held || held.toMs < read.fromMs || held.fromMs > read.toMs) {
    return read;
  }
  const toMs = Math.max(held.toMs, read.toMs);
  const spanMs = Math.max(held.toMs - held.fromMs, read.toMs - read.fromMs);
  return { fromMs: Math.min(read.fromMs, Math.max(Math.min(held.fromMs, read.fromMs), toMs - spanMs)), toMs };
}
