/**
 * "Check bindings" on Prometheus (the Elasticsearch side is `checkElasticsearchBindings.ts`): for each model
 * with a baseline, what Prometheus holds for each baseline feature (and the prediction and label) where the
 * model's layout says to read it: whether live series exist, their labels, their bucket edges against the
 * baseline's, and the first problem found. It answers `GET check-bindings` and is part of "Save & test".
 *
 * The seam is `LayoutFor`: the metric and matchers of every feature (`ModelLayout.signalFor`), from the
 * datasource mapping with the model's binding over it (`prometheus/layout.ts`), the same ones the live source
 * queries, so the check reads exactly what a query would. Cost: one `/api/v1/series` request per feature (plus
 * one label lookup when it finds nothing), at most `MAX_FEATURES_CHECKED` per model, a few at a time.
 */
import { describeEdges, percent, rebinBaseline, sharedEdgeCount, tooFewSharedEdges } from '../../drift/rebin';
import { sameElements } from '../../drift/numeric';
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { errorMessage } from '../log';
import { parseLe } from '../prometheus/buckets';
import type { PrometheusApi } from '../prometheus/client';
import { emptyAnswerNotice, type LabelLookup } from '../prometheus/emptyAnswers';
import type { ModelLayout } from '../prometheus/layout';
import { equals, quoteString, render, selector } from '../prometheus/promql';
import { LIVE_SOURCE_NAMES } from '../../shared/queryModel';
import type { FeatureCheck, ModelCheck } from '../../shared/resourceModel';
import type { FieldRole, ModelRef } from '../sources/types';

/** The Prometheus API calls a check makes. */
export type SeriesApi = Pick<PrometheusApi, 'series' | 'labelNames'>;

/** Where a model's signals are (see the module comment). */
export type LayoutFor = (model: ModelRef) => Promise<ModelLayout>;

/** Fields (features, prediction, label) checked per model; the rest are counted as `unchecked`. */
export const MAX_FEATURES_CHECKED = 50;
/** Features checked at the same time. */
const CONCURRENCY = 4;

export interface Window {
  fromMs: number;
  toMs: number;
}

/** A baseline's fields in check order (features, prediction, label), the first `MAX_FEATURES_CHECKED` of them. */
export function checkedFields(baseline: BaselineDocument): { checked: Array<{ feature: BaselineFeature; role: FieldRole }>; unchecked: number } {
  const fields: Array<{ feature: BaselineFeature; role: FieldRole }> = [
    ...baseline.features.map((feature) => ({ feature, role: 'feature' as const })),
    ...(baseline.prediction ? [{ feature: baseline.prediction, role: 'prediction' as const }] : []),
    ...(baseline.label ? [{ feature: baseline.label, role: 'label' as const }] : []),
  ];
  return { checked: fields.slice(0, MAX_FEATURES_CHECKED), unchecked: Math.max(0, fields.length - MAX_FEATURES_CHECKED) };
}

/** What the live edges mean for the comparison with the baseline's: nothing, a note, or a problem (exported for its tests). */
export function edgeVerdict(feature: Extract<BaselineFeature, { kind: 'numeric' }>, live: number[]): Pick<FeatureCheck, 'problem' | 'note'> {
  const baseline = feature.histogram.upperBounds;
  if (live.length === 0) {
    return { problem: 'its series have no finite le bucket (only +Inf, or no le label): not a classic histogram with buckets' };
  }
  if (sameElements(baseline, live)) {
    return {};
  }
  const shared = sharedEdgeCount(baseline, live);
  if (!tooFewSharedEdges(baseline.length, live.length, shared)) {
    return shared === baseline.length ? {} : { note: `edges differ: both sides are merged to the ${shared} edges they share (${describeEdges(live, baseline)})` };
  }
  const rebinned = rebinBaseline(feature.histogram, feature.summary, live);
  if (!rebinned.ok) {
    return { problem: `the live buckets share ${shared} edges with the baseline's and it cannot be re-binned: ${rebinned.reason}; rebuild the baseline on the live edges (mldrift baseline build --edges-from)` };
  }
  return { note: `edges differ (${describeEdges(live, baseline)}): the baseline is re-binned onto the live edges, off by up to ${percent(rebinned.maxEdgeError)} at an edge` };
}

function labelNamesOf(series: ReadonlyArray<Record<string, string>>): string[] {
  return [...new Set(series.flatMap((labels) => Object.keys(labels)))].filter((name) => name !== '__name__').sort();
}

