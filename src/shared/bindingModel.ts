/**
 * Bindings: where one model's signals live when its metrics or logs were not instrumented the way the datasource
 * mapping (`settingsModel.ts`) expects. A binding document names a model (and optionally one version) and says,
 * per live source, which metric or field holds each baseline feature, the prediction and the label, with that
 * metric's own label names. What a binding leaves out falls back to the datasource mapping, so the mapping stays
 * the zero-configuration default. Provisioned as JSON files (see `schemas/binding.schema.json`); the backend
 * checks them in `src/backend/bindings/validate.ts`. Types, plain constants and one helper.
 */
import { LIVE_SOURCES, type LiveSource } from './queryModel';

export const BINDING_SCHEMA_VERSION = 1;

/**
 * How series (Prometheus) or documents (Elasticsearch) are narrowed to the queried model or version: by a label
 * or field equal to the query's model/version, or to a fixed `value` (a version label that says `"2"` while the
 * baseline is `fraud@v2`); or `"none"` when the data carries no such label and belongs to this model anyway.
 */
export type SeriesSelection = 'none' | { label: string; value?: string };
export type FieldSelection = 'none' | { field: string; value?: string };

/** Equality matchers added to a selector, e.g. `{ "job": "fraud-api" }`. */
export type StaticMatchers = Record<string, string>;

/**
 * What every structured signal may say for itself: its own static matchers, and a model or version selection
 * over the binding's (a categorical counter without the version label that the histograms carry).
 */
export interface SignalSelection {
  model?: SeriesSelection;
  version?: SeriesSelection;
  matchers?: StaticMatchers;
}

/** A classic or native histogram; without `featureLabel` the metric holds this one feature only. */
export interface PrometheusHistogramSignal extends SignalSelection {
  kind: 'histogram';
  /** Base name, without `_bucket`. */
  metric: string;
  featureLabel?: string;
  /** Defaults to the datasource's `prometheusHistogramKind`. */
  histogramKind?: 'auto' | 'classic' | 'native';
}

/** A counter by category (or class); without `featureLabel` the metric holds this one feature only. */
export interface PrometheusCounterSignal extends SignalSelection {
  kind: 'counter';
  metric: string;
  featureLabel?: string;
  categoryLabel: string;
  /** Category values that mean "no value" (`missing`, `None`, ""): counted as missing, not as a category. */
  missingValues?: string[];
}

/**
 * A raw PromQL expression for what the structured forms cannot say. It must answer one series per bucket
 * (labelled `le`, cumulative, for a numeric feature) or per category (labelled `by`). Placeholders:
 * `$__window` (the query's rolling window, e.g. `3600s`), `$__interval` (the step between points),
 * `$__model` and `$__version` (the queried model and version as quoted PromQL strings) and `$__matchers`
 * (the binding's model, version and static matchers, comma-separated, for inside `{…}`).
 */
export interface PrometheusPromqlSignal {
  kind: 'promql';
  expr: string;
  /** `le` for a histogram, else the label holding the category. */
  by: string;
  missingValues?: string[];
}

export type PrometheusSignal = PrometheusHistogramSignal | PrometheusCounterSignal | PrometheusPromqlSignal;

/**
 * A counter of values that never reached the histogram or counter: the datasource's missing counter, or an
 * imputer's `{feature, method}` counter. Without `reasonLabel` every count is a missing value; with it, reasons
 * `nan`/`inf`/`non_finite` count as non-finite values.
 */
export interface PrometheusMissingSignal extends SignalSelection {
  metric: string;
  featureLabel?: string;
  reasonLabel?: string;
}

/** The labelled-outcomes counter behind confusion and performance queries. */
export interface PrometheusOutcomeSignal extends SignalSelection {
  metric: string;
  actualLabel: string;
  predictedLabel: string;
}

/**
 * A binary classifier's score histogram (classic or native) with a label holding the actual class, for ROC AUC,
 * PR AUC and calibration once labels arrive. Default: `model_prediction_score` by the mapping's `actualLabel`.
 */
export interface PrometheusScoreSignal extends SignalSelection {
  /** Base name, without `_bucket`. */
  metric: string;
  /** Label holding the actual class; default: the mapping's `actualLabel`. */
  actualLabel?: string;
  /** The actual class counted as positive; default: the baseline's (`scores.positiveClass`), else `1`. */
  positiveClass?: string;
  /** Defaults to the datasource's `prometheusHistogramKind`. */
  histogramKind?: 'auto' | 'classic' | 'native';
}

/**
 * A regression model's errors once labels arrive (error = prediction − actual), each a summary or histogram whose
 * `_sum` and `_count` are read: one observation per labelled prediction. Metric base names, without `_sum`.
 */
