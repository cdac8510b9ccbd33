/**
 * Pure checks of a query and of settings: the query editor shows the messages, `filterQuery` drops queries that
 * cannot run, so Grafana never sends the backend a request it would answer with an error.
 */
import { usesField } from './queryFields';
import { MAX_SEGMENT_LIMIT, type DriftQuery, type LiveReference } from '../shared/queryModel';
import { MAX_CACHE_MAX_MEGABYTES, MAX_QUERY_TIMEOUT_SECONDS, type DriftDataSourceOptions } from '../shared/settingsModel';

/** A Grafana template variable reference: `$name`, `${name}`, `${name:format}` or `[[name]]`. */
const VARIABLE = /\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\]/;
/** A Prometheus duration such as `1h`, `90m` or `1h30m`. */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
/** `model@version`, as the backend names baselines. */
const BASELINE_ID = /^[^@\s]+@[^@\s]+$/;

export function containsVariable(text: string): boolean {
  return VARIABLE.test(text);
}

export function validateWindow(window: string | undefined): string | undefined {
  const value = window?.trim() ?? '';
  if (value === '') {
    return 'Window is required, for example 1h';
  }
  if (containsVariable(value) || DURATION.test(value)) {
    return undefined;
  }
  return `Window "${value}" is not a duration such as 30m, 1h or 1d`;
}

export function validateBaselineId(baseline: string | undefined): string | undefined {
  const value = baseline?.trim() ?? '';
  if (value === '') {
    return 'Choose a baseline';
  }
  if (containsVariable(value) || BASELINE_ID.test(value)) {
    return undefined;
  }
  return `Baseline "${value}" is not of the form model@version`;
}

/** CBPE's score threshold: a probability strictly between 0 and 1 (the backend also needs it to be a bucket edge). */
export function validateScoreThreshold(threshold: number | undefined): string | undefined {
  if (threshold === undefined || (Number.isFinite(threshold) && threshold > 0 && threshold < 1)) {
    return undefined;
  }
  return `Score threshold ${threshold} is not a probability between 0 and 1, for example 0.5`;
}

/** A live reference's own fields, as the backend reads them (`liveReference.ts`); variables are left to it. */
export function validateReference(reference: LiveReference | undefined): string | undefined {
  const kind = reference?.kind ?? 'baseline';
  const text = (value: string | undefined) => value?.trim() ?? '';
  const isTime = (value: string) => containsVariable(value) || /^-?\d+$/.test(value) || !Number.isNaN(Date.parse(value));
  switch (kind) {
    case 'offset': {
      const offset = text(reference?.offset);
      return containsVariable(offset) || DURATION.test(offset) ? undefined : `Offset "${offset}" is not a duration such as 1d or 7d`;
    }
    case 'version':
      return text(reference?.version) === '' ? 'Name the version to compare with' : undefined;
    case 'range': {
      const from = text(reference?.from);
      const to = text(reference?.to);
      return isTime(from) && isTime(to) ? undefined : 'From and to are epoch milliseconds or ISO 8601 dates, e.g. 2026-11-01T00:00:00Z';
    }
    default:
      return undefined;
  }
}

/** The valid range of a numeric prediction: each end a number, the minimum below the maximum. */
export function validatePredictionRange(min: number | undefined, max: number | undefined): string | undefined {
  if ([min, max].some((end) => end !== undefined && !Number.isFinite(end))) {
    return 'Prediction min and max must be numbers';
  }
  if (min !== undefined && max !== undefined && !(min < max)) {
    return `Prediction min ${min} must be below max ${max}`;
  }
  return undefined;
}

/** A segment limit as the backend takes it (`segmentOptions`): undefined, or a whole number up to the maximum. */
export function validateSegmentLimit(limit: number | undefined): string | undefined {
  if (limit === undefined || (Number.isInteger(limit) && limit >= 1 && limit <= MAX_SEGMENT_LIMIT)) {
    return undefined;
  }
  return `Top segments: a whole number from 1 to ${MAX_SEGMENT_LIMIT}`;
}

export type QueryErrors = Partial<Record<'baseline' | 'window' | 'scoreThreshold' | 'predictionRange' | 'reference' | 'segment', string>>;

