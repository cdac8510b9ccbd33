/**
 * Prometheus as a `LiveSource`: counts per feature and window from classic histograms (`<name>_bucket` with
 * `le`) and counters, one PromQL query per metric for every feature and step at once.
 *
 * Instrumentation this reads (names from the datasource mapping, defaults in `DEFAULT_PROMETHEUS_MAPPING`):
 * - numeric features: histogram `model_feature_value{model, version, feature}`;
 * - categorical features: counter `model_feature_category_total{model, version, feature, category}`;
 * - predictions: counter `model_predictions_total{model, version, predicted}`;
 * - labelled outcomes: counter `model_outcomes_total{model, version, actual, predicted}`;
 * - values that never reached the histogram: counter `model_feature_missing_total{model, version, feature,
 *   reason}`, where `reason` is `nan`, `inf` or `non_finite` for non-finite values and anything else
 *   (`missing`, `null`, ...) for absent ones.
 */
import { sumOf } from '../../drift/numeric';
import type { BinnedCounts, DriftNotice } from '../../drift/types';
import {
  DEFAULT_PROMETHEUS_HISTOGRAM_KIND,
  type PrometheusHistogramKind,
  type PrometheusMapping,
} from '../../shared/settingsModel';
import type {
  CallOptions,
  ConfusionCounts,
  ConfusionSeries,
  FeatureSpec,
  FeatureTotals,
  FeatureWindowSeries,
  FieldRole,
  LiveSource,
  ModelRef,
  SourceResult,
  TimeRange,
  WindowCounts,
  WindowGrid,
} from '../sources/types';
import { alignCategories, alignHistograms, decumulateSorted } from './buckets';
import type { PrometheusQueries } from './cachedRanges';
import { groupBucketsByFeature, groupCountsByTime, vectorAsMatrix, windowSeconds, type FeatureBuckets } from './grid';
import { equals, increase, oneOf, render, selector, sumBy, type Expr, type LabelMatcher } from './promql';
import { nativeConversionNotices, nativeToBaselineBuckets, type NativeConversion, type NativeHistogram, type NativeSeries } from './native';
import type { MatrixSeries } from './response';

/** Where the window ends: every step of a grid (range query), or one instant. */
type Evaluation = { kind: 'range'; grid: WindowGrid } | { kind: 'instant'; timeMs: number; windowMs: number };

interface Fetched {
  series: MatrixSeries[];
  notices: DriftNotice[];
  query: string;
}

interface NativeFetched {
  series: NativeSeries[];
  notices: DriftNotice[];
  query: string;
}

function prometheusNotices(warnings: readonly string[], infos: readonly string[]): DriftNotice[] {
  return [
    ...warnings.map((text): DriftNotice => ({ severity: 'warning', text: `Prometheus: ${text}` })),
    ...infos.map((text): DriftNotice => ({ severity: 'info', text: `Prometheus: ${text}` })),
  ];
}

/** Native histogram samples per feature and evaluation time (`sum by (feature)` gives one series per feature). */
function groupNativeByFeature(series: readonly NativeSeries[], featureLabel: string): Map<string, Map<number, NativeHistogram>> {
  const byFeature = new Map<string, Map<number, NativeHistogram>>();
  for (const s of series) {
    const feature = s.labels[featureLabel];
    if (feature === undefined) {
      continue;
    }
    const byTime = byFeature.get(feature) ?? new Map<number, NativeHistogram>();
    for (const sample of s.samples) {
      byTime.set(sample.timeMs, sample.histogram);
    }
    byFeature.set(feature, byTime);
  }
  return byFeature;
}

/** Points (series × steps) per answer: about 20 MB of JSON, well under the upstream client's size cap. */
export const MAX_POINTS_PER_QUERY = 1_000_000;

