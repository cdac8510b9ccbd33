/**
 * "Check bindings" for a datasource: its stored baselines checked against its Prometheus with the layout a
 * query would use (mapping and binding), for `GET check-bindings` and "Save & test".
 */
import { baselineId, checkBaselineId } from '../../drift/baseline/baselineId';
import { bindingStoreFor } from '../bindings/bindingStore';
import { badRequest, notFound } from '../errors';
import { PrometheusApi } from '../prometheus/client';
import { modelLayout } from '../prometheus/layout';
import { resolveHistogramKind, resolveMapping } from '../prometheus/mapping';
import { DurationError, parseDuration } from '../queries/timeGrid';
import { redactSecrets, type DatasourceSettings } from '../settings';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient } from '../upstream/client';
import type { CheckBindingsResponse, ModelCheck } from '../../shared/resourceModel';
import { checkModel, type LayoutFor } from './checkBindings';

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

/** The layout a Prometheus query of this datasource uses: the mapping, with the model's binding over it. */
export function prometheusLayoutFor(settings: DatasourceSettings, baselineDirectory: string): LayoutFor {
  const { jsonData } = settings;
  const mapping = resolveMapping(jsonData.prometheus);
  const kind = resolveHistogramKind(jsonData.prometheusHistogramKind);
  const bindings = bindingStoreFor(jsonData.provisionedBindingDirectory, baselineDirectory);
  return async (model) => modelLayout(mapping, kind, model, (await bindings.find(model.model, model.version))?.prometheus);
}

/** The stored baselines named by `ids` (all, up to `MAX_MODELS_CHECKED`, when none), checked over the last `window`. */
export async function checkStoredModels(context: CheckContext, ids: readonly string[], windowMs: number, nowMs: number, signal?: AbortSignal): Promise<ModelCheck[]> {
  const api = new PrometheusApi(context.upstream, { redact: (text) => redactSecrets(text, context.settings) });
  const layoutFor = prometheusLayoutFor(context.settings, context.store.directory);
  const wanted = ids.length > 0 ? ids : (await context.store.list()).filter((b) => b.corrupt === undefined).map((b) => b.id).slice(0, MAX_MODELS_CHECKED);
  const checks: ModelCheck[] = [];
  for (const id of wanted) {
    const baseline = await context.store.get(id);
    if (!baseline) {
      throw notFound(`baseline "${id}" not found`);
    }
    checks.push(await checkModel(api, layoutFor, baseline, { fromMs: nowMs - windowMs, toMs: nowMs }, signal));
  }
  return checks;
}

/** `GET check-bindings?baseline=<model@version>&window=<duration>`: `baseline` may repeat; none checks every baseline. */
export async function checkBindingsResource(context: CheckContext, params: URLSearchParams, nowMs: number): Promise<CheckBindingsResponse> {
  if (!context.upstream.isConfigured('prometheus')) {
    throw badRequest('the datasource has no Prometheus URL, so there are no Prometheus bindings to check');
  }
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
  return { window, models: await checkStoredModels(context, ids, windowMs, nowMs) };
}
