/**
 * Summaries of a numeric prediction from its histogram: count, mean, standard deviation, quantiles and the rates
 * of non-finite and out-of-range predictions.
 *
 * Quantiles follow PromQL's `histogram_quantile` on classic buckets exactly, so a panel shows the number a user's
 * own PromQL gives: rank = q·n; the first bucket whose cumulative count reaches the rank; linear interpolation
 * inside it; the lowest bucket runs from 0 when its upper bound is positive and returns that bound otherwise; a
 * rank in the +Inf bucket returns the highest finite bound; q < 0 gives -Inf, q > 1 +Inf, an empty histogram NaN.
 */
import { validateBinnedCounts } from '../align';
import { DriftInputError } from '../errors';
import type { BinnedCounts } from '../types';

/** `histogram_quantile(q, …)` over non-cumulative counts on the engine's buckets (see ../types.ts). */
export function histogramQuantile(q: number, histogram: BinnedCounts): number {
  const { upperBounds, counts } = histogram;
  if (Number.isNaN(q)) {
    return NaN;
  }
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  // Prometheus needs a finite bucket besides +Inf.
  if (upperBounds.length === 0) {
    return NaN;
  }
  let observations = 0;
  for (const c of counts) {
    observations += c;
  }
  if (observations === 0) {
    return NaN;
  }
  let rank = q * observations;
  let cumulative = 0;
  let b = 0;
  // The first finite bucket whose cumulative count reaches the rank (sort.Search over all but +Inf).
  while (b < upperBounds.length && cumulative + counts[b] < rank) {
    cumulative += counts[b];
    b++;
  }
  if (b === upperBounds.length) {
    return upperBounds[upperBounds.length - 1];
  }
  if (b === 0 && upperBounds[0] <= 0) {
    return upperBounds[0];
  }
  const start = b === 0 ? 0 : upperBounds[b - 1];
  const end = upperBounds[b];
  rank -= cumulative;
  return start + (end - start) * (rank / counts[b]);
}

export interface PredictionSummaryInput {
  histogram: BinnedCounts;
  /** The histogram's `_sum`: gives the exact mean. */
  sum?: number;
  /** Σx², where the instrumentation exposes it: gives the exact standard deviation. */
  sumOfSquares?: number;
  /** Predictions that were NaN or ±Inf, counted apart from the histogram. */
  nonFinite?: number;
  /** The range a prediction may take (e.g. [0, 1] for a probability, [0, +Inf) for a count). */
  validRange?: [number, number];
  /** Quantile levels; default p5, p50, p95. */
  levels?: number[];
}

export interface PredictionSummary {
  count: number;
  mean: number;
  meanSource: 'sum' | 'buckets';
  std: number;
  stdSource: 'sumOfSquares' | 'buckets';
  quantiles: { levels: number[]; values: number[] };
  /** Share of all predictions (finite or not) that were NaN or ±Inf. */
  nonFiniteRate?: number;
  /** Share of finite predictions outside the valid range [min, max]: at least the buckets wholly outside (lower), at
   * most those reaching outside (upper). With right-closed buckets the bucket that holds min also holds values
   * just below it, so the bounds meet only where no bucket reaches across an end. */
  outOfRange?: { lower: number; upper: number };
}

const DEFAULT_SUMMARY_LEVELS = [0.05, 0.5, 0.95];

/**
 * The modelled range of each bucket for the bucket-based mean and std: the same reading as the quantiles (uniform
 * inside finite buckets, the lowest bucket from 0 when its bound is positive, else on its bound, the +Inf bucket on
 * the highest finite bound). It underestimates a spread whose tails lie in the open buckets; the `_sum` and a sum
 * of squares, when exposed, make mean and std exact.
 */
function modelledRange(upperBounds: number[], i: number): [number, number] {
  if (i === upperBounds.length) {
    return [upperBounds[i - 1], upperBounds[i - 1]];
  }
  if (i === 0) {
    return upperBounds[0] > 0 ? [0, upperBounds[0]] : [upperBounds[0], upperBounds[0]];
  }
  return [upperBounds[i - 1], upperBounds[i]];
}