/** Consecutive groups of names whose summed cost stays within the budget (a single name may exceed it). */
export function batchFeatures(names: readonly string[], cost: (name: string) => number, budget: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const name of names) {
    const c = cost(name);
    if (current.length > 0 && used + c > budget) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(name);
    used += c;
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

const NON_FINITE_REASONS = new Set(['nan', 'inf', '+inf', '-inf', 'non_finite', 'nonfinite']);

export class PrometheusSource implements LiveSource {
  readonly kind = 'prometheus' as const;

  constructor(
    private readonly api: PrometheusQueries,
    private readonly mapping: PrometheusMapping,
    private readonly maxPointsPerQuery: number = MAX_POINTS_PER_QUERY,
    private readonly histogramKind: PrometheusHistogramKind = DEFAULT_PROMETHEUS_HISTOGRAM_KIND
  ) {}

  async featureWindows(model: ModelRef, features: FeatureSpec[], grid: WindowGrid, options?: CallOptions): Promise<SourceResult<FeatureWindowSeries[]>> {
    return this.readFeatures(model, features, { kind: 'range', grid }, options);
  }

  async featureTotals(model: ModelRef, features: FeatureSpec[], range: TimeRange, options?: CallOptions): Promise<SourceResult<FeatureTotals[]>> {
    const windowMs = range.toMs - range.fromMs;
    const result = await this.readFeatures(model, features, { kind: 'instant', timeMs: range.toMs, windowMs }, options);
    const data = result.data.map((series): FeatureTotals => {
      const spec = features.find((f) => f.name === series.feature && (f.role ?? 'feature') === series.role);
      return {
        feature: series.feature,
        role: series.role,
        counts: series.windows[0] ?? emptyCounts(spec!),
        observations: series.observations[0] ?? 0,
        notices: series.notices,
      };
    });
    return { ...result, data };
  }

  async confusion(model: ModelRef, range: TimeRange, _classNames: string[], options?: CallOptions): Promise<SourceResult<ConfusionCounts>> {
    const evaluation: Evaluation = { kind: 'instant', timeMs: range.toMs, windowMs: range.toMs - range.fromMs };
    const result = await this.confusionAt(model, evaluation, options);
    return { ...result, data: result.data.windows[0] ?? { actual: [], predicted: [], counts: [], unlisted: 0 } };
  }

  async confusionWindows(model: ModelRef, grid: WindowGrid, _classNames: string[], options?: CallOptions): Promise<SourceResult<ConfusionSeries>> {
    return this.confusionAt(model, { kind: 'range', grid }, options);
  }

  private async confusionAt(model: ModelRef, evaluation: Evaluation, options?: CallOptions): Promise<SourceResult<ConfusionSeries>> {
    const m = this.mapping;
    const expr = this.windowSum(m.outcomeCounter, this.modelMatchers(model), [m.actualLabel, m.predictedLabel], evaluation);
    const fetched = await this.fetch(expr, evaluation, options);
    const byTime = new Map<number, ConfusionCounts>();
    for (const s of fetched.series) {
      const actual = s.labels[m.actualLabel];
      const predicted = s.labels[m.predictedLabel];
      if (actual === undefined || predicted === undefined) {
        continue;
      }
      const { timesMs, values } = s.samples;
      for (let k = 0; k < timesMs.length; k++) {
        if (!Number.isFinite(values[k])) {
          continue;
        }
        let counts = byTime.get(timesMs[k]);
        if (!counts) {
          counts = { actual: [], predicted: [], counts: [], unlisted: 0 };
          byTime.set(timesMs[k], counts);
        }
        counts.actual.push(actual);
        counts.predicted.push(predicted);
        counts.counts.push(values[k]);
      }
    }
    const times = [...byTime.keys()].sort((a, b) => a - b);
    return {
      data: { times, windows: times.map((t) => byTime.get(t)!) },
      notices: fetched.notices,
      executedQuery: fetched.query,
    };
  }

  private modelMatchers(model: ModelRef): LabelMatcher[] {
    return [equals(this.mapping.modelLabel, model.model), equals(this.mapping.versionLabel, model.version)];
  }

  private windowSum(metric: string, matchers: LabelMatcher[], by: string[], evaluation: Evaluation): Expr {
    const windowMs = evaluation.kind === 'range' ? evaluation.grid.windowMs : evaluation.windowMs;
    return sumBy(by, increase(selector(metric, matchers), windowSeconds(windowMs)));
  }

  private async fetch(expr: Expr, evaluation: Evaluation, options?: CallOptions): Promise<Fetched> {
    const query = render(expr);
    let series: MatrixSeries[];
    let warnings: string[];
    let infos: string[];
    if (evaluation.kind === 'range') {
      const { fromMs, toMs, stepMs } = evaluation.grid;
      const result = await this.api.queryRange(query, { startMs: fromMs, endMs: toMs, stepMs }, options?.signal);
      ({ warnings, infos } = result);
      series = result.data;
    } else {
      const result = await this.api.query(query, evaluation.timeMs, options?.signal);
      ({ warnings, infos } = result);
      series = vectorAsMatrix(result.data);
    }
    return { series, notices: prometheusNotices(warnings, infos), query };
  }

  /** `sum by (feature) (increase(<histogram>{...}[window]))`: the summed native histogram per feature and window. */
  private async fetchNative(base: LabelMatcher[], names: string[], evaluation: Evaluation, options?: CallOptions): Promise<NativeFetched> {
    const m = this.mapping;
    const query = render(this.windowSum(m.featureHistogram, [...base, oneOf(m.featureLabel, names)], [m.featureLabel], evaluation));
    const at = evaluation.kind === 'range' ? { startMs: evaluation.grid.fromMs, endMs: evaluation.grid.toMs, stepMs: evaluation.grid.stepMs } : evaluation.timeMs;
    const result = await this.api.queryNative(query, at, options?.signal);
    return { series: result.data, notices: prometheusNotices(result.warnings, result.infos), query };
  }

  /**
   * One query for all the features, or a few when the answer would be too large for one response (many
   * features, many buckets, many steps): features are batched so that each answer stays under
   * `maxPointsPerQuery`, and the batches run concurrently.
   */
  private async fetchPerFeature(
    metric: string,
    base: LabelMatcher[],
    names: string[],
    by: string[],
    seriesOf: ReadonlyMap<string, number>,
    evaluation: Evaluation,
    options?: CallOptions
  ): Promise<Fetched> {
    const points = evaluation.kind === 'range' ? Math.floor((evaluation.grid.toMs - evaluation.grid.fromMs) / evaluation.grid.stepMs) + 1 : 1;
    const batches = batchFeatures(names, (name) => (seriesOf.get(name) ?? 1) * points, this.maxPointsPerQuery);
    const fetched = await Promise.all(
      batches.map((batch) => this.fetch(this.windowSum(metric, [...base, oneOf(this.mapping.featureLabel, batch)], by, evaluation), evaluation, options))
    );
    const notices = new Map(fetched.flatMap((f) => f.notices).map((n) => [n.text, n]));
    return { series: fetched.flatMap((f) => f.series), notices: [...notices.values()], query: fetched.map((f) => f.query).join('\n') };
  }

  private async readFeatures(
    model: ModelRef,
    features: FeatureSpec[],
    evaluation: Evaluation,
    options?: CallOptions
  ): Promise<SourceResult<FeatureWindowSeries[]>> {
    const m = this.mapping;
    const base = this.modelMatchers(model);
    const plain = features.filter((f) => (f.role ?? 'feature') === 'feature');
    const numericNames = plain.filter((f) => f.kind === 'numeric').map((f) => f.name);
    const categoricalNames = plain.filter((f) => f.kind === 'categorical').map((f) => f.name);
    const plainNames = plain.map((f) => f.name);
    const roles = new Set(features.map((f) => f.role ?? 'feature'));

    const seriesOf = new Map(plain.map((f) => [f.name, f.kind === 'numeric' ? f.upperBounds.length + 1 : f.categories.length + 1]));
    const queries: Array<Promise<Fetched> | undefined> = [
      numericNames.length > 0 && this.histogramKind !== 'native'
        ? this.fetchPerFeature(`${m.featureHistogram}_bucket`, base, numericNames, [m.featureLabel, 'le'], seriesOf, evaluation, options)
        : undefined,
      categoricalNames.length > 0
        ? this.fetchPerFeature(m.featureCategoryCounter, base, categoricalNames, [m.featureLabel, m.categoryLabel], seriesOf, evaluation, options)
        : undefined,
      plainNames.length > 0
        ? this.fetch(this.windowSum(m.missingCounter, [...base, oneOf(m.featureLabel, plainNames)], [m.featureLabel, m.reasonLabel], evaluation), evaluation, options)
        : undefined,
      roles.has('prediction') ? this.fetch(this.windowSum(m.predictionCounter, base, [m.predictedLabel], evaluation), evaluation, options) : undefined,
      roles.has('label') ? this.fetch(this.windowSum(m.outcomeCounter, base, [m.actualLabel], evaluation), evaluation, options) : undefined,
    ];
    // `native` reads every numeric feature from native histograms alongside the other queries; `auto` only the
    // features the classic query found no buckets for, once that answer is in.
    const nativeOnly = this.histogramKind === 'native' && numericNames.length > 0 ? this.fetchNative(base, numericNames, evaluation, options) : undefined;
    const [[numeric, categorical, missing, predictions, labels], nativeFirst] = await Promise.all([Promise.all(queries), nativeOnly]);

    const bucketsByFeature = numeric ? groupBucketsByFeature(numeric.series, m.featureLabel) : new Map<string, FeatureBuckets>();
    const fallbackNames = this.histogramKind === 'auto' ? numericNames.filter((name) => !bucketsByFeature.has(name)) : [];
    const native = nativeFirst ?? (fallbackNames.length > 0 ? await this.fetchNative(base, fallbackNames, evaluation, options) : undefined);
    const nativeByFeature = native ? groupNativeByFeature(native.series, m.featureLabel) : new Map<string, Map<number, NativeHistogram>>();
    const categoriesByFeature = categorical ? groupCountsByTime(categorical.series, m.featureLabel, m.categoryLabel) : new Map();
    const missingByFeature = missing ? groupCountsByTime(missing.series, m.featureLabel, m.reasonLabel) : new Map();
    const predictionCounts = predictions ? groupCountsByTime(predictions.series, undefined, m.predictedLabel).get('') : undefined;
    const labelCounts = labels ? groupCountsByTime(labels.series, undefined, m.actualLabel).get('') : undefined;

    const data = features.map((spec): FeatureWindowSeries => {
      const role: FieldRole = spec.role ?? 'feature';
      if (spec.kind === 'numeric') {
        if (role !== 'feature') {
          return { feature: spec.name, role, times: [], windows: [], observations: [], notices: [noticeNumericRole(spec.name, role)] };
        }
        return numericSeries(spec, bucketsByFeature.get(spec.name), missingByFeature.get(spec.name), nativeByFeature.get(spec.name));
      }
      const counts = role === 'prediction' ? predictionCounts : role === 'label' ? labelCounts : categoriesByFeature.get(spec.name);
      return categoricalSeries(spec, role, counts, role === 'feature' ? missingByFeature.get(spec.name) : undefined);
    });

    const fetched = [numeric, categorical, missing, predictions, labels].filter((f): f is Fetched => f !== undefined);
    const nativeFetch = native ? [native] : [];
    return {
      data,
      notices: [...fetched, ...nativeFetch].flatMap((f) => f.notices),
      executedQuery: [...fetched, ...nativeFetch].map((f) => f.query).join('\n'),
    };
  }
}

function noticeNumericRole(name: string, role: FieldRole): DriftNotice {
  return { severity: 'error', text: `${name}: a ${role} is read from a counter of classes in Prometheus, so it must be categorical` };
}

function emptyCounts(spec: FeatureSpec): WindowCounts {
  return spec.kind === 'numeric'
    ? { kind: 'numeric', binned: { upperBounds: [...spec.upperBounds], counts: new Array(spec.upperBounds.length + 1).fill(0) }, missing: 0, nonFinite: 0 }
    : { kind: 'categorical', distribution: { categories: [...spec.categories], counts: spec.categories.map(() => 0) }, missing: 0, nonFinite: 0, unlisted: 0 };
}

function splitMissing(reasons: Map<string, number> | undefined): { missing: number; nonFinite: number } {
  let missing = 0;
  let nonFinite = 0;
  for (const [reason, count] of reasons ?? []) {
    if (!Number.isFinite(count)) {
      continue;
    }
    if (NON_FINITE_REASONS.has(reason.toLowerCase())) {
      nonFinite += count;
    } else {
      missing += count;
    }
  }
  return { missing, nonFinite };
}

function sortedTimes(...maps: Array<Map<number, unknown> | undefined>): number[] {
  const times = new Set<number>();
  for (const map of maps) {
    for (const t of map?.keys() ?? []) {
      times.add(t);
    }
  }
  return [...times].sort((a, b) => a - b);
}

/** Counts a numeric feature per window, aligned to the baseline's bounds; problems become one notice each. */
function numericSeries(
  spec: Extract<FeatureSpec, { kind: 'numeric' }>,
  buckets: FeatureBuckets | undefined,
  missingByTime: Map<number, Map<string, number>> | undefined,
  nativeByTime?: Map<number, NativeHistogram>
): FeatureWindowSeries {
  const reference = { upperBounds: spec.upperBounds, counts: new Array<number>(spec.upperBounds.length + 1).fill(0) };
  const series: FeatureWindowSeries = { feature: spec.name, role: 'feature', times: [], windows: [], observations: [], notices: [] };
  const problems = new Map<string, number>();
  const note = (reason: string) => problems.set(reason, (problems.get(reason) ?? 0) + 1);
  let mergedBounds: number | undefined;
  let forcedMonotonic = 0;

  const conversions: NativeConversion[] = [];
  for (const time of sortedTimes(buckets?.rowOf, missingByTime, nativeByTime)) {
    const quality = splitMissing(missingByTime?.get(time));
    const row = buckets?.rowOf.get(time);
    const windowNative = nativeByTime?.get(time);
    let binned: BinnedCounts;
    if (windowNative && row === undefined) {
      const conversion = nativeToBaselineBuckets(windowNative, spec.upperBounds);
      conversions.push(conversion);
      binned = conversion.binned;
    } else if (buckets && row !== undefined) {
      const decumulated = decumulateSorted(buckets.bounds, buckets.cumulative, buckets.present, row);
      if (!decumulated.ok) {
        note(decumulated.reason);
        continue;
      }
      if (decumulated.forcedMonotonic) {
        forcedMonotonic++;
      }
      const aligned = alignHistograms(reference, decumulated.binned);
      if (!aligned.ok) {
        note(aligned.reason);
        continue;
      }
      if (aligned.merged) {
        mergedBounds = aligned.current.upperBounds.length;
      }
      binned = aligned.current;
    } else {
      binned = { upperBounds: [...spec.upperBounds], counts: [...reference.counts] };
    }
    const valued = sumOf(binned.counts);
    const range = spec.observedRange ? outOfRange(binned, spec.observedRange) : undefined;
    series.times.push(time);
    // Spelled out rather than spread: object spreads are runtime calls, and this runs for every window.
    const { missing, nonFinite } = quality;
    series.windows.push(range ? { kind: 'numeric', binned, missing, nonFinite, belowRange: range.belowRange, aboveRange: range.aboveRange } : { kind: 'numeric', binned, missing, nonFinite });
    series.observations.push(valued + quality.missing + quality.nonFinite);
  }

  for (const [reason, count] of problems) {
    series.notices.push({ severity: 'warning', text: `${spec.name}: ${count} window(s) skipped: ${reason}` });
  }
  series.notices.push(...nativeConversionNotices(spec.name, conversions));
  if (mergedBounds !== undefined) {
    series.notices.push({
      severity: 'warning',
      text: `${spec.name}: the live buckets do not have all ${spec.upperBounds.length} baseline bounds; both sides were merged to ${mergedBounds} common bounds, so scores are coarser (lower) than with matching buckets`,
    });
  }
  if (forcedMonotonic > 0) {
    series.notices.push({
      severity: 'info',
      text: `${spec.name}: in ${forcedMonotonic} window(s) a cumulative bucket was below the previous one and was raised to it (as histogram_quantile does)`,
    });
  }
  return series;
}

/**
 * Live values outside the baseline's observed range, counted from whole buckets: a bucket whose upper bound
 * is at or below the baseline minimum, or whose lower bound is at or above the maximum. Values in a bucket
 * that straddles the range are not counted, so this is a lower bound.
 */
function outOfRange(binned: { upperBounds: number[]; counts: number[] }, range: { min: number; max: number }): { belowRange: number; aboveRange: number } {
  let belowRange = 0;
  let aboveRange = 0;
  for (let i = 0; i < binned.counts.length; i++) {
    const lower = i === 0 ? -Infinity : binned.upperBounds[i - 1];
    const upper = i < binned.upperBounds.length ? binned.upperBounds[i] : Infinity;
    if (upper <= range.min) {
      belowRange += binned.counts[i];
    } else if (lower >= range.max) {
      aboveRange += binned.counts[i];
    }
  }
  return { belowRange, aboveRange };
}

function categoricalSeries(
  spec: Extract<FeatureSpec, { kind: 'categorical' }>,
  role: FieldRole,
  countsByTime: Map<number, Map<string, number>> | undefined,
  missingByTime: Map<number, Map<string, number>> | undefined
): FeatureWindowSeries {
  const series: FeatureWindowSeries = { feature: spec.name, role, times: [], windows: [], observations: [], notices: [] };
  const reference = { categories: spec.categories, counts: spec.categories.map(() => 0) };
  const unseen = new Set<string>();
  for (const time of sortedTimes(countsByTime, missingByTime)) {
    const live = new Map([...(countsByTime?.get(time) ?? new Map<string, number>())].filter(([, v]) => Number.isFinite(v)));
    const aligned = alignCategories(reference, live);
    aligned.unseen.forEach((c) => unseen.add(c));
    const quality = splitMissing(missingByTime?.get(time));
    const valued = aligned.current.counts.reduce((sum, c) => sum + c, 0);
    series.times.push(time);
    series.windows.push({ kind: 'categorical', distribution: aligned.current, unlisted: 0, ...quality });
    series.observations.push(valued + quality.missing + quality.nonFinite);
  }
  if (unseen.size > 0) {
    const list = [...unseen].slice(0, 10).map((c) => JSON.stringify(c));
    series.notices.push({
      severity: 'warning',
      text: `${spec.name}: ${unseen.size} live categor${unseen.size === 1 ? 'y' : 'ies'} not in the baseline: ${list.join(', ')}${unseen.size > 10 ? ', …' : ''}`,
    });
  }
  return series;
}