export interface PrometheusRegressionSignal extends SignalSelection {
  /** |error|; its `_count` counts the labelled predictions. Default `model_absolute_error`. */
  absoluteError?: string;
  /** error². Default `model_squared_error`. */
  squaredError?: string;
  /**
   * max(error, 0), the over-prediction, for the bias: Σ error = 2·Σ max(error, 0) − Σ |error|. A signed sum is no
   * counter (`increase()` would read each fall as a reset), this one is. Default `model_positive_error`.
   */
  positiveError?: string;
  /** |error| / |actual|, observed only where actual ≠ 0 (fewer observations: MAPE is undefined). Default `model_absolute_percentage_error`. */
  absolutePercentageError?: string;
  /**
   * A histogram of |error| (`absolute`) or of error (`signed`), base name: MAE and RMSE (and the bias, signed) with
   * the bounds its buckets allow, for windows without the summaries. An absolute histogram's `_sum` makes MAE exact.
   */
  errorHistogram?: { metric: string; kind: 'absolute' | 'signed' };
}

/** The default score histogram by actual class, when the binding names none (`PrometheusScoreSignal`). */
export const DEFAULT_SCORE_HISTOGRAM = 'model_prediction_score';

/** A regression model's error summaries by default (`PrometheusRegressionSignal`). */
export const DEFAULT_REGRESSION_METRICS = {
  absoluteError: 'model_absolute_error',
  squaredError: 'model_squared_error',
  positiveError: 'model_positive_error',
  absolutePercentageError: 'model_absolute_percentage_error',
} as const;

export interface PrometheusBinding {
  /** Default: the mapping's `modelLabel` equal to the queried model. */
  model?: SeriesSelection;
  /** Default: the mapping's `versionLabel` equal to the queried version. */
  version?: SeriesSelection;
  /** Added to every selector of this model. */
  matchers?: StaticMatchers;
  /** Per baseline feature. */
  features?: Record<string, PrometheusSignal>;
  /** For numeric / categorical features not in `features` (default: the mapping's histogram / counter). */
  numeric?: PrometheusSignal;
  categorical?: PrometheusSignal;
  /** Missing values of every feature (default: the mapping's missing counter); `"none"`: not instrumented. */
  missing?: PrometheusMissingSignal | 'none';
  /** Per-feature missing counters, over `missing`. */
  featureMissing?: Record<string, PrometheusMissingSignal>;
  /** The prediction (default: the mapping's prediction counter by `predictedLabel`). */
  prediction?: PrometheusSignal;
  /** The true label's distribution (default: the outcome counter by its `actualLabel`). */
  label?: PrometheusSignal;
  /** Default: the mapping's outcome counter. */
  outcome?: PrometheusOutcomeSignal;
  /** The score histogram by actual class (see `PrometheusScoreSignal`). */
  score?: PrometheusScoreSignal;
  /** A regression model's error summaries (see `PrometheusRegressionSignal`). */
  regression?: PrometheusRegressionSignal;
}

export interface ElasticsearchErrorFields {
  absolute: string;
  squared: string;
  signed?: string;
  absolutePercentage?: string;
}

export interface ElasticsearchBinding {
  /** Index or pattern (default: the datasource's index). */
  index?: string;
  timeField?: string;
  /** Extra filter: a query DSL object, or a Lucene `query_string` text. */
  filter?: Record<string, unknown> | string;
  /** Default: the mapping's `modelField` equal to the queried model. */
  model?: FieldSelection;
  version?: FieldSelection;
  /** Prefix of feature fields not in `features` (default: the mapping's `featurePrefix`). */
  featurePrefix?: string;
  /** Field (any path) per baseline feature. */
  features?: Record<string, string>;
  predictionField?: string;
  labelField?: string;
  /** A binary classifier's numeric score, read with `labelField` (default: `predictionField`). */
  scoreField?: string;
  /** The label value counted as positive; default: the baseline's (`scores.positiveClass`), else `1`. */
  positiveClass?: string;
  /**
   * A regression model's errors precomputed by the logger, per document: fields of |error|, error², and optionally
   * error and |error| / |actual| (absent where actual = 0). Absent: computed by scripts from `predictionField`
   * and `labelField` at query time.
   */
  errorFields?: ElasticsearchErrorFields;
  /** Values of categorical fields that mean "no value": counted as missing. */
  missingValues?: string[];
}

/** One provisioned binding file. */
export interface BindingDocument {
  schemaVersion?: number;
  model: string;
  /** Only this version; absent: every version of the model without a binding of its own. */
  version?: string;
  prometheus?: PrometheusBinding;
  elasticsearch?: ElasticsearchBinding;
}

/** The live sources a binding names, in `LIVE_SOURCES` order (none without a binding). */
export function boundSources(binding: Pick<BindingDocument, LiveSource> | undefined): LiveSource[] {
  return LIVE_SOURCES.filter((source) => binding?.[source] !== undefined);
}
