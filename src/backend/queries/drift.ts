/**
 * `drift` query: each feature's live distribution against the baseline, per step of the panel interval over
 * a rolling window (`timeseries-multi`), or once for the window ending now (`numeric-multi`, for alert
 * rules and stat panels). One series per feature and quantity, labelled model/version/feature/method.
 * A window without traffic has no point, and a query without any traffic returns no frames (NoData).
 * Options: p-values adjusted across the features per step (`correction`), a `drift_share` series, and the
 * bins that carry each score (`explain`); frame layout in `shared/frameContract.ts`.
 */
import { adjustPValues, checkCorrection, type MultipleTestingCorrection } from '../../drift/dataset';
import { describeContributors, topContributors, type TopContributor } from '../../drift/explain';
import { isDrift, normalizedScore } from '../../drift/methods';
import type { BaselineDocument, BaselineFeature, DriftMethod, DriftNotice } from '../../drift/types';
import {
  DRIFT_EXPLANATION,
  DRIFT_LABELS,
  DRIFT_SHARE_FIELD,
  DRIFT_THRESHOLD_CUSTOM_KEY,
  DRIFT_VALUE_FIELDS,
  DRIFT_WINDOW_CUSTOM_KEY,
} from '../../shared/frameContract';
import type { DriftQuery } from '../../shared/queryModel';
import type { FeatureSpec, FieldRole, LiveDistribution, LiveSource } from '../sources/types';
import { badRequest } from '../errors';
import { field, type Frame } from '../frames';
import { featureComparer, liveInput, valuedCount, type Comparison } from './comparison';
import { attachSourceInfo, NoticeCollector, numberFrame, seriesFrame } from './liveFrames';
import { isInstant, liveFeatureWindows, type SourceFactory } from './liveWindows';
import { readReference, referenceOf, type ReferenceComparer, type ReferenceSpec } from './liveReference';
import { checkMethod, featureSpec, requireBaseline, selectFeatures } from './namedBaseline';
import { withPrediction } from './predictionFeature';
import { findSegments, segmentOptions, type SegmentReference } from './segments';
import type { QueryContext, QueryHandler, QueryResult } from './types';

/**
 * One method's points of a feature, as columns of numbers. Nothing else of a comparison's result is kept: a
 * DriftResult (or any object) per window would stay alive until the frames are built, and copying tens of
 * thousands of them through the young generation costs the garbage collector more than the statistics cost.
 * Plain objects and free functions rather than classes, as for everything a comparison loop touches per window:
 * V8 discards code compiled for a class's instances once the last of them is garbage (after a full collection),
 * while an object literal's shape lives as long as the code that makes it.
 */
interface MethodSeries {
  readonly method: DriftMethod;
  readonly times: number[];
  readonly statistics: number[];
  readonly thresholds: number[];
  /** Undefined for distances (no p-value); adjusted in place by `adjustAcrossFeatures`. */
  readonly pValues: Array<number | undefined>;
  /** Only when the query explains: each point's top contributors. */
  readonly tops: TopContributor[][];
}

function normalizedScoreAt(series: MethodSeries, i: number): number {
  return normalizedScore({ statistic: series.statistics[i], pValue: series.pValues[i], threshold: series.thresholds[i] });
}

function driftsAt(series: MethodSeries, i: number): boolean {
  return isDrift(series.method, series.statistics[i], series.pValues[i], series.thresholds[i]);
}

/** How many contributors a point names: enough to see whether one bin or a spread carries the score. */
const TOP_CONTRIBUTORS = 3;

/** A feature's series by method (an automatic choice may differ between windows; a series carries one method label). */
interface SeriesByMethod {
  readonly groups: Map<DriftMethod, MethodSeries>;
  /** The series of the previous window, which the next window usually extends (saves a lookup per window). */
  last: MethodSeries | undefined;
}

function addPoint(byMethod: SeriesByMethod, time: number, comparison: Extract<Comparison, { ok: true }>): void {
  const { result, explanation } = comparison;
  let series = byMethod.last;
  if (series?.method !== result.method) {
    series = byMethod.groups.get(result.method);
    if (!series) {
      series = { method: result.method, times: [], statistics: [], thresholds: [], pValues: [], tops: [] };
      byMethod.groups.set(result.method, series);
    }
    byMethod.last = series;
  }
  series.times.push(time);
  series.statistics.push(result.statistic);
  series.thresholds.push(result.threshold);
  series.pValues.push(result.pValue);
  if (explanation) {
    series.tops.push(topContributors(explanation, TOP_CONTRIBUTORS));
  }
}

