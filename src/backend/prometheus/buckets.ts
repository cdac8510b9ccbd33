/**
 * From Prometheus' cumulative `le` buckets to the engine's per-bucket counts, and from two bucket layouts
 * (the baseline's and the live one) to one both can be compared on.
 */
import { tooFewSharedEdges } from '../../drift/rebin';
import type { BinnedCounts, CategoryCounts } from '../../drift/types';

export interface CumulativeBucket {
  /** Upper bound; `Infinity` for `le="+Inf"`. */
  le: number;
  /** Cumulative count up to `le` (may be fractional: `increase()` extrapolates). */
  count: number;
}

export type DecumulateResult =
  | { ok: true; binned: BinnedCounts; total: number; forcedMonotonic: boolean }
  | { ok: false; reason: string };

/** Parses an `le` label value: `+Inf` and any float syntax Prometheus clients write. */
export function parseLe(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf' || text === 'inf' || text === '+inf') {
    return Infinity;
  }
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/**
 * Cumulative buckets to right-closed bucket counts. Buckets with the same bound (e.g. `1` and `1.0` from two
 * exporters) are added. See `decumulateSorted` for the rules.
 */
export function decumulate(buckets: readonly CumulativeBucket[]): DecumulateResult {
  const byBound = new Map<number, number>();
  for (const bucket of buckets) {
    byBound.set(bucket.le, (byBound.get(bucket.le) ?? 0) + bucket.count);
  }
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  return decumulateSorted(
    bounds,
    bounds.map((b) => byBound.get(b)!),
    bounds.map(() => 1)
  );
}

/**
 * Cumulative counts at ascending bounds to right-closed bucket counts. `cumulative` and `present` may hold
 * several rows of `bounds.length` (one per evaluation time, see grid.ts); `row` picks one. A bound whose
 * `present` is not 1 has no series at this time and is skipped. A `+Inf` bucket is required: without it the
 * overflow count is unknown.
 * A count below the previous bucket's (every `le` series is extrapolated separately by `increase()`, so this
 * happens) is raised to it, as PromQL's `histogram_quantile` does; `forcedMonotonic` says whether that changed
 * more than rounding noise.
 */
export function decumulateSorted(bounds: readonly number[], cumulative: ArrayLike<number>, present: ArrayLike<number>, row = 0): DecumulateResult {
  const offset = row * bounds.length;
  const upperBounds: number[] = [];
  let floor = 0;
  let total = 0;
  let hasInf = false;
  // Checks first, so that a window that is skipped allocates nothing but its reason.
  for (let i = 0; i < bounds.length; i++) {
    if (present[offset + i] !== 1) {
      continue;
    }
    const value = cumulative[offset + i];
    if (Number.isNaN(value) || Number.isNaN(bounds[i])) {
      return { ok: false, reason: 'a bucket count is NaN' };
    }
    if (!Number.isFinite(value)) {
      return { ok: false, reason: 'a bucket count is infinite' };
    }
    if (bounds[i] === -Infinity) {
      floor = Math.max(0, value);
    } else if (bounds[i] === Infinity) {
      hasInf = true;
      total = value;
    } else {
      upperBounds.push(bounds[i]);
    }
  }
  if (!hasInf) {
    return { ok: false, reason: 'the histogram has no le="+Inf" bucket' };
  }
  const tolerance = 1e-12 * Math.max(Math.abs(total), 1);
  let forcedMonotonic = false;
  const counts = new Array<number>(upperBounds.length + 1);
  let previous = floor;
  let bin = 0;
  for (let i = 0; i < bounds.length; i++) {
    if (present[offset + i] !== 1 || bounds[i] === -Infinity) {
      continue;
    }
    let value = cumulative[offset + i];
    if (value < previous) {
      if (previous - value > tolerance) {
        forcedMonotonic = true;
      }
      value = previous;
    }
    counts[bin] = bin === 0 ? value : value - previous;
    previous = value;
    bin++;
  }
  return { ok: true, binned: { upperBounds, counts }, total: previous, forcedMonotonic };
}

/** Equal up to float formatting noise (`0.1` written by one client, `0.1000000001` by another). */
function sameBound(a: number, b: number): boolean {
  if (a === b) {
    return true;
  }
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  // A plain loop: this runs for every feature and window of a range query.
  for (let i = 0; i < a.length; i++) {
    if (!sameBound(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

/** Sums buckets into coarser ones whose bounds are a subset of `histogram`'s bounds. */
export function rebin(histogram: BinnedCounts, upperBounds: readonly number[]): BinnedCounts {
  const counts = new Array<number>(upperBounds.length + 1).fill(0);
  let target = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    const upper = i < histogram.upperBounds.length ? histogram.upperBounds[i] : Infinity;
    while (target < upperBounds.length && upperBounds[target] < upper && !sameBound(upperBounds[target], upper)) {
      target++;
    }
    counts[target] += histogram.counts[i];
  }
  return { upperBounds: [...upperBounds], counts };
}

export type AlignedHistograms =
  | {
      ok: true;
      reference: BinnedCounts;
      current: BinnedCounts;
      /** True when the baseline's own bounds had to be coarsened (its resolution was lost). */
      merged: boolean;
    }
  | { ok: false; reason: string };

/**
 * Puts the baseline and the live histogram on common bounds: the bounds both have. When the live side has
 * every baseline bound (same or finer buckets) this is exact and the baseline keeps its resolution;
 * otherwise both sides are coarsened and `merged` is set so the caller can say so. When they share too few
 * bounds for that (`tooFewSharedEdges`), the live histogram stays on its own bounds, for the query to re-bin
 * the baseline onto them (`rebinBaseline`, with the notice that says how).
 */
export function alignHistograms(reference: BinnedCounts, current: BinnedCounts): AlignedHistograms {
  if (sameBounds(reference.upperBounds, current.upperBounds)) {
    return { ok: true, reference, current: { upperBounds: reference.upperBounds, counts: current.counts }, merged: false };
  }
  if (current.upperBounds.length === 0) {
    return { ok: false, reason: 'the live histogram has only the le="+Inf" bucket, which holds no distribution' };
  }
  const common = reference.upperBounds.filter((r) => current.upperBounds.some((c) => sameBound(r, c)));
  if (tooFewSharedEdges(reference.upperBounds.length, current.upperBounds.length, common.length)) {
    return { ok: true, reference, current, merged: false };
  }
  const merged = common.length < reference.upperBounds.length;
  const currentOnCommon = rebin(current, common);
  return {
    ok: true,
    reference: merged ? rebin(reference, common) : { upperBounds: [...reference.upperBounds], counts: [...reference.counts] },
    // Use the baseline's spelling of each bound so both sides carry identical numbers.
    current: { upperBounds: merged ? currentOnCommon.upperBounds : [...reference.upperBounds], counts: currentOnCommon.counts },
    merged,
  };
}

export interface AlignedCategories {
  reference: CategoryCounts;
  current: CategoryCounts;
  /** Live categories the baseline never saw (kept, with a baseline count of 0). */
  unseen: string[];
}

/** Live category counts in the baseline's order; unseen live categories are appended to both sides. */
export function alignCategories(reference: CategoryCounts, live: ReadonlyMap<string, number>): AlignedCategories {
  const known = new Set(reference.categories);
  const unseen = [...live.keys()].filter((c) => !known.has(c)).sort();
  const categories = [...reference.categories, ...unseen];
  return {
    reference: { categories, counts: [...reference.counts, ...unseen.map(() => 0)] },
    current: { categories, counts: categories.map((c) => live.get(c) ?? 0) },
    unseen,
  };
}
