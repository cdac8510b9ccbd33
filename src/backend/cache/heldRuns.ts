/**
 * The runs of final steps one cache key holds. A key is the upstream query itself, so a live read and its
 * reference an offset earlier (the same query over other times) share it; with one run per key each would
 * overwrite the other's and every refresh would fetch both again. A key keeps a few disjoint runs instead.
 */
import type { Coverage } from './stepCoverage';

/** Enough for a panel, its offset reference and a wider or older view of either; few enough to stay small. */
export const RUNS_PER_KEY = 4;

export interface SizedRun<R extends { coverage: Coverage }> {
  run: R;
  bytes: number;
}

function overlapMs(a: Coverage, b: Coverage): number {
  return Math.min(a.toMs, b.toMs) - Math.max(a.fromMs, b.fromMs);
}

/** The run sharing the most of `range` (a run of one step shares 0 ms), undefined when none overlaps it. */
export function bestRun<R extends { coverage: Coverage }>(runs: ReadonlyArray<SizedRun<R>>, range: Coverage): R | undefined {
  let best: R | undefined;
  let bestOverlap = -1;
  for (const { run } of runs) {
    const overlap = overlapMs(run.coverage, range);
    if (overlap >= 0 && overlap > bestOverlap) {
      best = run;
      bestOverlap = overlap;
    }
  }
  return best;
}

/**
 * `added` first, then the held runs it does not overlap, the most recent first, at most `RUNS_PER_KEY`. A new
 * run is built from the cached steps its read used plus the fetched ones, so it supersedes the runs it overlaps.
 */
export function withRun<R extends { coverage: Coverage }>(runs: ReadonlyArray<SizedRun<R>>, added: SizedRun<R>): Array<SizedRun<R>> {
  const disjoint = runs.filter(({ run }) => overlapMs(run.coverage, added.run.coverage) < 0);
  return [added, ...disjoint].slice(0, RUNS_PER_KEY);
}
