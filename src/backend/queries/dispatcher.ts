/**
 * QueryData: every query is parsed and answered on its own, in parallel, inside its own try/catch and time
 * budget, so one bad or slow query never fails the others. Every response carries a status; errors also
 * carry a message and who is at fault.
 */
import { DEFAULT_QUERY, DriftQuery, DriftQueryType, LIVE_SOURCE_NAMES, LiveSource } from '../../shared/queryModel';
import { isRepresentableEpochMs } from '../epoch';
import { BackendError, ErrorSource, badRequest } from '../errors';
import { Frame, encodeFrame } from '../frames';
import { Logger, errorMessage } from '../log';
import type { BackendMetrics } from '../metrics';
import { DatasourceSettings, queryTimeoutMs, redactSecrets } from '../settings';
import type { CompletedStepCache } from '../cache/completedStepCache';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient } from '../upstream/client';
import { distinguishQuantities } from './distinctQuantities';
import { bindingStoreFor } from '../bindings/bindingStore';
import type { ConcurrencyLimit } from '../concurrencyLimit';
import { isInstant } from './liveWindows';
import { parseQueryModel } from './queryModel';
import { forQueryRequests } from './querySignal';
import { querySource } from './querySource';
import type { QueryRegistry } from './registry';
import type { QueryContext } from './types';

/** A DataQuery as grpc-js decodes it (int64 as numbers, bytes as Buffer). */
export interface RawDataQuery {
  refId?: string;
  maxDataPoints?: number;
  intervalMS?: number;
  timeRange?: { fromEpochMS?: number; toEpochMS?: number } | null;
  json?: Uint8Array;
  queryType?: string;
}

export interface DataResponseOut {
  frames: Uint8Array[];
  status: number;
  error?: string;
  errorSource?: ErrorSource;
}

export interface DispatchRequest {
  headers: Record<string, string>;
  queries: RawDataQuery[];
}

/** What the dispatcher needs from the request's plugin context; a settings error fails every query. */
export type Datasource =
  | { ok: true; settings: DatasourceSettings; store: BaselineStore; upstream: UpstreamClient; liveQueries: ConcurrencyLimit; cache?: CompletedStepCache }
  | { ok: false; error: BackendError };

export interface DispatchDependencies {
  registry: QueryRegistry;
  metrics: BackendMetrics;
  logger: Logger;
  /** Aborted when Grafana cancels the call. */
  signal?: AbortSignal;
}

/**
 * Arrow encodings of frames a handler returned before, by frame identity and refId. Handlers that keep
 * frames (e.g. of an unchanged stored baseline) get their encoding for free; frames are never mutated
 * after a handler returned them (part of the handler contract).
 */
const encodedFrames = new WeakMap<object, Map<string, Uint8Array>>();

function encodeCached(frame: Frame, refId: string): Uint8Array {
  let byRefId = encodedFrames.get(frame);
  if (!byRefId) {
    byRefId = new Map();
    encodedFrames.set(frame, byRefId);
  }
  let bytes = byRefId.get(refId);
  if (!bytes) {
    bytes = encodeFrame({ ...frame, refId });
    byRefId.set(refId, bytes);
  }
  return bytes;
}