/** Points of every feature's series, grouped by time (features share the step grid). */
function pointsByTime(all: readonly SeriesByMethod[]): Map<number, Array<{ series: MethodSeries; i: number }>> {
  const byTime = new Map<number, Array<{ series: MethodSeries; i: number }>>();
  for (const byMethod of all) {
    for (const series of byMethod.groups.values()) {
      series.times.forEach((time, i) => {
        let points = byTime.get(time);
        if (!points) {
          points = [];
          byTime.set(time, points);
        }
        points.push({ series, i });
      });
    }
  }
  return byTime;
}

/** Replaces each step's test p-values by their adjustment across the features tested at that step. */
function adjustAcrossFeatures(byTime: Map<number, Array<{ series: MethodSeries; i: number }>>, correction: MultipleTestingCorrection): void {
  for (const points of byTime.values()) {
    const tested = points.filter(({ series, i }) => series.pValues[i] !== undefined);
    const adjusted = adjustPValues(
      tested.map(({ series, i }) => series.pValues[i] as number),
      correction
    );
    tested.forEach(({ series, i }, k) => {
      series.pValues[i] = adjusted[k];
    });
  }
}

/** The share of the features with a point at each step that drift there (tests by their adjusted p-value). */
function driftShares(byTime: Map<number, Array<{ series: MethodSeries; i: number }>>): { times: number[]; shares: number[] } {
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const shares = times.map((time) => {
    const points = byTime.get(time) as Array<{ series: MethodSeries; i: number }>;
    return points.filter(({ series, i }) => driftsAt(series, i)).length / points.length;
  });
  return { times, shares };
}

/** The drift share frame carrying the features' notices, for an instant query that writes no feature frames. */
function shareWithNotices(share: Frame, computed: ReadonlyArray<{ notices: DriftNotice[] }>): Frame {
  const notices = new NoticeCollector();
  computed.forEach((c) => notices.add(c.notices));
  const all = notices.notices;
  return all.length > 0 ? { ...share, meta: { ...share.meta, notices: all } } : share;
}

