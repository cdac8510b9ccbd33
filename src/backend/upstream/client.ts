/**
 * HTTP client for the live sources (Prometheus, Elasticsearch) of one datasource: base URL, auth and TLS
 * from the settings, a timeout, an abort signal, a response size cap, and a metric per call. Query
 * handlers and the health check use it so that no code path forgets auth, timeouts or metrics.
 * Error messages never contain a secret (the URL may carry none: credentials go in headers).
 *
 * The URL setting may list several nodes, comma-separated (an Elasticsearch cluster, a Prometheus HA pair). A
 * request goes to the node that answered last and moves on to the next one only when a node is down: a network
 * error, a timeout or a 5xx. A 4xx is the request's fault and would be the same on every node, so it is returned.
 *
 * Answers are asked for gzipped (both Prometheus and Elasticsearch compress when asked: a drift answer of many
 * repeated member names shrinks about tenfold) and decompressed as they stream in. The size cap applies to the
 * bytes on the wire and to the decompressed answer alike, so a small gzip bomb stops at the cap with an error
 * instead of filling memory.
 */
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { BackendError, downstreamError } from '../errors';
import type { BackendMetrics } from '../metrics';
import { UPSTREAM_SETTING_KEYS } from '../../shared/settingsModel';
import { ConcurrencyLimit, UPSTREAM_REQUEST_SLOTS } from '../concurrencyLimit';
import { redactorFor } from '../redaction';
import { DatasourceSettings, queryTimeoutMs, redactSecrets } from '../settings';

export type UpstreamTarget = 'prometheus' | 'elasticsearch';

