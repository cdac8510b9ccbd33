/**
 * Score histograms of a binary classifier, split by actual class, and the probability reading of their buckets.
 *
 * Buckets follow the engine's convention (see ../types.ts): upper bounds b_1 < … < b_m and m + 1 right-closed
 * buckets (-Inf, b_1], …, (b_m, +Inf). Both classes are counted on the same edges, as a Prometheus histogram with
 * an `actual` label gives them, so bucket i of the positives and bucket i of the negatives hold the same scores.
 */
import { validateBinnedCounts } from '../align';
import { DriftInputError } from '../errors';
import type { BaselineScores } from '../types';

export interface ClassScoreHistograms {
  upperBounds: number[];
  /** Per bucket: observations whose actual class is positive. May be fractional (Prometheus `increase()`). */
  positives: number[];
  /** Per bucket: observations whose actual class is negative. */
  negatives: number[];
}

/**
 * A baseline's stored score histograms as the engine reads them. An empty bucket's stored mean is 0 (JSON has no
 * NaN) and means nothing: it becomes NaN, so that the bucket's midpoint stands in.
 */
export function baselineScoreHistograms(scores: BaselineScores): { histograms: ClassScoreHistograms; meanScores?: number[] } {
  const { upperBounds, positives, negatives, meanScores } = scores;
  return {
    histograms: { upperBounds, positives, negatives },
    meanScores: meanScores?.map((mean, i) => (positives[i] + negatives[i] > 0 ? mean : NaN)),
  };
}

/** Validates both classes' histograms (shape, finite non-negative counts) and returns their totals. */
export function classTotals(histograms: ClassScoreHistograms): { positives: number; negatives: number } {
  validateBinnedCounts({ upperBounds: histograms.upperBounds, counts: histograms.positives }, 'positive-class score');
  validateBinnedCounts({ upperBounds: histograms.upperBounds, counts: histograms.negatives }, 'negative-class score', histograms.upperBounds);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < histograms.positives.length; i++) {
    positives += histograms.positives[i];
    negatives += histograms.negatives[i];
  }
  return { positives, negatives };
}

/** The score range each bucket can hold once scores are known to be probabilities in [0, 1]. */
interface ProbabilityBuckets {
  lower: number[];
  upper: number[];
}

/**
 * Clamps each bucket to [0, 1]: (-Inf, b_1] becomes [0, b_1] and (b_m, +Inf) becomes (b_m, 1]. A bucket that lies
 * wholly outside [0, 1] must be empty in every histogram given: a score there is not a probability, and reading
 * it as one would give a silently wrong number.
 */
export function probabilityBuckets(upperBounds: number[], histograms: Array<{ name: string; counts: ArrayLike<number> }>): ProbabilityBuckets {
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i <= upperBounds.length; i++) {
    const lo = i === 0 ? -Infinity : upperBounds[i - 1];
    const hi = i === upperBounds.length ? Infinity : upperBounds[i];
    if (hi < 0 || lo >= 1) {
      for (const { name, counts } of histograms) {
        if (counts[i] > 0) {
          throw new DriftInputError(
            `${name} histogram has ${counts[i]} observations in bucket (${lo}, ${hi}], outside [0, 1]: the scores are not probabilities`
          );
        }
      }
    }
    lower.push(Math.min(1, Math.max(0, lo)));
    upper.push(Math.min(1, Math.max(0, hi)));
  }
  return { lower, upper };
}

/**
 * How far a mean from a per-bucket sum may lie outside its bucket by the sum's rounding alone: three scores of
 * 0.07 sum to 0.21000000000000002, whose mean is above the edge 0.07. Scores are in [0, 1], so this is absolute.
 */
const SUMMED_MEAN_TOLERANCE = 1e-9;

/**
 * Per bucket, the score that stands for it: the bucket's mean score where the source knows it (a per-bucket sum,
 * or scores that sit on the bucket's value), else the midpoint of its [0, 1]-clamped range. A NaN mean (an empty
 * bucket's sum / count) counts as unknown; a mean off its bucket by rounding is clamped onto it.
 */
export function representativeScores(buckets: ProbabilityBuckets, meanScores?: ArrayLike<number>): number[] {
  if (meanScores !== undefined && meanScores.length !== buckets.lower.length) {
    throw new DriftInputError(`mean scores: ${meanScores.length} values for ${buckets.lower.length} buckets`);
  }
  return buckets.lower.map((lo, i) => {
    const hi = buckets.upper[i];
    if (meanScores === undefined || Number.isNaN(meanScores[i])) {
      return (lo + hi) / 2;
    }
    const mean = meanScores[i];
    // The bucket holds (lo, hi] (the first one [0, hi]); a mean outside it cannot come from the bucket's scores.
    if (!(mean >= lo - SUMMED_MEAN_TOLERANCE && mean <= hi + SUMMED_MEAN_TOLERANCE)) {
      throw new DriftInputError(`mean score ${mean} of bucket ${i} lies outside the bucket's range [${lo}, ${hi}]`);
    }
    return Math.min(hi, Math.max(lo, mean));
  });
}

