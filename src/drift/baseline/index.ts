/** Baseline builder (streaming, two passes) and validator. Pure: no Node APIs. */
export { BaselineProfiler, BaselineInputError } from './profiler';
export type { BaselineBuildOptions, BaselinePlan, ColumnPlan, SkippedColumn } from './profiler';
export {
  DATE_TIME_SHARE,
  IDENTIFIER_DISTINCT_SHARE,
  MAX_IDENTIFIER_SPAN_PER_VALUE,
  MIN_VALUES_FOR_IDENTIFIER,
  isIsoDateTime,
  storedFeatureFacts,
  unsuitableColumn,
} from './columnScreen';
export type { ColumnFacts, Unsuitable, UnsuitableKind } from './columnScreen';
export { BaselineBinner, baselineDocument } from './binner';
export type { BaselineMeta, FeatureWithChunks } from './binner';
export { attachThresholds } from './thresholds';
export { validateBaseline } from './validate';
export type { BaselineValidation } from './validate';
export { BASELINE_LIMITS, BUILD_DEFAULTS, OTHER_CATEGORY } from './limits';
export { isMissing, parseNumber, categoryOf } from './cells';
export type { Cell, CellSource } from './cells';
export { bucketIndex } from './edges';
export { addToMoments, emptyMoments, sideSummary } from './moments';
export type { Moments } from './moments';
