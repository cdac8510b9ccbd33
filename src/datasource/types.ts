/**
 * Query and settings models of the drift datasource. Shared by the frontend editors and the backend
 * (which parses the same JSON), so this file holds types and plain constants only.
 */
import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { DriftMethod } from '../drift/types';

export type DriftQueryType = 'drift' | 'distribution' | 'confusion' | 'performance' | 'dataQuality' | 'baseline';

export type LiveSource = 'prometheus' | 'elasticsearch';

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
   * `confusion` queries: also return per-class precision/recall/F1/support (`classes`) and model-wide
   * accuracy/macro averages (`summary`) as table frames. Off by default: the confusion-matrix panel reads
   * the long matrix frame only.
   */
  includeClassMetrics?: boolean;
  /** `performance` queries: which series to return; empty or omitted: all of them. */
  performanceMetrics?: PerformanceMetric[];
}

/**
 * Series of a `performance` query. Per class (label `class`): precision, recall, f1, prediction_share.
 * Whole model: accuracy, macro_precision, macro_recall, macro_f1, and prediction_drift (the live prediction
 * distribution against the baseline's label distribution; normalised by its threshold when asked).
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
  | 'prediction_drift';

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
];

export const DEFAULT_QUERY: Partial<DriftQuery> = {
  queryType: 'drift',
  source: 'prometheus',
  window: '1h',
  instant: false,
  normalizeByThreshold: false,
  includePValue: false,
};

/**
 * How the model server exposes its data in Prometheus. Defaults follow the names our instrumentation
 * guide uses; every name is configurable because teams already have metrics.
 */
export interface PrometheusMapping {
  /** Histogram of numeric feature values, one series per `featureLabel` value. */
  featureHistogram: string;
  /** Counter of categorical feature values, labelled by feature and `categoryLabel`. */
  featureCategoryCounter: string;
  /** Counter of predictions labelled by `predictedLabel`. */
  predictionCounter: string;
  /** Counter of labelled outcomes labelled by `actualLabel` and `predictedLabel`. */
  outcomeCounter: string;
  /** Counter of missing / non-finite feature values, labelled by feature and `reasonLabel`. */
  missingCounter: string;
  modelLabel: string;
  versionLabel: string;
  featureLabel: string;
  categoryLabel: string;
  predictedLabel: string;
  actualLabel: string;
  reasonLabel: string;
}

export const DEFAULT_PROMETHEUS_MAPPING: PrometheusMapping = {
  featureHistogram: 'model_feature_value',
  featureCategoryCounter: 'model_feature_category_total',
  predictionCounter: 'model_predictions_total',
  outcomeCounter: 'model_outcomes_total',
  missingCounter: 'model_feature_missing_total',
  modelLabel: 'model',
  versionLabel: 'version',
  featureLabel: 'feature',
  categoryLabel: 'category',
  predictedLabel: 'predicted',
  actualLabel: 'actual',
  reasonLabel: 'reason',
};

/** How prediction logs are laid out in Elasticsearch. */
export interface ElasticsearchMapping {
  timeField: string;
  modelField: string;
  versionField: string;
  /** Prefix of feature fields, e.g. `features.` for `{ "features": { "age": 41 } }`. */
  featurePrefix: string;
  predictionField: string;
  labelField: string;
}

export const DEFAULT_ELASTICSEARCH_MAPPING: ElasticsearchMapping = {
  timeField: '@timestamp',
  modelField: 'model',
  versionField: 'version',
  featurePrefix: 'features.',
  predictionField: 'prediction',
  labelField: 'label',
};

export type AuthKind = 'none' | 'basic' | 'bearer' | 'apiKey';

export type PrometheusHistogramKind = 'auto' | 'classic' | 'native';
export const DEFAULT_PROMETHEUS_HISTOGRAM_KIND: PrometheusHistogramKind = 'auto';

export interface DriftDataSourceOptions extends DataSourceJsonData {
  prometheusUrl?: string;
  prometheusAuth?: AuthKind;
  prometheusUser?: string;
  prometheusTlsSkipVerify?: boolean;
  prometheus?: Partial<PrometheusMapping>;
  /**
   * Which histograms the feature histogram is read from: `classic` (`<name>_bucket` with `le`), `native`
   * (Prometheus native histograms, converted onto the baseline's buckets), or `auto` (the default: classic,
   * and native for the features that have no classic buckets).
   */
  prometheusHistogramKind?: PrometheusHistogramKind;
  elasticsearchUrl?: string;
  elasticsearchIndex?: string;
  elasticsearchAuth?: AuthKind;
  elasticsearchUser?: string;
  elasticsearchTlsSkipVerify?: boolean;
  elasticsearch?: Partial<ElasticsearchMapping>;
  /** The cluster's `search.max_buckets` (default 65,535); long time series are split into searches under it. */
  elasticsearchMaxBuckets?: number;
  /** Directory of this datasource's baselines. Empty: under Grafana's data path. */
  baselineDirectory?: string;
  /** Read-only directory of provisioned baseline files (GitOps). */
  provisionedBaselineDirectory?: string;
  /** Upstream request timeout in seconds. */
  timeoutSeconds?: number;
  /**
   * Smallest step between points of live time series, a duration such as `15s` (the default: the usual
   * scrape interval; a smaller step only repeats the same samples).
   */
  minStep?: string;
}

