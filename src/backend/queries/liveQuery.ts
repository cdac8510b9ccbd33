/**
 * What every live query handler (drift, distribution, confusion, performance, data quality) shares: the
 * baseline it compares with, the model it reads, the evaluation grid, the feature specs sent to the live
 * source, drift comparison with per-feature notices, and the dataplane frame builders.
 */
import { prepareReference } from '../../drift/compare';
import { DriftInputError } from '../../drift/errors';
import type { BaselineDocument, BaselineFeature, DriftNotice, DriftResult, FeatureInput } from '../../drift/types';
import { isDriftMethod } from '../../drift/methods';
import { sumOf } from '../../drift/numeric';
import { DEFAULT_QUERY, type DriftQuery } from '../../shared/queryModel';
import { DEFAULT_MIN_STEP } from '../../shared/settingsModel';
import { badRequest, notFound } from '../errors';
import { field, type Frame, type FrameMeta } from '../frames';
import type { FeatureSpec, FeatureWindowSeries, LiveDistribution, LiveSource, ModelRef, WindowCounts, WindowGrid } from '../sources/types';
import { baselineId, checkBaselineId } from '../../drift/baseline/baselineId';
import { DurationError, parseDuration, stepGrid } from './timeGrid';
import type { QueryContext } from './types';

/** Gives the live source a handler reads from (Prometheus or Elasticsearch, with the context's settings). */
export type SourceFactory = (context: QueryContext) => LiveSource;

export const TIMESERIES_MULTI: Pick<FrameMeta, 'type' | 'typeVersion'> = { type: 'timeseries-multi', typeVersion: [0, 1] };
export const NUMERIC_MULTI: Pick<FrameMeta, 'type' | 'typeVersion'> = { type: 'numeric-multi', typeVersion: [0, 1] };

export function durationMs(text: string | undefined, fallback: string, what: string): number {
  try {
    return parseDuration(text?.trim() ? text : fallback);
  } catch (error) {
    throw badRequest(`${what}: ${error instanceof DurationError ? error.message : String(error)}`);
  }
}

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

