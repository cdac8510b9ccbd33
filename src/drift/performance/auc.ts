/**
 * ROC AUC and PR AUC (average precision) of a binary classifier from score histograms split by actual class.
 *
 * Buckets are disjoint and ordered, so a positive and a negative in different buckets are ranked exactly; only
 * pairs inside one bucket are unknown. Every number comes with the bounds that hold whatever the order of the
 * scores inside each bucket, and a `value` that is what scikit-learn returns when every score equals its
 * bucket's value (all scores of a bucket tied), so it is exact on such data.
 *
 * ROC AUC = P(score of a positive > score of a negative) + ½ P(tie).
 * - lower: every within-bucket pair ranks the negative higher (contributes 0);
 * - upper: every within-bucket pair ranks the positive higher (contributes 1);
 * - value: within-bucket pairs count ½ (ties, as `roc_auc_score`), which is the trapezoid through the ROC points at
 *   the bucket edges and exactly the midpoint of the bounds. Bound width = Σᵢ Pᵢ·Nᵢ / (P·N).
 *
 * Average precision AP = Σₖ (Rₖ − Rₖ₊₁)·Precₖ over thresholds at each bucket, from the top (as
 * `average_precision_score`; with distinct scores that is (1/P)·Σ over positives of the precision at its rank).
 * - value: each bucket's positives share the precision at the bucket's bottom (scores tied within the bucket);
 * - upper: inside each bucket the positives rank first, so the j-th of them has precision (a+j)/(a+b+j), where a
 *   and b are the positives and negatives of the buckets above;
 * - lower: inside each bucket the negatives rank first: (a+j)/(a+b+Nₖ+j).
 * Bucket contributions are independent (the counts above a bucket do not depend on orders inside it), so these
 * are the extreme orders. The sums Σⱼ₌₁ᴷ (a+j)/(c+j) = K − (c−a)·(ψ(c+K+1) − ψ(c+1)) use the digamma function ψ:
 * exact for whole counts, a smooth extension for fractional ones. The tied `value` is not always inside the
 * bounds (a tied bucket scores all its positives at the precision of its last one), which is why both are given.
 */
import { DriftInputError } from '../errors';
import { digammaDifference } from './digamma';
import { classTotals, type ClassScoreHistograms } from './scoreBuckets';

export interface BoundedValue {
  value: number;
  lower: number;
  upper: number;
}

export interface RocAuc extends BoundedValue {
  /** ROC points at the bucket edges from the highest threshold down: (0, 0) … (1, 1). */
  curve: { falsePositiveRate: number[]; truePositiveRate: number[] };
}

function requireBothClasses(metric: string, positives: number, negatives: number): void {
  if (!(positives > 0) || !(negatives > 0)) {
    throw new DriftInputError(
      `${metric} is undefined without both classes: ${positives} actual positives and ${negatives} actual negatives in the window`
    );
  }
}

/**
 * ROC AUC from per-bucket weights of the two classes (counts, or CBPE's expected counts). No validation: callers
 * validate the histograms.
 */
export function rocAucFromWeights(positives: ArrayLike<number>, negatives: ArrayLike<number>, totalPositives: number, totalNegatives: number): RocAuc {
  requireBothClasses('ROC AUC', totalPositives, totalNegatives);
  let negativesBelow = 0;
  let ordered = 0;
  let within = 0;
  for (let i = 0; i < positives.length; i++) {
    ordered += positives[i] * negativesBelow;
    within += positives[i] * negatives[i];
    negativesBelow += negatives[i];
  }
  const pairs = totalPositives * totalNegatives;
  const falsePositiveRate = [0];
  const truePositiveRate = [0];
  let tp = 0;
  let fp = 0;
  for (let i = positives.length - 1; i >= 0; i--) {
    tp += positives[i];
    fp += negatives[i];
    falsePositiveRate.push(i === 0 ? 1 : fp / totalNegatives);
    truePositiveRate.push(i === 0 ? 1 : tp / totalPositives);
  }
  return {
    value: (ordered + within / 2) / pairs,
    lower: ordered / pairs,
    upper: (ordered + within) / pairs,
    curve: { falsePositiveRate, truePositiveRate },
  };
}

export function rocAuc(histograms: ClassScoreHistograms): RocAuc {
  const totals = classTotals(histograms);
  return rocAucFromWeights(histograms.positives, histograms.negatives, totals.positives, totals.negatives);
}

/** Σⱼ₌₁ᴷ (a + j) / (c + j) for c ≥ a ≥ 0, K ≥ 0. */
function precisionSum(a: number, c: number, k: number): number {
  if (k === 0) {
    return 0;
  }
  if (c === a) {
    return k;
  }
  return k - (c - a) * digammaDifference(c + 1, c + k + 1);
}

export function averagePrecision(histograms: ClassScoreHistograms): BoundedValue {
  const totals = classTotals(histograms);
  requireBothClasses('Average precision', totals.positives, totals.negatives);
  const { positives, negatives } = histograms;
  let above = 0;
  let negativesAbove = 0;
  let value = 0;
  let lower = 0;
  let upper = 0;
  for (let k = positives.length - 1; k >= 0; k--) {
    const p = positives[k];
    const n = negatives[k];
    if (p > 0) {
      value += (p * (above + p)) / (above + negativesAbove + p + n);
      upper += precisionSum(above, above + negativesAbove, p);
      lower += precisionSum(above, above + negativesAbove + n, p);
    }
    above += p;
    negativesAbove += n;
  }
  return { value: value / totals.positives, lower: lower / totals.positives, upper: upper / totals.positives };
}
