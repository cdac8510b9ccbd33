/**
 * The resource API (`/api/datasources/uid/<uid>/resources/<path>`), as pure routing over a request and
 * the datasource's store: no gRPC here. Every error is JSON `{ "error": "...", "details"?: [...] }`.
 *
 *   GET    baselines           → 200 { baselines: BaselineSummary[] }
 *   GET    baselines/<id>      → 200 the baseline document
 *   POST   baselines           → 201 { id, replaced }  (JSON baseline document)
 *   POST   baselines/build     → 201 { id, replaced, rows } (CSV or JSON Lines, built by the drift engine)
 *   POST   baselines/capture   → 201 { id, replaced, notes } (from live data over a past window)
 *   DELETE baselines/<id>      → 200 { deleted: id }
 *   GET    bindings            → 200 { bindings: BindingSummary[] }  (provisioned and saved binding files)
 *   POST   bindings            → 201 { file, replaced }  (JSON binding document; 400 naming each bad value)
 *   GET    bindings/<file>     → 200 BindingSummary  (the file by its listed name; 404)
 *   DELETE bindings/<file>     → 200 { deleted: file }  (saved ones only; 409 for a provisioned file)
 *   GET    check-bindings      → 200 { window, models: ModelCheck[] }  (?baseline=<id>&window=1h&source=<source>; live data per feature)
 */
import { BASELINE_RESOURCE, BINDING_RESOURCE, CHECK_BINDINGS_RESOURCE, type CheckBindingsResponse } from '../../shared/resourceModel';
import type { BindingStore } from '../bindings/bindingStore';
import { BackendError, badRequest, notFound } from '../errors';
import { Logger, errorMessage } from '../log';
import { parseCaptureParams, type BaselineCapturer } from '../sources/capture';
import type { BaselineStore } from '../store/baselineStore';

export interface ResourceRequest {
  method: string;
  /** Path below `resources/`, as Grafana passes it (already URL-decoded, no leading slash). */
  path: string;
  /** Header names in lower case. */
  headers: ReadonlyMap<string, string>;
  body: Uint8Array;
  /** Query string parameters of the request URL. */
  query: URLSearchParams;
}

export interface ResourceResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Builds a baseline from a CSV or JSON Lines body (the drift engine's streaming builder). */
export type BaselineBuilder = (input: {
  body: Uint8Array;
  contentType: string;
  params: URLSearchParams;
}) => Promise<{ ok: true; baseline: unknown; rows: number } | { ok: false; errors: string[] }>;

export interface ResourceContext {
  store: BaselineStore;
  logger: Logger;
  /** Absent until the drift engine ships its builder: the route then answers 501. */
  buildBaseline?: BaselineBuilder;
  /** Takes a baseline from the datasource's live sources; absent: `baselines/capture` answers 501. */
  captureBaseline?: BaselineCapturer;
  /** The provisioned and saved bindings; absent: none, and none can be saved (501). */
  bindings?: BindingStore;
  /** Checks the models' bindings against the live Prometheus and Elasticsearch (`GET check-bindings`); absent: 501. */
  checkBindings?: (params: URLSearchParams) => Promise<CheckBindingsResponse>;
}

export const BODY_LIMITS = {
  /** A baseline of 500 features × 1,000 bins is about 15 MB of JSON. */
  baselineJson: 32 * 1024 * 1024,
  /** A binding names metrics and fields: a megabyte is far beyond any real one. */
  bindingJson: 1024 * 1024,
  buildInput: 100 * 1024 * 1024,
} as const;

function json(status: number, value: unknown): ResourceResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: new TextEncoder().encode(JSON.stringify(value)),
  };
}

function errorResponse(error: BackendError): ResourceResponse {
  return json(error.status, error.details.length > 0 ? { error: error.message, details: error.details } : { error: error.message });
}

function methodNotAllowed(allowed: string[]): ResourceResponse {
  const response = errorResponse(new BackendError(405, `method not allowed; use ${allowed.join(' or ')}`));
  response.headers.Allow = allowed.join(', ');
  return response;
}

function requireBodyWithin(body: Uint8Array, limit: number): void {
  if (body.length > limit) {
    throw new BackendError(413, `request body of ${body.length} bytes exceeds the limit of ${limit} bytes`);
  }
}