export const MAX_UPSTREAM_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  /** Path below the configured base URL, e.g. `/api/v1/query_range`. */
  path: string;
  query?: Record<string, string | string[] | undefined>;
  /** Sent as JSON unless it is a string (then with `contentType`, default form encoding). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface TargetConfig {
  baseUrls: string[];
  headers: Record<string, string>;
  tls: https.AgentOptions;
}

export class UpstreamClient {
  /** Per target, the index of the node that answered last, tried first next time. */
  private readonly preferredNode = new Map<UpstreamTarget, number>();

  constructor(
    private readonly settings: DatasourceSettings,
    private readonly metrics: BackendMetrics,
    /** The datasource's share of upstream requests in flight (see concurrencyLimit.ts). */
    private readonly limit: ConcurrencyLimit = new ConcurrencyLimit(UPSTREAM_REQUEST_SLOTS)
  ) {}

  isConfigured(target: UpstreamTarget): boolean {
    return this.baseUrls(target).length > 0;
  }

  /** Any HTTP status is returned; network errors, timeouts and oversize responses throw (downstream). */
  request(target: UpstreamTarget, request: UpstreamRequest): Promise<UpstreamResponse> {
    return this.limit.run(() => this.requestNow(target, request), request.signal);
  }

  private async requestNow(target: UpstreamTarget, request: UpstreamRequest): Promise<UpstreamResponse> {
    const config = this.targetConfig(target);
    const nodes = config.baseUrls;
    const first = this.preferredNode.get(target) ?? 0;
    const timeoutMs = request.timeoutMs ?? this.defaultTimeoutMs();
    let failure: BackendError | undefined;
    for (let attempt = 0; attempt < nodes.length; attempt++) {
      const node = (first + attempt) % nodes.length;
      const isLastNode = attempt === nodes.length - 1;
      const url = buildUrl(nodes[node], request);
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const answer = await sendFollowingRedirects(url, request, config, timeoutMs);
        // Scrubbed on arrival, so nothing derived from it (errors, warnings, shard failures, a captured
        // baseline's notes) can carry a credential the upstream or a proxy echoed.
        const response = { ...answer, body: redactorFor(this.settings).bytes(answer.body) };
        this.metrics.recordUpstream(target, response.status, seconds());
        if (response.status >= 500 && !isLastNode && !request.signal?.aborted) {
          continue;
        }
        this.preferredNode.set(target, node);
        return response;
      } catch (error) {
        this.metrics.recordUpstream(target, 'error', seconds());
        failure = this.asDownstreamError(target, url, error);
        const nodeIsDown = !(error instanceof BackendError) || failure.status === 504;
        if (!nodeIsDown || request.signal?.aborted) {
          throw failure;
        }
      }
    }
    throw failure ?? new BackendError(500, `no ${target} node was tried`);
  }

  private asDownstreamError(target: UpstreamTarget, url: URL, error: unknown): BackendError {
    if (error instanceof BackendError) {
      return error;
    }
    const message = redactSecrets((error as Error).message, this.settings);
    return downstreamError(`${target} request to ${url.host}${url.pathname} failed: ${message}`);
  }

  private defaultTimeoutMs(): number {
    return queryTimeoutMs(this.settings);
  }

  private baseUrls(target: UpstreamTarget): string[] {
    const setting = this.settings.jsonData[UPSTREAM_SETTING_KEYS[target].url] ?? '';
    return setting
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== '');
  }

  /** Auth and TLS come from the same kind of settings for every upstream, read through one key table. */
  private targetConfig(target: UpstreamTarget): TargetConfig {
    const baseUrls = this.baseUrls(target);
    if (baseUrls.length === 0) {
      throw new BackendError(400, `no ${target} URL is configured for this datasource`);
    }
    const keys = UPSTREAM_SETTING_KEYS[target];
    const { jsonData, secrets } = this.settings;
    const headers: Record<string, string> = {};
    const auth = jsonData[keys.auth];
    const token = secrets[keys.token];
    if (auth === 'basic') {
      headers.Authorization = basicAuth(jsonData[keys.user] ?? '', secrets[keys.password] ?? '');
    } else if (auth === keys.tokenAuth) {
      if (!token) {
        // Sent without it, the request would fail later as a 401 that cannot say which setting is empty.
        throw new BackendError(400, `${keys.auth} is "${auth}" but secureJsonData.${keys.token} is empty: set it in the datasource's secure settings`);
      }
      headers.Authorization = `${keys.tokenAuth === 'bearer' ? 'Bearer' : 'ApiKey'} ${token}`;
    }
    const tls: https.AgentOptions = {};
    if (jsonData[keys.tlsSkipVerify]) {
      tls.rejectUnauthorized = false;
    }
    const caCert = secrets[keys.caCert];
    if (caCert) {
      tls.ca = caCert;
    }
    return { baseUrls, headers, tls };
  }
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function buildUrl(baseUrl: string, request: UpstreamRequest): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, '') + request.path);
  } catch {
    throw new BackendError(400, 'the configured upstream URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BackendError(400, `upstream URL scheme ${url.protocol} is not supported (http or https)`);
  }
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      url.searchParams.append(name, item);
    }
  }
  return url;
}

function send(url: URL, request: UpstreamRequest, config: TargetConfig, timeoutMs: number): Promise<UpstreamResponse> {
  const body =
    request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'gzip', ...config.headers };
  if (body !== undefined) {
    headers['Content-Type'] =
      request.contentType ?? (typeof request.body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json');
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
  const signal = AbortSignal.any(signals);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: request.method ?? (body === undefined ? 'GET' : 'POST'), headers, signal, ...config.tls },
      (res) => {
        readBody(res).then(
          (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
          (error: unknown) => {
            req.destroy();
            reject(signal.aborted && !(error instanceof BackendError) ? timeoutOrAbort(signals[0], timeoutMs) : error);
          }
        );
      }
    );
    req.on('error', (error) => {
      reject(signal.aborted && !(error instanceof BackendError) ? timeoutOrAbort(signals[0], timeoutMs) : error);
    });
    req.end(body);
  });
}

/** Redirects followed at most, per request: enough for a proxy's path prefix, not for a loop. */
const MAX_REDIRECTS = 3;

/**
 * Follows redirects within the configured origin (a reverse proxy adding a path prefix or a slash), with the
 * same method and body (303: GET without one). A redirect to another origin is not followed, since the request
 * carries the datasource's credentials, and becomes a downstream error naming where it pointed.
 */