function checkedCorrection(query: DriftQuery): MultipleTestingCorrection {
  const correction = query.correction ?? 'none';
  if ((correction as string) === '') {
    return 'none';
  }
  try {
    checkCorrection(correction);
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
  return correction;
}

interface Quantity {
  name: string;
  value: (series: MethodSeries, i: number) => number | undefined;
  config: Record<string, unknown>;
}

/** The labels every series of a query (or of one segment) carries; each feature's add its name and method. */
function labelsOf(baseline: BaselineDocument, reference: ReferenceSpec | undefined): Record<string, string> {
  return {
    [DRIFT_LABELS.model]: baseline.model,
    [DRIFT_LABELS.version]: baseline.version,
    // Only for a live reference, so that series against the stored baseline keep the labels alert rules know.
    ...(reference ? { [DRIFT_LABELS.reference]: reference.label } : {}),
  };
}

/** Only on a segmented query's series, which then differ by it alone. */
function segmentLabel(segment: SegmentReference | undefined): Record<string, string> {
  return segment ? { [DRIFT_LABELS.segment]: segment.name } : {};
}

/** The quantities a drift query writes per feature, in order. */
function quantities(context: QueryContext, series: MethodSeries): Quantity[] {
  if (context.query.explain === true && isInstant(context)) {
    return [{ name: DRIFT_EXPLANATION.topContribution, value: (s, i) => s.tops[i][0]?.share, config: {} }];
  }
  const normalize = context.query.normalizeByThreshold === true;
  const out: Quantity[] = [
    normalize
      ? { name: DRIFT_VALUE_FIELDS.normalizedScore, value: normalizedScoreAt, config: { custom: { [DRIFT_THRESHOLD_CUSTOM_KEY]: 1 } } }
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

/** Where a correction applies, the frames say which (p-values and normalised scores are the adjusted ones). */
function correctionConfig(correction: MultipleTestingCorrection): Record<string, string> {
  return correction === 'none' ? {} : { [DRIFT_EXPLANATION.correctionCustomKey]: correction };
}

function featureFrames(
  context: QueryContext,
  seriesLabels: Record<string, string>,
  feature: BaselineFeature,
  byMethod: SeriesByMethod,
  notices: DriftNotice[],
  windowMs: number,
  instant: boolean
): Frame[] {
  const frames: Frame[] = [];
  const correction = correctionConfig(checkedCorrection(context.query));
  for (const [method, series] of byMethod.groups) {
    const labels = { ...seriesLabels, [DRIFT_LABELS.feature]: feature.name, [DRIFT_LABELS.method]: method };
    for (const quantity of quantities(context, series)) {
      const config = { ...quantity.config, custom: { ...(quantity.config.custom as object), ...correction, [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
      const frameNotices = frames.length === 0 ? notices : [];
      if (instant) {
        const last = series.times.length - 1;
        const value = quantity.value(series, last);
        if (value !== undefined) {
          const withBin = quantity.name === DRIFT_EXPLANATION.topContribution ? { ...labels, [DRIFT_EXPLANATION.binLabel]: series.tops[last][0].bin } : labels;
          frames.push(numberFrame(feature.name, quantity.name, withBin, value, { config, notices: frameNotices }));
        }
      } else {
        // Each frame gets its own time column: frames are handed over to be encoded and must not share state.
        const frame = seriesFrame(feature.name, quantity.name, labels, [...series.times], column(series, quantity), { config, notices: frameNotices });
        if (series.tops.length > 0) {
          frame.fields.push(field(DRIFT_EXPLANATION.topContributorsField, 'string', series.tops.map(describeContributors)));
        }
        frames.push(frame);
      }
    }
  }
  return frames;
}

function driftShareFrame(labels: Record<string, string>, byTime: Map<number, Array<{ series: MethodSeries; i: number }>>, windowMs: number, instant: boolean): Frame | undefined {
  const { times, shares } = driftShares(byTime);
  if (times.length === 0) {
    return undefined;
  }
  const config = { unit: 'percentunit', min: 0, max: 1, custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
  return instant
    ? numberFrame(DRIFT_SHARE_FIELD, DRIFT_SHARE_FIELD, labels, shares[shares.length - 1], { config })
    : seriesFrame(DRIFT_SHARE_FIELD, DRIFT_SHARE_FIELD, labels, times, shares, { config });
}

/** A stored baseline's comparer, which has one reference for every window, in the shape of a live reference's. */
function withoutTime(compare: (live: LiveDistribution) => Comparison): ReferenceComparer {
  return (live) => compare(live);
}

/** What every segment of a query compares alike: the features, their specs and roles, and the query's options. */
interface DriftPlan {
  baseline: BaselineDocument;
  features: BaselineFeature[];
  roles: FieldRole[];
  specs: FeatureSpec[];
  method: DriftQuery['method'];
  correction: MultipleTestingCorrection;
  reference: ReferenceSpec | undefined;
}

/** One segment's (or the whole model's) frames, the notices about them, and the upstream queries they took. */
interface DriftPart {
  frames: Frame[];
  notices: DriftNotice[];
  queries: Array<string | undefined>;
}

/**
 * Where a query reads: the live side, and the reference side in a cache lane of its own (a reference an offset
 * earlier reads the live side's upstream queries over other times; in one lane, an offset shorter than the range
 * makes the two runs overlap, each read would replace the other's and every refresh would fetch both again).
 */
interface DriftSources {
  live: LiveSource;
  reference: LiveSource;
}

function driftSources(sourceFor: SourceFactory, context: QueryContext, reference: ReferenceSpec | undefined): DriftSources {
  const live = sourceFor(context);
  return { live, reference: reference && context.cache ? sourceFor({ ...context, cache: context.cache.lane('reference') }) : live };
}

/** The frames of one read: the whole model's, or one segment's, whose series carry its `segment` label. */
async function driftPart(context: QueryContext, sources: DriftSources, plan: DriftPlan, segment: SegmentReference | undefined): Promise<DriftPart> {
  const { baseline, features, roles, specs, method, correction, reference: referenceSpec } = plan;
  const instant = isInstant(context);
  const [{ series: windowsByFeature, notices: sourceNotices, executedQuery, windowMs }, reference] = await Promise.all([
    liveFeatureWindows(context, sources.live, baseline, specs, segment?.filter),
    referenceSpec && readReference(context, sources.reference, baseline, specs, referenceSpec, segment?.filter),
  ]);

  const explain = context.query.explain === true;
  const referenceComparers = reference?.comparers(features, method, explain);
  const withoutPoints = new NoticeCollector();
  const computed: Array<{ feature: BaselineFeature; byMethod: SeriesByMethod; notices: DriftNotice[]; isFeature: boolean }> = [];
  features.forEach((feature, index) => {
    const live = windowsByFeature[index];
    const notices = new NoticeCollector();
    notices.add(live?.notices ?? []);
    const byMethod: SeriesByMethod = { groups: new Map(), last: undefined };
    const compare = referenceComparers?.[index] ?? withoutTime(featureComparer(segment?.baselineFeature(feature) ?? feature, method, explain));
    let withoutReference = 0;
    // By row when the source has rows: no window object is made for a comparison.
    const rows = live?.rows;
    const windows = rows ? rows.length : (live?.windows.length ?? 0);
    for (let i = 0; i < windows; i++) {
      const distribution = rows ? rows.distributionAt(i) : liveInput(live.windows[i]);
      if (valuedCount(distribution) <= 0) {
        continue;
      }
      const comparison = compare(distribution, live.times[i]);
      if (comparison === undefined) {
        withoutReference++;
      } else if (comparison.ok) {
        addPoint(byMethod, live.times[i], comparison);
        if (comparison.result.notices.length > 0) {
          notices.add(comparison.result.notices);
        }
      } else {
        notices.add([{ severity: 'warning', text: `${feature.name}: ${comparison.reason}` }]);
      }
    }
    if (withoutReference > 0) {
      notices.add([{ severity: 'warning', text: `${feature.name}: ${withoutReference} window(s) without reference data (${reference!.spec.label}) have no point` }]);
    }
    if (byMethod.groups.size > 0) {
      computed.push({ feature, byMethod, notices: notices.notices, isFeature: roles[index] === 'feature' });
    } else {
      withoutPoints.add(notices.notices.filter((n) => n.severity !== 'info'));
    }
  });
  // The prediction is reported beside the features, not counted among them (drift share, p-value correction).
  // Only these need the points grouped by step: a plain query does not pay for the grouping.
  const wantsShare = context.query.includeDriftShare === true;
  const byTime = correction !== 'none' || wantsShare ? pointsByTime(computed.filter((c) => c.isFeature).map((c) => c.byMethod)) : undefined;
  if (byTime && correction !== 'none') {
    adjustAcrossFeatures(byTime, correction);
  }
  const seriesLabels = { ...labelsOf(baseline, referenceSpec), ...segmentLabel(segment) };
  const share = byTime && wantsShare ? driftShareFrame(seriesLabels, byTime, windowMs, instant) : undefined;
  // An instant query answers one question, so that an alert rule's condition sees only its own series: the
  // drift share alone when asked for (the features' notices still travel on its frame).
  const frames =
    instant && share
      ? [shareWithNotices(share, computed)]
      : [...computed.flatMap((c) => featureFrames(context, seriesLabels, c.feature, c.byMethod, c.notices, windowMs, instant)), ...(share ? [share] : [])];
  return {
    frames,
    notices: [...sourceNotices, ...(reference?.notices ?? []), ...withoutPoints.notices, ...(segment?.notices ?? [])],
    queries: [executedQuery, reference?.executedQuery],
  };
}

/** The upstream queries, each once: the segments of a set read together all name the same grouped queries. */
function joinedQueries(queries: Array<string | undefined>): string | undefined {
  return [...new Set(queries.filter((q): q is string => q !== undefined && q !== ''))].join('\n') || undefined;
}

export function driftQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const baseline = await requireBaseline(context);
    const { features, roles, notices: selectionNotices } = withPrediction(baseline, selectFeatures(baseline, context.query.features), context.query);
    const plan: DriftPlan = {
      baseline,
      features,
      roles,
      specs: features.map((f, i) => featureSpec(f, roles[i])),
      method: checkMethod(context.query),
      correction: checkedCorrection(context.query),
      reference: referenceOf(context.query),
    };
    const segmenting = segmentOptions(context.query);
    const sources = driftSources(sourceFor, context, plan.reference);
    if (!segmenting) {
      const whole = await driftPart(context, sources, plan, undefined);
      return { frames: attachSourceInfo(whole.frames, [...selectionNotices, ...whole.notices], joinedQueries(whole.queries)) };
    }
    const found = await findSegments(context, sources.live, plan.baseline, plan.specs, segmenting);
    const parts = await Promise.all(found.segments.map((segment) => driftPart(context, sources, plan, segment)));
    const notices = new NoticeCollector();
    notices.add([...selectionNotices, ...found.notices]);
    // Which segment a notice is about, since each segment's read says the same kind of things.
    parts.forEach((part, i) => notices.add(part.notices.map((n) => ({ ...n, text: `${segmenting.label}=${JSON.stringify(found.segments[i].name)}: ${n.text}` }))));
    return { frames: attachSourceInfo(parts.flatMap((p) => p.frames), notices.notices, joinedQueries([found.executedQuery, ...parts.flatMap((p) => p.queries)])) };
  };
}
