/**
 * The gRPC server Grafana talks to: maps protocol messages to the dispatcher, the resource router, the
 * health check and the metrics, and never lets one request's failure reach the process.
 */
import * as grpc from '@grpc/grpc-js';
import type { DatasourceCaches } from '../cache/completedStepCache';
import { BackendError } from '../errors';
import { checkHealth } from '../health/checkHealth';
import { checkBindingsResource } from '../health/storedModelChecks';
import { Logger, errorMessage } from '../log';
import type { BackendMetrics } from '../metrics';
import { Datasource, DataResponseOut, RawDataQuery, dispatchQueries } from '../queries/dispatcher';
import type { QueryRegistry } from '../queries/registry';
import { BaselineBuilder, handleResource } from '../resources/router';
import { liveCapturer } from '../sources/capture';
import { bindingStoreFor } from '../bindings/bindingStore';
import type { BaselineStore } from '../store/baselineStore';
import { RawInstanceSettings, SettingsError, parseInstanceSettings } from '../settings';
import type { StoreRegistry } from '../store/storeRegistry';
import { UpstreamClient } from '../upstream/client';
import type { DatasourceLimits } from '../concurrencyLimit';
import type { ProtocolServices } from './protocol';

/** Larger than the biggest resource body we accept (`BODY_LIMITS`), so those get a JSON 413. */
export const MAX_RECEIVE_MESSAGE_BYTES = 128 * 1024 * 1024;
/** Resource bodies go back in chunks of this size after the first message. */
export const RESOURCE_CHUNK_BYTES = 1024 * 1024;

interface PluginContextMessage {
  dataSourceInstanceSettings?: RawInstanceSettings | null;
}

interface QueryDataRequestMessage {
  pluginContext?: PluginContextMessage | null;
  headers?: Record<string, string>;
  queries?: RawDataQuery[];
}

interface CallResourceRequestMessage {
  pluginContext?: PluginContextMessage | null;
  path?: string;
  method?: string;
  url?: string;
  headers?: Record<string, { values?: string[] }>;
  body?: Uint8Array;
}

interface CallResourceResponseMessage {
  code?: number;
  headers?: Record<string, { values: string[] }>;
  body: Uint8Array;
}

export interface PluginServerDependencies {
  services: ProtocolServices;
  registry: QueryRegistry;
  stores: StoreRegistry;
  /** Live queries and upstream requests running at once, per datasource. */
  liveQueryLimits: DatasourceLimits;
  upstreamRequestLimits: DatasourceLimits;
  /** Each datasource's completed-bucket cache. */
  caches: DatasourceCaches;
  metrics: BackendMetrics;
  logger: Logger;
  /** The `POST baselines/build` builder for a datasource's store; absent: that route answers 501. */
  baselineBuilder?: (store: BaselineStore) => BaselineBuilder;
  /** Called after `GRPCController/Shutdown` has been answered. */
  onShutdown: () => void;
}

function datasourceFor(context: PluginContextMessage | null | undefined, deps: PluginServerDependencies): Datasource {
  try {
    const settings = parseInstanceSettings(context?.dataSourceInstanceSettings);
    const store = deps.stores.forSettings({
      uid: settings.uid,
      baselineDirectory: settings.jsonData.baselineDirectory,
      provisionedBaselineDirectory: settings.jsonData.provisionedBaselineDirectory,
    });
    return {
      ok: true,
      settings,
      store,
      upstream: new UpstreamClient(settings, deps.metrics, deps.upstreamRequestLimits.forDatasource(settings.uid)),
      liveQueries: deps.liveQueryLimits.forDatasource(settings.uid),
      cache: deps.caches.forSettings(settings),
    };
  } catch (error) {
    const status = error instanceof SettingsError ? 400 : 500;
    return { ok: false, error: new BackendError(status, errorMessage(error)) };
  }
}

function internal(error: unknown): Partial<grpc.StatusObject> {
  return { code: grpc.status.INTERNAL, details: errorMessage(error) };
}

