/**
 * The runs of final steps one cache key holds. A key is the upstream query itself, so every read of that query
 * over other times shares it: two panels of it over different ranges (today, and the same view a week back),
 * a zoomed-out view next to the panel. With one run per key each would overwrite the other's and every refresh
 * would fetch both again, so a key keeps a few disjoint runs. (A drift query's own live reference reads through a
 * lane of its own, `CompletedStepCache.lane`, since its runs may overlap the live side's.)
 */
import type { Coverage } from './stepCoverage';

/** Enough for a panel and a few wider or older views of the same query; few enough to stay small. */
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
 * run is the run its read used joined with the fetched steps (`joinedCoverage`), so it supersedes that run; another
 * run it overlaps only loses the steps the new one does not hold.
 */
export function withRun<R extends { coverage: Coverage }>(runs: ReadonlyArray<SizedRun<R>>, added: SizedRun<R>): Array<SizedRun<R>> {
  const disjoint = runs.filter(({ run }) => overlapMs(run.coverage, added.run.coverage) < 0);
  return [added, ...disjoint].slice(0, RUNS_PER_KEY);
}
