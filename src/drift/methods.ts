/**
 * Method catalogue: which methods are tests and which are distances, their default thresholds, their ranges,
 * and the automatic choice when the caller names none.
 *
 * Verdicts: a test drifts when its p-value < threshold; a distance drifts when its statistic >= threshold.
 * Default thresholds (Evidently's): 0.05 for the tests (ks, chi2, z), 0.1 for every distance (psi, kl, js,
 * hellinger, wasserstein, wasserstein_norm, linf). PSI's 0.1 is the usual "moderate shift" band; 0.25 is the
 * common "significant" band. Plain `wasserstein` is in the data's units, so it has no fixed default: its
 * threshold is a tenth of the reference's standard deviation (`WASSERSTEIN_DEFAULT_STD_FRACTION`), the same
 * verdict as `wasserstein_norm` at 0.1.
 */
import type { DriftMethod, FeatureKind } from './types';

export const DRIFT_METHODS: readonly DriftMethod[] = [
  'psi',
  'kl',
  'js',
  'hellinger',
  'wasserstein',
  'wasserstein_norm',
  'ks',
  'chi2',
  'z',
  'linf',
];

const TEST_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['ks', 'chi2', 'z']);

/** True for the methods whose verdict comes from a p-value. */
export function isTestMethod(method: DriftMethod): boolean {
  return TEST_METHODS.has(method);
}

export function isDriftMethod(value: string): value is DriftMethod {
  return (DRIFT_METHODS as readonly string[]).includes(value);
}

/** Raw Wasserstein's default threshold, in reference standard deviations (see the header). */
export const WASSERSTEIN_DEFAULT_STD_FRACTION = 0.1;

/** Fixed default thresholds of the scale-free methods. */
export const DEFAULT_THRESHOLDS: Readonly<Record<Exclude<DriftMethod, 'wasserstein'>, number>> = {
  ks: 0.05,
  chi2: 0.05,
  z: 0.05,
  psi: 0.1,
  kl: 0.1,
  js: 0.1,
  hellinger: 0.1,
  wasserstein_norm: 0.1,
  linf: 0.1,
};

/**
 * Range of each method's statistic (for tests, of the statistic itself, not of the p-value), used to clip
 * data-driven thresholds.
 */
export const STATISTIC_RANGES: Readonly<Record<DriftMethod, readonly [number, number]>> = {
  ks: [0, 1],
  chi2: [0, Infinity],
  z: [-Infinity, Infinity],
  psi: [0, Infinity],
  kl: [0, Infinity],
  js: [0, 1],
  hellinger: [0, 1],
  wasserstein: [0, Infinity],
  wasserstein_norm: [0, Infinity],
  linf: [0, 1],
};

/** Drift verdict for a statistic (distances) or p-value (tests) against a threshold. */
export function isDrift(method: DriftMethod, statistic: number, pValue: number | undefined, threshold: number): boolean {
  return isTestMethod(method) ? (pValue as number) < threshold : statistic >= threshold;
}

/**
 * The smallest p-value a normalised score divides by. A p-value that underflowed to 0 still gives a finite
 * score (0.05 / 1e-300), where dividing by Number.MIN_VALUE would overflow to Infinity for any usual threshold.
 */
export const MIN_NORMALIZED_P_VALUE = 1e-300;

/**
 * How far a result is past its threshold, comparable across methods, so that one alert threshold (1) and one
 * colour scale serve every method: threshold ÷ p-value for tests (a result with a p-value), statistic ÷
 * threshold for distances. Above 1 is drift; a distance exactly at its threshold (score 1) drifts too, as
 * `isDrift` says. Threshold 0, which a data-driven threshold gives on a reference whose chunks are identical:
 * a distance then drifts at any statistic (Infinity, or 1 for a statistic of 0), a test never does (0).
 */
export function normalizedScore(result: { statistic: number; pValue?: number; threshold: number }): number {
  const { statistic, pValue, threshold } = result;
  if (pValue !== undefined) {
    return threshold / Math.max(pValue, MIN_NORMALIZED_P_VALUE);
  }
  if (threshold === 0) {
    return statistic > 0 ? Infinity : 1;
  }
  return statistic / threshold;
}

/** Reference sizes up to this use tests (sensitive enough, not yet over-sensitive); above, distances. */
export const SMALL_REFERENCE_MAX = 1000;

export interface MethodChoiceFacts {
  kind: FeatureKind;
  /** Either side given as a histogram (bucket counts) rather than raw values. */
  binned: boolean;
  /** Observations in the reference (finite values, or the total of its counts). */
  referenceSize: number;
  /** Distinct values (numeric samples) or non-empty categories over both sides. Ignored for binned data. */
  distinctValues: number;
}

/**
 * Automatic method, Evidently's rule by kind and reference size:
 * | kind                                   | reference <= 1000 rows             | > 1000 rows        |
 * | categorical, or numeric with <= 5 values | chi2 if > 2 values, else z         | js                 |
 * | numeric with > 5 distinct values       | ks                                 | wasserstein_norm   |
 * | numeric histogram (bucket counts)      | ks (binned bracket)                | psi                |
 * Tests on large samples flag negligible shifts (p-values vanish as n grows), hence distances above 1000 rows.
 * Histograms with large counts use psi rather than wasserstein_norm: psi is defined on the buckets themselves
 * and exact there, whereas Wasserstein on buckets needs a representative point per bucket, which is a guess
 * for the open (−Inf, b1] and (bm, +Inf) buckets, and a reference standard deviation a classic Prometheus
 * histogram does not carry.
 */
export function chooseMethodFromFacts(facts: MethodChoiceFacts): DriftMethod {
  const small = facts.referenceSize <= SMALL_REFERENCE_MAX;
  if (facts.kind === 'numeric' && facts.binned) {
    return small ? 'ks' : 'psi';
  }
  if (facts.kind === 'categorical' || facts.distinctValues <= 5) {
    if (!small) {
      return 'js';
    }
    return facts.distinctValues > 2 ? 'chi2' : 'z';
  }
  return small ? 'ks' : 'wasserstein_norm';
}
