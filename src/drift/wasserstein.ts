/**
 * Wasserstein-1 distance between two one-dimensional distributions, ∫ |F(x) − G(x)| dx, exactly as
 * scipy.stats.wasserstein_distance computes it: both CDFs are step functions over the merged support, and the
 * integral is the sum of |F − G| times the gap to the next support point. Weighted supports (bin
 * representatives with counts as weights) use cumulative weight / total weight as the CDF.
 * The sum is compensated (Neumaier), so a million terms lose no more than a couple of ulps.
 */
import { CompensatedSum, sumOf } from './numeric';

/** W1 of two ascending-sorted, equally weighted samples (one merge pass, the hot path on raw data). */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const integral = new CompensatedSum();
  forEachEcdfGap(a, b, (from, to, gap) => integral.add(gap * (to - from)));
  return integral.value();
}

/**
 * The pieces of `wassersteinSorted`'s integral: between consecutive points of the merged support, [from, to) with
 * the constant |F − G| there, in ascending order (for splitting W1 by bin).
 */
export function forEachEcdfGap(a: Float64Array, b: Float64Array, visit: (from: number, to: number, gap: number) => void): void {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let previous = Math.min(a[0], b[0]);
  while (i < n1 || j < n2) {
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    if (next > previous) {
      visit(previous, next, Math.abs(i / n1 - j / n2));
      previous = next;
    }
    while (i < n1 && a[i] === next) {
      i++;
    }
    while (j < n2 && b[j] === next) {
      j++;
    }
  }
}

/**
 * W1 of two ascending-sorted supports with non-negative weights (equal weights when omitted), for binned
 * data, where the supports are bin representatives and the weights their counts.
 */
export function wassersteinWeightedSorted(
  uValues: ArrayLike<number>,
  uWeights: ArrayLike<number> | undefined,
  vValues: ArrayLike<number>,
  vWeights: ArrayLike<number> | undefined
): number {
  const uTotal = uWeights ? sumOf(uWeights) : uValues.length;
  const vTotal = vWeights ? sumOf(vWeights) : vValues.length;
  const integral = new CompensatedSum();
  let i = 0;
  let j = 0;
  let uCumulative = 0;
  let vCumulative = 0;
  let previous = Math.min(uValues[0], vValues[0]);
  while (i < uValues.length || j < vValues.length) {
    const next = j >= vValues.length || (i < uValues.length && uValues[i] <= vValues[j]) ? uValues[i] : vValues[j];
    if (next > previous) {
      integral.add(Math.abs(uCumulative / uTotal - vCumulative / vTotal) * (next - previous));
      previous = next;
    }
    while (i < uValues.length && uValues[i] === next) {
      uCumulative += uWeights ? uWeights[i] : 1;
      i++;
    }
    while (j < vValues.length && vValues[j] === next) {
      vCumulative += vWeights ? vWeights[j] : 1;
      j++;
    }
  }
  return integral.value();
}
