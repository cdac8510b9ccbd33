/**
 * Confidence-based performance estimation (CBPE, as NannyML defines it) for a binary classifier, from the current
 * window's predicted-probability histogram alone: no labels for the window are needed.
 *
 * Assumption (stated in the README): each bucket's probability qᵢ that an observation is an actual positive is
 * known and unchanged since the reference. Either the scores are calibrated probabilities (`calibration:
 * 'scores'`: qᵢ is the bucket's mean score, else its midpoint), or they are calibrated on the reference's labels
 * (`'reference'`: an isotonic regression of the reference's per-bucket positive rate on the bucket's score, as
 * NannyML's default isotonic calibrator fits it on the raw scores). A shift in P(actual | score), concept drift,
 * breaks the estimate; a shift in the scores alone does not.
 *
 * With predicted positive ⇔ score > threshold (the threshold must be a bucket edge, so each bucket is on one side),
 * the expected confusion matrix is TP = Σ_pos cᵢqᵢ, FP = Σ_pos cᵢ(1−qᵢ), FN = Σ_neg cᵢqᵢ, TN = Σ_neg cᵢ(1−qᵢ), and
 * accuracy, precision, recall and F1 follow from it. ROC AUC is the area under the expected ROC curve (cumulative
 * expected TP and FP from the top score down), which is the binned ROC AUC of the expected counts.
 *
 * Uncertainty, as NannyML's sampling error: the standard deviation of the metric's per-observation terms on the
 * reference divided by √(n · share of the observations the metric counts), with n the window's count; the
 * confidence band is estimate ± 3 · sampling error, clipped to [0, 1]. For ROC AUC the terms are each minority-class
 * observation's placement among the other class (Mann–Whitney), modelled within a bucket as spread evenly.
 */
import { DriftInputError } from '../errors';
import { validateBinnedCounts } from '../align';
import { rocAucFromWeights } from './auc';
import { interpolateClipped, isotonicFit } from './isotonic';
import { classTotals, probabilityBuckets, representativeScores, type ClassScoreHistograms } from './scoreBuckets';

export const CBPE_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;
export type CbpeMetricName = (typeof CBPE_METRICS)[number];

/** NannyML's band: estimate ± SAMPLING_ERROR_RANGE · sampling error. */
const SAMPLING_ERROR_RANGE = 3;

export interface CbpeOptions {
  /** Predicted positive when score > threshold; must be one of the upper bounds. Default 0.5. */
  threshold?: number;
  calibration: 'scores' | 'reference';
  /** The reference's score histograms by actual class, whose edges the window shares: they give the
   * `'reference'` calibration, the sampling error and the realised reference values. */
  reference: ClassScoreHistograms;
  /** Per bucket, the mean score where known (NaN for unknown); else midpoints stand in. */
  meanScores?: ArrayLike<number>;
}

export interface CbpeMetric {
  /** null where the metric is 0/0 (e.g. precision with no expected predicted positives). */
  estimate: number | null;
  samplingError?: number;
  lowerConfidence?: number;
  upperConfidence?: number;
  /** The metric realised on the reference's labels at the same threshold. */
  reference?: number | null;
}

export interface CbpeResult {
  metrics: Record<CbpeMetricName, CbpeMetric>;
  /** Per bucket, the probability of an actual positive that was used. */
  probabilities: number[];
  expected: Confusion;
  count: number;
}

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function thresholdMetrics(c: Confusion): Record<'accuracy' | 'precision' | 'recall' | 'f1', number | null> {
  return {
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** Index of the bucket edge equal to the threshold (relative tolerance 1e-9, for edges parsed from labels). */
function thresholdEdge(upperBounds: number[], threshold: number): number {
  const edge = upperBounds.findIndex((b) => Math.abs(b - threshold) <= 1e-9 * Math.max(1, Math.abs(threshold)));
  if (edge < 0) {
    throw new DriftInputError(
      `CBPE threshold ${threshold} is not a bucket edge of the score histogram (edges: ${upperBounds.join(', ')}); buckets that straddle it cannot be split into predicted classes`
    );
  }
  return edge;
}

function confusionAt(positives: ArrayLike<number>, negatives: ArrayLike<number>, edge: number): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < positives.length; i++) {
    if (i > edge) {
      c.tp += positives[i];
      c.fp += negatives[i];
    } else {
      c.fn += positives[i];
      c.tn += negatives[i];
    }
  }
  return c;
}

/** Probability of an actual positive per bucket from the reference's labels (isotonic in the bucket's score). */
function referenceProbabilities(reference: ClassScoreHistograms, scores: number[]): number[] {
  const xs: number[] = [];
  const rates: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const w = reference.positives[i] + reference.negatives[i];
    if (w > 0) {
      xs.push(scores[i]);
      rates.push(reference.positives[i] / w);
      weights.push(w);
    }
  }
  if (xs.length === 0) {
    throw new DriftInputError('CBPE calibration on the reference needs reference observations: its histograms are empty');
  }
  const fitted = isotonicFit(rates, weights);
  return scores.map((s) => interpolateClipped(xs, fitted, s));
}

/** Population std of a 0/1 variable with share `p` of ones. */
function bernoulliStd(p: number): number {
  return Math.sqrt(p * (1 - p));
}

