/**
 * What a query names: the baseline (`model@version`) and the model it reads, the features it selects and the
 * drift method it asks for, checked before any upstream is asked.
 */
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { isDriftMethod } from '../../drift/methods';
import type { DriftQuery } from '../../shared/queryModel';
import { badRequest, notFound } from '../errors';
import type { FeatureSpec, ModelRef, SegmentFilter } from '../sources/types';
import { baselineId, checkBaselineId } from '../../drift/baseline/baselineId';
import type { QueryContext } from './types';

/** The baseline named by `query.baseline` (`model@version`, exactly: see `checkBaselineId`). */
export async function requireBaseline(context: QueryContext): Promise<BaselineDocument> {
  const { model } = namedModel(context);
  const baseline = await context.baselines.get(baselineId(model.model, model.version));
  if (!baseline) {
    throw notFound(`baseline "${baselineId(model.model, model.version)}" not found`);
  }
  return baseline;
}

/** The model and version `query.baseline` names; a 400 when it names none. */
function namedModel(context: QueryContext): { model: ModelRef } {
  const typed = context.query.baseline;
  if (!typed) {
    throw badRequest(`a ${context.queryType} query needs the baseline id (model@version) in "baseline"`);
  }
  const checked = checkBaselineId(typed);
  if (!checked.ok) {
    throw badRequest(checked.error);
  }
  return { model: { model: checked.model, version: checked.version } };
}

/**
 * The model a query reads and its baseline when one is stored. Confusion and performance queries need no
 * baseline (only `model@version`), but use its class names and label distribution when there is one.
 */
export async function resolveModel(context: QueryContext): Promise<{ model: ModelRef; baseline?: BaselineDocument }> {
  const { model } = namedModel(context);
  return { model, baseline: await context.baselines.get(baselineId(model.model, model.version)) };
}

/** The baseline's model and version, narrowed to one segment's observations when given. */
export function modelOf(baseline: BaselineDocument, segment?: SegmentFilter): ModelRef {
  return segment ? { model: baseline.model, version: baseline.version, segment } : { model: baseline.model, version: baseline.version };
}

/** The requested features of the baseline, all of them when none are named; unknown names are an error. */
export function selectFeatures(baseline: BaselineDocument, requested: string[] | undefined): BaselineFeature[] {
  const names = (requested ?? []).filter((n) => n.trim() !== '');
  if (names.length === 0) {
    return baseline.features;
  }
  const byName = new Map(baseline.features.map((f) => [f.name, f]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw badRequest(`baseline "${baseline.model}@${baseline.version}" has no feature ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  return [...new Set(names)].map((n) => byName.get(n)!);
}

export function featureSpec(feature: BaselineFeature, role: FeatureSpec['role'] = 'feature'): FeatureSpec {
  return feature.kind === 'numeric'
    ? {
        name: feature.name,
        role,
        kind: 'numeric',
        upperBounds: feature.histogram.upperBounds,
        observedRange: feature.summary.n > 0 ? { min: feature.summary.min, max: feature.summary.max } : undefined,
      }
    : { name: feature.name, role, kind: 'categorical', categories: feature.distribution.categories };
}

export function checkMethod(query: DriftQuery): DriftQuery['method'] {
  if (query.method === undefined || (query.method as string) === '' || (query.method as string) === 'auto') {
    return undefined;
  }
  if (typeof query.method !== 'string' || !isDriftMethod(query.method)) {
    throw badRequest(`unknown drift method ${JSON.stringify(query.method)}`);
  }
  return query.method;
}
