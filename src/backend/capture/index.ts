/**
 * The Prometheus capturer behind `POST baselines/capture` (`source: "prometheus"`), with the datasource's
 * upstream client and metric mapping, and the model's binding over the mapping.
 */
import type { CaptureBaselineParams } from '../../shared/resourceModel';
import { PrometheusApi } from '../prometheus/client';
import type { PrometheusBinding } from '../../shared/bindingModel';
import { resolveHistogramKind, resolveMapping } from '../prometheus/mapping';
import type { QueryContext } from '../queries/types';
import { redactSecrets } from '../settings';
import { captureFromPrometheus } from './prometheusCapture';

export function capturePrometheusBaseline(
  context: Pick<QueryContext, 'settings' | 'upstream'>,
  params: CaptureBaselineParams,
  now: Date,
  signal?: AbortSignal,
  binding?: PrometheusBinding
): ReturnType<typeof captureFromPrometheus> {
  const api = new PrometheusApi(context.upstream, { redact: (text) => redactSecrets(text, context.settings) });
  const { jsonData } = context.settings;
  return captureFromPrometheus(
    api,
    { mapping: resolveMapping(jsonData.prometheus), histogramKind: resolveHistogramKind(jsonData.prometheusHistogramKind), binding },
    {
      model: params.model,
      version: params.version,
      fromMs: params.from,
      toMs: params.to,
      features: params.features,
      createdAt: now.toISOString(),
      description: `Prometheus ${context.settings.jsonData.prometheusUrl ?? ''}`.trim(),
    },
    { signal }
  );
}
