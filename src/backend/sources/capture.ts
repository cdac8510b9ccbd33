/**
 * `POST baselines/capture`: a baseline taken from live data over a past window, for teams without a training
 * file. The resource route parses the request here and hands it to the capturer of the requested source.
 */
import type { BaselineDocument } from '../../drift/types';
import { isLiveSource, LIVE_SOURCES, type LiveSource } from '../../shared/queryModel';
import type { CaptureBaselineParams } from '../../shared/resourceModel';
import { capturePrometheusBaseline } from '../capture';
import { captureFromElasticsearch } from '../elasticsearch/capture';
import type { BindingStore } from '../bindings/bindingStore';
import { boundElasticsearchConfig, elasticsearchSourceFor } from '../elasticsearch';
import { checkIdParts } from '../../drift/baseline/baselineId';
import { MAX_EPOCH_MS, isRepresentableEpochMs } from '../epoch';
import { BackendError, badRequest } from '../errors';
import type { QueryContext } from '../queries/types';

export interface CaptureResult {
  baseline: BaselineDocument;
  /** How the baseline was obtained (approximations, skipped fields), also stored in its `notes`. */
  notes: string[];
}

export type BaselineCapturer = (params: CaptureBaselineParams, signal?: AbortSignal) => Promise<CaptureResult>;


/** The request body, checked field by field (every problem listed at once). */
export function parseCaptureParams(body: unknown): CaptureBaselineParams {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the capture request must be a JSON object with model, version, source, from and to');
  }
  const input = body as Record<string, unknown>;
  const problems: string[] = [];
  const text = (key: string) => {
    const value = input[key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`"${key}" must be a non-empty string`);
      return '';
    }
    return value;
  };
  const time = (key: string) => {
    const value = input[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || !isRepresentableEpochMs(value)) {
      problems.push(`"${key}" must be epoch milliseconds (an integer within ±${MAX_EPOCH_MS})`);
      return 0;
    }
    return value;
  };
  const id = checkIdParts(text('model'), text('version'));
  if (!id.ok && problems.length === 0) {
    problems.push(id.error);
  }
  const [model, version] = id.ok ? [id.model, id.version] : ['', ''];
  const source = input.source;
  if (!isLiveSource(source)) {
    problems.push(`"source" must be one of ${LIVE_SOURCES.join(', ')}`);
  }
  const from = time('from');
  const to = time('to');
  if (problems.length === 0 && to <= from) {
    problems.push('"from" must be before "to"');
  }
  const features = input.features;
  if (features !== undefined && (!Array.isArray(features) || features.some((f) => typeof f !== 'string'))) {
    problems.push('"features" must be a list of feature names');
  }
  if (problems.length > 0) {
    throw badRequest('invalid capture request', problems);
  }
  return { model, version, source: source as LiveSource, from, to, ...(features ? { features: features as string[] } : {}) };
}

/**
 * The capturer for one datasource: each source's own way of profiling live data, reading where the model's
 * binding (if any) says, as its queries will. On Elasticsearch, a binding that lists `features` captures those.
 */
export function liveCapturer(context: Pick<QueryContext, 'settings' | 'upstream'> & { bindings?: BindingStore }, now: () => Date = () => new Date()): BaselineCapturer {
  return async (params, signal) => {
    const binding = await context.bindings?.find(params.model, params.version);
    if (params.source === 'elasticsearch') {
      const config = boundElasticsearchConfig(context.settings, binding?.elasticsearch);
      const bound = Object.keys(config.mapping.featureFields ?? {});
      return captureFromElasticsearch(
        elasticsearchSourceFor(context, config),
        {
          model: params.model,
          version: params.version,
          fromMs: params.from,
          toMs: params.to,
          features: params.features ?? (bound.length > 0 ? bound : undefined),
          createdAt: now().toISOString(),
          indexDescription: `Elasticsearch index "${config.index}"`,
        },
        { signal }
      );
    }
    if (params.source === 'prometheus') {
      return capturePrometheusBaseline(context, params, now(), signal, binding?.prometheus);
    }
    throw new BackendError(501, `capturing a baseline from ${params.source} is not available in this version`);
  };
}
