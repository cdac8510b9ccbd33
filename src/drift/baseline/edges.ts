/**
 * Bucket edges for numeric features. `--bins N` asks for N buckets of roughly equal reference mass: the finite
 * upper bounds are the reference quantiles at 1/N, 2/N, …, (N−1)/N, and the last bucket is (b_{N−1}, +Inf).
 * Equal-mass buckets are what PSI is usually computed on (deciles for N = 10) and keep every bucket populated.
 *
 * Bounds are rounded to the fewest significant digits (at least 3) that keep them strictly increasing, so they
 * can be pasted into Prometheus instrumentation as written; the exact counts are then taken on the rounded
 * bounds, so the stored histogram is exactly what an instrumented service would report.
 */

const MIN_SIGNIFICANT_DIGITS = 3;
const MAX_SIGNIFICANT_DIGITS = 17;

export function quantileLevelsForBins(bins: number): number[] {
  const levels: number[] = [];
  for (let i = 1; i < bins; i++) {
    levels.push(i / bins);
  }
  return levels;
}

/** Distinct, strictly increasing, finite bounds from (possibly tied) quantile values, rounded for humans. */
export function boundsFromQuantiles(values: readonly number[]): number[] {
  const distinct: number[] = [];
  for (const value of values) {
    if (Number.isFinite(value) && (distinct.length === 0 || value > distinct[distinct.length - 1])) {
      distinct.push(value);
    }
  }
  return roundKeepingOrder(distinct);
}

function roundKeepingOrder(bounds: number[]): number[] {
  for (let digits = MIN_SIGNIFICANT_DIGITS; digits < MAX_SIGNIFICANT_DIGITS; digits++) {
    const rounded = bounds.map((b) => Number(b.toPrecision(digits)));
    if (isStrictlyIncreasing(rounded)) {
      return rounded;
    }
  }
  return bounds;
}

/** `0.1,0.5,0.9`: finite, strictly increasing bucket upper bounds, or what is wrong with the text (every entry point's rule). */
export function parseUpperBounds(text: string): { ok: true; bounds: number[] } | { ok: false; problem: string } {
  const parts = text.split(',').map((p) => p.trim());
  const bounds = parts.map(Number);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '' || !Number.isFinite(bounds[i])) {
      return { ok: false, problem: `${JSON.stringify(parts[i])} is not a finite number` };
    }
    if (i > 0 && !(bounds[i] > bounds[i - 1])) {
      return { ok: false, problem: `bounds must be strictly increasing (${bounds[i - 1]} then ${bounds[i]})` };
    }
  }
  return { ok: true, bounds };
}

export function isStrictlyIncreasing(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) {
      return false;
    }
  }
  return true;
}

/**
 * Index of the right-closed bucket holding `value`: the number of bounds strictly below it (0 for NaN). A binary
 * search without branches on the data (the comparison is added as 0 or 1): the outcome of each step is a coin
 * toss the CPU mispredicts half the time, which made the branching search the largest cost of counting.
 */
export function bucketIndex(upperBounds: readonly number[], value: number): number {
  let remaining = upperBounds.length;
  if (remaining === 0) {
    return 0;
  }
  let base = 0;
  while (remaining > 1) {
    const half = remaining >>> 1;
    base += half * Number(upperBounds[base + half] < value);
    remaining -= half;
  }
  return base + Number(upperBounds[base] < value);
}
