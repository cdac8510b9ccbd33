/**
 * Which query-model fields each query type reads. The query editor shows only these, validation checks only
 * these, so an editor field never exists that the backend would ignore.
 */
import type { MultipleTestingCorrection } from '../drift/dataset';
import type { DriftMethod } from '../drift/types';
import type { DriftQuery, DriftQueryType, LiveReference, LiveSource } from '../shared/queryModel';

export type QueryField =
  | 'source'
  | 'baseline'
  | 'features'
  | 'method'
  | 'window'
  | 'instant'
  | 'normalizeByThreshold'
  | 'includePValue'
  | 'correction'
  | 'includeDriftShare'
  | 'explain'
  | 'includeClassMetrics'
  | 'performanceMetrics'
  | 'includePrediction'
  | 'scoreThreshold'
  | 'predictionRange'
  | 'reference'
  /** `segmentBy` with the limit and the rest: a query split into one series per segment. */
  | 'segment'
  /** `segmentBy` with one `segment` value: a query of that segment's observations alone. */
  | 'segmentValue';

const FIELDS_BY_TYPE: Record<DriftQueryType, readonly QueryField[]> = {
  drift: ['source', 'baseline', 'features', 'method', 'window', 'reference', 'segment', 'instant', 'normalizeByThreshold', 'includePValue', 'correction', 'includeDriftShare', 'explain', 'includePrediction'],
  distribution: ['source', 'baseline', 'features', 'method', 'window', 'reference', 'segmentValue', 'includePrediction'],
  confusion: ['source', 'baseline', 'window', 'includeClassMetrics'],
  performance: ['source', 'baseline', 'window', 'performanceMetrics', 'scoreThreshold', 'predictionRange', 'instant', 'normalizeByThreshold'],
  dataQuality: ['source', 'baseline', 'features', 'window', 'segmentValue', 'instant'],
  baseline: ['baseline', 'features'],
};

export const QUERY_TYPE_OPTIONS: ReadonlyArray<{ value: DriftQueryType; label: string; description: string }> = [
  { value: 'drift', label: 'Drift', description: 'Drift score per feature against the baseline, over time or instant' },
  { value: 'distribution', label: 'Distribution', description: 'Baseline and current histograms with statistics' },
  { value: 'confusion', label: 'Confusion matrix', description: 'Counts of actual vs predicted classes' },
  {
    value: 'performance',
    label: 'Performance',
    description: 'Accuracy, precision, recall and F1 from labelled outcomes',
  },
  { value: 'dataQuality', label: 'Data quality', description: 'Share of missing and non-finite feature values' },
  { value: 'baseline', label: 'Baseline', description: 'The stored training distributions, no live data' },
];

/** The query's on/off options, in the order the editor shows them, with the ids of their switches. */
export const QUERY_SWITCHES = [
  { field: 'instant', id: 'drift-instant', label: 'Instant' },
  { field: 'normalizeByThreshold', id: 'drift-normalize', label: 'Normalise by threshold' },
  { field: 'includeClassMetrics', id: 'drift-class-metrics', label: 'Per-class metrics tables' },
  { field: 'includePValue', id: 'drift-pvalue', label: 'Include p-value' },
  { field: 'includeDriftShare', id: 'drift-share', label: 'Drift share' },
  { field: 'explain', id: 'drift-explain', label: 'Top contributors' },
  { field: 'includePrediction', id: 'drift-prediction', label: 'Include prediction' },
] as const satisfies ReadonlyArray<{ field: QueryField & keyof DriftQuery; id: string; label: string }>;

export function queryFieldsFor(queryType: DriftQueryType | undefined): readonly QueryField[] {
  return FIELDS_BY_TYPE[queryType ?? 'drift'];
}

export function usesField(query: Pick<DriftQuery, 'queryType'>, field: QueryField): boolean {
  return queryFieldsFor(query.queryType).includes(field);
}

/** Multiple-testing corrections of the tests' p-values across a query's features (`none` leaves them as they are). */
export const CORRECTION_OPTIONS: ReadonlyArray<{ value: MultipleTestingCorrection; label: string; description: string }> = [
  { value: 'none', label: 'None', description: 'Each feature tested on its own' },
  { value: 'bonferroni', label: 'Bonferroni', description: 'p × number of tested features: no false alarm in the family at the level' },
  { value: 'bh', label: 'Benjamini-Hochberg', description: 'Step-up adjustment: false discovery rate at the level' },
];

/** What the live windows are compared with: the stored baseline, or live data (`LiveReference`). */
export const REFERENCE_OPTIONS: ReadonlyArray<{ value: LiveReference['kind']; label: string; description: string }> = [
  { value: 'baseline', label: 'Baseline', description: 'The stored training distributions' },
  { value: 'offset', label: 'Earlier', description: 'The same model and version an offset earlier, e.g. 7d: the same hour last week' },
  { value: 'version', label: 'Another version', description: 'Another version of the model over the same windows' },
  { value: 'range', label: 'Fixed range', description: 'Live data of a known-good past range' },
];

/** `auto` is not a method: it leaves `method` unset so the backend chooses per feature. */
export const AUTO_METHOD = 'auto';

export const METHOD_OPTIONS: ReadonlyArray<{
  value: DriftMethod | typeof AUTO_METHOD;
  label: string;
  description: string;
}> = [
  { value: AUTO_METHOD, label: 'Auto', description: 'Chosen per feature from its kind and sample size' },
  { value: 'psi', label: 'PSI', description: 'Population stability index' },
  { value: 'ks', label: 'Kolmogorov-Smirnov', description: 'Two-sample test, numeric features' },
  { value: 'chi2', label: 'Chi-squared', description: 'Homogeneity test, categorical features' },
  { value: 'z', label: 'Z-test', description: 'Two proportions, binary features' },
  { value: 'js', label: 'Jensen-Shannon', description: 'Distance, base 2, 0 to 1' },
  { value: 'kl', label: 'KL divergence', description: 'Reference relative to current' },
  { value: 'hellinger', label: 'Hellinger', description: 'Distance, 0 to 1' },
  { value: 'wasserstein', label: 'Wasserstein', description: 'Earth mover distance, in feature units' },
  {
    value: 'wasserstein_norm',
    label: 'Wasserstein (normalised)',
    description: 'Divided by the reference standard deviation',
  },
  { value: 'linf', label: 'L-infinity', description: 'Largest difference of bin shares' },
];

export const SOURCE_OPTIONS: ReadonlyArray<{ value: LiveSource; label: string }> = [
  { value: 'prometheus', label: 'Prometheus' },
  { value: 'elasticsearch', label: 'Elasticsearch' },
];

/** The editor's value for a query that names no source, which the backend reads where the model is bound. */
export const AUTO_SOURCE = 'auto';

export const QUERY_SOURCE_OPTIONS: ReadonlyArray<{ value: LiveSource | typeof AUTO_SOURCE; label: string; description?: string }> = [
  {
    value: AUTO_SOURCE,
    label: 'From binding',
    description: "Where the model's binding points; else Prometheus, or Elasticsearch when it is the datasource's only URL",
  },
  ...SOURCE_OPTIONS,
];