async function sendFollowingRedirects(url: URL, request: UpstreamRequest, config: TargetConfig, timeoutMs: number): Promise<UpstreamResponse> {
  let current = url;
  let currentRequest = request;
  for (let hop = 0; ; hop++) {
    const answer = await send(current, currentRequest, config, timeoutMs);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status >= 400 || answer.status === 304 || !location) {
      return answer;
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw downstreamError(`upstream answered ${answer.status} with an unreadable Location header`);
    }
    if (next.origin !== url.origin) {
      throw downstreamError(
        `upstream redirected (${answer.status}) to ${next.origin}${next.pathname}, another origin than the configured ${url.origin}: not followed, so the credentials stay with the configured origin; configure the URL it redirects to`
      );
    }
    if (hop === MAX_REDIRECTS) {
      throw downstreamError(`upstream redirected more than ${MAX_REDIRECTS} times (last to ${next.pathname})`);
    }
    current = next;
    if (answer.status === 303) {
      currentRequest = { ...currentRequest, method: 'GET', body: undefined };
    }
  }
}

/**
 * The body of an answer, decompressed when it says it is gzipped. Throws a downstream error when it is larger
 * than the cap (on the wire or decompressed), is not the gzip it claims to be, or uses an encoding not asked for.
 */
function readBody(res: http.IncomingMessage): Promise<Buffer> {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    res.destroy();
    return Promise.reject(downstreamError(`upstream answered with Content-Encoding ${JSON.stringify(encoding)}, which was not asked for (gzip or none)`));
  }
  const gunzip = encoding === 'identity' ? undefined : createGunzip();
  const declared = gunzip ? NaN : Number(res.headers['content-length']);
  if (declared > MAX_UPSTREAM_RESPONSE_BYTES) {
    res.destroy();
    return Promise.reject(downstreamError(`upstream response of ${declared} bytes exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes`));
  }
  // With a declared length (which Node's HTTP parser holds the body to) the body is read into one buffer of
  // that size, rather than into chunks copied once more at the end: half the memory of a large answer.
  const whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    const fail = (error: unknown) => {
      gunzip?.destroy();
      res.destroy();
      reject(error);
    };
    const done = () => resolve(whole ? whole.subarray(0, bodyBytes) : Buffer.concat(chunks, bodyBytes));
    const collect = (chunk: Buffer) => {
      if (bodyBytes + chunk.length > MAX_UPSTREAM_RESPONSE_BYTES) {
        fail(downstreamError(`upstream response exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes${gunzip ? ' once decompressed' : ''}`));
        return;
      }
      if (whole) {
        if (bodyBytes + chunk.length > whole.length) {
          fail(downstreamError(`upstream answer is longer than its Content-Length of ${whole.length} bytes`));
          return;
        }
        chunk.copy(whole, bodyBytes);
      } else {
        chunks.push(chunk);
      }
      bodyBytes += chunk.length;
    };
    res.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > MAX_UPSTREAM_RESPONSE_BYTES) {
        fail(downstreamError(`upstream response exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes`));
      } else if (gunzip) {
        // Read no further than decompression keeps up with: a bomb stops at the cap a few chunks in.
        if (!gunzip.write(chunk)) {
          res.pause();
        }
      } else {
        collect(chunk);
      }
    });
    res.on('error', fail);
    res.on('close', () => {
      if (!res.complete) {
        fail(downstreamError('the connection closed before the answer was complete'));
      }
    });
    if (!gunzip) {
      res.on('end', done);
      return;
    }
    // An empty body (HEAD, 204) is no gzip stream, whatever the header says.
    res.on('end', () => (wireBytes === 0 ? done() : gunzip.end()));
    gunzip.on('drain', () => res.resume());
    gunzip.on('data', collect);
    gunzip.on('end', done);
    gunzip.on('error', (error) => fail(downstreamError(`upstream answer says Content-Encoding gzip but is not valid gzip (${error.message})`)));
  });
}

function timeoutOrAbort(timeoutSignal: AbortSignal, timeoutMs: number): BackendError {
  return timeoutSignal.aborted
    ? downstreamError(`no answer within ${timeoutMs} ms`, 504)
    : new BackendError(499, 'request cancelled', 'plugin');
}
