/**
 * A baseline histogram moved onto other bucket edges: those of a live exporter whose `le` values are not the
 * baseline's. Only the baseline's own edges fix its CDF exactly (its counts are exact); between them the CDF is
 * modelled from what the baseline stores: its quantiles (the within-bucket shape) and its minimum and maximum
 * (where the open end buckets stop), linearly between those points.
 *
 * The size of the approximation follows from those points alone, whatever the values between them: at a live
 * edge between two known points a < e < b, the baseline's share below e lies between F(a) and F(b) (each within
 * its tolerance: 0 at the baseline's edges, the sketch's rank error at a quantile). `maxEdgeError` is the
 * widest such range over the live edges; each re-binned count is off by at most the errors of its two edges.
 */
import type { BinnedCounts, NumericSummary } from './types';

/** What re-binning reads of the baseline's summary. */
export type RebinSummary = Pick<NumericSummary, 'min' | 'max'> & { quantiles?: NumericSummary['quantiles'] };

/** Beyond this share at one edge the re-binned baseline is a guess, not an approximation: an error instead. */
export const MAX_REBIN_EDGE_ERROR = 0.3;

export type RebinResult =
  | {
      ok: true;
      binned: BinnedCounts;
      /** The largest share of the baseline that may lie on the other side of one live edge (0: exact). */
      maxEdgeError: number;
      /** Live edges where the baseline's CDF is known exactly (one of its edges, or outside its range). */
      exactEdges: number;
    }
  | { ok: false; reason: string };

/** Edges both lists have: exactly equal, as the drift core merges them (`alignValidatedBins`). */
export function sharedEdgeCount(a: readonly number[], b: readonly number[]): number {
  const inB = new Set(b);
  return a.filter((edge) => inB.has(edge)).length;
}

/**
 * Whether two histograms share too few edges to be compared on the edges they share: merged onto those, fewer
 * than half the buckets of the coarser side would remain (no shared edge at all leaves one bucket). Then the
 * baseline is better re-binned onto the live edges (`rebinBaseline`) than both sides merged into a few buckets.
 */
export function tooFewSharedEdges(referenceEdges: number, liveEdges: number, shared: number): boolean {
  return shared === 0 || 2 * (shared + 1) < Math.min(referenceEdges, liveEdges) + 1;
}

/** A point of the modelled CDF: P(X ≤ x) = p, known within ± `tolerance`. */
interface Knot {
  x: number;
  p: number;
  tolerance: number;
}

/**
 * Stored quantiles are exact (interpolated between order statistics) or from the builder's sketch, whose rank
 * error is below 0.5 % (`quantileSketch.ts`); their level is trusted within that, plus one observation.
 */
export const QUANTILE_RANK_TOLERANCE = 0.005;

/** The modelled CDF's knots, ascending in x (a repeated x is a jump) and in p. */
function cdfKnots(histogram: BinnedCounts, shares: readonly number[], total: number, summary: RebinSummary): Knot[] {
  const bounds = histogram.upperBounds;
  const m = bounds.length;
  const knots: Knot[] = [];
  const levels = summary.quantiles?.levels ?? [];
  const values = summary.quantiles?.values ?? [];
  const quantileTolerance = QUANTILE_RANK_TOLERANCE + 1 / total;
  // The values lie in [min, max]: a bucket reaching past either ends there (the open ones included).
  const known = Number.isFinite(summary.min) && Number.isFinite(summary.max) && summary.min <= summary.max;
  const low = known ? summary.min : bounds[0];
  const high = known ? summary.max : bounds[m - 1];
  const within = (x: number) => Math.min(high, Math.max(low, x));
  for (let i = 0; i <= m; i++) {
    const before = i === 0 ? 0 : shares[i - 1];
    const after = shares[i];
    const lo = i === 0 ? low : within(bounds[i - 1]);
    const hi = i === m ? high : within(bounds[i]);
    knots.push({ x: lo, p: before, tolerance: 0 });
    let p = before;
    for (let k = 0; k < values.length; k++) {
      if (values[k] > lo && values[k] < hi && Number.isFinite(levels[k])) {
        // A sketch's level may disagree slightly with the exact bucket shares: the exact ones win.
        p = Math.min(after, Math.max(p, levels[k]));
        knots.push({ x: values[k], p, tolerance: quantileTolerance });
      }
    }
    knots.push({ x: hi, p: after, tolerance: 0 });
  }
  return knots;
}

