/**
 * Data-driven thresholds (NannyML's approach): split the reference into chunks, score each chunk against the
 * whole reference, and alert above mean + 3·std of those scores. They adapt the threshold to how much a
 * distance varies by chance on data of this size and shape, which a fixed 0.1 cannot.
 * Only distances get one: a test's p-value is already calibrated against chance.
 */
import { compareDistributions } from './compare';
import { DriftInputError } from './errors';
import { DRIFT_METHODS, STATISTIC_RANGES, isTestMethod } from './methods';
import type { DriftMethod, FeatureInput } from './types';

/** mean + 3·std (population, ddof = 0) of the chunk scores, clipped to the method's statistic range. */
export function dataDrivenThreshold(chunkScores: number[], method?: DriftMethod): number {
  if (chunkScores.length === 0 || chunkScores.some((score) => !Number.isFinite(score))) {
    throw new DriftInputError('a data-driven threshold needs at least one finite chunk score');
  }
  const mean = chunkScores.reduce((a, b) => a + b, 0) / chunkScores.length;
  const variance = chunkScores.reduce((acc, score) => acc + (score - mean) ** 2, 0) / chunkScores.length;
  const threshold = mean + 3 * Math.sqrt(variance);
  if (method === undefined) {
    return threshold;
  }
  const [low, high] = STATISTIC_RANGES[method];
  return Math.min(high, Math.max(low, threshold));
}

/** The distance methods that apply to a feature kind (numeric: all; categorical: all but Wasserstein). */
export function distanceMethodsFor(kind: FeatureInput['kind']): DriftMethod[] {
  return DRIFT_METHODS.filter(
    (method) => !isTestMethod(method) && (kind === 'numeric' || (method !== 'wasserstein' && method !== 'wasserstein_norm'))
  );
}

/**
 * Scores every chunk against the whole reference with each method and returns the data-driven threshold per
 * method. `methods` defaults to every distance method that applies to the kind; test methods are refused.
 * At least two chunks are needed for a spread.
 */
export function referenceChunkThresholds(
  whole: FeatureInput,
  chunks: FeatureInput[],
  methods: DriftMethod[] = distanceMethodsFor(whole.kind)
): Partial<Record<DriftMethod, number>> {
  if (chunks.length < 2) {
    throw new DriftInputError(`data-driven thresholds need at least 2 reference chunks, got ${chunks.length}`);
  }
  const thresholds: Partial<Record<DriftMethod, number>> = {};
  for (const method of methods) {
    if (isTestMethod(method)) {
      throw new DriftInputError(`${method} is a test; its p-value threshold is not data-driven`);
    }
    // The whole reference plays the baseline, each chunk a current window: the same direction (KL) and the same
    // normalising standard deviation (wasserstein_norm) as the comparisons these thresholds will judge.
    const scores = chunks.map((chunk) => compareDistributions(whole, chunk, { method }).statistic);
    thresholds[method] = dataDrivenThreshold(scores, method);
  }
  return thresholds;
}
