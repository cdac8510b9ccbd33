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
import { sumOf } from './numeric';

/**
 * Counts divided by their total, written to `into` when given (it may be `counts` itself). `total`, when the
 * caller has it already, must be `sumOf(counts)` (the same left-to-right sum, so the same bits).
 */
export function toProbabilities(counts: ArrayLike<number>, side: string, into?: Float64Array, total = sumOf(counts)): Float64Array {
  if (!(total > 0)) {
    throw new DriftInputError(`${side} has no observations (total count ${total})`);
  }
  const p = into ?? new Float64Array(counts.length);
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
  return fillEmptyBinsInPlace(p.slice());
}

/** A loop that stops at the first zero: twice as fast as `includes(0)` on the short vectors of a comparison. */
function hasZero(p: Float64Array): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) {
      return true;
    }
  }
  return false;
}

/** `fillEmptyBins` on a vector the caller owns (no copy: it runs for every side of every comparison). */
function fillEmptyBinsInPlace(p: Float64Array): Float64Array {
  // Live windows rarely have an empty bin; the scan for the smallest non-zero probability is needed only then.
  if (!hasZero(p)) {
    return p;
  }
  let minNonZero = Infinity;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0 && p[i] < minNonZero) {
      minNonZero = p[i];
    }
  }
  const fill = minNonZero <= 1e-4 ? minNonZero / 1e6 : 1e-4;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) {
      p[i] = fill;
    }
  }
  return p;
}

function checkSameLength(reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length !== current.length) {
    throw new DriftInputError(`bins differ in number: reference ${reference.length}, current ${current.length}`);
  }
}

/** Σ x·ln(x / y) with the convention 0·ln(0/y) = 0 (scipy.special.rel_entr for x, y >= 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

const psiTerm = (p: number, q: number): number => (p - q) * Math.log(p / q);

const klTerm = (p: number, q: number): number => p * Math.log(p / q);

/** Bin i's part of the JS divergence in bits: (KL(p‖m) + KL(q‖m)) / 2 restricted to the bin. */
function jsTerm(p: number, q: number): number {
  const m = (p + q) / 2;
  return (relativeEntropyTerm(p, m) + relativeEntropyTerm(q, m)) / (2 * Math.LN2);
}

export type DistanceMethod = 'psi' | 'kl' | 'js' | 'hellinger' | 'linf';

/**
 * A distance in two halves: `side` turns one side's counts into the vector the formula reads, `between`
 * applies the formula. The split lets a caller comparing one reference with many current windows compute
 * the reference's vector once (see `prepareReference`); the numbers are the same either way.
 */
export interface Distance {
  /**
   * `into`, when given, receives the vector (a buffer the caller reuses; same length as `counts`); `total`, when
   * given, is `sumOf(counts)`.
   */
  side(counts: ArrayLike<number>, side: string, into?: Float64Array, total?: number): Float64Array;
  between(p: Float64Array, q: Float64Array): number;
  /**
   * Additive methods: bin i's term, from the two sides' vector entries. psi and kl sum their terms to the
   * statistic; js and hellinger sum them to the statistic's square (the divergence, the squared distance).
   */
  term?: (p: number, q: number) => number;
}

const filled = (counts: ArrayLike<number>, side: string, into?: Float64Array, total?: number): Float64Array =>
  fillEmptyBinsInPlace(toProbabilities(counts, side, into, total));

export const DISTANCES: Readonly<Record<DistanceMethod, Distance>> = {
  psi: {
    side: filled,
    term: psiTerm,
    between(p, q) {
      let total = 0;
      for (let i = 0; i < p.length; i++) {
        total += psiTerm(p[i], q[i]);
      }
      return total;
    },
  },
  kl: {
    side: (counts, side, into, total) => {
      const p = filled(counts, side, into, total);
      return toProbabilities(p, side, p);
    },
    term: klTerm,
    between(p, q) {
      let total = 0;
      for (let i = 0; i < p.length; i++) {
        total += klTerm(p[i], q[i]);
      }
      return total;
    },
  },
  js: {
    side: toProbabilities,
    term: jsTerm,
    between(p, q) {
      let divergence = 0;
      for (let i = 0; i < p.length; i++) {
        divergence += jsTerm(p[i], q[i]);
      }
      return Math.sqrt(Math.max(0, divergence));
    },
  },
  hellinger: {
    side: toProbabilities,
    // 1 − Σ √(p·q) = Σ (√p − √q)² / 2 for probability vectors.
    term: (p, q) => (Math.sqrt(p) - Math.sqrt(q)) ** 2 / 2,
    between(p, q) {
      let overlap = 0;
      for (let i = 0; i < p.length; i++) {
        overlap += Math.sqrt(p[i] * q[i]);
      }
      return Math.sqrt(Math.max(0, 1 - overlap));
    },
  },
  linf: {
    side: toProbabilities,
    between(p, q) {
      let largest = 0;
      for (let i = 0; i < p.length; i++) {
        largest = Math.max(largest, Math.abs(p[i] - q[i]));
      }
      return largest;
    },
  },
};

/**
 * The distance from a reference vector made by `DISTANCES[method].side` to the current counts; `scratch`, when
 * of the right length, holds the current side's vector instead of a new array (it is consumed before returning).
 * `currentTotal`, when the caller has it, is `sumOf(current)`.
 */
export function distanceFromReference(
  method: DistanceMethod,
  referenceVector: Float64Array,
  current: ArrayLike<number>,
  scratch?: Float64Array,
  currentTotal?: number
): number {
  checkSameLength(referenceVector, current);
  const distance = DISTANCES[method];
  return distance.between(referenceVector, distance.side(current, 'current', scratch?.length === current.length ? scratch : undefined, currentTotal));
}

function distanceOfCounts(method: DistanceMethod, reference: ArrayLike<number>, current: ArrayLike<number>): number {
  checkSameLength(reference, current);
  return distanceFromReference(method, DISTANCES[method].side(reference, 'reference'), current);
}

export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return distanceOfCounts('psi', reference, current);
}

export function klDivergence(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return distanceOfCounts('kl', reference, current);
}

export function jensenShannonDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return distanceOfCounts('js', reference, current);
}

export function hellingerDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return distanceOfCounts('hellinger', reference, current);
}

export function linfDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return distanceOfCounts('linf', reference, current);
}
