/**
 * Regression metrics from what instrumentation can expose: counters of summed errors, or a histogram of errors.
 *
 * Error convention: e = prediction − actual, so a positive mean error (bias) means the model over-predicts.
 * MAE = Σ|e| / n, RMSE = √(Σe² / n), ME = Σe / n, MAPE = Σ(|e| / |actual|) / n as a fraction (scikit-learn's
 * `mean_absolute_percentage_error`, which is not multiplied by 100). MAPE is undefined when an actual is 0:
 * scikit-learn then divides by machine epsilon and returns a meaningless 1e15-scale number; here it is null with
 * the reason.
 */
import { validateBinnedCounts } from '../align';
import { DriftInputError } from '../errors';
import type { BinnedCounts } from '../types';

export interface ErrorSums {
  count: number;
  absoluteErrorSum: number;
  squaredErrorSum: number;
  /** Σ(prediction − actual); without it there is no bias. */
  errorSum?: number;
  /** Σ|prediction − actual| / |actual| over observations whose actual is not 0. */
  absolutePercentageErrorSum?: number;
  /** Observations whose actual was 0 (MAPE undefined when > 0). */
  zeroActualCount?: number;
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  meanError: number | null;
  mape: number | null;
  /** Why a metric is null. */
  notes: string[];
}

function requireFiniteNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DriftInputError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

export function regressionFromSums(sums: ErrorSums): RegressionMetrics {
  requireFiniteNonNegative('error count', sums.count);
  requireFiniteNonNegative('sum of absolute errors', sums.absoluteErrorSum);
  requireFiniteNonNegative('sum of squared errors', sums.squaredErrorSum);
  if (!(sums.count > 0)) {
    throw new DriftInputError('regression metrics need observations: the error count is 0');
  }
  const n = sums.count;
  const notes: string[] = [];
  let meanError: number | null = null;
  if (sums.errorSum === undefined) {
    notes.push('mean error: no sum of signed errors');
  } else if (!Number.isFinite(sums.errorSum) || Math.abs(sums.errorSum) > sums.absoluteErrorSum * (1 + 1e-9)) {
    throw new DriftInputError(`sum of errors ${sums.errorSum} is not finite or exceeds the sum of absolute errors ${sums.absoluteErrorSum}`);
  } else {
    meanError = sums.errorSum / n;
  }
  let mape: number | null = null;
  if (sums.absolutePercentageErrorSum === undefined) {
    notes.push('MAPE: no sum of absolute percentage errors');
  } else if ((sums.zeroActualCount ?? 0) > 0) {
    notes.push(`MAPE: undefined, ${sums.zeroActualCount} actual values are 0`);
  } else {
    requireFiniteNonNegative('sum of absolute percentage errors', sums.absolutePercentageErrorSum);
    mape = sums.absolutePercentageErrorSum / n;
  }
  return { mae: sums.absoluteErrorSum / n, rmse: Math.sqrt(sums.squaredErrorSum / n), meanError, mape, notes };
}

export interface Estimate {
  value: number;
  lower: number;
  /** Infinity when the open top bucket has observations (no known maximum). */
  upper: number;
}

export interface HistogramErrorMetrics {
  count: number;
  mae: Estimate;
  rmse: Estimate;
  /** Signed histograms only. */
  meanError?: Estimate;
}

/**
 * MAE, RMSE and (signed only) mean error from a histogram of errors: `absolute` holds |e| (its buckets start at
 * 0), `signed` holds e. Bounds hold whatever the values inside the buckets: |e| and e² at their extremes per
 * bucket, an open bottom bucket of a signed histogram and the open top bucket being unbounded. The value models
 * each finite bucket as uniform (mean of e² over [l, u] = (l² + lu + u²)/3) and puts an open bucket's mass on its
 * finite edge, as `histogram_quantile` does; the histogram's `_sum` (Σ|e| or Σe), when given, replaces the
 * modelled MAE or ME, and narrows the bounds to it.
 */
export function regressionFromErrorHistogram(histogram: BinnedCounts, kind: 'absolute' | 'signed', sum?: number): HistogramErrorMetrics {
  validateBinnedCounts(histogram, `${kind} error`);
  const { upperBounds, counts } = histogram;
  const m = upperBounds.length;
  if (m === 0) {
    throw new DriftInputError(`${kind} error histogram has no finite bucket bounds: nothing bounds its errors`);
  }
  if (kind === 'absolute' && counts[0] > 0 && upperBounds[0] < 0) {
    throw new DriftInputError(`absolute error histogram has ${counts[0]} observations at or below ${upperBounds[0]}: absolute errors cannot be negative`);
  }
  let n = 0;
  const acc = { abs: [0, 0, 0], sq: [0, 0, 0], signed: [0, 0, 0] };
  for (let i = 0; i <= m; i++) {
    const c = counts[i];
    if (!(c > 0)) {
      continue;
    }
    n += c;
    let lo = i === 0 ? -Infinity : upperBounds[i - 1];
    const hi = i === m ? Infinity : upperBounds[i];
    if (kind === 'absolute') {
      lo = Math.max(0, lo);
    }
    // The modelled range: an open side collapses onto the finite edge.
    const mlo = Number.isFinite(lo) ? lo : hi;
    const mhi = Number.isFinite(hi) ? hi : lo;
    const absLo = lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi));
    const absHi = Math.max(Math.abs(lo), Math.abs(hi));
    const straddles = mlo < 0 && mhi > 0;
    const modelAbs = straddles ? (mlo * mlo + mhi * mhi) / (2 * (mhi - mlo)) : Math.abs(mlo + mhi) / 2;
    const modelSq = (mlo * mlo + mlo * mhi + mhi * mhi) / 3;
    acc.abs[0] += c * modelAbs;
    acc.abs[1] += c * absLo;
    acc.abs[2] += c * absHi;
    acc.sq[0] += c * modelSq;
    acc.sq[1] += c * absLo * absLo;
    acc.sq[2] += c * absHi * absHi;
    acc.signed[0] += c * ((mlo + mhi) / 2);
    acc.signed[1] += c * lo;
    acc.signed[2] += c * hi;
  }
  if (!(n > 0)) {
    throw new DriftInputError(`${kind} error histogram is empty`);
  }
  const mean = (a: number[]): Estimate => ({ value: a[0] / n, lower: a[1] / n, upper: a[2] / n });
  const mae = mean(acc.abs);
  const ms = mean(acc.sq);
  const rmse = { value: Math.sqrt(ms.value), lower: Math.sqrt(ms.lower), upper: Math.sqrt(ms.upper) };
  const result: HistogramErrorMetrics = { count: n, mae, rmse };
  if (kind === 'signed') {
    result.meanError = mean(acc.signed);
  }
  if (sum !== undefined) {
    const target = kind === 'absolute' ? mae : (result.meanError as Estimate);
    const exact = sum / n;
    // A sum outside the bounds means the histogram and its _sum disagree (different series or windows).
    if (!(exact >= target.lower - 1e-9 * Math.abs(exact) && exact <= target.upper + 1e-9 * Math.abs(exact))) {
      throw new DriftInputError(`error histogram sum ${sum} gives a mean ${exact} outside what its buckets allow [${target.lower}, ${target.upper}]`);
    }
    target.value = exact;
    target.lower = exact;
    target.upper = exact;
  }
  return result;
}
