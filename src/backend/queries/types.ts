/**
 * The contract between the QueryData dispatcher and the query-type handlers. A handler gets everything it
 * needs in one context object and returns frames, or throws a `BackendError` (status + error source);
 * anything else it throws becomes a 500 for that query only.
 */
import type { DriftQuery, DriftQueryType, LiveSource } from '../../shared/queryModel';
import type { CompletedStepCache } from '../cache/completedStepCache';
import type { Frame } from '../frames';
import type { Logger } from '../log';
import type { DatasourceSettings } from '../settings';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient } from '../upstream/client';

export interface TimeRangeMs {
  fromMs: number;
  toMs: number;
}

export interface QueryContext {
  refId: string;
  /** The query model as the frontend or the alert rule sent it, with `queryType` resolved. */
  query: DriftQuery;
  queryType: DriftQueryType;
  /** The live source read: `query.source`, or where the model is bound, or the default (`querySource.ts`). */
  source: LiveSource;
  timeRange: TimeRangeMs;
  /** Grafana's suggested step (0 when it gave none). */
  intervalMs: number;
  /** Grafana's cap on points per series (0 when it gave none). */
  maxDataPoints: number;
  settings: DatasourceSettings;
  /** This datasource's baseline store. */
  baselines: BaselineStore;
  /** Prometheus/Elasticsearch with the datasource's URLs, auth, TLS, timeout and metrics applied. */
  upstream: UpstreamClient;
  /** The datasource's completed-bucket cache for range queries; undefined when it is switched off. */
  cache?: CompletedStepCache;
  /** Aborted when the query's time budget is spent or Grafana cancels the call; pass it to `upstream`. */
  signal: AbortSignal;
  /** True for alert-rule evaluations (`FromAlert` header in any case): answer with dataplane numeric frames. */
  fromAlert: boolean;
  /** Request headers with lower-case names. */
  headers: ReadonlyMap<string, string>;
  /** Logger with `refId` and `queryType` attached; never log secrets. */
  logger: Logger;
}

export interface QueryResult {
  /**
   * `refId` is filled in by the dispatcher. Frames must not be changed after they are returned: the
   * dispatcher caches their Arrow encoding by object identity, so a handler may return the same frame
   * objects again (e.g. for an unchanged baseline) and skip the encoding.
   */
  frames: Frame[];
}

export type QueryHandler = (context: QueryContext) => Promise<QueryResult>;
