/**
 * Distances between two distributions given as counts over the same bins or categories (index i on both
 * sides means the same bin). Each side is normalised to probabilities first; p is the reference, q the current.
 *
 * - psi       Σ (p_i − q_i)·ln(p_i / q_i), natural log, symmetric. Empty bins filled per side (Evidently's
 *             rule, see `fillEmptyBins`), no renormalisation after the fill. Range [0, ∞).
 * - kl        KL(reference ‖ current) = Σ p_i·ln(p_i / q_i), natural log, after the same fill and then a
 *             renormalisation of both sides (what scipy.stats.entropy does). Range [0, ∞).
 * - js        Jensen–Shannon *distance* with log base 2: sqrt((KL(p‖m) + KL(q‖m)) / 2), m = (p + q)/2, no fill
 *             needed (0·log 0 = 0). Range [0, 1]. (scipy/Evidently default to base e, max √ln2 ≈ 0.83.)
 * - hellinger sqrt(1 − Σ sqrt(p_i·q_i)), tiny negative rounding clamped to 0. Range [0, 1].
 * - linf      max_i |p_i − q_i|. Range [0, 1].
 */
import { DriftInputError } from './errors';

export function toProbabilities(counts: ArrayLike<number>, side: string): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
  }
  if (!(total > 0)) {
    throw new DriftInputError(`${side} has no observations (total count ${total})`);
  }
  const p = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    p[i] = counts[i] / total;
  }
  return p;
}

/**
 * Evidently's empty-bin rule, per side: zeros become 1e-4, or min_nonzero / 1e6 when the smallest non-zero
 * probability is itself <= 1e-4 (so the fill stays well below every observed bin).
 */
export function fillEmptyBins(p: Float64Array): Float64Array {
  let minNonZero = Infinity;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0 && p[i] < minNonZero) {
      minNonZero = p[i];
    }
  }
  const fill = minNonZero <= 1e-4 ? minNonZero / 1e6 : 1e-4;
  return p.map((value) => (value === 0 ? fill : value));
}

function checkSameLength(reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length !== current.length) {
    throw new DriftInputError(`bins differ in number: reference ${reference.length}, current ${current.length}`);
  }
}

export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  const p = fillEmptyBins(toProbabilities(reference, 'reference'));
  const q = fillEmptyBins(toProbabilities(current, 'current'));
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    total += (p[i] - q[i]) * Math.log(p[i] / q[i]);
  }
  return total;
}

export function klDivergence(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  const p = toProbabilities(fillEmptyBins(toProbabilities(reference, 'reference')), 'reference');
  const q = toProbabilities(fillEmptyBins(toProbabilities(current, 'current')), 'current');
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    total += p[i] * Math.log(p[i] / q[i]);
  }
  return total;
}

/** Σ x·ln(x / y) with the convention 0·ln(0/y) = 0 (scipy.special.rel_entr for x, y >= 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

export function jensenShannonDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  const p = toProbabilities(reference, 'reference');
  const q = toProbabilities(current, 'current');
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    left += relativeEntropyTerm(p[i], m);
    right += relativeEntropyTerm(q[i], m);
  }
  const divergenceBase2 = (left + right) / Math.LN2;
  return Math.sqrt(Math.max(0, divergenceBase2 / 2));
}

export function hellingerDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  const p = toProbabilities(reference, 'reference');
  const q = toProbabilities(current, 'current');
  let overlap = 0;
  for (let i = 0; i < p.length; i++) {
    overlap += Math.sqrt(p[i] * q[i]);
  }
  return Math.sqrt(Math.max(0, 1 - overlap));
}

export function linfDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  const p = toProbabilities(reference, 'reference');
  const q = toProbabilities(current, 'current');
  let largest = 0;
  for (let i = 0; i < p.length; i++) {
    largest = Math.max(largest, Math.abs(p[i] - q[i]));
  }
  return largest;
}
