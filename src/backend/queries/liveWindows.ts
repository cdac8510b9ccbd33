/**
 * The live windows a query reads: its rolling-window grid (or, for instant queries, the one window ending at
 * the range's end) and the counts the live source returns for them.
 */
import type { BaselineDocument, DriftNotice } from '../../drift/types';
import { DEFAULT_QUERY } from '../../shared/queryModel';
import { DEFAULT_MIN_STEP } from '../../shared/settingsModel';
import { badRequest } from '../errors';
import type { FeatureSpec, FeatureWindowSeries, LiveSource, SegmentFilter, WindowGrid } from '../sources/types';
import { DurationError, parseDuration, stepGrid } from './timeGrid';
import type { QueryContext } from './types';
import { modelOf } from './namedBaseline';

/** Gives the live source a handler reads from (Prometheus or Elasticsearch, with the context's settings). */
export type SourceFactory = (context: QueryContext) => LiveSource;

export function durationMs(text: string | undefined, fallback: string, what: string): number {
  try {
    return parseDuration(text?.trim() ? text : fallback);
  } catch (error) {
    throw badRequest(`${what}: ${error instanceof DurationError ? error.message : String(error)}`);
  }
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

/** Each feature's live counts (of one segment, when given): one window ending at the range's end for instant queries, else one per step. */
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
  specs: FeatureSpec[],
  segment?: SegmentFilter
): Promise<LiveFeatureWindows> {
  const model = modelOf(baseline, segment);
  if (isInstant(context)) {
    const range = instantRange(context);
    const totals = await source.featureTotals(model, specs, range, { signal: context.signal });
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
  const series = await source.featureWindows(model, specs, grid, { signal: context.signal });
  return { series: series.data, notices: series.notices, executedQuery: series.executedQuery, windowMs: grid.windowMs };
}