/** P(X ≤ at) on the piecewise-linear CDF (the top of a jump at `at`, as buckets are right-closed). */
function cdfAt(knots: readonly Knot[], at: number): number {
  if (at < knots[0].x) {
    return 0;
  }
  let k = 0;
  while (k + 1 < knots.length && knots[k + 1].x <= at) {
    k++;
  }
  if (k + 1 === knots.length || knots[k].x === at) {
    return knots[k].p;
  }
  const [a, b] = [knots[k], knots[k + 1]];
  return a.p + ((b.p - a.p) * (at - a.x)) / (b.x - a.x);
}

/**
 * How far the baseline's true share below `edge` can be from any model of it: F(edge) is at least F at the
 * last knot before it and at most F at the first knot after it (each within its tolerance). 0 at one of the
 * baseline's own edges and outside [min, max].
 */
function edgeError(knots: readonly Knot[], histogram: BinnedCounts, summary: RebinSummary, edge: number): number {
  if (edge < summary.min || edge >= summary.max || histogram.upperBounds.includes(edge)) {
    return 0;
  }
  let lower = 0;
  let upper = 1;
  for (const knot of knots) {
    if (knot.x < edge) {
      lower = Math.max(lower, knot.p - knot.tolerance);
    } else if (knot.x > edge) {
      upper = Math.min(upper, knot.p + knot.tolerance);
    }
  }
  return Math.max(0, upper - lower);
}

function listEdges(edges: readonly number[]): string {
  const shown = edges.slice(0, 12).map(String);
  return edges.length > shown.length ? `${shown.join(', ')}, … (${edges.length} edges)` : shown.join(', ');
}

/** Both edge lists, for messages: `live le: 0.1, 0.2; baseline: 0.05, 0.15`. */
export function describeEdges(live: readonly number[], baseline: readonly number[]): string {
  return `live le: ${listEdges(live)}; baseline: ${listEdges(baseline)}`;
}

/**
 * The baseline's histogram on `upperBounds` (finite, strictly increasing): its exact total split by the
 * modelled CDF at each new edge. Not possible (a reason instead) for an empty baseline, or when one edge could
 * misplace more than `MAX_REBIN_EDGE_ERROR` of it.
 */
export function rebinBaseline(histogram: BinnedCounts, summary: RebinSummary, upperBounds: readonly number[]): RebinResult {
  let total = 0;
  const shares: number[] = [];
  for (const count of histogram.counts) {
    total += count;
    shares.push(total);
  }
  if (!(total > 0) || histogram.upperBounds.length === 0) {
    return { ok: false, reason: 'the baseline histogram has no values (or no edges) to re-bin' };
  }
  for (let i = 0; i < shares.length; i++) {
    shares[i] = i === shares.length - 1 ? 1 : shares[i] / total;
  }
  const knots = cdfKnots(histogram, shares, total, summary);
  const counts = new Array<number>(upperBounds.length + 1);
  let below = 0;
  let maxEdgeError = 0;
  let exactEdges = 0;
  for (let j = 0; j < upperBounds.length; j++) {
    const p = Math.max(below, cdfAt(knots, upperBounds[j]));
    counts[j] = (p - below) * total;
    below = p;
    const error = edgeError(knots, histogram, summary, upperBounds[j]);
    maxEdgeError = Math.max(maxEdgeError, error);
    exactEdges += error === 0 ? 1 : 0;
  }
  counts[upperBounds.length] = (1 - below) * total;
  if (maxEdgeError > MAX_REBIN_EDGE_ERROR) {
    return {
      ok: false,
      reason: `re-binning the baseline onto the live buckets could misplace up to ${percent(maxEdgeError)} of it at one edge (${describeEdges(upperBounds, histogram.upperBounds)})`,
    };
  }
  return { ok: true, binned: { upperBounds: [...upperBounds], counts }, maxEdgeError, exactEdges };
}

/** A share as a percentage for messages: `12.5 %`, `0.3 %`. */
export function percent(share: number): string {
  return `${Number((100 * share).toPrecision(3))} %`;
}
