/**
 * `drift` query: each feature's live distribution against the baseline, per step of the panel interval over
 * a rolling window (`timeseries-multi`), or once for the window ending now (`numeric-multi`, for alert
 * rules and stat panels). One series per feature and quantity, labelled model/version/feature/method.
 * A window without traffic has no point, and a query without any traffic returns no frames (NoData).
 */
import { normalizedScore } from '../../drift/methods';
import type { BaselineDocument, BaselineFeature, DriftMethod, DriftNotice, DriftResult } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_THRESHOLD_CUSTOM_KEY, DRIFT_VALUE_FIELDS, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import type { Frame } from '../frames';
import { featureComparer, liveInput, valuedCount } from './comparison';
import { attachSourceInfo, NoticeCollector, numberFrame, seriesFrame } from './liveFrames';
import { isInstant, liveFeatureWindows, type SourceFactory } from './liveWindows';
import { checkMethod, featureSpec, requireBaseline, selectFeatures } from './namedBaseline';
import type { QueryContext, QueryHandler, QueryResult } from './types';

/**
 * One method's points of a feature, as columns of numbers. Nothing else of a comparison's result is kept: a
 * DriftResult (or any object) per window would stay alive until the frames are built, and copying tens of
 * thousands of them through the young generation costs the garbage collector more than the statistics cost.
 */
class MethodSeries {
  readonly times: number[] = [];
  readonly statistics: number[] = [];
  readonly thresholds: number[] = [];
  /** Undefined for distances (no p-value). */
  readonly pValues: Array<number | undefined> = [];

  add(time: number, result: DriftResult): void {
    this.times.push(time);
    this.statistics.push(result.statistic);
    this.thresholds.push(result.threshold);
    this.pValues.push(result.pValue);
  }

  normalizedScore(i: number): number {
    return normalizedScore({ statistic: this.statistics[i], pValue: this.pValues[i], threshold: this.thresholds[i] });
  }
}

/** A feature's series by method (an automatic choice may differ between windows; a series carries one method label). */
class SeriesByMethod {
  readonly groups = new Map<DriftMethod, MethodSeries>();

  /** The method of the previous window, whose series the next window usually extends (saves a lookup per window). */
  private last: { method: DriftMethod; series: MethodSeries } | undefined;

  add(time: number, result: DriftResult): void {
    if (this.last?.method !== result.method) {
      let series = this.groups.get(result.method);
      if (!series) {
        series = new MethodSeries();
        this.groups.set(result.method, series);
      }
      this.last = { method: result.method, series };
    }
    this.last.series.add(time, result);
  }
}

interface Quantity {
  name: string;
  value: (series: MethodSeries, i: number) => number | undefined;
  config: Record<string, unknown>;
}

function labelsOf(baseline: BaselineDocument, feature: string, method: DriftMethod): Record<string, string> {
  return {
    [DRIFT_LABELS.model]: baseline.model,
    [DRIFT_LABELS.version]: baseline.version,
    [DRIFT_LABELS.feature]: feature,
    [DRIFT_LABELS.method]: method,
  };
}

/** The quantities a drift query writes per feature, in order. */
function quantities(context: QueryContext, series: MethodSeries): Quantity[] {
  const normalize = context.query.normalizeByThreshold === true;
  const out: Quantity[] = [
    normalize
      ? { name: DRIFT_VALUE_FIELDS.normalizedScore, value: (s, i) => s.normalizedScore(i), config: { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: 1 } } }
      : {
          name: DRIFT_VALUE_FIELDS.score,
          value: (s, i) => s.statistics[i],
          config: series.times.length > 0 && series.pValues[0] === undefined ? { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: series.thresholds[0] } } : { custom: {} },
        },
  ];
  if (context.query.includePValue === true && series.pValues.some((p) => p !== undefined)) {
    out.push({ name: DRIFT_VALUE_FIELDS.pValue, value: (s, i) => s.pValues[i], config: { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: series.thresholds[0] } } });
  }
  return out;
}

/** A quantity's value at every point (null where it has none), as a frame column. */
function column(series: MethodSeries, quantity: Quantity): Array<number | null> {
  const values = new Array<number | null>(series.times.length);
  for (let i = 0; i < values.length; i++) {
    values[i] = quantity.value(series, i) ?? null;
  }
  return values;
}

function featureFrames(context: QueryContext, baseline: BaselineDocument, feature: BaselineFeature, byMethod: SeriesByMethod, notices: DriftNotice[], windowMs: number, instant: boolean): Frame[] {
  const frames: Frame[] = [];
  for (const [method, series] of byMethod.groups) {
    const labels = labelsOf(baseline, feature.name, method);
    for (const quantity of quantities(context, series)) {
      const config = { ...quantity.config, custom: { ...(quantity.config.custom as object), [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
      const frameNotices = frames.length === 0 ? notices : [];
      if (instant) {
        const value = quantity.value(series, series.times.length - 1);
        if (value !== undefined) {
          frames.push(numberFrame(feature.name, quantity.name, labels, value, { config, notices: frameNotices }));
        }
      } else {
        // Each frame gets its own time column: frames are handed over to be encoded and must not share state.
        frames.push(seriesFrame(feature.name, quantity.name, labels, [...series.times], column(series, quantity), { config, notices: frameNotices }));
      }
    }
  }
  return frames;
}

export function driftQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const baseline = await requireBaseline(context);
    const features = selectFeatures(baseline, context.query.features);
    const method = checkMethod(context.query);
    const source = sourceFor(context);
    const specs = features.map((f) => featureSpec(f));
    const instant = isInstant(context);
    const { series: windowsByFeature, notices: sourceNotices, executedQuery, windowMs } = await liveFeatureWindows(context, source, baseline, specs);

    const frames: Frame[] = [];
    const withoutPoints = new NoticeCollector();
    features.forEach((feature, index) => {
      const live = windowsByFeature[index];
      const notices = new NoticeCollector();
      notices.add(live?.notices ?? []);
      const byMethod = new SeriesByMethod();
      const compare = featureComparer(feature, method);
      // By row when the source has rows: no window object is made for a comparison.
      const rows = live?.rows;
      const windows = rows ? rows.length : (live?.windows.length ?? 0);
      for (let i = 0; i < windows; i++) {
        const distribution = rows ? rows.distributionAt(i) : liveInput(live.windows[i]);
        if (valuedCount(distribution) <= 0) {
          continue;
        }
        const comparison = compare(distribution);
        if (comparison.ok) {
          byMethod.add(live.times[i], comparison.result);
          notices.add(comparison.result.notices);
        } else {
          notices.add([{ severity: 'warning', text: `${feature.name}: ${comparison.reason}` }]);
        }
      }
      if (byMethod.groups.size > 0) {
        frames.push(...featureFrames(context, baseline, feature, byMethod, notices.notices, windowMs, instant));
      } else {
        withoutPoints.add(notices.notices.filter((n) => n.severity !== 'info'));
      }
    });
    return { frames: attachSourceInfo(frames, [...sourceNotices, ...withoutPoints.notices], executedQuery) };
  };
}