export function modelOf(baseline: BaselineDocument): ModelRef {
  return { model: baseline.model, version: baseline.version };
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

/** Instant when asked, and by default for alert rules (one number per series is what they reduce anyway). */
export function isInstant(context: QueryContext): boolean {
  return context.query.instant ?? context.fromAlert;
}

export function minStepMs(context: QueryContext): number {
  return durationMs(context.settings.jsonData.minStep, DEFAULT_MIN_STEP, 'datasource setting minStep');
}

/** The rolling-window grid over the dashboard range, at the panel's interval (see `stepGrid`). */
export function windowGrid(context: QueryContext): WindowGrid {
  const windowMs = durationMs(context.query.window, DEFAULT_QUERY.window!, '"window"');
  const grid = stepGrid(context.timeRange.fromMs, context.timeRange.toMs, context.intervalMs, context.maxDataPoints, minStepMs(context));
  return { fromMs: grid.startMs, toMs: grid.endMs, stepMs: grid.stepMs, windowMs };
}

/** For instant queries: the window ending at the end of the dashboard range. */
export function instantRange(context: QueryContext): { fromMs: number; toMs: number; windowMs: number } {
  const windowMs = durationMs(context.query.window, DEFAULT_QUERY.window!, '"window"');
  return { fromMs: context.timeRange.toMs - windowMs, toMs: context.timeRange.toMs, windowMs };
}

/** The baseline side of a comparison. */
/** Each feature's live counts: one window ending at the range's end for instant queries, else one per step. */
export interface LiveFeatureWindows {
  /** In the order of the requested specs. */
  series: FeatureWindowSeries[];
  notices: DriftNotice[];
  executedQuery?: string;
  windowMs: number;
}

export async function liveFeatureWindows(
  context: QueryContext,
  source: LiveSource,
  baseline: BaselineDocument,
  specs: FeatureSpec[]
): Promise<LiveFeatureWindows> {
  if (isInstant(context)) {
    const range = instantRange(context);
    const totals = await source.featureTotals(modelOf(baseline), specs, range, { signal: context.signal });
    return {
      series: totals.data.map((t) => ({
        feature: t.feature,
        role: t.role,
        times: [range.toMs],
        windows: [t.counts],
        observations: [t.observations],
        notices: t.notices,
      })),
      notices: totals.notices,
      executedQuery: totals.executedQuery,
      windowMs: range.windowMs,
    };
  }
  const grid = windowGrid(context);
  const series = await source.featureWindows(modelOf(baseline), specs, grid, { signal: context.signal });
  return { series: series.data, notices: series.notices, executedQuery: series.executedQuery, windowMs: grid.windowMs };
}

export function baselineInput(feature: BaselineFeature): FeatureInput {
  return feature.kind === 'numeric'
    ? { kind: 'numeric', binned: feature.histogram, summary: feature.summary }
    : { kind: 'categorical', distribution: feature.distribution };
}

/** The live side of a comparison (missing values are counted separately, not compared). */
export function liveInput(counts: WindowCounts): LiveDistribution {
  return counts.kind === 'numeric' ? { kind: 'numeric', binned: counts.binned } : { kind: 'categorical', distribution: counts.distribution };
}

/** Observations with a value: the sum of a window's (or a distribution's) counts. */
export function valuedCount(counts: WindowCounts | LiveDistribution): number {
  return sumOf(counts.kind === 'numeric' ? counts.binned.counts : counts.distribution.counts);
}

/**
 * Collects notices once per text (a per-window notice would otherwise repeat at every step), with a cap so
 * a long range cannot produce thousands of them.
 */
export class NoticeCollector {
  private readonly seen = new Set<string>();
  private readonly list: DriftNotice[] = [];
  private dropped = 0;

  constructor(private readonly limit = 20) {}

  add(notices: Iterable<DriftNotice>): void {
    for (const notice of notices) {
      if (this.seen.has(notice.text)) {
        continue;
      }
      this.seen.add(notice.text);
      if (this.list.length < this.limit) {
        this.list.push(notice);
      } else {
        this.dropped++;
      }
    }
  }

  get notices(): DriftNotice[] {
    return this.dropped > 0 ? [...this.list, { severity: 'info', text: `${this.dropped} more notice(s) not shown` }] : [...this.list];
  }
}

export type Comparison = { ok: true; result: DriftResult } | { ok: false; reason: string };

/**
 * Drift comparisons of live distributions (`liveInput` of a window, or a row's `distributionAt`) with one baseline
 * feature; bad input becomes a reason instead of failing every other feature and step. The baseline side is
 * prepared once for all the windows.
 */
export function featureComparer(feature: BaselineFeature, method: DriftQuery['method']): (live: LiveDistribution) => Comparison {
  const reference = prepareReference(baselineInput(feature), { method, name: feature.name, referenceThresholds: feature.thresholds });
  return (live) => {
    try {
      return { ok: true, result: reference.compare(live) };
    } catch (error) {
      if (error instanceof DriftInputError) {
        return { ok: false, reason: error.message };
      }
      throw error;
    }
  };
}

/** One drift comparison (see `featureComparer` for many windows of one feature). */
export function compare(feature: BaselineFeature, counts: WindowCounts, method: DriftQuery['method']): Comparison {
  return featureComparer(feature, method)(liveInput(counts));
}

/** A `timeseries-multi` frame: a time field and one labelled number field. */
export function seriesFrame(
  name: string,
  valueName: string,
  labels: Record<string, string>,
  times: number[],
  values: Array<number | null>,
  extra: { config?: Record<string, unknown>; notices?: DriftNotice[] } = {}
): Frame {
  return {
    name,
    meta: { ...TIMESERIES_MULTI, ...(extra.notices && extra.notices.length > 0 ? { notices: extra.notices } : {}) },
    fields: [field('time', 'time', times), field(valueName, 'number', values, { labels, ...(extra.config ? { config: extra.config } : {}) })],
  };
}

/** A `numeric-multi` frame: one labelled number (one row). */
export function numberFrame(
  name: string,
  valueName: string,
  labels: Record<string, string>,
  value: number,
  extra: { config?: Record<string, unknown>; notices?: DriftNotice[] } = {}
): Frame {
  return {
    name,
    meta: { ...NUMERIC_MULTI, ...(extra.notices && extra.notices.length > 0 ? { notices: extra.notices } : {}) },
    fields: [field(valueName, 'number', [value], { labels, ...(extra.config ? { config: extra.config } : {}) })],
  };
}

/**
 * Source-level notices and the executed query go on the first frame, where Grafana's inspector shows them.
 * Without data frames, notices travel on one frame without fields, which alerting still reads as NoData.
 */
export function attachSourceInfo(frames: Frame[], notices: DriftNotice[], executedQuery: string | undefined): Frame[] {
  if (frames.length === 0) {
    return notices.length > 0 ? [{ name: 'notices', meta: { notices, ...(executedQuery ? { executedQueryString: executedQuery } : {}) }, fields: [] }] : [];
  }
  const first = frames[0];
  const meta: FrameMeta = { ...(first.meta ?? {}) };
  if (notices.length > 0) {
    meta.notices = [...notices, ...(meta.notices ?? [])];
  }
  if (executedQuery) {
    meta.executedQueryString = executedQuery;
  }
  return [{ ...first, meta }, ...frames.slice(1)];
}

interface SeriesEntry {
  frameName: string;
  valueName: string;
  labels: Record<string, string>;
  config?: Record<string, unknown>;
  times: number[];
  values: number[];
}

/**
 * Points collected per (quantity, labels) in time order, written either as `timeseries-multi` frames or,
 * for instant queries, as `numeric-multi` frames of the last point. Series without points are not written.
 */
export class SeriesSet {
  private readonly entries = new Map<string, SeriesEntry>();

  add(valueName: string, labels: Record<string, string>, time: number, value: number | undefined, config?: Record<string, unknown>): void {
    if (value === undefined || Number.isNaN(value)) {
      return;
    }
    const key = JSON.stringify([valueName, labels]);
    let entry = this.entries.get(key);
    if (!entry) {
      const frameName = [valueName, ...Object.values(labels)].join(' ');
      entry = { frameName, valueName, labels, config, times: [], values: [] };
      this.entries.set(key, entry);
    }
    entry.times.push(time);
    entry.values.push(value);
  }

  frames(instant: boolean): Frame[] {
    return [...this.entries.values()].map((e) =>
      instant
        ? numberFrame(e.frameName, e.valueName, e.labels, e.values[e.values.length - 1], { config: e.config })
        : seriesFrame(e.frameName, e.valueName, e.labels, e.times, e.values, { config: e.config })
    );
  }
}