/** Defaults the backend applies when a setting is empty, shown as placeholders by the config editor. */
export const DEFAULT_MIN_STEP = '15s';
/**
 * How long one query may take in all, upstream requests included, unless `timeoutSeconds` says otherwise: inside
 * the 30 s Grafana gives an alert rule's evaluation by default (`[unified_alerting] evaluation_timeout`), with
 * room for Grafana's own work, so a hanging upstream fails the query rather than the whole evaluation.
 */
export const DEFAULT_QUERY_TIMEOUT_SECONDS = 25;
/** Beyond this a timeout protects nothing (and from about 24.8 days Node's timers overflow and fire at once). */
export const MAX_QUERY_TIMEOUT_SECONDS = 600;
/** `search.max_buckets` default since Elasticsearch 7.9 (and in OpenSearch). */
export const DEFAULT_ELASTICSEARCH_MAX_BUCKETS = 65_535;
/** Where baselines go when `baselineDirectory` is empty (the backend's store registry resolves it). */
export const DEFAULT_BASELINE_DIRECTORY_HINT = '$GF_PATHS_DATA/plugins/mlops-drift-datasource/<datasource uid>/baselines';

/** Kept only in `secureJsonData`: Grafana stores them encrypted and never sends them back to the browser. */
export interface DriftSecureJsonData {
  prometheusPassword?: string;
  prometheusToken?: string;
  /** PEM of the CA that signed Prometheus' certificate, when it is not in the system store. */
  prometheusCaCert?: string;
  elasticsearchPassword?: string;
  elasticsearchApiKey?: string;
  elasticsearchCaCert?: string;
}

/** Which settings belong to each live source, so the config editor and the backend client treat both alike. */
export interface UpstreamSettingKeys {
  url: 'prometheusUrl' | 'elasticsearchUrl';
  auth: 'prometheusAuth' | 'elasticsearchAuth';
  user: 'prometheusUser' | 'elasticsearchUser';
  tlsSkipVerify: 'prometheusTlsSkipVerify' | 'elasticsearchTlsSkipVerify';
  password: 'prometheusPassword' | 'elasticsearchPassword';
  /** The secret sent with `tokenAuth`: a bearer token for Prometheus, an API key for Elasticsearch. */
  token: 'prometheusToken' | 'elasticsearchApiKey';
  tokenAuth: 'bearer' | 'apiKey';
  caCert: 'prometheusCaCert' | 'elasticsearchCaCert';
}

export const UPSTREAM_SETTING_KEYS: Readonly<Record<LiveSource, UpstreamSettingKeys>> = {
  prometheus: {
    url: 'prometheusUrl',
    auth: 'prometheusAuth',
    user: 'prometheusUser',
    tlsSkipVerify: 'prometheusTlsSkipVerify',
    password: 'prometheusPassword',
    token: 'prometheusToken',
    tokenAuth: 'bearer',
    caCert: 'prometheusCaCert',
  },
  elasticsearch: {
    url: 'elasticsearchUrl',
    auth: 'elasticsearchAuth',
    user: 'elasticsearchUser',
    tlsSkipVerify: 'elasticsearchTlsSkipVerify',
    password: 'elasticsearchPassword',
    token: 'elasticsearchApiKey',
    tokenAuth: 'apiKey',
    caCert: 'elasticsearchCaCert',
  },
};

/**
 * Resource API of the datasource (`/api/datasources/uid/<uid>/resources/…`), shared by the backend that answers
 * and the frontend that calls. Errors are answered as `{ "error": "…" }` with a 4xx/5xx status.
 */
export const BASELINE_RESOURCE = 'baselines';

/** One entry of `GET baselines`. */
export interface BaselineSummary {
  /** `model@version`. */
  id: string;
  model: string;
  version: string;
  /** Feature names, in the baseline's order. */
  features: string[];
  /** ISO 8601 creation time of the baseline document. */
  created: string;
  /** Read from the provisioned directory: read-only, cannot be deleted from Grafana. */
  provisioned: boolean;
  /** Set when the file on disk cannot be read; the reason. */
  corrupt?: string;
}

/** Answer of `POST baselines`, `POST baselines/build` and `POST baselines/capture`. */
export interface BaselineCreated {
  id: string;
}

/** Query string of `POST baselines/build`; the body is the CSV or JSON Lines file itself. */
export interface BuildBaselineParams {
  model: string;
  version: string;
  format: 'csv' | 'tsv' | 'jsonl';
  /** Comma-separated columns to keep; empty: all. */
  columns?: string;
  /** Comma-separated columns to treat as categorical even when they look numeric. */
  categorical?: string;
  /** Number of bins for numeric features. */
  bins?: number;
  /** Column holding the model's prediction: stored as the baseline's prediction distribution. */
  prediction?: string;
  /** Column holding the true label: stored as the baseline's label distribution. */
  label?: string;
}

/** JSON body of `POST baselines/capture`: a baseline taken from live data over a past time window. */
export interface CaptureBaselineParams {
  model: string;
  version: string;
  source: LiveSource;
  /** Window start and end, epoch milliseconds. */
  from: number;
  to: number;
  /** Features to capture; empty: every feature the source has for this model. */
  features?: string[];
}
