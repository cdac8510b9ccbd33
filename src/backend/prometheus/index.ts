/**
 * Prometheus as the live source of a query: the datasource's upstream client (URL, auth, timeout) wrapped in
 * the query API with retries, the metric/label mapping from the settings and the model's provisioned binding.
 */
import { bindingStoreFor } from '../bindings/bindingStore';
import type { QueryContext } from '../queries/types';
import { redactSecrets } from '../settings';
import { withRangeCache } from './cachedRanges';
import { PrometheusApi } from './client';
import { resolveHistogramKind, resolveMapping } from './mapping';
import { MAX_POINTS_PER_QUERY, PrometheusSource } from './source';

export function prometheusSourceFor(context: Pick<QueryContext, 'upstream' | 'settings' | 'cache' | 'baselines'>): PrometheusSource {
  const raw = new PrometheusApi(context.upstream, { redact: (text) => redactSecrets(text, context.settings) });
  const api = withRangeCache(raw, context.cache);
  const { jsonData } = context.settings;
  const bindings = bindingStoreFor(jsonData.provisionedBindingDirectory, context.baselines.directory);
  return new PrometheusSource(
    api,
    resolveMapping(jsonData.prometheus),
    MAX_POINTS_PER_QUERY,
    resolveHistogramKind(jsonData.prometheusHistogramKind),
    async (model) => (await bindings.find(model.model, model.version))?.prometheus,
    raw
  );
}

export { PrometheusSource } from './source';
