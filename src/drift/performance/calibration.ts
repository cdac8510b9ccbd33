/**
 * Calibration of a binary classifier's probability scores from score histograms split by actual class: the
 * reliability curve and the expected calibration error (ECE), both on the histogram's buckets as bins.
 *
 * Per non-empty bucket: the observed positive rate Pᵢ / (Pᵢ + Nᵢ) against the mean predicted probability. The mean
 * is exact where the source knows the bucket's mean score (a per-bucket score sum, or scores that sit on the
 * bucket's value); otherwise the bucket's midpoint stands in (`meanSource: 'midpoint'`), the open end buckets
 * clamped to [0, 1]. With known means the curve equals scikit-learn's `calibration_curve(strategy='uniform')`
 * whose bins are the buckets (both use right-closed bins).
 *
 * ECE = Σᵢ (nᵢ / n)·|observedᵢ − predictedᵢ|. Where a bucket's mean is not known, the bounds take the mean
 * anywhere in the bucket's range: the gap is at least the distance from the observed rate to that range and at
 * most the distance to its farther end. With every mean known the bounds equal the value.
 */
import { DriftInputError } from '../errors';
import { classTotals, probabilityBuckets, representativeScores, type ClassScoreHistograms } from './scoreBuckets';

export interface ReliabilityBin {
  /** Index of the bucket in the histogram. */
  bucket: number;
  /** The bucket's score range, clamped to [0, 1]. */
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  meanSource: 'known' | 'midpoint';
  observedRate: number;
}

export interface Calibration {
  /** Non-empty buckets only, ascending score. */
  bins: ReliabilityBin[];
  ece: number;
  eceLower: number;
  eceUpper: number;
}

export function calibration(histograms: ClassScoreHistograms, meanScores?: ArrayLike<number>): Calibration {
  const totals = classTotals(histograms);
  const total = totals.positives + totals.negatives;
  if (!(total > 0)) {
    throw new DriftInputError('calibration needs observations: both class histograms are empty');
  }
  const { positives, negatives } = histograms;
  const buckets = probabilityBuckets(histograms.upperBounds, [
    { name: 'positive-class score', counts: positives },
    { name: 'negative-class score', counts: negatives },
  ]);
  const predicted = representativeScores(buckets, meanScores);
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  let eceLower = 0;
  let eceUpper = 0;
  for (let i = 0; i < positives.length; i++) {
    const count = positives[i] + negatives[i];
    if (!(count > 0)) {
      continue;
    }
    const observedRate = positives[i] / count;
    const known = meanScores !== undefined && !Number.isNaN(meanScores[i]);
    const lower = buckets.lower[i];
    const upper = buckets.upper[i];
    bins.push({ bucket: i, lower, upper, count, meanPredicted: predicted[i], meanSource: known ? 'known' : 'midpoint', observedRate });
    const weight = count / total;
    const gap = Math.abs(observedRate - predicted[i]);
    ece += weight * gap;
    eceLower += weight * (known ? gap : Math.max(0, lower - observedRate, observedRate - upper));
    eceUpper += weight * (known ? gap : Math.max(Math.abs(observedRate - lower), Math.abs(observedRate - upper)));
  }
  return { bins, ece, eceLower, eceUpper };
}
