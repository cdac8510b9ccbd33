/**
 * "Check bindings" for a datasource: its stored baselines checked against its Prometheus and its Elasticsearch
 * with what a query would read (mapping and binding), for `GET check-bindings` and "Save & test". A model is
 * checked where it is read, never reported missing where it was never meant to be:
 * - its binding names one source only: there only; when that source is not among those checked, its check says so;
 * - its binding names both: on every source checked (a query naming either reads it there);
 * - it has no binding: on the sources the caller named (`source=`), as a query naming its source reads there; when
 *   none were named, on the source a query reads by default (`defaultLiveSource`) only, with a "not checked" check
 *   for each other source saying why.
 */
import { baselineId, checkBaselineId } from '../../drift/baseline/baselineId';
import type { BaselineDocument } from '../../drift/types';
import { boundSources } from '../../shared/bindingModel';
import { defaultLiveSource } from '../../shared/defaultSource';
import { isLiveSource, LIVE_SOURCE_NAMES, LIVE_SOURCES, type LiveSource } from '../../shared/queryModel';
import { bindingStoreFor, type BindingStore } from '../bindings/bindingStore';
import { boundElasticsearchConfig } from '../elasticsearch';
import { HttpSearchTransport } from '../elasticsearch/transport';
import { badRequest, notFound } from '../errors';
import { errorMessage } from '../log';
import { PrometheusApi } from '../prometheus/client';
import { modelLayout } from '../prometheus/layout';
import { resolveHistogramKind, resolveMapping } from '../prometheus/mapping';
import { DurationError, parseDuration } from '../queries/timeGrid';
import { redactSecrets, type DatasourceSettings } from '../settings';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient } from '../upstream/client';
import type { CheckBindingsResponse, ModelCheck } from '../../shared/resourceModel';
import { checkedFields, checkModel, type LayoutFor, type Window } from './checkBindings';
import { checkElasticsearchModel } from './checkElasticsearchBindings';

/** Baselines checked when none is named (Save & test checks them all, so this bounds its time). */
export const MAX_MODELS_CHECKED = 20;
export const DEFAULT_CHECK_WINDOW = '1h';
/** A series lookup over months costs Prometheus index work for no better answer. */
const MAX_CHECK_WINDOW_MS = 31 * 24 * 3_600_000;


export interface CheckContext {
  settings: DatasourceSettings;
  upstream: UpstreamClient;
  store: BaselineStore;
}

function bindingsOf(settings: DatasourceSettings, baselineDirectory: string): BindingStore {
  return bindingStoreFor(settings.jsonData.provisionedBindingDirectory, baselineDirectory);
}

/** The layout a Prometheus query of this datasource uses: the mapping, with the model's binding over it. */
export function prometheusLayoutFor(settings: DatasourceSettings, baselineDirectory: string): LayoutFor {
  const { jsonData } = settings;
  const mapping = resolveMapping(jsonData.prometheus);
  const kind = resolveHistogramKind(jsonData.prometheusHistogramKind);
  const bindings = bindingsOf(settings, baselineDirectory);
  return async (model) => modelLayout(mapping, kind, model, (await bindings.find(model.model, model.version))?.prometheus);
}

/** Which sources a check covers. */
export interface CheckScope {
  sources: readonly LiveSource[];
  /** The caller named them (`source=`), rather than taking every configured or reachable one. */
  named: boolean;
}

/** Where one model is checked, and the sources it is not checked on with the reason (see the module comment). */
export interface ModelCheckPlan {
  on: LiveSource[];
  notChecked: Array<{ source: LiveSource; reason: string }>;
}

/** Plans the check of a model whose binding names `bound` (none without a binding); `hasUrl` as the upstream client says. */
export function planModelCheck(bound: readonly LiveSource[], scope: CheckScope, hasUrl: (source: LiveSource) => boolean): ModelCheckPlan {
  if (bound.length === 1) {
    const [only] = bound;
    if (scope.sources.includes(only)) {
      return { on: [only], notChecked: [] };
    }
    const why = hasUrl(only) ? 'which this check was not asked for' : 'and the datasource has no URL for it';
    return { on: [], notChecked: [{ source: only, reason: `not checked: its binding names ${LIVE_SOURCE_NAMES[only]} only, ${why}` }] };
  }
  if (bound.length > 1 || scope.named) {
    return { on: [...scope.sources], notChecked: [] };
  }
  const read = defaultLiveSource(hasUrl);
  return {
    on: scope.sources.filter((source) => source === read),
    notChecked: scope.sources
      .filter((source) => source !== read)
      .map((source) => ({
        source,
        reason: `not checked: it has no binding, so it is read from ${LIVE_SOURCE_NAMES[read]}, the source a query reads unless it names one; bind it to ${LIVE_SOURCE_NAMES[source]}, or ask for source=${source}, to check it there`,
      })),
  };
}

/** A model whose source cannot be read at all (no index configured, a broken binding): every field says why. */
function unreadable(baseline: BaselineDocument, source: LiveSource, problem: string): ModelCheck {
  const { checked, unchecked } = checkedFields(baseline);
  const features = checked.map(({ feature, role }) => ({ feature: feature.name, role, series: 0, labels: [], problem }));
  return { baseline: `${baseline.model}@${baseline.version}`, source, features, problems: features.length, unchecked };
}

