/**
 * Elasticsearch failures as clear per-query errors. Every error here is the upstream's (or its configuration's)
 * fault, so all carry `errorSource: downstream`. Messages name the index and the Elasticsearch error type and
 * reason; they never contain credentials (the client puts those in headers only).
 */
import { BackendError } from '../errors';
import { isObject, type JsonObject } from './json';

interface EsCause {
  type: string;
  reason: string;
}

function causeOf(value: unknown): EsCause | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const type = typeof value.type === 'string' ? value.type : '';
  const reason = typeof value.reason === 'string' ? value.reason : '';
  return type || reason ? { type, reason } : undefined;
}

/** Every cause in an Elasticsearch error object: itself, root causes, the `caused_by` chain and failed shards. */
export function errorCauses(error: unknown): EsCause[] {
  const causes: EsCause[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!isObject(value) || depth > 8) {
      return;
    }
    const cause = causeOf(value);
    if (cause) {
      causes.push(cause);
    }
    if (Array.isArray(value.root_cause)) {
      value.root_cause.forEach((item) => visit(item, depth + 1));
    }
    visit(value.caused_by, depth + 1);
    if (Array.isArray(value.failed_shards)) {
      value.failed_shards.forEach((shard) => isObject(shard) && visit(shard.reason, depth + 1));
    }
  };
  visit(error, 0);
  return causes;
}

/** The most specific cause: root causes and shard reasons say more than "all shards failed". */
function describe(causes: EsCause[]): string {
  const generic = new Set(['search_phase_execution_exception', '']);
  const specific = causes.filter((cause) => !generic.has(cause.type));
  const chosen = specific.length > 0 ? specific : causes;
  const unique = [...new Set(chosen.map((cause) => (cause.type ? `${cause.type}: ${cause.reason}` : cause.reason)))];
  return unique.slice(0, 3).join('; ');
}

/** Elasticsearch's and OpenSearch's reason for aggregating a text field, which names the field. */
const TEXT_FIELD_REASON = /^Text fields are not optimi[sz]ed .* set fielddata=true on \[(.+)\] in order to/s;

const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** The error for a non-2xx answer (or an `_msearch` item with `error`). `body` is the parsed JSON or raw text. */
export function elasticsearchError(status: number, body: JsonObject | string, index: string): BackendError {
  const errorValue = typeof body === 'string' ? undefined : body.error;
  const causes = typeof errorValue === 'string' ? [{ type: '', reason: errorValue }] : errorCauses(errorValue);
  const detail = causes.length > 0 ? describe(causes) : short(typeof body === 'string' ? body.trim() : JSON.stringify(body));
  const has = (type: string) => causes.some((cause) => cause.type === type);
  const fail = (httpStatus: number, message: string) => new BackendError(httpStatus, message, 'downstream');

  if (status === 401) {
    return fail(401, `Elasticsearch rejected the credentials (HTTP 401): check the user and password or API key. ${detail}`);
  }
  if (status === 403) {
    return fail(403, `Elasticsearch denied reading index "${index}" (HTTP 403): the user needs the "read" privilege on it. ${detail}`);
  }
  if (has('index_not_found_exception') || status === 404) {
    return fail(404, `Elasticsearch index "${index}" not found: check the index (pattern) in the datasource settings. ${detail}`);
  }
  if (has('too_many_buckets_exception')) {
    return fail(
      422,
      `Elasticsearch refused to build so many aggregation buckets: shorten the time range, use a longer step or fewer features, ` +
        `or raise search.max_buckets (and the datasource's limit with it). ${detail}`
    );
  }
  if (status === 429 || has('es_rejected_execution_exception') || has('circuit_breaking_exception')) {
    return fail(429, `Elasticsearch is overloaded and rejected the search (HTTP ${status}); try again later. ${detail}`);
  }
  if (status === 400 && has('script_exception')) {
    // Our only scripts compute regression errors from the prediction and label fields.
    return fail(
      400,
      `the regression error scripts failed: mae, rmse, mean_error and mape need the prediction and label fields mapped as numbers ` +
        `(a classifier's keyword label is not one), or precomputed errorFields in the model's binding. ${detail}`
    );
  }
  const textField = causes.map((cause) => TEXT_FIELD_REASON.exec(cause.reason)?.[1]).find((field) => field !== undefined);
  if (status === 400 && textField !== undefined) {
    return fail(
      400,
      `field "${textField}" is mapped as text, which Elasticsearch cannot aggregate: map it as keyword (in an index template, for new ` +
        `indices), or read its keyword sub-field "${textField}.keyword" where dynamic mapping added one (in segmentBy, a binding's "features", or the ` +
        `mapping's predictionField / labelField). ${detail}`
    );
  }
  if (status === 400 && causes.some((cause) => /fielddata|aggregat|not supported for|unknown field|No mapping found/i.test(cause.reason))) {
    return fail(
      400,
      `Elasticsearch cannot aggregate a mapped field as asked (check the field mapping: numeric features need a numeric type, ` +
        `categories, predictions and labels a keyword, numeric or boolean type). ${detail}`
    );
  }
  if (status >= 500) {
    return fail(502, `Elasticsearch failed (HTTP ${status}): ${detail}`);
  }
  return fail(status >= 400 && status < 500 ? status : 502, `Elasticsearch answered HTTP ${status}: ${detail}`);
}

/**
 * Worth one more try after a pause: the cluster said it is busy or briefly unavailable. Not when the cause is the
 * search itself: OpenSearch refuses too many buckets with HTTP 503, and another try would only be refused again.
 */
export function isRetryable(status: number, body: JsonObject | string): boolean {
  if (status !== 429 && status !== 502 && status !== 503 && status !== 504) {
    return false;
  }
  return typeof body === 'string' || !errorCauses(body.error).some((cause) => cause.type === 'too_many_buckets_exception');
}