/** Std of the reference's per-observation terms and the share of observations each metric counts. */
function samplingComponents(reference: ClassScoreHistograms, edge: number, n: number): Record<CbpeMetricName, { std: number; share: number } | null> {
  const c = confusionAt(reference.positives, reference.negatives, edge);
  const component = (ones: number, zeros: number, factor = 1): { std: number; share: number } | null => {
    const relevant = ones + zeros;
    return relevant > 0 ? { std: factor * bernoulliStd(ones / relevant), share: relevant / n } : null;
  };
  const f1Relevant = c.tp + c.fp + c.fn;
  return {
    accuracy: component(c.tp + c.tn, c.fp + c.fn),
    precision: component(c.tp, c.fp),
    recall: component(c.tp, c.fn),
    // NannyML scales F1's 0/1 terms so that their mean is F1: factor = (TP+FP+FN) / (TP + (FP+FN)/2).
    f1: component(c.tp, c.fp + c.fn, f1Relevant > 0 ? f1Relevant / (c.tp + (c.fp + c.fn) / 2) : 1),
    roc_auc: placementComponent(reference, n),
  };
}

/**
 * Std of the minority class's placements (share of the other class ranked below each of its observations; the
 * classes swap, and scores reverse, when positives are the majority), with each bucket's placements spread evenly
 * over [below, below + in bucket] / other.
 */
function placementComponent(reference: ClassScoreHistograms, n: number): { std: number; share: number } | null {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < reference.positives.length; i++) {
    positives += reference.positives[i];
    negatives += reference.negatives[i];
  }
  const swap = positives > n / 2;
  const minority = swap ? reference.negatives : reference.positives;
  const other = swap ? reference.positives : reference.negatives;
  const minorityTotal = swap ? negatives : positives;
  const otherTotal = swap ? positives : negatives;
  if (!(minorityTotal > 0) || !(otherTotal > 0)) {
    return null;
  }
  let below = 0;
  let sum = 0;
  let sumSquares = 0;
  const order = Array.from(minority, (_, k) => (swap ? minority.length - 1 - k : k));
  for (const i of order) {
    const a = below / otherTotal;
    const width = other[i] / otherTotal;
    // Uniform on [a, a + width]: mean a + w/2, second moment (a + w/2)² + w²/12.
    const mean = a + width / 2;
    sum += minority[i] * mean;
    sumSquares += minority[i] * (mean * mean + (width * width) / 12);
    below += other[i];
  }
  const mean = sum / minorityTotal;
  return { std: Math.sqrt(Math.max(0, sumSquares / minorityTotal - mean * mean)), share: minorityTotal / n };
}

export function cbpe(currentCounts: number[], options: CbpeOptions): CbpeResult {
  const { reference, calibration, meanScores } = options;
  const threshold = options.threshold ?? 0.5;
  const referenceTotals = classTotals(reference);
  const { upperBounds } = reference;
  validateBinnedCounts({ upperBounds, counts: currentCounts }, 'current score', upperBounds);
  const buckets = probabilityBuckets(upperBounds, [
    { name: 'current score', counts: currentCounts },
    { name: 'reference positive-class score', counts: reference.positives },
    { name: 'reference negative-class score', counts: reference.negatives },
  ]);
  const scores = representativeScores(buckets, meanScores);
  const probabilities = calibration === 'reference' ? referenceProbabilities(reference, scores) : scores;
  const edge = thresholdEdge(upperBounds, threshold);

  const expectedPositives = currentCounts.map((c, i) => c * probabilities[i]);
  const expectedNegatives = currentCounts.map((c, i) => c * (1 - probabilities[i]));
  const expected = confusionAt(expectedPositives, expectedNegatives, edge);
  const count = expected.tp + expected.fp + expected.fn + expected.tn;
  if (!(count > 0)) {
    throw new DriftInputError('CBPE needs observations in the window: the current score histogram is empty');
  }
  const estimates = thresholdMetrics(expected);
  const totalExpectedPositives = expected.tp + expected.fn;
  const totalExpectedNegatives = expected.fp + expected.tn;
  const rocAucEstimate =
    totalExpectedPositives > 0 && totalExpectedNegatives > 0
      ? rocAucFromWeights(expectedPositives, expectedNegatives, totalExpectedPositives, totalExpectedNegatives).value
      : null;

  const referenceN = referenceTotals.positives + referenceTotals.negatives;
  const realised = thresholdMetrics(confusionAt(reference.positives, reference.negatives, edge));
  const realisedAuc =
    referenceTotals.positives > 0 && referenceTotals.negatives > 0
      ? rocAucFromWeights(reference.positives, reference.negatives, referenceTotals.positives, referenceTotals.negatives).value
      : null;
  const components = referenceN > 0 ? samplingComponents(reference, edge, referenceN) : null;

  const metric = (name: CbpeMetricName, estimate: number | null, referenceValue: number | null): CbpeMetric => {
    const component = components?.[name] ?? null;
    if (estimate === null || component === null) {
      return { estimate, reference: referenceValue };
    }
    const samplingError = component.std / Math.sqrt(count * component.share);
    return {
      estimate,
      samplingError,
      lowerConfidence: Math.max(0, estimate - SAMPLING_ERROR_RANGE * samplingError),
      upperConfidence: Math.min(1, estimate + SAMPLING_ERROR_RANGE * samplingError),
      reference: referenceValue,
    };
  };
  return {
    metrics: {
      accuracy: metric('accuracy', estimates.accuracy, realised.accuracy),
      precision: metric('precision', estimates.precision, realised.precision),
      recall: metric('recall', estimates.recall, realised.recall),
      f1: metric('f1', estimates.f1, realised.f1),
      roc_auc: metric('roc_auc', rocAucEstimate, realisedAuc),
    },
    probabilities,
    expected,
    count,
  };
}