export function createPluginServer(deps: PluginServerDependencies): grpc.Server {
  const { logger, metrics } = deps;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
    'grpc.max_send_message_length': -1,
    // Channelz (gRPC's introspection service) is never registered here, yet its per-call bookkeeping
    // still runs while it is enabled: a few per cent of a cached baseline query's CPU time.
    'grpc.enable_channelz': 0,
  });

  server.addService(deps.services.data, {
    QueryData: (call: grpc.ServerUnaryCall<QueryDataRequestMessage, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const cancel = new AbortController();
      // grpc-js also reports a call it has just answered as cancelled when its stream closes; only a
      // cancellation before the answer means anything to the queries.
      let answered = false;
      call.on('cancelled', () => answered || cancel.abort());
      const request = call.request;
      dispatchQueries(
        { headers: request.headers ?? {}, queries: request.queries ?? [] },
        datasourceFor(request.pluginContext, deps),
        { registry: deps.registry, metrics, logger, signal: cancel.signal }
      ).then(
        (responses: Record<string, DataResponseOut>) => {
          answered = true;
          callback(null, { responses });
        },
        (error: unknown) => {
          answered = true;
          metrics.recordError('queryData', 'plugin');
          logger.error('QueryData failed', { error: errorMessage(error) });
          callback(internal(error));
        }
      );
    },
  });

  server.addService(deps.services.resource, {
    CallResource: (call: grpc.ServerWritableStream<CallResourceRequestMessage, CallResourceResponseMessage>) => {
      const request = call.request;
      const method = (request.method ?? 'GET').toUpperCase();
      const datasource = datasourceFor(request.pluginContext, deps);
      const headers = new Map(
        Object.entries(request.headers ?? {}).map(([name, list]) => [name.toLowerCase(), (list?.values ?? []).join(', ')])
      );
      const query = new URL(request.url ?? '', 'http://resource.invalid/').searchParams;
      const answer = datasource.ok
        ? handleResource(
            { method, path: request.path ?? '', headers, body: request.body ?? new Uint8Array(), query },
            {
              store: datasource.store,
              logger,
              buildBaseline: deps.baselineBuilder?.(datasource.store),
              // The same (cached) store for both: captures read the bindings the resource API lists and saves.
              captureBaseline: liveCapturer({ ...datasource, bindings: bindingStoreFor(datasource.settings.jsonData.provisionedBindingDirectory, datasource.store.directory) }),
              bindings: bindingStoreFor(datasource.settings.jsonData.provisionedBindingDirectory, datasource.store.directory),
              checkBindings: (params) => checkBindingsResource(datasource, params, Date.now()),
            }
          )
        : Promise.resolve({
            status: datasource.error.status,
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
            body: new TextEncoder().encode(JSON.stringify({ error: datasource.error.message })),
          });
      answer.then(
        (response) => {
          metrics.recordResource(method, response.status);
          const responseHeaders = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, { values: [v] }]));
          const body = response.body;
          call.write({ code: response.status, headers: responseHeaders, body: body.subarray(0, RESOURCE_CHUNK_BYTES) });
          for (let offset = RESOURCE_CHUNK_BYTES; offset < body.length; offset += RESOURCE_CHUNK_BYTES) {
            call.write({ body: body.subarray(offset, offset + RESOURCE_CHUNK_BYTES) });
          }
          call.end();
        },
        (error: unknown) => {
          metrics.recordError('callResource', 'plugin');
          call.destroy(Object.assign(new Error(errorMessage(error)), { code: grpc.status.INTERNAL }));
        }
      );
    },
  });

  server.addService(deps.services.diagnostics, {
    CheckHealth: (call: grpc.ServerUnaryCall<{ pluginContext?: PluginContextMessage }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const datasource = datasourceFor(call.request.pluginContext, deps);
      if (!datasource.ok) {
        callback(null, { status: 'ERROR', message: datasource.error.message });
        return;
      }
      checkHealth(datasource.settings, datasource.store, datasource.upstream).then(
        (report) =>
          callback(null, {
            status: report.status,
            message: report.message,
            jsonDetails: Buffer.from(JSON.stringify(report.details)),
          }),
        (error: unknown) => callback(null, { status: 'ERROR', message: `health check failed: ${errorMessage(error)}` })
      );
    },
    CollectMetrics: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, { metrics: { prometheus: Buffer.from(metrics.render()) } });
    },
  });

  server.addService(deps.services.health, {
    Check: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, { status: 'SERVING' });
    },
  });

  server.addService(deps.services.controller, {
    Shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      logger.info('shutdown requested by the plugin host');
      callback(null, {});
      // Let the answer leave before the process goes.
      setImmediate(deps.onShutdown);
    },
  });

  return server;
}
