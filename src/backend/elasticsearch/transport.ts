/**
 * How the Elasticsearch source reaches the cluster: `_search` and `_msearch` with plain `application/json`
 * bodies, over the backend's shared upstream HTTP client (auth, TLS, timeout, metrics). Kept behind a small
 * interface so another client (e.g. the official `@elastic/elasticsearch`) could be swapped in.
 *
 * Plain `application/json` works unchanged on Elasticsearch 7.17, 8.x, 9.x and OpenSearch 2.x; the official
 * clients send versioned `compatible-with` media types and check the `X-Elastic-Product` header, which ties a
 * client major version to a server major version and rejects OpenSearch.
 *
 * Answers are asked for gzipped (by the upstream client) and read from their bytes with packers for the
 * buckets that repeat by the hundred thousand (see timeBucketColumns.ts and packedBuckets.ts).
 */
import { BackendError } from '../errors';
import type { UpstreamRequest, UpstreamResponse } from '../upstream/client';
import { elasticsearchError, isRetryable } from './errors';
import { JsonSyntaxError, type Packers, parseJsonBytes } from '../upstream/byteJson';
import { isObject, type JsonObject, unexpectedShape } from './json';
import { packBuckets } from './packedBuckets';
import { aggName } from './requestBuilder';
import { packTimeHistogram } from './timeBucketColumns';
import { msearchItems } from './responseParser';

export interface SearchOptions {
  signal?: AbortSignal;
  /** Keep only these response paths (`filter_path`), to shrink answers of hundreds of thousands of buckets. */
  filterPath?: readonly string[];
}

export interface SearchTransport {
  /** The parsed body of a successful `_search`; HTTP errors throw per-query `BackendError`s. */
  search(index: string, body: JsonObject, options?: SearchOptions): Promise<unknown>;
  /** The items of one `_msearch`, in request order (each may be a success or carry its own `error`). */
  msearch(index: string, bodies: JsonObject[], options?: SearchOptions): Promise<unknown[]>;
  /** The parsed `_field_caps` answer for a comma-separated list of fields (wildcards allowed). */
  fieldCaps(index: string, fields: string, signal?: AbortSignal): Promise<unknown>;
}

/** What the transport needs from the backend's upstream client. */
export interface UpstreamRequester {
  request(target: 'elasticsearch', request: UpstreamRequest): Promise<UpstreamResponse>;
}

/** Pause before the single retry of a busy or briefly unavailable cluster. */
const RETRY_DELAY_MS = 300;

function indexPath(index: string, endpoint: string): string {
  // The index (pattern) is one path segment; commas (several indices) and `*` keep their meaning once decoded.
  return `/${encodeURIComponent(index)}/${endpoint}`;
}

/**
 * Query parameters of a search: the `filter_path` (for a search, `prefix` '', or for the items of an
 * `_msearch`, `responses.`; errors always pass).
 */
function searchQuery(filterPath: readonly string[] | undefined, prefix: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (filterPath && filterPath.length > 0) {
    const paths = [...filterPath.map((p) => prefix + p), `${prefix}error`, `${prefix}status`, 'error', 'status'];
    query.filter_path = [...new Set(paths)].join(',');
  }
  return query;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** How answers are parsed: our time histogram by column, range and terms buckets as arrays. */
const ANSWER_PACKERS: Packers = { [aggName.time]: packTimeHistogram, buckets: packBuckets };

/**
 * An answer's object (with packed values, see timeBucketColumns.ts and packedBuckets.ts), or, when it is not
 * one (error pages of proxies, truncated bodies), text for the error message.
 */
export function parseAnswer(body: Uint8Array): JsonObject | string {
  try {
    const parsed = parseJsonBytes(body, ANSWER_PACKERS);
    if (isObject(parsed)) {
      return parsed;
    }
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) {
      throw error;
    }
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

export class HttpSearchTransport implements SearchTransport {
  constructor(private readonly upstream: UpstreamRequester) {}

  async search(index: string, body: JsonObject, options: SearchOptions = {}): Promise<unknown> {
    return this.send(index, { method: 'POST', path: indexPath(index, '_search'), query: searchQuery(options.filterPath, ''), body, signal: options.signal });
  }

  async msearch(index: string, bodies: JsonObject[], options: SearchOptions = {}): Promise<unknown[]> {
    // NDJSON: a header line (empty: the index is in the path) and a body line per search, newline-terminated.
    const ndjson = bodies.map((body) => `{}\n${JSON.stringify(body)}\n`).join('');
    const answer = await this.send(index, {
      method: 'POST',
      path: indexPath(index, '_msearch'),
      query: searchQuery(options.filterPath, 'responses.'),
      body: ndjson,
      contentType: 'application/x-ndjson',
      signal: options.signal,
    });
    let items: unknown[];
    try {
      items = msearchItems(answer);
    } catch (error) {
      throw unexpectedShape(error);
    }
    if (items.length !== bodies.length) {
      throw new BackendError(502, `Elasticsearch answered ${items.length} results to ${bodies.length} searches`, 'downstream');
    }
    return items;
  }

  async fieldCaps(index: string, fields: string, signal?: AbortSignal): Promise<unknown> {
    return this.send(index, { method: 'GET', path: indexPath(index, '_field_caps'), query: { fields }, signal });
  }

  private async send(index: string, request: UpstreamRequest): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.upstream.request('elasticsearch', request).catch((error: unknown) => {
        throw describeTransportFailure(error);
      });
      const body = parseAnswer(response.body);
      if (response.status >= 200 && response.status < 300) {
        if (typeof body === 'string') {
          throw new BackendError(502, 'Elasticsearch answered with a body that is not a JSON object', 'downstream');
        }
        return body;
      }
      if (attempt === 1 && isRetryable(response.status, body) && !request.signal?.aborted) {
        await sleep(RETRY_DELAY_MS, request.signal);
        continue;
      }
      throw elasticsearchError(response.status, body, index);
    }
  }
}

/** Connection failures and timeouts from the upstream client, reworded for Elasticsearch. */
function describeTransportFailure(error: unknown): unknown {
  if (!(error instanceof BackendError) || error.source !== 'downstream') {
    return error;
  }
  if (error.status === 504) {
    return new BackendError(504, `Elasticsearch did not answer in time (${error.message}); raise the timeout or narrow the query`, 'downstream');
  }
  return new BackendError(502, `Elasticsearch request failed (cluster unreachable or answer unusable): ${error.message}`, 'downstream');
}
