/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, with the p-value scipy.stats.ks_2samp(method='auto') gives:
 * - D = max over all observed values of |F1(v) − F2(v)|, both ECDFs right-continuous (ties handled by
 *   evaluating after all equal values of both samples);
 * - exact null distribution when max(n1, n2) <= 10 000 (lattice-path counting; D is snapped to the lattice
 *   h / lcm(n1, n2) as the exact distribution lives there);
 * - otherwise P(D_en >= D) of the one-sample finite-n Kolmogorov distribution at en = round(n1·n2/(n1+n2))
 *   (round half to even, like numpy), not the bare Kolmogorov limit.
 * The exact p-value assumes continuous data: with ties (and on binned data) it is conservative.
 */
import { kolmogorovSf } from './kolmogorov';
import { sumOf } from './numeric';
import { sortAscending } from './sort';

/** Largest sample size for which the exact distribution is used (scipy's MAX_AUTO_N). */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  pValueMethod: 'exact' | 'asymptotic';
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    [a, b] = [b, a % b];
  }
  return a;
}

/** numpy.round: halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) {
    return floor + 1;
  }
  if (fraction < 0.5) {
    return floor;
  }
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * P(D_{n,n} >= h/n) for equal sample sizes: 2 Σ_{k>=1} (−1)^(k−1) C(2n, n−kh) / C(2n, n) (reflection principle).
 * Consecutive terms differ by a ratio of h factors, so the alternating sum is evaluated nested from the
 * innermost term outwards, P = 2 r1 (1 − r2 (1 − r3 (…))), with no large binomials and no cancellation.
 */
function equalSizesSf(n: number, h: number): number {
  let nested = 0;
  for (let k = Math.floor(n / h); k >= 1; k--) {
    // ratio r_k = C(2n, n − kh) / C(2n, n − (k−1)h)
    let ratio = 1;
    const start = n - (k - 1) * h;
    const mirror = n + (k - 1) * h;
    for (let j = 0; j < h; j++) {
      ratio *= (start - j) / (mirror + j + 1);
    }
    nested = ratio * (1 - nested);
  }
  return 2 * nested;
}

/**
 * P(D_{m,n} >= h/lcm) for unequal sizes by walking the lattice from (0, 0) to (m, n): a path of the null
 * distribution is a uniformly random ordering of the two samples. Each cell holds the probability that a random
 * path reaching it has already left the band |x·n/g − y·m/g| < h; cells outside the band hold 1 and inside
 * cells average their two predecessors with weights x/(x+y) and y/(x+y). Only probabilities are combined
 * (convex combinations), so there is neither overflow nor cancellation, even for p-values far below 1e-300's
 * neighbours. Cost O(m · band width).
 */
function unequalSizesSf(n1: number, n2: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  const exited = new Float64Array(n + 1);
  // Column x = 0: y inside the band iff mg·y < h.
  for (let y = 0; y <= n; y++) {
    exited[y] = mg * y >= h ? 1 : 0;
  }
  let previousLow = 0;
  for (let x = 1; x <= m; x++) {
    const low = Math.max(Math.floor((ng * x - h) / mg) + 1, 0);
    const high = Math.min(Math.ceil((ng * x + h) / mg) - 1, n);
    if (low > high) {
      return 1;
    }
    for (let y = previousLow; y < low && y <= n; y++) {
      exited[y] = 1;
    }
    for (let y = low; y <= high; y++) {
      const fromLeft = exited[y];
      const fromBelow = y === 0 ? 0 : exited[y - 1];
      exited[y] = y === 0 ? fromLeft : (x * fromLeft + y * fromBelow) / (x + y);
    }
    previousLow = low;
  }
  return exited[n];
}

/** Exact P(D >= d) for sample sizes n1, n2; also returns d snapped to the lattice h / lcm(n1, n2). */
export function ksExactSf(n1: number, n2: number, d: number): { statistic: number; pValue: number } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const statistic = h / lcm;
  if (h === 0) {
    return { statistic, pValue: 1 };
  }
  const p = n1 === n2 ? equalSizesSf(n1, h) : unequalSizesSf(n1, n2, h);
  return { statistic, pValue: Math.min(1, Math.max(0, p)) };
}

