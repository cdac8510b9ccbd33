/**
 * The query model of the drift datasource: the JSON the query editor writes, dashboards and alert rules store, and
 * the backend parses (`src/backend/queries/queryModel.ts` checks its types). Types and plain constants only.
 */
import type { DataQuery } from '@grafana/schema';
import type { MultipleTestingCorrection } from '../drift/dataset';
import type { DriftMethod } from '../drift/types';

export type DriftQueryType = 'drift' | 'distribution' | 'confusion' | 'performance' | 'dataQuality' | 'baseline';

export type LiveSource = 'prometheus' | 'elasticsearch';

/** How messages and the UI name each live source. */
export const LIVE_SOURCE_NAMES: Readonly<Record<LiveSource, string>> = { prometheus: 'Prometheus', elasticsearch: 'Elasticsearch' };

/** Every live source, in the order lists and checks name them. */
export const LIVE_SOURCES: readonly LiveSource[] = ['prometheus', 'elasticsearch'];

/** Whether a value from JSON or a URL names a live source. */
export function isLiveSource(value: unknown): value is LiveSource {
  return (LIVE_SOURCES as readonly unknown[]).includes(value);
}

export interface DriftQuery extends DataQuery {
  queryType?: DriftQueryType;
  /** Live data source to compare with the baseline. */
  source?: LiveSource;
  /** Baseline id (`model@version`); for `baseline` queries the baseline to show. */
  baseline?: string;
  /** Empty: every feature of the baseline. */
  features?: string[];
  /** Omitted: automatic choice per feature. */
  method?: DriftMethod;
  /** Rolling window of live data compared at each step, a Prometheus duration such as `1h`. */
  window?: string;
  /** One number per feature (for alert rules and stat panels) instead of a time series. */
  instant?: boolean;
  /** Divide each score by its threshold, so `> 1` means drift for every feature and method. */
  normalizeByThreshold?: boolean;
  /** Add a p-value series for tests (ks, chi2, z). */
  includePValue?: boolean;
  /**
   * `drift` queries: adjust the tests' p-values (ks, chi2, z) across the query's features, per step:
   * `bonferroni` (family-wise error) or `bh` (Benjamini–Hochberg, false discovery rate). Omitted: `none`.
   */
  correction?: MultipleTestingCorrection;
  /** `drift` queries: add a `drift_share` series, the share of the query's features drifting at each step. */
  includeDriftShare?: boolean;
  /**
   * `drift` queries: name the bins that carry each score (top 3 in a `top_contributors` text field of each
   * series); instant queries return one `top_contribution` number per feature instead of the scores.
   */
  explain?: boolean;
  /**
   * `confusion` queries: also return per-class precision/recall/F1/support (`classes`) and model-wide
   * accuracy/macro averages (`summary`) as table frames. Off by default: the confusion-matrix panel reads
   * the long matrix frame only.
   */
  includeClassMetrics?: boolean;
  /**
   * `drift` and `distribution` queries: also compare the model's prediction (numeric: a histogram on Prometheus, a
   * numeric field on Elasticsearch; or categorical) with the baseline's prediction distribution, as one more series
   * (or frame) named like a feature by the prediction's name.
   */
  includePrediction?: boolean;
  /**
   * `drift` and `distribution` queries: what the live windows are compared with. Omitted (or `kind: baseline`): the
   * stored baseline, which in any case names the model, the features and their bins.
   */
  reference?: LiveReference;
  /**
   * `drift` queries: one series per value of this label (Prometheus) or field (Elasticsearch), e.g. `region`,
   * labelled `segment` (see the README's "Segments"). Only the `segmentLimit` values with the most traffic over
   * the range get their own series; the rest are summed into one series labelled `other`.
   */
  segmentBy?: string;
  /** With `segmentBy`: how many segment values get their own series (the most traffic first). Omitted: 10; at most 50. */
  segmentLimit?: number;
  /** With `segmentBy`: `false` leaves the values beyond the limit out instead of summing them into `other`. Omitted: true. */
  segmentOther?: boolean;
  /**
   * `distribution` and `dataQuality` queries, with `segmentBy`: read only the observations whose `segmentBy` label
   * (field) has this value, e.g. `mobile`: where a click on a segmented drift series (`${segment}`) drills down to.
   * Taken as given: `""` reads the observations without the label, as drift's segment `""` does. Compared with the
   * baseline's own distributions for the value when it keeps them (`mldrift baseline build --segment`).
   * Omitted: every segment together.
   */
  segment?: string;
  /** `performance` queries: which series to return; empty or omitted: all of them. */
  performanceMetrics?: PerformanceMetric[];
  /**
   * `performance` queries, CBPE estimates: a score above this counts as a predicted positive. It must be a bucket
   * edge of the prediction histogram. Omitted: 0.5.
   */
  scoreThreshold?: number;
  /**
   * `performance` queries: the range a numeric prediction may take (either end may be left out), e.g. 0 for counts
   * that cannot be negative. `prediction_out_of_range_rate` is the share of predictions outside it.
   */
  predictionMin?: number;
  predictionMax?: number;
}

