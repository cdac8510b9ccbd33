/**
 * Pure view models of the Models page: baselines grouped by model, the binding each version is read through,
 * the latest drift status per feature from the frames of an instant, threshold-normalised `drift` query, and
 * links to the provisioned dashboards.
 */
import { FieldType, locationUtil, urlUtil, type DataFrame, type Field } from '@grafana/data';
import type { BindingDocument } from '../shared/bindingModel';
import { LIVE_SOURCE_NAMES } from '../shared/queryModel';
import type { BaselineSummary, BindingSummary } from '../shared/resourceModel';
import { DRIFT_LABELS, DRIFT_THRESHOLD_CUSTOM_KEY, DRIFT_VALUE_FIELDS } from '../shared/frameContract';
import { MODEL_DASHBOARDS } from './constants';

export interface ModelGroup {
  model: string;
  /** Newest version first. */
  versions: BaselineSummary[];
}

/**
 * The binding file a model version is read through, as the backend picks it: one for that version, else one for
 * the model without a version. A file with problems is still in use when it had valid content before.
 */
export function bindingOf(bindings: readonly BindingSummary[], model: string, version: string): BindingSummary | undefined {
  return versionBindings(bindings, model).find((b) => b.version === version) ?? modelBinding(bindings, model);
}

/** Where a new binding starts: the model (and version), no model or version label, and a numeric feature to fill in. */
export function bindingTemplate(model: string, version?: string): BindingDocument {
  return {
    model,
    ...(version === undefined ? {} : { version }),
    prometheus: {
      model: 'none',
      version: { label: 'model_version' },
      numeric: { kind: 'histogram', metric: 'my_feature_histogram', featureLabel: 'feature' },
    },
  };
}

/** The model's bindings of one version each (valid ones), by version. */
export function versionBindings(bindings: readonly BindingSummary[], model: string): BindingSummary[] {
  return bindings
    .filter((b) => b.model === model && b.version !== undefined && b.binding !== undefined)
    .sort((a, b) => VERSION_ORDER.compare(a.version!, b.version!));
}

/** The model's binding of every version without one of its own (a valid one), if any. */
export function modelBinding(bindings: readonly BindingSummary[], model: string): BindingSummary | undefined {
  return bindings.find((b) => b.model === model && b.version === undefined && b.binding !== undefined);
}

/** How a binding file reads in a card: its name, the sources it binds, and whether it has problems. */
export function bindingText(binding: BindingSummary): string {
  const sources = binding.sources.map((s) => LIVE_SOURCE_NAMES[s]).join(' and ');
  return `read through binding ${binding.file}${sources ? ` (${sources})` : ''}${binding.invalid ? ', which has problems' : ''}`;
}

const VERSION_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function groupBaselinesByModel(baselines: readonly BaselineSummary[]): ModelGroup[] {
  const byModel = new Map<string, BaselineSummary[]>();
  for (const baseline of baselines) {
    const versions = byModel.get(baseline.model) ?? [];
    versions.push(baseline);
    byModel.set(baseline.model, versions);
  }
  return [...byModel.entries()]
    .sort(([a], [b]) => VERSION_ORDER.compare(a, b))
    .map(([model, versions]) => ({
      model,
      versions: [...versions].sort((a, b) => VERSION_ORDER.compare(b.version, a.version)),
    }));
}

export type DriftState = 'ok' | 'drift' | 'unknown';

export interface FeatureStatus {
  feature: string;
  state: DriftState;
  /** Score divided by its threshold: above 1 is drift. */
  normalizedScore?: number;
  method?: string;
}

function lastFinite(values: readonly unknown[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value;
    }
  }
  return undefined;
}

/** The threshold a raw-score series carries (frame contract order), if any. */
function thresholdOf(field: Field): number | undefined {
  const custom: unknown = field.config.custom?.[DRIFT_THRESHOLD_CUSTOM_KEY];
  if (typeof custom === 'number' && Number.isFinite(custom)) {
    return custom;
  }
  return field.config.thresholds?.steps.find((step) => Number.isFinite(step.value))?.value;
}

/** The normalised score of a series: as is for `normalized_score`, divided by its threshold for `score`. */
function normalizedScoreOf(field: Field): number | undefined {
  const score = lastFinite(field.values);
  if (score === undefined || field.name !== DRIFT_VALUE_FIELDS.score) {
    return score;
  }
  const threshold = thresholdOf(field);
  return threshold !== undefined && threshold > 0 ? score / threshold : undefined;
}

/**
 * One status per feature of the baseline, in the baseline's order. Features the frames do not mention, or
 * mention without a finite score, are `unknown` rather than silently "ok".
 */
export function featureStatuses(features: readonly string[], frames: readonly DataFrame[]): FeatureStatus[] {
  const found = new Map<string, FeatureStatus>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number || field.name === DRIFT_VALUE_FIELDS.pValue) {
        continue;
      }
      const feature = field.labels?.[DRIFT_LABELS.feature];
      if (feature === undefined) {
        continue;
      }
      const score = normalizedScoreOf(field);
      const method = field.labels?.[DRIFT_LABELS.method];
      found.set(feature, {
        feature,
        state: score === undefined ? 'unknown' : score > 1 ? 'drift' : 'ok',
        ...(score === undefined ? {} : { normalizedScore: score }),
        ...(method ? { method } : {}),
      });
    }
  }
  return features.map((feature) => found.get(feature) ?? { feature, state: 'unknown' });
}

/** Links under Grafana's sub-path (`root_url`), as locationUtil knows it. */
export function dashboardLinks(baseline: Pick<BaselineSummary, 'model' | 'version'>) {
  return MODEL_DASHBOARDS.map(({ uid, title }) => ({
    title,
    href: locationUtil.assureBaseUrl(
      urlUtil.renderUrl(`/d/${uid}`, { 'var-model': baseline.model, 'var-version': baseline.version })
    ),
  }));
}

/** One line over a version's chips; features without live data are never counted as fine. */
export function statusSummary(statuses: readonly FeatureStatus[], window: string): string {
  const drifting = statuses.filter((s) => s.state === 'drift').length;
  const unknown = statuses.filter((s) => s.state === 'unknown').length;
  if (statuses.length > 0 && unknown === statuses.length) {
    return `No live data in the last ${window}`;
  }
  const head =
    drifting === 0
      ? `No feature drifting in the last ${window}`
      : `${drifting} of ${statuses.length} features drifting in the last ${window}`;
  return unknown > 0 ? `${head}; ${unknown} without live data` : head;
}