/** The asymptotic branch: kstwo.sf(d, round(n1·n2/(n1+n2))). */
export function ksAsymptoticSf(n1: number, n2: number, d: number): number {
  const large = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const effective = roundHalfEven((large * small) / (large + small));
  if (effective < 1) {
    return d > 0 ? 0 : 1;
  }
  return kolmogorovSf(effective, d);
}

/** p-value of an observed D for sizes n1, n2 following scipy's 'auto' rule. */
export function ksPValue(n1: number, n2: number, d: number): KsResult {
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const exact = ksExactSf(n1, n2, d);
    return { statistic: exact.statistic, pValue: exact.pValue, pValueMethod: 'exact' };
  }
  return { statistic: d, pValue: ksAsymptoticSf(n1, n2, d), pValueMethod: 'asymptotic' };
}

/** Where two ECDFs are furthest apart: the value, and each sample's ECDF there (after all values equal to it). */
export interface KsGap {
  statistic: number;
  at: number;
  reference: number;
  current: number;
}

/** D of two ascending-sorted samples by one merge pass, and where it is reached (the first such value). */
export function ksGapSorted(a: Float64Array, b: Float64Array): KsGap {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  const gap: KsGap = { statistic: 0, at: NaN, reference: 0, current: 0 };
  while (i < n1 && j < n2) {
    const value = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] === value) {
      i++;
    }
    while (j < n2 && b[j] === value) {
      j++;
    }
    const distance = Math.abs(i / n1 - j / n2);
    if (distance > gap.statistic) {
      gap.statistic = distance;
      gap.at = value;
      gap.reference = i / n1;
      gap.current = j / n2;
    }
  }
  // Once one sample is exhausted its ECDF is 1 and the other's only grows towards 1: the gap only shrinks.
  return gap;
}

/** D of two ascending-sorted samples. */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  return ksGapSorted(a, b).statistic;
}

/** Two-sample KS on finite samples (callers remove NaN/±Inf first). Both samples must be non-empty. */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError('KS needs at least one value on each side');
  }
  const a = sortAscending(Float64Array.from(reference));
  const b = sortAscending(Float64Array.from(current));
  return ksPValue(a.length, b.length, ksStatisticSorted(a, b));
}

export interface BinnedKsResult extends KsResult {
  /** D at the shared edges: a lower bound of the D of the underlying samples. */
  statistic: number;
  /** Largest D compatible with the bucket counts. */
  statisticUpperBound: number;
  /**
   * Where D (the lower bound) is reached: the first bucket index i whose upper edge carries it, with both CDFs
   * there; edge −1 when D is 0.
   */
  gap: { edge: number; reference: number; current: number };
  n1: number;
  n2: number;
}

/**
 * KS bracket from bucket counts on identical right-closed buckets (see types.ts). With F, G the CDFs at the
 * edges, D_edges = max |F(e) − G(e)| is what the samples certainly reach; inside a bucket (a, b] the true gap
 * is at most max(F(b) − G(a), G(b) − F(a)) because both CDFs are non-decreasing, so the largest of these over
 * all buckets (open ends included, with CDF 0 at −Inf and 1 at +Inf) bounds D from above. The p-value is the
 * one of the lower bound, with sizes rounded from the (possibly fractional) totals.
 */
export function ksBinned(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): BinnedKsResult {
  const total1 = sumOf(referenceCounts);
  const total2 = sumOf(currentCounts);
  let cdf1 = 0;
  let cdf2 = 0;
  let lower = 0;
  let upper = 0;
  const gap = { edge: -1, reference: 0, current: 0 };
  for (let i = 0; i < referenceCounts.length; i++) {
    const next1 = i === referenceCounts.length - 1 ? 1 : cdf1 + referenceCounts[i] / total1;
    const next2 = i === currentCounts.length - 1 ? 1 : cdf2 + currentCounts[i] / total2;
    upper = Math.max(upper, next1 - cdf2, next2 - cdf1);
    if (Math.abs(next1 - next2) > lower) {
      lower = Math.abs(next1 - next2);
      Object.assign(gap, { edge: i, reference: next1, current: next2 });
    }
    cdf1 = next1;
    cdf2 = next2;
  }
  const n1 = Math.max(1, Math.round(total1));
  const n2 = Math.max(1, Math.round(total2));
  const result = ksPValue(n1, n2, lower);
  return { ...result, statistic: lower, statisticUpperBound: Math.min(1, upper), n1, n2, gap };
}