/**
 * A live reference (see the README's "Live references"): `offset`, the same model and version an `offset` earlier
 * (a duration, as PromQL's `offset`: `7d` for the same hour last week); `version`, another version of the model over
 * the same windows; `range`, a fixed past range `from`–`to` (epoch milliseconds or ISO 8601). All values are
 * strings, so dashboard variables can fill them.
 */
export interface LiveReference {
  kind: 'baseline' | 'offset' | 'version' | 'range';
  offset?: string;
  version?: string;
  from?: string;
  to?: string;
}

/**
 * Series of a `performance` query. Per class (label `class`): precision, recall, f1, prediction_share.
 * Whole model: accuracy, macro_precision, macro_recall, macro_f1, and prediction_drift (the live prediction
 * distribution against the baseline's label distribution; normalised by its threshold when asked).
 * A numeric prediction (probability score, regression output; the baseline's prediction must be numeric):
 * prediction_mean/std/p5/p50/p95/nonfinite_rate per window (out_of_range_rate with predictionMin/Max; min/max
 * where the source has them: Elasticsearch, whose p5/p50/p95 are its percentiles), and for a
 * probability score the CBPE estimates
 * estimated_accuracy/precision/recall/f1/roc_auc (each with an `…_sampling_error` series) without labels.
 * A binary classifier's score once labels arrive (score histograms split by the actual class): roc_auc and pr_auc
 * (with `…_lower`/`…_upper` bound series: the binning error), expected_calibration_error (with `…_lower`/`…_upper`:
 * bucket midpoints stand for unknown mean scores), and the curve frames roc_curve and calibration_curve (see
 * PERFORMANCE_CURVES in frameContract.ts).
 * A regression model once labels arrive: mae, rmse, mean_error (bias: mean of prediction − actual) and mape; read
 * from an error histogram, mae, rmse and mean_error have `…_lower`/`…_upper` series too.
 */
export type PerformanceMetric =
  | 'accuracy'
  | 'precision'
  | 'recall'
  | 'f1'
  | 'macro_precision'
  | 'macro_recall'
  | 'macro_f1'
  | 'prediction_share'
  | 'prediction_drift'
  | 'prediction_mean'
  | 'prediction_std'
  | 'prediction_p5'
  | 'prediction_p50'
  | 'prediction_p95'
  | 'prediction_min'
  | 'prediction_max'
  | 'prediction_nonfinite_rate'
  | 'prediction_out_of_range_rate'
  | 'estimated_accuracy'
  | 'estimated_precision'
  | 'estimated_recall'
  | 'estimated_f1'
  | 'estimated_roc_auc'
  | 'roc_auc'
  | 'pr_auc'
  | 'expected_calibration_error'
  | 'roc_curve'
  | 'calibration_curve'
  | 'mae'
  | 'rmse'
  | 'mean_error'
  | 'mape';

export const PERFORMANCE_METRICS: readonly PerformanceMetric[] = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'macro_precision',
  'macro_recall',
  'macro_f1',
  'prediction_share',
  'prediction_drift',
  'prediction_mean',
  'prediction_std',
  'prediction_p5',
  'prediction_p50',
  'prediction_p95',
  'prediction_min',
  'prediction_max',
  'prediction_nonfinite_rate',
  'prediction_out_of_range_rate',
  'estimated_accuracy',
  'estimated_precision',
  'estimated_recall',
  'estimated_f1',
  'estimated_roc_auc',
  'roc_auc',
  'pr_auc',
  'expected_calibration_error',
  'roc_curve',
  'calibration_curve',
  'mae',
  'rmse',
  'mean_error',
  'mape',
];

/**
 * `segmentLimit` when omitted, and its largest value: the top segments share one grouped query per metric on
 * Prometheus and one search per read on Elasticsearch, but a raw `promql` binding is read per segment.
 */
export const DEFAULT_SEGMENT_LIMIT = 10;
export const MAX_SEGMENT_LIMIT = 50;

/** No `source`: a query that names none reads where its model is bound, else the datasource's default source. */
export const DEFAULT_QUERY: Partial<DriftQuery> = {
  queryType: 'drift',
  window: '1h',
  instant: false,
  normalizeByThreshold: false,
  includePValue: false,
};