type ModelChecker = (baseline: BaselineDocument, window: Window, signal?: AbortSignal) => Promise<ModelCheck>;

function checkers(context: CheckContext): Record<LiveSource, ModelChecker> {
  const { settings, upstream, store } = context;
  const bindings = bindingsOf(settings, store.directory);
  const api = new PrometheusApi(upstream, { redact: (text) => redactSecrets(text, settings) });
  const layoutFor = prometheusLayoutFor(settings, store.directory);
  const transport = new HttpSearchTransport(upstream);
  return {
    prometheus: (baseline, window, signal) => checkModel(api, layoutFor, baseline, window, signal),
    elasticsearch: async (baseline, window, signal) => {
      let config;
      try {
        config = boundElasticsearchConfig(settings, (await bindings.find(baseline.model, baseline.version))?.elasticsearch);
      } catch (error) {
        return unreadable(baseline, 'elasticsearch', redactSecrets(errorMessage(error), settings));
      }
      const check = await checkElasticsearchModel(transport, config, baseline, window, signal);
      // A problem may quote an upstream error; like every message of the datasource, it never carries a secret.
      return { ...check, features: check.features.map((f) => (f.problem === undefined ? f : { ...f, problem: redactSecrets(f.problem, settings) })) };
    },
  };
}

/**
 * The stored baselines named by `ids` (all, up to `MAX_MODELS_CHECKED`, when none), checked over the last
 * `window` within `scope` (see the module comment for which model is checked where).
 */
export async function checkStoredModels(context: CheckContext, ids: readonly string[], scope: CheckScope, windowMs: number, nowMs: number, signal?: AbortSignal): Promise<ModelCheck[]> {
  const bindings = bindingsOf(context.settings, context.store.directory);
  const check = checkers(context);
  const wanted = ids.length > 0 ? ids : (await context.store.list()).filter((b) => b.corrupt === undefined).map((b) => b.id).slice(0, MAX_MODELS_CHECKED);
  const checks: ModelCheck[] = [];
  for (const id of wanted) {
    const baseline = await context.store.get(id);
    if (!baseline) {
      throw notFound(`baseline "${id}" not found`);
    }
    const binding = await bindings.find(baseline.model, baseline.version);
    const bound = boundSources(binding);
    const { on, notChecked } = planModelCheck(bound, scope, (source) => context.upstream.isConfigured(source));
    for (const source of on) {
      checks.push(await check[source](baseline, { fromMs: nowMs - windowMs, toMs: nowMs }, signal));
    }
    checks.push(...notChecked.map(({ source, reason }) => unreadable(baseline, source, reason)));
  }
  return checks;
}

/** The sources asked for (`source=` may repeat; none: every configured one), each of them configured. */
function sourcesAsked(context: CheckContext, params: URLSearchParams): LiveSource[] {
  const asked = params.getAll('source');
  const unknown = asked.filter((source) => !isLiveSource(source));
  if (unknown.length > 0) {
    throw badRequest(`source: ${JSON.stringify(unknown[0])} is not one of ${LIVE_SOURCES.join(', ')}`);
  }
  const configured = LIVE_SOURCES.filter((source) => context.upstream.isConfigured(source));
  if (asked.length === 0) {
    if (configured.length === 0) {
      throw badRequest('the datasource has neither a Prometheus nor an Elasticsearch URL, so there are no bindings to check');
    }
    return configured;
  }
  const missing = asked.find((source) => !configured.includes(source as LiveSource));
  if (missing) {
    throw badRequest(`source: the datasource has no ${LIVE_SOURCE_NAMES[missing as LiveSource]} URL, so there are no ${missing} bindings to check`);
  }
  return LIVE_SOURCES.filter((source) => asked.includes(source));
}

/**
 * `GET check-bindings?baseline=<model@version>&window=<duration>&source=<source>`: `baseline` and `source` may
 * repeat; no baseline checks every baseline, no source every configured one.
 */
export async function checkBindingsResource(context: CheckContext, params: URLSearchParams, nowMs: number): Promise<CheckBindingsResponse> {
  const scope = { sources: sourcesAsked(context, params), named: params.has('source') };
  const ids = params.getAll('baseline').map((typed) => {
    const checked = checkBaselineId(typed);
    if (!checked.ok) {
      throw badRequest(`baseline: ${checked.error}`);
    }
    return baselineId(checked.model, checked.version);
  });
  const window = params.get('window')?.trim() || DEFAULT_CHECK_WINDOW;
  let windowMs: number;
  try {
    windowMs = parseDuration(window);
  } catch (error) {
    throw badRequest(`window: ${error instanceof DurationError ? error.message : String(error)}`);
  }
  if (windowMs > MAX_CHECK_WINDOW_MS) {
    throw badRequest(`window: ${window} is longer than the 31 days a check looks back at most`);
  }
  return { window, models: await checkStoredModels(context, ids, scope, windowMs, nowMs) };
}