function liveEdges(series: ReadonlyArray<Record<string, string>>): number[] {
  const edges = new Set<number>();
  for (const labels of series) {
    const le = labels.le === undefined ? undefined : parseLe(labels.le);
    if (le !== undefined && Number.isFinite(le)) {
      edges.add(le);
    }
  }
  return [...edges].sort((a, b) => a - b);
}

async function lookUpLabels(api: SeriesApi, metric: string, window: Window, signal?: AbortSignal): Promise<LabelLookup> {
  try {
    return { ok: true, names: (await api.labelNames(`{__name__=${quoteString(metric)}}`, window.fromMs, window.toMs, signal)).data };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

async function checkFeature(api: SeriesApi, layout: ModelLayout, feature: BaselineFeature, role: FieldRole, window: Window, signal?: AbortSignal): Promise<FeatureCheck> {
  const base: FeatureCheck = { feature: feature.name, role, series: 0, labels: [] };
  const bound = layout.signalFor(feature.name, role, feature.kind);
  if (bound.kind === 'promql') {
    return { ...base, note: 'read by a raw PromQL expression: not checked here; run a query to see its answer' };
  }
  // The kinds must agree before anything is read, as the live source requires.
  if (feature.kind === 'numeric' && bound.kind === 'counter') {
    return { ...base, problem: `the baseline's ${role} is numeric but it is bound to a counter of categories; bind a histogram (or make it categorical in the baseline)` };
  }
  if (feature.kind === 'categorical' && bound.kind === 'histogram') {
    return { ...base, problem: `the baseline's ${role} is categorical but it is bound to a histogram; bind a counter by category` };
  }
  const classic = bound.kind === 'histogram' && bound.histogramKind !== 'native';
  const metric = classic ? `${bound.metric}_bucket` : bound.metric;
  const matchers = bound.featureLabel === undefined ? bound.matchers : [...bound.matchers, equals(bound.featureLabel, feature.name)];
  const checked = { ...base, selector: render(selector(metric, matchers)) };
  let found: Array<Record<string, string>>;
  try {
    found = (await api.series(checked.selector, window.fromMs, window.toMs, signal)).data;
  } catch (error) {
    return { ...checked, problem: `the series lookup failed: ${errorMessage(error)}` };
  }
  const result: FeatureCheck = { ...checked, series: found.length, labels: labelNamesOf(found) };
  if (found.length === 0) {
    const lookup = await lookUpLabels(api, metric, window, signal);
    return { ...result, problem: emptyAnswerNotice({ query: checked.selector, metric, matchers }, lookup).text };
  }
  if (bound.kind === 'counter' && !result.labels.includes(bound.categoryLabel)) {
    return { ...result, problem: `its series have no label ${bound.categoryLabel} (the category label of the binding or mapping)` };
  }
  if (feature.kind === 'numeric' && classic) {
    const live = liveEdges(found);
    return { ...result, edges: { live, baseline: feature.histogram.upperBounds, shared: sharedEdgeCount(feature.histogram.upperBounds, live) }, ...edgeVerdict(feature, live) };
  }
  return bound.kind === 'histogram' && !classic ? { ...result, note: 'native histogram: converted onto the baseline buckets at query time' } : result;
}

/** Runs `task` over `items`, at most `limit` at a time, results in order. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  }
  return results;
}

/** Checks one model: every baseline feature, then its prediction and label, over the window. */
export async function checkModel(api: SeriesApi, layoutFor: LayoutFor, baseline: BaselineDocument, window: Window, signal?: AbortSignal): Promise<ModelCheck> {
  const layout = await layoutFor({ model: baseline.model, version: baseline.version });
  const { checked, unchecked } = checkedFields(baseline);
  const features = await inBatches(checked, CONCURRENCY, ({ feature, role }) => checkFeature(api, layout, feature, role, window, signal));
  return {
    baseline: `${baseline.model}@${baseline.version}`,
    source: 'prometheus',
    features,
    problems: features.filter((f) => f.problem !== undefined).length,
    unchecked,
  };
}

/** One line per model for a message: how many features read well, and the first problem. */
export function summarizeCheck(check: ModelCheck): string {
  const first = check.features.find((f) => f.problem !== undefined);
  const counted = `${check.features.length - check.problems} of ${check.features.length} fields read as bound${check.unchecked > 0 ? ` (${check.unchecked} not checked)` : ''}`;
  const where = `${check.baseline} (${LIVE_SOURCE_NAMES[check.source]})`;
  return first ? `${where}: ${counted}; first problem, ${JSON.stringify(first.feature)}: ${first.problem}` : `${where}: ${counted}`;
}
