// Public API of the drift engine (pure TypeScript: no React, no Node APIs).
export * from './types';
export { DriftInputError } from './errors';
export { compareDistributions, chooseMethod, explainComparison, prepareReference, type CompareRequest, type PreparedReference } from './compare';
export { describeContributors, topContributors, type BinContribution, type DriftExplanation, type LargestGap, type TopContributor } from './explain';
export {
  DEFAULT_THRESHOLDS,
  DRIFT_METHODS,
  STATISTIC_RANGES,
  SMALL_REFERENCE_MAX,
  chooseMethodFromFacts,
  isDrift,
  isDriftMethod,
  isTestMethod,
  MIN_NORMALIZED_P_VALUE,
  normalizedScore,
  type MethodChoiceFacts,
} from './methods';
export {
  MULTIPLE_TESTING_CORRECTIONS,
  adjustPValues,
  dataDrift,
  type AdjustedVerdict,
  type DatasetDrift,
  type DatasetDriftOptions,
  type MultipleTestingCorrection,
} from './dataset';
export { dataDrivenThreshold, distanceMethodsFor, referenceChunkThresholds } from './thresholds';
export {
  OTHER_CATEGORY,
  alignBins,
  alignCategories,
  binSortedSamples,
  cleanNumericSamples,
  countCategorySamples,
  validateBinnedCounts,
  type AlignedBins,
  type AlignedCategories,
} from './align';
export { fillEmptyBins, hellingerDistance, jensenShannonDistance, klDivergence, linfDistance, psi } from './divergences';
export { chi2Homogeneity, chiSquareSf, type Chi2Result } from './chi2';
export { twoProportionZTest, type ZTestResult } from './ztest';
export { KS_EXACT_MAX_N, ksBinned, ksPValue, ksTwoSample, type BinnedKsResult, type KsResult } from './ks';
export { kolmogorovSf, smirnovSf } from './kolmogorov';
export { wassersteinSorted, wassersteinWeightedSorted } from './wasserstein';
export { populationStd } from './numeric';
export { sortAscending } from './sort';
export { mulberry32, normalSamples, uniformSamples } from './prng';
