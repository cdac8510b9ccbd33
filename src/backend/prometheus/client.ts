/**
 * Prometheus' query API on top of the datasource's upstream client (which owns the base URL, basic/bearer
 * auth from the decrypted secrets, TLS, the per-request timeout, the size cap and the metrics). This layer
 * adds what is specific to Prometheus: form-encoded POSTs (long regex matchers do not fit in a URL), retries
 * with capped exponential backoff and full jitter on 429, 5xx, timeouts and connection failures (honouring
 * `Retry-After`), and the response envelope checks. Failures are `BackendError`s with source `downstream`.
 */
import { BackendError, downstreamError } from '../errors';
import { parseJsonBytes, type Packers } from '../upstream/byteJson';
import type { UpstreamRequest, UpstreamResponse } from '../upstream/client';
import { parseNativeResponse, type NativeSeries } from './native';
import { MATRIX_ANSWER_PACKERS } from './packedSamples';
import {
  parseMatrixResponse,
  parseSeriesResponse,
  parseStringListResponse,
  parseVectorResponse,
  PrometheusResponseError,
  type Labels,
  type MatrixSeries,
  type ParsedResponse,
  type VectorSample,
} from './response';

/** The part of `UpstreamClient` used here (a structural type, so unit tests can pass a scripted server). */
export interface PrometheusTransport {
  request(target: 'prometheus', request: UpstreamRequest): Promise<UpstreamResponse>;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface PrometheusApiOptions {
  retry?: RetryPolicy;
  /** Injected in unit tests so backoff does not really sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Removes secrets from upstream text before it becomes an error message (a proxy may echo headers). */
  redact?: (text: string) => string;
}

export interface QueryTiming {
  /** Wall time spent waiting for Prometheus' HTTP answers (all attempts; not backoff, not parsing). */
  httpMs: number;
  attempts: number;
}

export type QueryResult<T> = ParsedResponse<T> & { timing: QueryTiming };

export interface RangeParams {
  startMs: number;
  endMs: number;
  stepMs: number;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Full-jitter backoff: uniform in [0, min(max, base·2^attempt)], but never before `Retry-After`. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = Math.round(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
}

/** The form of the metadata endpoints: one series selector and a time range. */
function matchForm(match: string, startMs: number, endMs: number): URLSearchParams {
  return new URLSearchParams({ 'match[]': match, start: formatSeconds(startMs), end: formatSeconds(endMs) });
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export class PrometheusApi {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly redact: (text: string) => string;

  constructor(
    private readonly transport: PrometheusTransport,
    options: PrometheusApiOptions = {}
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    this.redact = options.redact ?? ((text) => text);
  }

  async queryRange(expr: string, range: RangeParams, signal?: AbortSignal): Promise<QueryResult<MatrixSeries[]>> {
    const form = new URLSearchParams({
      query: expr,
      start: formatSeconds(range.startMs),
      end: formatSeconds(range.endMs),
      step: formatSeconds(range.stepMs),
    });
    return this.post('/api/v1/query_range', form, parseMatrixResponse, signal, MATRIX_ANSWER_PACKERS);
  }

  async query(expr: string, timeMs: number, signal?: AbortSignal): Promise<QueryResult<VectorSample[]>> {
    const form = new URLSearchParams({ query: expr, time: formatSeconds(timeMs) });
    return this.post('/api/v1/query', form, parseVectorResponse, signal);
  }

  /** A query whose result is native histograms: over a range, or at one instant when `at` is a time. */
  async queryNative(expr: string, at: RangeParams | number, signal?: AbortSignal): Promise<QueryResult<NativeSeries[]>> {
    if (typeof at === 'number') {
      const form = new URLSearchParams({ query: expr, time: formatSeconds(at) });
      return this.post('/api/v1/query', form, (body) => parseNativeResponse(body, 'vector'), signal);
    }
    const form = new URLSearchParams({ query: expr, start: formatSeconds(at.startMs), end: formatSeconds(at.endMs), step: formatSeconds(at.stepMs) });
    return this.post('/api/v1/query_range', form, (body) => parseNativeResponse(body, 'matrix'), signal);
  }

  /**
   * The label names of the series that match `match` (a series selector) in [startMs, endMs]: what a metric
   * carries, for explaining an empty answer. One small request; the names, not the series.
   */
  async labelNames(match: string, startMs: number, endMs: number, signal?: AbortSignal): Promise<QueryResult<string[]>> {
    return this.post('/api/v1/labels', matchForm(match, startMs, endMs), parseStringListResponse, signal);
  }

  /** The label sets of the series that match `match` in [startMs, endMs]: for checking what a binding reads. */
  async series(match: string, startMs: number, endMs: number, signal?: AbortSignal): Promise<QueryResult<Labels[]>> {
    return this.post('/api/v1/series', matchForm(match, startMs, endMs), parseSeriesResponse, signal);
  }

  private async post<T>(
    path: string,
    form: URLSearchParams,
    parse: (body: unknown) => ParsedResponse<T>,
    signal?: AbortSignal,
    packers: Packers = {}
  ): Promise<QueryResult<T>> {
    const timing: QueryTiming = { httpMs: 0, attempts: 0 };
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(path, form, parse, packers, timing, signal);
      if (outcome.ok) {
        return { ...outcome.result, timing };
      }
      if (!outcome.retryable || attempt >= this.retry.maxRetries || signal?.aborted) {
        throw outcome.error;
      }
      await this.sleep(backoffDelay(this.retry, attempt, this.random, outcome.retryAfterMs), signal);
    }
  }

  private async attempt<T>(
    path: string,
    form: URLSearchParams,
    parse: (body: unknown) => ParsedResponse<T>,
    packers: Packers,
    timing: QueryTiming,
    signal?: AbortSignal
  ): Promise<{ ok: true; result: ParsedResponse<T> } | { ok: false; error: BackendError; retryable: boolean; retryAfterMs?: number }> {
    let response: UpstreamResponse;
    const started = performance.now();
    timing.attempts++;
    try {
      response = await this.transport.request('prometheus', { method: 'POST', path, body: form.toString(), signal });
      timing.httpMs += performance.now() - started;
    } catch (error) {
      timing.httpMs += performance.now() - started;
      if (error instanceof BackendError) {
        // Connection failures (502) and timeouts (504) are worth another try; cancellation and bad settings are not.
        const retryable = error.source === 'downstream' && (error.status === 502 || error.status === 504);
        return { ok: false, error, retryable };
      }
      throw error;
    }
    let body: unknown;
    try {
      // Parsed from the bytes: no string copy of a 10 MiB answer, and samples packed into columns.
      body = parseJsonBytes(response.body, packers);
    } catch {
      body = undefined;
    }
    // Prometheus answers 400/422/503 with its JSON envelope, whose message is the useful one.
    try {
      if (body === undefined) {
        const start = response.body.subarray(0, 200).toString('utf8');
        throw new PrometheusResponseError(`HTTP ${response.status} with a body that is not JSON: ${JSON.stringify(start)}`);
      }
      const result = parse(body);
      if (response.status < 200 || response.status >= 300) {
        throw new PrometheusResponseError(`HTTP ${response.status}`);
      }
      return { ok: true, result };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok: false,
        error: downstreamError(this.redact(`Prometheus: ${message}`), ok ? 502 : response.status),
        retryable: isRetryableStatus(response.status),
        retryAfterMs: parseRetryAfter(headerValue(response.headers['retry-after']), Date.now()),
      };
    }
  }
}
