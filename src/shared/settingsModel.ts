/**
 * The datasource settings: `jsonData` written by the config editor or provisioning and read by the backend
 * (`src/backend/settings.ts` checks its types), and the secrets in `secureJsonData`. Types and plain constants only.
 */
import type { DataSourceJsonData } from '@grafana/schema';
import type { LiveSource } from './queryModel';

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
  /**
   * Absolute path of a read-only directory of binding files (`bindingModel.ts`): per model, where its metrics
   * and logs live when they do not follow the mappings above.
   */
  provisionedBindingDirectory?: string;
  /** Upstream request timeout in seconds. */
  timeoutSeconds?: number;
  /**
   * Smallest step between points of live time series, a duration such as `15s` (the default: the usual
   * scrape interval; a smaller step only repeats the same samples).
   */
  minStep?: string;
  /**
   * The completed-bucket cache of range queries (see the README's "Caching"): on unless `false`. Refreshes and
   * alert rules then fetch only the steps they have not seen.
   */
  cacheEnabled?: boolean;
  /** Memory the cache may hold for this datasource, in MiB (least recently used entries go first). */
  cacheMaxMegabytes?: number;
  /** How old a step must be before its counts are final and cached, a duration such as `2m`. */
  cacheCompleteAfter?: string;
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
/** The cache's memory budget per datasource unless `cacheMaxMegabytes` says otherwise, and its ceiling. */
export const DEFAULT_CACHE_MAX_MEGABYTES = 64;
export const MAX_CACHE_MAX_MEGABYTES = 4096;
/**
 * How old a step must be to be cached unless `cacheCompleteAfter` says otherwise: several scrape intervals for
 * Prometheus, and for Elasticsearch the index refresh interval plus the usual delay of log shippers.
 */
export const DEFAULT_CACHE_COMPLETE_AFTER = '2m';
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
