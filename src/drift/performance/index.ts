// Model-output statistics: classifier scores (AUC, calibration, CBPE), regression errors and prediction summaries.
// Pure TypeScript like the rest of src/drift.
export { averagePrecision, rocAuc, type BoundedValue, type RocAuc } from './auc';
export { calibration, type Calibration, type ReliabilityBin } from './calibration';
export { CBPE_METRICS, SAMPLING_ERROR_RANGE, cbpe, type CbpeMetric, type CbpeMetricName, type CbpeOptions, type CbpeResult } from './cbpe';
export { DEFAULT_SUMMARY_LEVELS, histogramQuantile, predictionSummary, type PredictionSummary, type PredictionSummaryInput } from './histogramSummary';
export { regressionFromErrorHistogram, regressionFromSums, type ErrorSums, type Estimate, type HistogramErrorMetrics, type RegressionMetrics } from './regression';
export type { ClassScoreHistograms } from './scoreBuckets';
