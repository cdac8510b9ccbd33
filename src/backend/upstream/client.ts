/**
 * HTTP client for the live sources (Prometheus, Elasticsearch) of one datasource: base URL, auth and TLS
 * from the settings, a timeout, an abort signal, a response size cap, and a metric per call. Query
 * handlers and the health check use it so that no code path forgets auth, timeouts or metrics.
 * Error messages never contain a secret (the URL may carry none: credentials go in headers).
 */
import http from 'node:http';
import https from 'node:https';
import { BackendError, downstreamError } from '../errors';
import type { BackendMetrics } from '../metrics';
import { UPSTREAM_SETTING_KEYS } from '../../datasource/types';
import { DatasourceSettings, redactSecrets } from '../settings';

export type UpstreamTarget = 'prometheus' | 'elasticsearch';

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
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
  baseUrl: string;
  headers: Record<string, string>;
  tls: https.AgentOptions;
}

export class UpstreamClient {
  constructor(
    private readonly settings: DatasourceSettings,
    private readonly metrics: BackendMetrics
  ) {}

  isConfigured(target: UpstreamTarget): boolean {
    return this.baseUrl(target) !== '';
  }

  /** Any HTTP status is returned; network errors, timeouts and oversize responses throw (downstream). */
  async request(target: UpstreamTarget, request: UpstreamRequest): Promise<UpstreamResponse> {
    const config = this.targetConfig(target);
    const url = buildUrl(config.baseUrl, request);
    const timeoutMs = request.timeoutMs ?? this.defaultTimeoutMs();
    try {
      const response = await send(url, request, config, timeoutMs);
      this.metrics.recordUpstream(target, response.status);
      return response;
    } catch (error) {
      this.metrics.recordUpstream(target, 'error');
      if (error instanceof BackendError) {
        throw error;
      }
      const message = redactSecrets((error as Error).message, this.settings);
      throw downstreamError(`${target} request to ${url.pathname} failed: ${message}`);
    }
  }

  /** A 2xx JSON body, else a downstream error with the upstream's status and (short) reason. */
  async requestJson<T>(target: UpstreamTarget, request: UpstreamRequest): Promise<T> {
    const response = await this.request(target, request);
    const text = response.body.toString('utf8');
    if (response.status < 200 || response.status >= 300) {
      const reason = redactSecrets(text.slice(0, 500), this.settings);
      throw downstreamError(`${target} answered HTTP ${response.status}: ${reason}`, response.status >= 500 ? 502 : response.status);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw downstreamError(`${target} answered with a body that is not JSON`);
    }
  }

  private defaultTimeoutMs(): number {
    const seconds = Number(this.settings.jsonData.timeoutSeconds);
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_UPSTREAM_TIMEOUT_MS;
  }

  private baseUrl(target: UpstreamTarget): string {
    return (this.settings.jsonData[UPSTREAM_SETTING_KEYS[target].url] ?? '').trim();
  }

  /** Auth and TLS come from the same kind of settings for every upstream, read through one key table. */
  private targetConfig(target: UpstreamTarget): TargetConfig {
    const baseUrl = this.baseUrl(target);
    if (!baseUrl) {
      throw new BackendError(400, `no ${target} URL is configured for this datasource`);
    }
    const keys = UPSTREAM_SETTING_KEYS[target];
    const { jsonData, secrets } = this.settings;
    const headers: Record<string, string> = {};
    const auth = jsonData[keys.auth];
    const token = secrets[keys.token];
    if (auth === 'basic') {
      headers.Authorization = basicAuth(jsonData[keys.user] ?? '', secrets[keys.password] ?? '');
    } else if (auth === keys.tokenAuth && token) {
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
    return { baseUrl, headers, tls };
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
  const headers: Record<string, string> = { Accept: 'application/json', ...config.headers };
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
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_UPSTREAM_RESPONSE_BYTES) {
            req.destroy(downstreamError(`upstream response exceeds ${MAX_UPSTREAM_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      }
    );
    req.on('error', (error) => {
      reject(signal.aborted && !(error instanceof BackendError) ? timeoutOrAbort(signals[0], timeoutMs) : error);
    });
    req.end(body);
  });
}

function timeoutOrAbort(timeoutSignal: AbortSignal, timeoutMs: number): BackendError {
  return timeoutSignal.aborted
    ? downstreamError(`no answer within ${timeoutMs} ms`, 504)
    : new BackendError(499, 'request cancelled', 'plugin');
}