/** Messages per field of the query, only for the fields its query type uses. */
export function validateQuery(query: DriftQuery): QueryErrors {
  const errors: QueryErrors = {};
  const baseline = validateBaselineId(query.baseline);
  if (baseline) {
    errors.baseline = baseline;
  }
  if (usesField(query, 'window')) {
    const window = validateWindow(query.window);
    if (window) {
      errors.window = window;
    }
  }
  if (usesField(query, 'reference')) {
    const reference = validateReference(query.reference);
    if (reference) {
      errors.reference = reference;
    }
  }
  if (usesField(query, 'segment') && query.segmentBy) {
    const segment = validateSegmentLimit(query.segmentLimit);
    if (segment) {
      errors.segment = segment;
    }
  }
  if (usesField(query, 'segmentValue') && query.segment !== undefined && !query.segmentBy?.trim()) {
    errors.segment = 'Segment: needs Segment by, the label (field) it is a value of';
  }
  if (usesField(query, 'predictionRange')) {
    const range = validatePredictionRange(query.predictionMin, query.predictionMax);
    if (range) {
      errors.predictionRange = range;
    }
  }
  if (usesField(query, 'scoreThreshold')) {
    const threshold = validateScoreThreshold(query.scoreThreshold);
    if (threshold) {
      errors.scoreThreshold = threshold;
    }
  }
  return errors;
}

export function isValidQuery(query: DriftQuery): boolean {
  return Object.keys(validateQuery(query)).length === 0;
}

/** Whether the settings name the upstream a query's source needs; messages for the config editor. */
export type SettingsErrors = Partial<
  Record<
    | 'prometheusUrl'
    | 'elasticsearchUrl'
    | 'timeoutSeconds'
    | 'minStep'
    | 'elasticsearchMaxBuckets'
    | 'cacheMaxMegabytes'
    | 'cacheCompleteAfter'
    | 'provisionedBindingDirectory',
    string
  >
>;

/** POSIX, Windows drive and UNC paths: the plugin may run on either. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function validateSettings(options: DriftDataSourceOptions): SettingsErrors {
  const errors: SettingsErrors = {};
  const prometheus = validateHttpUrls(options.prometheusUrl);
  if (prometheus) {
    errors.prometheusUrl = prometheus;
  }
  const elasticsearch = validateHttpUrls(options.elasticsearchUrl);
  if (elasticsearch) {
    errors.elasticsearchUrl = elasticsearch;
  }
  const timeout = options.timeoutSeconds;
  if (timeout !== undefined && !(timeout > 0 && timeout <= MAX_QUERY_TIMEOUT_SECONDS)) {
    errors.timeoutSeconds = `Timeout must be more than 0 and at most ${MAX_QUERY_TIMEOUT_SECONDS} seconds`;
  }
  const minStep = options.minStep?.trim();
  if (minStep && !DURATION.test(minStep)) {
    errors.minStep = `Minimum step "${minStep}" is not a duration such as 15s or 1m`;
  }
  const maxBuckets = options.elasticsearchMaxBuckets;
  if (maxBuckets !== undefined && !(Number.isSafeInteger(maxBuckets) && maxBuckets > 0)) {
    errors.elasticsearchMaxBuckets = 'Maximum buckets must be a whole number above 0';
  }
  const cacheMegabytes = options.cacheMaxMegabytes;
  if (cacheMegabytes !== undefined && !(cacheMegabytes >= 0 && cacheMegabytes <= MAX_CACHE_MAX_MEGABYTES)) {
    errors.cacheMaxMegabytes = `Cache memory must be 0 to ${MAX_CACHE_MAX_MEGABYTES} MiB`;
  }
  const completeAfter = options.cacheCompleteAfter?.trim();
  if (completeAfter && !DURATION.test(completeAfter)) {
    errors.cacheCompleteAfter = `"${completeAfter}" is not a duration such as 2m or 30s`;
  }
  const bindings = options.provisionedBindingDirectory?.trim();
  // The backend refuses a relative one: Grafana starts the plugin in a working directory of its choosing.
  if (bindings && !ABSOLUTE_PATH.test(bindings)) {
    errors.provisionedBindingDirectory = `"${bindings}" is not an absolute path such as /etc/grafana/provisioning/bindings`;
  }
  return errors;
}

/** A URL setting may list several nodes, comma-separated (the backend fails over between them); each must be valid. */
export function validateHttpUrls(urls: string | undefined): string | undefined {
  const nodes = (urls ?? '').split(',').filter((url) => url.trim() !== '');
  return nodes.map(validateHttpUrl).find((error) => error !== undefined);
}

/** Empty is fine (the upstream is optional); anything else must be an absolute http(s) URL. */
export function validateHttpUrl(url: string | undefined): string | undefined {
  const value = url?.trim() ?? '';
  if (value === '') {
    return undefined;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return `"${value}" needs http:// or https:// in front, for example http://${value}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `"${value}" is not a URL; use for example http://prometheus:9090`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `Use an http:// or https:// URL, not ${parsed.protocol}`;
  }
  return undefined;
}