export function lowerCaseHeaders(headers: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

export function isFromAlert(headers: ReadonlyMap<string, string>): boolean {
  return headers.get('fromalert')?.toLowerCase() === 'true';
}

function checkedTimeRange(raw: RawDataQuery): { fromMs: number; toMs: number } {
  const fromMs = Number(raw.timeRange?.fromEpochMS ?? 0);
  const toMs = Number(raw.timeRange?.toEpochMS ?? 0);
  for (const [name, value] of [
    ['from', fromMs],
    ['to', toMs],
  ] as const) {
    if (!isRepresentableEpochMs(value)) {
      throw badRequest(`time range: ${name} ${value} ms is outside the range of dates Grafana can represent`);
    }
  }
  if (fromMs > toMs) {
    throw badRequest(`time range: from (${fromMs} ms) is after to (${toMs} ms)`);
  }
  return { fromMs, toMs };
}

function resolveQueryType(raw: RawDataQuery, query: DriftQuery): string {
  const fromProto = raw.queryType?.trim();
  if (fromProto) {
    return fromProto;
  }
  return query.queryType ?? DEFAULT_QUERY.queryType!;
}

/**
 * A query's time budget and Grafana's cancellation as one signal whose reason is the error to answer
 * with. A plain timer cleared when the query ends, rather than `AbortSignal.timeout` + `AbortSignal.any`:
 * those leave a live timer per query for the whole budget and cost more than the baseline query itself.
 */
function queryDeadline(timeoutMs: number, source: LiveSource, cancelled: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const deadline = new AbortController();
  forQueryRequests(deadline.signal);
  const onCancel = () => deadline.abort(new BackendError(499, 'query cancelled'));
  // The plugin's own work takes milliseconds: a query that outlives its budget was waiting for its upstream.
  const expired = () => new BackendError(504, `query did not finish within ${timeoutMs} ms (the datasource's timeoutSeconds): ${LIVE_SOURCE_NAMES[source]} did not answer in time`, 'downstream');
  const timer = setTimeout(() => deadline.abort(expired()), timeoutMs);
  if (cancelled?.aborted) {
    onCancel();
  } else {
    cancelled?.addEventListener('abort', onCancel, { once: true });
  }
  return {
    signal: deadline.signal,
    dispose: () => {
      clearTimeout(timer);
      cancelled?.removeEventListener('abort', onCancel);
    },
  };
}

/** Runs the handler until it settles or the signal fires, whichever comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(error: unknown, settings: DatasourceSettings | undefined): DataResponseOut {
  const known = error instanceof BackendError ? error : undefined;
  const base = known ? known.message : `internal error: ${errorMessage(error)}`;
  const details = known && known.details.length > 0 ? `: ${known.details.join('; ')}` : '';
  const message = settings ? redactSecrets(base + details, settings) : base + details;
  return { frames: [], status: known?.status ?? 500, error: message, errorSource: known?.source ?? 'plugin' };
}

async function answerQuery(
  raw: RawDataQuery,
  datasource: Datasource,
  headers: ReadonlyMap<string, string>,
  deps: DispatchDependencies
): Promise<{ queryType: string; response: DataResponseOut }> {
  const refId = raw.refId ?? '';
  let queryType = 'unparsed';
  const settings = datasource.ok ? datasource.settings : undefined;
  try {
    if (!datasource.ok) {
      throw datasource.error;
    }
    const query = parseQueryModel(raw.json, refId);
    queryType = resolveQueryType(raw, query);
    // A query type that reads only the store (`baseline`) never needs the binding files read.
    const readsLive = deps.registry.readsLiveData(queryType);
    const source = await querySource(query, {
      isConfigured: (candidate) => datasource.upstream.isConfigured(candidate),
      bindingOf: async (model, version) =>
        readsLive ? bindingStoreFor(datasource.settings.jsonData.provisionedBindingDirectory, datasource.store.directory).find(model, version) : undefined,
    });
    const resolution = deps.registry.resolve(queryType, source);
    if (resolution.kind === 'unknownType') {
      queryType = 'unknown';
      throw badRequest(`unknown query type "${resolveQueryType(raw, query)}"`);
    }
    if (resolution.kind === 'notImplemented') {
      throw new BackendError(501, `query type "${queryType}" is not available for source ${source} in this version`);
    }
    const deadline = queryDeadline(queryTimeoutMs(datasource.settings), source, deps.signal);
    const { signal } = deadline;
    const context: QueryContext = {
      refId,
      query: { ...query, refId, queryType: queryType as DriftQueryType },
      queryType: queryType as DriftQueryType,
      source,
      timeRange: checkedTimeRange(raw),
      intervalMs: Number(raw.intervalMS ?? 0),
      maxDataPoints: Number(raw.maxDataPoints ?? 0),
      settings: datasource.settings,
      baselines: datasource.store,
      upstream: datasource.upstream,
      cache: datasource.cache,
      signal,
      fromAlert: isFromAlert(headers),
      headers,
      logger: deps.logger.with({ refId, queryType }),
    };
    const run = () => untilAborted(resolution.handler(context), signal);
    // Range queries carry the large answers the slots bound; instant ones (alert rules) read one window each and
    // must not queue behind dashboards, or a burst of rule evaluations would outlast Grafana's timeout.
    const bounded = resolution.live && !isInstant(context);
    const result = await (bounded ? datasource.liveQueries.run(run, signal) : run()).finally(deadline.dispose);
    const frames = distinguishQuantities(result.frames).map((frame) => encodeCached(frame, refId));
    return { queryType, response: { frames, status: 200 } };
  } catch (error) {
    const response = failure(error, settings);
    if (response.status >= 500) {
      deps.logger.error('query failed', { refId, queryType, status: response.status, error: response.error });
    } else {
      deps.logger.debug('query rejected', { refId, queryType, status: response.status, error: response.error });
    }
    return { queryType, response };
  }
}

export async function dispatchQueries(
  request: DispatchRequest,
  datasource: Datasource,
  deps: DispatchDependencies
): Promise<Record<string, DataResponseOut>> {
  const headers = lowerCaseHeaders(request.headers);
  const answers = await Promise.all(
    request.queries.map(async (raw) => {
      const started = performance.now();
      const { queryType, response } = await answerQuery(raw, datasource, headers, deps);
      deps.metrics.recordQuery(queryType, response.status, (performance.now() - started) / 1000, isFromAlert(headers));
      if (response.errorSource) {
        deps.metrics.recordError('query', response.errorSource);
      }
      return [raw.refId ?? '', response] as const;
    })
  );
  return Object.fromEntries(answers);
}
