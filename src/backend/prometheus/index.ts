/**
 * Prometheus as the live source of a query: the datasource's upstream client (URL, auth, timeout) wrapped in
 * the query API with retries, and the metric/label mapping from the settings.
 */
import type { QueryContext } from '../queries/types';
import { redactSecrets } from '../settings';
import { withRangeCache } from './cachedRanges';
import { PrometheusApi } from './client';
import { resolveHistogramKind, resolveMapping } from './mapping';
import { MAX_POINTS_PER_QUERY, PrometheusSource } from './source';

export function prometheusSourceFor(context: Pick<QueryContext, 'upstream' | 'settings' | 'cache'>): PrometheusSource {
  const api = withRangeCache(new PrometheusApi(context.upstream, { redact: (text) => redactSecrets(text, context.settings) }), context.cache);
  const { jsonData } = context.settings;
  return new PrometheusSource(api, resolveMapping(jsonData.prometheus), MAX_POINTS_PER_QUERY, resolveHistogramKind(jsonData.prometheusHistogramKind));
}

export { PrometheusSource } from './source';
