/**
 * `drift` query: each feature's live distribution against the baseline, per step of the panel interval over
 * a rolling window (`timeseries-multi`), or once for the window ending now (`numeric-multi`, for alert
 * rules and stat panels). One series per feature and quantity, labelled model/version/feature/method.
 * A window without traffic has no point, and a query without any traffic returns no frames (NoData).
 */
import type { BaselineDocument, BaselineFeature, DriftMethod, DriftNotice, DriftResult } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_THRESHOLD_CUSTOM_KEY, DRIFT_VALUE_FIELDS, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import type { Frame } from '../frames';
import {
  attachSourceInfo,
  checkMethod,
  featureComparer,
  featureSpec,
  isInstant,
  liveFeatureWindows,
  normalizedScore,
  NoticeCollector,
  numberFrame,
  requireBaseline,
  selectFeatures,
  seriesFrame,
  valuedCount,
  type SourceFactory,
} from './liveQuery';
import type { QueryContext, QueryHandler, QueryResult } from './types';

interface Point {
  time: number;
  result: DriftResult;
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
function quantities(context: QueryContext, points: Point[]): Array<{ name: string; value: (r: DriftResult) => number | undefined; config: Record<string, unknown> }> {
  const normalize = context.query.normalizeByThreshold === true;
  const out: Array<{ name: string; value: (r: DriftResult) => number | undefined; config: Record<string, unknown> }> = [
    normalize
      ? { name: DRIFT_VALUE_FIELDS.normalizedScore, value: normalizedScore, config: { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: 1 } } }
      : {
          name: DRIFT_VALUE_FIELDS.score,
          value: (r) => r.statistic,
          config: points.length > 0 && points[0].result.pValue === undefined ? { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: points[0].result.threshold } } : { custom: {} },
        },
  ];
  if (context.query.includePValue === true && points.some((p) => p.result.pValue !== undefined)) {
    out.push({ name: DRIFT_VALUE_FIELDS.pValue, value: (r) => r.pValue, config: { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: points[0].result.threshold } } });
  }
  return out;
}

/** Groups points by method (an automatic choice is per feature, but a series must carry one method label). */
function byMethod(points: Point[]): Map<DriftMethod, Point[]> {
  const groups = new Map<DriftMethod, Point[]>();
  for (const point of points) {
    const group = groups.get(point.result.method) ?? [];
    group.push(point);
    groups.set(point.result.method, group);
  }
  return groups;
}

function featureFrames(context: QueryContext, baseline: BaselineDocument, feature: BaselineFeature, points: Point[], notices: DriftNotice[], windowMs: number, instant: boolean): Frame[] {
  const frames: Frame[] = [];
  for (const [method, group] of byMethod(points)) {
    const labels = labelsOf(baseline, feature.name, method);
    for (const quantity of quantities(context, group)) {
      const config = { ...quantity.config, custom: { ...(quantity.config.custom as object), [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
      const frameNotices = frames.length === 0 ? notices : [];
      if (instant) {
        const value = quantity.value(group[group.length - 1].result);
        if (value !== undefined) {
          frames.push(numberFrame(feature.name, quantity.name, labels, value, { config, notices: frameNotices }));
        }
      } else {
        const times = group.map((p) => p.time);
        const values = group.map((p) => quantity.value(p.result) ?? null);
        frames.push(seriesFrame(feature.name, quantity.name, labels, times, values, { config, notices: frameNotices }));
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
      const points: Point[] = [];
      const compare = featureComparer(feature, method);
      live?.windows.forEach((counts, i) => {
        if (valuedCount(counts) <= 0) {
          return;
        }
        const comparison = compare(counts);
        if (comparison.ok) {
          points.push({ time: live.times[i], result: comparison.result });
          notices.add(comparison.result.notices);
        } else {
          notices.add([{ severity: 'warning', text: `${feature.name}: ${comparison.reason}` }]);
        }
      });
      if (points.length > 0) {
        frames.push(...featureFrames(context, baseline, feature, points, notices.notices, windowMs, instant));
      } else {
        withoutPoints.add(notices.notices.filter((n) => n.severity !== 'info'));
      }
    });
    return { frames: attachSourceInfo(frames, [...sourceNotices, ...withoutPoints.notices], executedQuery) };
  };
}