function outOfRangeShares(histogram: BinnedCounts, range: [number, number], total: number): { lower: number; upper: number } {
  const [min, max] = range;
  if (!(min <= max)) {
    throw new DriftInputError(`valid range [${min}, ${max}] is empty`);
  }
  const { upperBounds, counts } = histogram;
  let surely = 0;
  let possibly = 0;
  for (let i = 0; i < counts.length; i++) {
    const lo = i === 0 ? -Infinity : upperBounds[i - 1];
    const hi = i === upperBounds.length ? Infinity : upperBounds[i];
    // Bucket (lo, hi]: wholly outside when hi < min or lo >= max; reaching outside when lo < min or hi > max.
    if (hi < min || lo >= max) {
      surely += counts[i];
      possibly += counts[i];
    } else if (lo < min || hi > max) {
      possibly += counts[i];
    }
  }
  return { lower: surely / total, upper: possibly / total };
}

export function predictionSummary(input: PredictionSummaryInput): PredictionSummary {
  const { histogram } = input;
  validateBinnedCounts(histogram, 'prediction');
  if (histogram.upperBounds.length === 0) {
    throw new DriftInputError('prediction histogram has no finite bucket bounds: nothing can be said of its values');
  }
  const { upperBounds, counts } = histogram;
  let count = 0;
  let modelledSum = 0;
  for (let i = 0; i < counts.length; i++) {
    const [lo, hi] = modelledRange(upperBounds, i);
    count += counts[i];
    modelledSum += (counts[i] * (lo + hi)) / 2;
  }
  if (!(count > 0)) {
    throw new DriftInputError('prediction histogram is empty: no summary for a window without predictions');
  }
  if (input.sum !== undefined && !Number.isFinite(input.sum)) {
    throw new DriftInputError(`prediction sum ${input.sum} is not finite (a NaN or Inf prediction was observed into the histogram)`);
  }
  const mean = input.sum === undefined ? modelledSum / count : input.sum / count;
  let std: number;
  if (input.sumOfSquares !== undefined) {
    if (input.sum === undefined) {
      throw new DriftInputError('a prediction sum of squares needs the sum too: the std is Σx²/n − (Σx/n)²');
    }
    if (!Number.isFinite(input.sumOfSquares) || input.sumOfSquares < 0) {
      throw new DriftInputError(`prediction sum of squares ${input.sumOfSquares} must be finite and >= 0`);
    }
    std = Math.sqrt(Math.max(0, input.sumOfSquares / count - mean * mean));
  } else {
    let squares = 0;
    for (let i = 0; i < counts.length; i++) {
      const [lo, hi] = modelledRange(upperBounds, i);
      const mid = (lo + hi) / 2;
      squares += counts[i] * ((mid - mean) * (mid - mean) + ((hi - lo) * (hi - lo)) / 12);
    }
    std = Math.sqrt(squares / count);
  }
  const levels = input.levels ?? DEFAULT_SUMMARY_LEVELS;
  const summary: PredictionSummary = {
    count,
    mean,
    meanSource: input.sum === undefined ? 'buckets' : 'sum',
    std,
    stdSource: input.sumOfSquares === undefined ? 'buckets' : 'sumOfSquares',
    quantiles: { levels, values: levels.map((q) => histogramQuantile(q, histogram)) },
  };
  if (input.nonFinite !== undefined) {
    if (!(input.nonFinite >= 0) || !Number.isFinite(input.nonFinite)) {
      throw new DriftInputError(`non-finite prediction count ${input.nonFinite} must be finite and >= 0`);
    }
    summary.nonFiniteRate = input.nonFinite / (count + input.nonFinite);
  }
  if (input.validRange !== undefined) {
    summary.outOfRange = outOfRangeShares(histogram, input.validRange, count);
  }
  return summary;
}