function parseJsonBody(body: Uint8Array, what = 'baseline'): unknown {
  if (body.length === 0) {
    throw badRequest(`request body is empty; expected a JSON ${what} document`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${errorMessage(error)}`);
  }
}

/**
 * The id in `baselines/<id>`. Grafana hands over a decoded path; a client that double-encoded leaves `%40`
 * where the `@` is, so an id without `@` but with `%` is decoded once more.
 */
export function idFromPath(rest: string): string {
  if (!rest.includes('@') && rest.includes('%')) {
    try {
      return decodeURIComponent(rest);
    } catch {
      return rest;
    }
  }
  return rest;
}

async function route(request: ResourceRequest, context: ResourceContext): Promise<ResourceResponse> {
  const method = request.method.toUpperCase();
  const path = request.path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === BASELINE_RESOURCE) {
    if (method === 'GET') {
      return json(200, { baselines: await context.store.list() });
    }
    if (method === 'POST') {
      requireBodyWithin(request.body, BODY_LIMITS.baselineJson);
      const stored = await context.store.put(parseJsonBody(request.body));
      return json(201, stored);
    }
    return methodNotAllowed(['GET', 'POST']);
  }
  if (path === BINDING_RESOURCE) {
    if (method === 'GET') {
      return json(200, { bindings: context.bindings ? await context.bindings.list() : [] });
    }
    if (method === 'POST') {
      requireBodyWithin(request.body, BODY_LIMITS.bindingJson);
      return json(201, await requireBindings(context).put(parseJsonBody(request.body, 'binding')));
    }
    return methodNotAllowed(['GET', 'POST']);
  }
  if (path.startsWith(`${BINDING_RESOURCE}/`)) {
    const file = path.slice(BINDING_RESOURCE.length + 1);
    if (method === 'GET') {
      const listed = context.bindings ? await context.bindings.get(file) : undefined;
      if (!listed) {
        throw notFound(`no binding "${file}"`);
      }
      return json(200, listed);
    }
    if (method !== 'DELETE') {
      return methodNotAllowed(['GET', 'DELETE']);
    }
    const deleted = await requireBindings(context).delete(file);
    if (deleted === undefined) {
      throw notFound(`no saved binding "${file}"`);
    }
    return json(200, { deleted });
  }
  if (path === CHECK_BINDINGS_RESOURCE) {
    if (method !== 'GET') {
      return methodNotAllowed(['GET']);
    }
    if (!context.checkBindings) {
      throw new BackendError(501, 'checking bindings is not available in this version');
    }
    return json(200, await context.checkBindings(request.query));
  }
  if (path === `${BASELINE_RESOURCE}/build`) {
    if (method !== 'POST') {
      return methodNotAllowed(['POST']);
    }
    return build(request, context);
  }
  if (path === `${BASELINE_RESOURCE}/capture`) {
    if (method !== 'POST') {
      return methodNotAllowed(['POST']);
    }
    return capture(request, context);
  }
  if (path.startsWith(`${BASELINE_RESOURCE}/`)) {
    const id = idFromPath(path.slice(BASELINE_RESOURCE.length + 1));
    if (method === 'GET') {
      const baseline = await context.store.get(id);
      if (!baseline) {
        throw notFound(`baseline "${id}" not found`);
      }
      return json(200, baseline);
    }
    if (method === 'DELETE') {
      if (!(await context.store.delete(id))) {
        throw notFound(`baseline "${id}" not found`);
      }
      return json(200, { deleted: id });
    }
    return methodNotAllowed(['GET', 'DELETE']);
  }
  throw notFound(`no resource "${path}"`);
}

function requireBindings(context: ResourceContext): BindingStore {
  if (!context.bindings) {
    throw new BackendError(501, 'this datasource has no binding store');
  }
  return context.bindings;
}

async function build(request: ResourceRequest, context: ResourceContext): Promise<ResourceResponse> {
  if (!context.buildBaseline) {
    throw new BackendError(
      501,
      'building baselines on the server is not available in this version; build it with the mldrift CLI and POST the JSON to baselines'
    );
  }
  requireBodyWithin(request.body, BODY_LIMITS.buildInput);
  const result = await context.buildBaseline({
    body: request.body,
    contentType: request.headers.get('content-type') ?? '',
    params: request.query,
  });
  if (!result.ok) {
    throw badRequest('cannot build a baseline from this input', result.errors);
  }
  const stored = await context.store.put(result.baseline);
  return json(201, { ...stored, rows: result.rows });
}

async function capture(request: ResourceRequest, context: ResourceContext): Promise<ResourceResponse> {
  if (!context.captureBaseline) {
    throw new BackendError(501, 'capturing baselines from live data is not available in this version');
  }
  requireBodyWithin(request.body, BODY_LIMITS.baselineJson);
  const { baseline, notes } = await context.captureBaseline(parseCaptureParams(parseJsonBody(request.body)));
  const stored = await context.store.put(baseline);
  return json(201, { ...stored, notes });
}

/** Never throws: every failure becomes a JSON error response. */
export async function handleResource(request: ResourceRequest, context: ResourceContext): Promise<ResourceResponse> {
  try {
    return await route(request, context);
  } catch (error) {
    if (error instanceof BackendError) {
      return errorResponse(error);
    }
    context.logger.error('resource request failed', { method: request.method, path: request.path, error: errorMessage(error) });
    return errorResponse(new BackendError(500, `internal error: ${errorMessage(error)}`));
  }
}
