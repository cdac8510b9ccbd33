/**
 * Prometheus as a `LiveSource`: counts per feature and window from classic histograms (`<name>_bucket` with
 * `le`) and counters, one PromQL query per metric for every feature and step at once.
 *
 * Instrumentation this reads by default (names from the datasource mapping, defaults in
 * `DEFAULT_PROMETHEUS_MAPPING`; a model's binding, `layout.ts`, can say otherwise for every signal):
 * - numeric features: histogram `model_feature_value{model, version, feature}`;
 * - categorical features: counter `model_feature_category_total{model, version, feature, category}`;
 * - predictions: counter `model_predictions_total{model, version, predicted}`;
 * - labelled outcomes: counter `model_outcomes_total{model, version, actual, predicted}`;
 * - values that never reached the histogram: counter `model_feature_missing_total{model, version, feature,
 *   reason}`, where `reason` is `nan`, `inf` or `non_finite` for non-finite values and anything else
 *   (`missing`, `null`, ...) for absent ones.
 */
import { sameElements, sumOf } from '../../drift/numeric';
import type { ErrorSums } from '../../drift/performance/regression';
import type { BinnedCounts, DriftNotice } from '../../drift/types';
import type { PrometheusBinding } from '../../shared/bindingModel';
import {
  DEFAULT_PROMETHEUS_HISTOGRAM_KIND,
  type PrometheusHistogramKind,
  type PrometheusMapping,
} from '../../shared/settingsModel';
import type {
  CallOptions,
  ClassScoreWindow,
  ClassScoreWindows,
  ConfusionCounts,
  ErrorHistogramWindows,
  ErrorSumWindows,
  ConfusionSeries,
  FeatureSpec,
  FeatureTotals,
  FeatureWindowSeries,
  FieldRole,
  LiveSource,
  ModelRef,
  NumericWindowCounts,
  ScoreSpec,
  SegmentTraffic,
  SourceResult,
  TimeRange,
  WindowCounts,
  WindowGrid,
} from '../sources/types';
import { alignCategories, alignHistograms, decumulateSorted } from './buckets';
import type { PrometheusQueries } from './cachedRanges';
import { emptyRawAnswerNotice, explainEmptyAnswer, type LabelNamesApi } from './emptyAnswers';
import { groupBucketsByFeature, groupCountsByTime, vectorAsMatrix, windowSeconds, type FeatureBuckets } from './grid';
import { expandPlaceholders } from '../bindings/placeholders';
import { modelLayout, type MissingSignal, type ModelLayout, type Signal } from './layout';
import { DEFAULT_LIVE_SCORE_EDGES } from '../sources/scoreEdges';
import { equals, increase, isValidLabelName, oneOf, quoteString, render, renderMatchers, selector, sumBy, type Expr, type LabelMatcher } from './promql';
import { badRequest } from '../errors';
import { nativeConversionNotices, nativeToBaselineBuckets, type NativeConversion, type NativeHistogram, type NativeSeries } from './native';
import type { Labels, MatrixSeries } from './response';
import { SharedReads } from '../sources/sharedReads';
import { ownMatcher, segmentInSet, setMatcher, splitBySegment, type SegmentInSet } from './segmentReads';

/** Where the window ends: every step of a grid (range query), or one instant. */
type Evaluation = { kind: 'range'; grid: WindowGrid } | { kind: 'instant'; timeMs: number; windowMs: number };

/** The one series of a `sum(…)` answer, value by time; empty when the metric is not exported. */
function samplesByTime(fetched: Fetched): Map<number, number> {
  const out = new Map<number, number>();
  for (const { samples } of fetched.series) {
    samples.timesMs.forEach((time, k) => out.set(time, samples.values[k]));
  }
  return out;
}

function evaluationAt(at: WindowGrid | TimeRange): Evaluation {
  return 'stepMs' in at ? { kind: 'range', grid: at } : { kind: 'instant', timeMs: at.toMs, windowMs: at.toMs - at.fromMs };
}

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

/** One upstream answer split by segment (`segmentReads.ts`), shared by the reads of the segments of a set. */
interface SplitAnswer<S> {
  bySegment: Map<string, S[]>;
  notices: DriftNotice[];
  query: string;
}

/**
 * How one read of a model's features reaches Prometheus: alone (the whole model, or one segment selected by the
 * layout's matchers), or as one segment of a set read together, which shares the set's answers and takes its part.
 */
interface ReadScope {
  /** Added to every selector: the set's matcher. */
  matchers: LabelMatcher[];
  /** Added to every `sum by`: the set's label. */
  by: string[];
  /** This read's own segment beyond the layout's matchers: for a raw expression, and to explain an empty answer. */
  own: LabelMatcher[];
  /** How many segments' series one answer holds, for the point budget: a grouped answer has the whole set's. */
  segments: number;
  fetch(query: string, evaluation: Evaluation, options?: CallOptions): Promise<Fetched>;
  fetchNative(query: string, evaluation: Evaluation, options?: CallOptions): Promise<NativeFetched>;
}

/** The labels of a `sum by` with the scope's added once (a segment label may also be one the signal groups by). */
function groupedBy(by: readonly string[], scope: ReadScope): string[] {
  return [...new Set([...by, ...scope.by])];
}

function prometheusNotices(warnings: readonly string[], infos: readonly string[]): DriftNotice[] {
  return [
    ...warnings.map((text): DriftNotice => ({ severity: 'warning', text: `Prometheus: ${text}` })),
    ...infos.map((text): DriftNotice => ({ severity: 'info', text: `Prometheus: ${text}` })),
  ];
}

/**
 * Native histogram samples per feature and evaluation time (`sum by (feature)` gives one series per feature;
 * without a feature label, the one series is group `''`).
 */
function groupNativeByFeature(series: readonly NativeSeries[], featureLabel: string | undefined): Map<string, Map<number, NativeHistogram>> {
  const byFeature = new Map<string, Map<number, NativeHistogram>>();
  for (const s of series) {
    const feature = featureLabel === undefined ? '' : s.labels[featureLabel];
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

/** A 400 naming `segmentBy` when it is no label name a matcher can select by. */
function checkSegmentLabel(label: string): void {
  if (!isValidLabelName(label)) {
    throw badRequest(`segmentBy: ${JSON.stringify(label)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`);
  }
}

export class PrometheusSource implements LiveSource {
  readonly kind = 'prometheus' as const;
  /** Grouped answers of segment sets; a source serves one query, so they live as long as it. */
  private readonly sharedMatrix = new SharedReads<SplitAnswer<MatrixSeries>>();
  private readonly sharedNative = new SharedReads<SplitAnswer<NativeSeries>>();
  private readonly alone: ReadScope = {
    matchers: [],
    by: [],
    own: [],
    segments: 1,
    fetch: (query, evaluation, options) => this.fetchQuery(query, evaluation, options),
    fetchNative: (query, evaluation, options) => this.fetchNativeQuery(query, evaluation, options),
  };

  constructor(
    private readonly api: PrometheusQueries,
    private readonly mapping: PrometheusMapping,
    private readonly maxPointsPerQuery: number = MAX_POINTS_PER_QUERY,
    private readonly histogramKind: PrometheusHistogramKind = DEFAULT_PROMETHEUS_HISTOGRAM_KIND,
    /** The model's binding, if it has one (`src/backend/bindings`). */
    private readonly bindingFor: (model: ModelRef) => Promise<PrometheusBinding | undefined> = () => Promise.resolve(undefined),
    /** Looks up what a metric has when a query matched nothing; absent: empty answers are not explained. */
    private readonly labels?: LabelNamesApi
  ) {}

  /** An answer without series gets a notice naming the query and what the metric has instead (`emptyAnswers.ts`). */
  private async explainIfEmpty(fetched: Fetched | NativeFetched, metric: string, matchers: LabelMatcher[], evaluation: Evaluation, options?: CallOptions): Promise<void> {
    if (fetched.series.length > 0 || !this.labels) {
      return;
    }
    const [fromMs, toMs] = evaluation.kind === 'range' ? [evaluation.grid.fromMs - evaluation.grid.windowMs, evaluation.grid.toMs] : [evaluation.timeMs - evaluation.windowMs, evaluation.timeMs];
    fetched.notices.push(await explainEmptyAnswer(this.labels, { query: fetched.query, metric, matchers }, fromMs, toMs, options?.signal));
  }

  private async layoutFor(model: ModelRef): Promise<ModelLayout> {
    return modelLayout(this.mapping, this.histogramKind, model, await this.bindingFor(model));
  }

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

  /**
   * `sort_desc(sum by (<label>) (increase(<feature's count>{…}[range])))` at the range's end: observations of one
   * feature per segment value, one query. A series without the label is the segment `""`, as Prometheus selects it.
   */
  async segmentTraffic(model: ModelRef, feature: FeatureSpec, label: string, range: TimeRange, options?: CallOptions): Promise<SourceResult<SegmentTraffic>> {
    checkSegmentLabel(label);
    const signal = (await this.layoutFor(model)).signalFor(feature.name, feature.role ?? 'feature', feature.kind);
    if (signal.kind === 'promql') {
      throw badRequest(`segmentBy: ${feature.name} is read by a binding's raw expression, which cannot be split by a label; bind a histogram or a counter`);
    }
    const matchers = signal.featureLabel === undefined ? signal.matchers : [...signal.matchers, equals(signal.featureLabel, feature.name)];
    const native = signal.kind === 'histogram' && signal.histogramKind === 'native';
    const metric = signal.kind === 'histogram' && !native ? `${signal.metric}_count` : signal.metric;
    const evaluation: Evaluation = { kind: 'instant', timeMs: range.toMs, windowMs: range.toMs - range.fromMs };
    const sum = render(this.windowSum(metric, matchers, [label], evaluation));
    // A native histogram's observations are its count; the sum by label keeps one histogram per value.
    const fetched = await this.fetchQuery(`sort_desc(${native ? `histogram_count(${sum})` : sum})`, evaluation, options);
    await this.explainIfEmpty(fetched, metric, matchers, evaluation, options);
    const values = fetched.series.map((s) => ({ value: s.labels[label] ?? '', observations: s.samples.values[0] }));
    const data: SegmentTraffic = { values };
    if (this.labels && fetched.series.length > 0 && fetched.series.every((s) => s.labels[label] === undefined)) {
      const names = await this.labels.labelNames(`{__name__=${quoteString(metric)}}`, range.fromMs, range.toMs, options?.signal);
      data.labelNames = names.data.filter((name) => name !== '__name__');
    }
    return { data, notices: fetched.notices, executedQuery: fetched.query };
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
    const { outcome } = await this.layoutFor(model);
    const expr = this.windowSum(outcome.metric, outcome.matchers, [outcome.actualLabel, outcome.predictedLabel], evaluation);
    const fetched = await this.fetch(expr, evaluation, options);
    await this.explainIfEmpty(fetched, outcome.metric, outcome.matchers, evaluation, options);
    const byTime = new Map<number, ConfusionCounts>();
    for (const s of fetched.series) {
      const actual = s.labels[outcome.actualLabel];
      const predicted = s.labels[outcome.predictedLabel];
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

  /**
   * `sum by (actual, le) (increase(<score>_bucket{…}[window]))` (native: `sum by (actual)`), each class's buckets
   * aligned to the spec's edges, or without them to the live `le`s of all classes (native: `DEFAULT_LIVE_SCORE_EDGES`).
   */
  async classScores(model: ModelRef, spec: ScoreSpec, at: WindowGrid | TimeRange, options?: CallOptions): Promise<SourceResult<ClassScoreWindows>> {
    const { score } = await this.layoutFor(model);
    const evaluation = evaluationAt(at);
    const fetched: Array<Fetched | NativeFetched> = [];
    let classic = new Map<string, FeatureBuckets>();
    if (score.histogramKind !== 'native') {
      const answer = await this.fetch(this.windowSum(`${score.metric}_bucket`, score.matchers, [score.actualLabel, 'le'], evaluation), evaluation, options);
      fetched.push(answer);
      classic = groupBucketsByFeature(answer.series, score.actualLabel);
    }
    let native = new Map<string, Map<number, NativeHistogram>>();
    if (score.histogramKind === 'native' || (score.histogramKind === 'auto' && classic.size === 0)) {
      const answer = await this.fetchNativeSum(score.metric, score.matchers, [score.actualLabel], evaluation, options);
      fetched.push(answer);
      native = groupNativeByFeature(answer.series, score.actualLabel);
    }
    if (classic.size === 0 && native.size === 0) {
      // Explained by the classic metric's labels (the native one's with `native`), with the query that asked for it.
      await this.explainIfEmpty(fetched[0], score.histogramKind === 'native' ? score.metric : `${score.metric}_bucket`, score.matchers, evaluation, options);
    }
    const liveEdges = [...new Set([...classic.values()].flatMap((b) => b.bounds.filter(Number.isFinite)))].sort((a, b) => a - b);
    const upperBounds = spec.upperBounds ?? (classic.size > 0 ? liveEdges : [...DEFAULT_LIVE_SCORE_EDGES]);
    const notices = fetched.flatMap((f) => f.notices);
    const byTime = new Map<number, ClassScoreWindow>();
    const uneven = new Set<number>();
    for (const actual of new Set([...classic.keys(), ...native.keys()])) {
      const series = numericSeries({ name: `score of actual class "${actual}"`, kind: 'numeric', upperBounds }, 'prediction', classic.get(actual), undefined, native.get(actual));
      notices.push(...series.notices);
      series.times.forEach((time, i) => {
        const { binned } = series.windows[i] as NumericWindowCounts;
        const window = byTime.get(time) ?? { upperBounds: binned.upperBounds, byActual: new Map<string, number[]>(), unscored: 0 };
        byTime.set(time, window);
        if (!sameElements(window.upperBounds, binned.upperBounds)) {
          uneven.add(time);
        }
        window.byActual.set(actual, binned.counts);
      });
    }
    if (uneven.size > 0) {
      notices.push({ severity: 'warning', text: `scores by actual class: ${uneven.size} window(s) skipped: the classes' live buckets have different bounds` });
    }
    const times = [...byTime.keys()].filter((t) => !uneven.has(t)).sort((a, b) => a - b);
    return {
      data: { times, windows: times.map((t) => byTime.get(t)!), ...(score.positiveClass !== undefined ? { positiveClass: score.positiveClass } : {}) },
      notices,
      executedQuery: fetched.map((f) => f.query).join('\n'),
    };
  }

  /**
   * `sum(increase(<summary>_sum{…}[window]))` of each error summary, and the `_count`s of the absolute and the
   * absolute percentage errors, one query each. The absolute error's count is the number of labelled
   * predictions; fewer percentage errors than that are actual values of 0. The signed sum comes from the
   * over-prediction's: Σ e = 2·Σ max(e, 0) − Σ |e|. Summaries not exported are absent.
   */
  async errorSums(model: ModelRef, at: WindowGrid | TimeRange, options?: CallOptions): Promise<SourceResult<ErrorSumWindows>> {
    const { regression } = await this.layoutFor(model);
    const evaluation = evaluationAt(at);
    const { metrics, matchers } = regression;
    const read = (metric: string) => this.fetch(this.windowSum(metric, matchers, [], evaluation), evaluation, options);
    const [count, absolute, squared, positive, percentage, percentageCount, histogram] = await Promise.all([
      read(`${metrics.absoluteError}_count`),
      read(`${metrics.absoluteError}_sum`),
      read(`${metrics.squaredError}_sum`),
      read(`${metrics.positiveError}_sum`),
      read(`${metrics.absolutePercentageError}_sum`),
      read(`${metrics.absolutePercentageError}_count`),
      regression.errorHistogram && this.errorHistogram(regression.errorHistogram, matchers, evaluation, options),
    ]);
    // With a histogram bound, summaries are optional: an empty answer is explained by the histogram's metric.
    if (histogram) {
      await this.explainIfEmpty(histogram.fetched[0], `${regression.errorHistogram!.metric}_bucket`, matchers, evaluation, options);
    } else {
      await this.explainIfEmpty(count, `${metrics.absoluteError}_count`, matchers, evaluation, options);
    }
    const [counts, absoluteAt, squaredAt, positiveAt, percentageAt, percentageCountAt] = [count, absolute, squared, positive, percentage, percentageCount].map(samplesByTime);
    const times: number[] = [];
    const windows: ErrorSums[] = [];
    for (const [time, n] of [...counts].sort(([a], [b]) => a - b)) {
      const absoluteErrorSum = absoluteAt.get(time);
      const squaredErrorSum = squaredAt.get(time);
      if (absoluteErrorSum === undefined || squaredErrorSum === undefined) {
        continue;
      }
      const sums: ErrorSums = { count: n, absoluteErrorSum, squaredErrorSum };
      const positiveSum = positiveAt.get(time);
      if (positiveSum !== undefined) {
        sums.errorSum = 2 * positiveSum - absoluteErrorSum;
      }
      const percentageSum = percentageAt.get(time);
      const percentageN = percentageCountAt.get(time);
      if (percentageSum !== undefined && percentageN !== undefined) {
        sums.absolutePercentageErrorSum = percentageSum;
        // increase() extrapolates both counts of a summary alike: a difference below rounding is none.
        const zero = n - percentageN;
        sums.zeroActualCount = zero > 1e-9 * n ? zero : 0;
      }
      times.push(time);
      windows.push(sums);
    }
    const fetched = [count, absolute, squared, positive, percentage, percentageCount, ...(histogram?.fetched ?? [])];
    return {
      data: { times, windows, ...(histogram ? { histogram: histogram.data } : {}) },
      notices: [...fetched.flatMap((f) => f.notices), ...(histogram?.notices ?? [])],
      executedQuery: fetched.map((f) => f.query).join('\n'),
    };
  }

  /** A histogram of errors per window on its own `le`s, and an absolute histogram's `_sum`. */
  private async errorHistogram(
    signal: { metric: string; kind: 'absolute' | 'signed' },
    matchers: LabelMatcher[],
    evaluation: Evaluation,
    options?: CallOptions
  ): Promise<{ data: ErrorHistogramWindows; fetched: Fetched[]; notices: DriftNotice[] }> {
    const [buckets, sum] = await Promise.all([
      this.fetch(this.windowSum(`${signal.metric}_bucket`, matchers, ['le'], evaluation), evaluation, options),
      signal.kind === 'absolute' ? this.fetch(this.windowSum(`${signal.metric}_sum`, matchers, [], evaluation), evaluation, options) : undefined,
    ]);
    const sumAt = sum ? samplesByTime(sum) : new Map<number, number>();
    const grouped = groupBucketsByFeature(buckets.series, undefined).get('');
    const data: ErrorHistogramWindows = { kind: signal.kind, times: [], windows: [] };
    const skipped = new Map<string, number>();
    for (const [time, row] of [...(grouped?.rowOf ?? [])].sort(([a], [b]) => a - b)) {
      const decumulated = decumulateSorted(grouped!.bounds, grouped!.cumulative, grouped!.present, row);
      if (!decumulated.ok) {
        skipped.set(decumulated.reason, (skipped.get(decumulated.reason) ?? 0) + 1);
        continue;
      }
      data.times.push(time);
      data.windows.push({ binned: decumulated.binned, ...(sumAt.has(time) ? { sum: sumAt.get(time) } : {}) });
    }
    const notices = [...skipped].map(([reason, n]): DriftNotice => ({ severity: 'warning', text: `${signal.metric}: ${n} window(s) skipped: ${reason}` }));
    return { data, fetched: [buckets, ...(sum ? [sum] : [])], notices };
  }

  private windowSum(metric: string, matchers: LabelMatcher[], by: string[], evaluation: Evaluation): Expr {
    const windowMs = evaluation.kind === 'range' ? evaluation.grid.windowMs : evaluation.windowMs;
    return sumBy(by, increase(selector(metric, matchers), windowSeconds(windowMs)));
  }

  private fetch(expr: Expr, evaluation: Evaluation, options?: CallOptions): Promise<Fetched> {
    return this.fetchQuery(render(expr), evaluation, options);
  }

  private async fetchQuery(query: string, evaluation: Evaluation, options?: CallOptions): Promise<Fetched> {
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
  private async fetchNative(signal: HistogramSignal, names: string[], evaluation: Evaluation, scope: ReadScope, options?: CallOptions): Promise<NativeFetched> {
    const { featureLabel } = signal;
    const matchers = [...signal.matchers, ...scope.matchers, ...(featureLabel === undefined ? [] : [oneOf(featureLabel, names)])];
    const by = groupedBy(featureLabel === undefined ? [] : [featureLabel], scope);
    return scope.fetchNative(render(this.windowSum(signal.metric, matchers, by, evaluation)), evaluation, options);
  }

  /** `sum by (<by>) (increase(<histogram>{...}[window]))` read as native histograms. */
  private fetchNativeSum(metric: string, matchers: LabelMatcher[], by: string[], evaluation: Evaluation, options?: CallOptions): Promise<NativeFetched> {
    return this.fetchNativeQuery(render(this.windowSum(metric, matchers, by, evaluation)), evaluation, options);
  }

  private async fetchNativeQuery(query: string, evaluation: Evaluation, options?: CallOptions): Promise<NativeFetched> {
    const at = evaluation.kind === 'range' ? { startMs: evaluation.grid.fromMs, endMs: evaluation.grid.toMs, stepMs: evaluation.grid.stepMs } : evaluation.timeMs;
    const result = await this.api.queryNative(query, at, options?.signal);
    return { series: result.data, notices: prometheusNotices(result.warnings, result.infos), query };
  }

  /**
   * The scope of one segment of a set: every read selects the whole set and sums by its label; the first segment to
   * ask for a query gets the answer, split by the label in one pass, and every segment of the set takes its part.
   */
  private setScope(segment: SegmentInSet): ReadScope {
    const share = async <S extends { labels: Labels }>(
      reads: SharedReads<SplitAnswer<S>>,
      query: string,
      evaluation: Evaluation,
      load: () => Promise<{ series: S[]; notices: DriftNotice[]; query: string }>
    ): Promise<{ series: S[]; notices: DriftNotice[]; query: string }> => {
      const answer = await reads.read(JSON.stringify([query, evaluation]), async () => {
        const fetched = await load();
        return { bySegment: splitBySegment(fetched.series, segment.label), notices: fetched.notices, query: fetched.query };
      });
      // Notices are copied: a segment's read adds its own (an empty answer explained) to them.
      return { series: answer.bySegment.get(segment.value) ?? [], notices: [...answer.notices], query: answer.query };
    };
    return {
      matchers: [setMatcher(segment)],
      by: [segment.label],
      own: [ownMatcher(segment)],
      segments: segment.values.length,
      fetch: (query, evaluation, options) => share(this.sharedMatrix, query, evaluation, () => this.fetchQuery(query, evaluation, options)),
      fetchNative: (query, evaluation, options) => share(this.sharedNative, query, evaluation, () => this.fetchNativeQuery(query, evaluation, options)),
    };
  }

  /**
   * One query for all the features of a metric, or a few when the answer would be too large for one response
   * (many features, many buckets, many steps): features are batched so that each answer stays under
   * `maxPointsPerQuery`, and the batches run concurrently. Without a feature label the metric holds one feature.
   */
  private async fetchPerFeature(
    metric: string,
    base: LabelMatcher[],
    featureLabel: string | undefined,
    names: string[],
    by: string[],
    seriesOf: ReadonlyMap<string, number>,
    evaluation: Evaluation,
    scope: ReadScope,
    options?: CallOptions
  ): Promise<Fetched> {
    const matchers = [...base, ...scope.matchers];
    if (featureLabel === undefined) {
      return scope.fetch(render(this.windowSum(metric, matchers, groupedBy(by, scope), evaluation)), evaluation, options);
    }
    const points = evaluation.kind === 'range' ? Math.floor((evaluation.grid.toMs - evaluation.grid.fromMs) / evaluation.grid.stepMs) + 1 : 1;
    const batches = batchFeatures(names, (name) => (seriesOf.get(name) ?? 1) * points * scope.segments, this.maxPointsPerQuery);
    const fetched = await Promise.all(
      batches.map((batch) =>
        scope.fetch(render(this.windowSum(metric, [...matchers, oneOf(featureLabel, batch)], groupedBy([featureLabel, ...by], scope), evaluation)), evaluation, options)
      )
    );
    const notices = new Map(fetched.flatMap((f) => f.notices).map((n) => [n.text, n]));
    return { series: fetched.flatMap((f) => f.series), notices: [...notices.values()], query: fetched.map((f) => f.query).join('\n') };
  }

  /** A binding's raw expression with its placeholders filled in; it answers series by `le` or category. */
  private fetchRaw(signal: Extract<Signal, { kind: 'promql' }>, model: ModelRef, evaluation: Evaluation, options?: CallOptions): Promise<Fetched> {
    const windowMs = evaluation.kind === 'range' ? evaluation.grid.windowMs : evaluation.windowMs;
    const query = expandPlaceholders(signal.expr, {
      windowSeconds: windowSeconds(windowMs),
      intervalSeconds: windowSeconds(evaluation.kind === 'range' ? evaluation.grid.stepMs : windowMs),
      model: model.model,
      version: model.version,
      matchers: renderMatchers(signal.matchers),
    });
    return this.fetchQuery(query, evaluation, options);
  }

  /** Reads every group of the plan at once: bucket and category counts per feature, and missing counts. */
  private async readGroups(plan: QueryPlan, model: ModelRef, evaluation: Evaluation, scope: ReadScope, options?: CallOptions): Promise<GroupAnswers> {
    const answers: GroupAnswers = { buckets: new Map(), native: new Map(), counts: new Map(), missing: new Map(), fetched: [], nativeFetched: [] };
    const read = async (group: ValueGroup): Promise<void> => {
      const { signal, names } = group;
      // What this read's own observations are, to explain an empty answer with.
      const selecting = (s: { matchers: LabelMatcher[]; featureLabel?: string }) => [...s.matchers, ...scope.own, ...(s.featureLabel === undefined ? [] : [oneOf(s.featureLabel, names)])];
      if (signal.kind === 'promql') {
        // A raw expression's aggregation is the binding's, so it cannot be grouped by the segment: it reads its segment alone.
        const fetched = await this.fetchRaw({ ...signal, matchers: [...signal.matchers, ...scope.own] }, model, evaluation, options);
        if (model.segment && !signal.expr.includes('$__matchers')) {
          fetched.notices.push({ severity: 'warning', text: `segmentBy: the binding's expression for ${names.join(', ')} has no $__matchers, so its counts are not split by ${model.segment.label}` });
        }
        if (fetched.series.length === 0) {
          // A raw expression names no one metric to look up: the notice names the query as expanded.
          fetched.notices.push(emptyRawAnswerNotice(fetched.query));
        }
        answers.fetched.push(fetched);
        if (signal.by === 'le') {
          setFromGroups(answers.buckets, groupBucketsByFeature(fetched.series, undefined), group, undefined);
        } else {
          setFromGroups(answers.counts, groupCountsByTime(fetched.series, undefined, signal.by), group, undefined);
        }
        return;
      }
      if (signal.kind === 'counter') {
        const fetched = await this.fetchPerFeature(signal.metric, signal.matchers, signal.featureLabel, names, [signal.categoryLabel], plan.seriesOf, evaluation, scope, options);
        await this.explainIfEmpty(fetched, signal.metric, selecting(signal), evaluation, options);
        answers.fetched.push(fetched);
        setFromGroups(answers.counts, groupCountsByTime(fetched.series, signal.featureLabel, signal.categoryLabel), group, signal.featureLabel);
        return;
      }
      let nativeNames = names;
      let classic: Fetched | undefined;
      if (signal.histogramKind !== 'native') {
        classic = await this.fetchPerFeature(`${signal.metric}_bucket`, signal.matchers, signal.featureLabel, names, ['le'], plan.seriesOf, evaluation, scope, options);
        answers.fetched.push(classic);
        setFromGroups(answers.buckets, groupBucketsByFeature(classic.series, signal.featureLabel), group, signal.featureLabel);
        // `auto`: native histograms for the features the classic query found no buckets for.
        nativeNames = signal.histogramKind === 'auto' ? names.filter((name) => !answers.buckets.has(group.keyOf(name))) : [];
      }
      let native: NativeFetched | undefined;
      if (nativeNames.length > 0) {
        native = await this.fetchNative(signal, nativeNames, evaluation, scope, options);
        answers.nativeFetched.push(native);
        setFromGroups(answers.native, groupNativeByFeature(native.series, signal.featureLabel), group, signal.featureLabel);
      }
      // Nothing of either kind: explained by the classic metric's labels (by the native one's with `native`).
      if (classic && !native?.series.length) {
        await this.explainIfEmpty(classic, `${signal.metric}_bucket`, selecting(signal), evaluation, options);
      } else if (native && !classic) {
        await this.explainIfEmpty(native, signal.metric, selecting(signal), evaluation, options);
      }
    };
    const readMissing = async (group: MissingGroup): Promise<void> => {
      const { signal, names } = group;
      const matchers = [...signal.matchers, ...scope.matchers, ...(signal.featureLabel === undefined ? [] : [oneOf(signal.featureLabel, names)])];
      const by = groupedBy([signal.featureLabel, signal.reasonLabel].filter((label): label is string => label !== undefined), scope);
      const fetched = await scope.fetch(render(this.windowSum(signal.metric, matchers, by, evaluation)), evaluation, options);
      answers.fetched.push(fetched);
      setFromGroups(answers.missing, groupCountsByTime(fetched.series, signal.featureLabel, signal.reasonLabel), group, signal.featureLabel);
    };
    await Promise.all([...[...plan.values.values()].map(read), ...[...plan.missing.values()].map(readMissing)]);
    // Answers arrive in any order (and at once from the cache): the executed query and the notices list them in one.
    answers.fetched.sort((a, b) => compareText(a.query, b.query));
    answers.nativeFetched.sort((a, b) => compareText(a.query, b.query));
    return answers;
  }

  private async readFeatures(
    model: ModelRef,
    features: FeatureSpec[],
    evaluation: Evaluation,
    options?: CallOptions
  ): Promise<SourceResult<FeatureWindowSeries[]>> {
    if (model.segment) {
      checkSegmentLabel(model.segment.label);
    }
    const inSet = segmentInSet(model.segment);
    // A segment of a set is selected by the set's reads, so its layout is the whole model's.
    const plan = planQueries(await this.layoutFor(inSet ? { model: model.model, version: model.version } : model), features);
    const answers = await this.readGroups(plan, model, evaluation, inSet ? this.setScope(inSet) : this.alone, options);

    const data = features.map((spec, i): FeatureWindowSeries => {
      const role: FieldRole = spec.role ?? 'feature';
      const planned = plan.perFeature[i];
      if (!planned.ok) {
        return { feature: spec.name, role, times: [], windows: [], observations: [], notices: [planned.notice] };
      }
      const missingByTime = planned.missingKey === undefined ? undefined : answers.missing.get(planned.missingKey);
      if (spec.kind === 'numeric') {
        return numericSeries(spec, role, answers.buckets.get(planned.key), missingByTime, answers.native.get(planned.key));
      }
      const { counts, missing } = countMissingValues(answers.counts.get(planned.key), missingByTime, planned.missingValues);
      return categoricalSeries(spec, role, counts, missing);
    });

    const fetched = [...answers.fetched, ...answers.nativeFetched];
    return {
      data,
      notices: fetched.flatMap((f) => f.notices),
      executedQuery: fetched.map((f) => f.query).join('\n'),
    };
  }
}

type HistogramSignal = Extract<Signal, { kind: 'histogram' }>;

/** Features read by one query (or one batched set of queries): the same signal, told apart by its feature label. */
interface QueryGroup<S extends Signal | MissingSignal> {
  signal: S;
  names: string[];
  /** The key of a feature's answer: without a feature label a group holds one feature. */
  keyOf(name: string): string;
}

type ValueGroup = QueryGroup<Signal>;
type MissingGroup = QueryGroup<MissingSignal>;

type PlannedFeature =
  | { ok: true; key: string; missingKey?: string; missingValues: ReadonlySet<string> }
  | { ok: false; notice: DriftNotice };

interface QueryPlan {
  values: Map<string, ValueGroup>;
  missing: Map<string, MissingGroup>;
  /** In the order of the requested features. */
  perFeature: PlannedFeature[];
  /** Series per feature (buckets or categories + 1), to batch queries under the point budget. */
  seriesOf: Map<string, number>;
}

interface GroupAnswers {
  buckets: Map<string, FeatureBuckets>;
  native: Map<string, Map<number, NativeHistogram>>;
  counts: Map<string, Map<number, Map<string, number>>>;
  missing: Map<string, Map<number, Map<string, number>>>;
  fetched: Fetched[];
  nativeFetched: NativeFetched[];
}

/** What a signal reads, as a key: features whose signals have the same key share their queries. */
function signalKey(signal: Signal | MissingSignal): string {
  const { matchers, ...rest } = signal;
  const missingValues = 'missingValues' in signal ? [...signal.missingValues].sort() : [];
  return JSON.stringify([rest, renderMatchers(matchers), missingValues]);
}

function featureLabelOf(signal: Signal | MissingSignal): string | undefined {
  return 'kind' in signal && signal.kind === 'promql' ? undefined : signal.featureLabel;
}

/** Adds a feature to the group of its signal; returns the key its answer will be found under. */
function addToGroup<S extends Signal | MissingSignal>(groups: Map<string, QueryGroup<S>>, signal: S, name: string): string {
  const labelled = featureLabelOf(signal) !== undefined;
  // A signal without a feature label is one query per feature, even when several features name the same metric.
  const key = labelled ? signalKey(signal) : `${signalKey(signal)}\u0000${name}`;
  let group = groups.get(key);
  if (!group) {
    group = { signal, names: [], keyOf: (feature: string) => `${key}\u0001${labelled ? feature : ''}` };
    groups.set(key, group);
  }
  group.names.push(name);
  return group.keyOf(name);
}

/** Copies a grouped answer into `target` under each requested feature's key. */
function setFromGroups<T>(
  target: Map<string, T>,
  grouped: ReadonlyMap<string, T>,
  group: QueryGroup<Signal | MissingSignal>,
  featureLabel: string | undefined
): void {
  for (const name of group.names) {
    const value = grouped.get(featureLabel === undefined ? '' : name);
    if (value !== undefined) {
      target.set(group.keyOf(name), value);
    }
  }
}

/** Which query reads each feature, and a notice for a feature whose signal cannot hold its kind. */
function planQueries(layout: ModelLayout, features: readonly FeatureSpec[]): QueryPlan {
  const plan: QueryPlan = { values: new Map(), missing: new Map(), perFeature: [], seriesOf: new Map() };
  for (const spec of features) {
    const role: FieldRole = spec.role ?? 'feature';
    const signal = layout.signalFor(spec.name, role, spec.kind);
    const mismatch = kindMismatch(spec, role, signal);
    if (mismatch) {
      plan.perFeature.push({ ok: false, notice: mismatch });
      continue;
    }
    plan.seriesOf.set(spec.name, spec.kind === 'numeric' ? spec.upperBounds.length + 1 : spec.categories.length + 1);
    const key = addToGroup(plan.values, signal, spec.name);
    const missing = role === 'feature' ? layout.missingFor(spec.name) : undefined;
    const missingKey = missing ? addToGroup(plan.missing, missing, spec.name) : undefined;
    plan.perFeature.push({ ok: true, key, missingKey, missingValues: signal.kind === 'histogram' ? new Set() : signal.missingValues });
  }
  return plan;
}

function kindMismatch(spec: FeatureSpec, role: FieldRole, signal: Signal): DriftNotice | undefined {
  const numericSignal = signal.kind === 'histogram' || (signal.kind === 'promql' && signal.by === 'le');
  if (spec.kind === 'numeric' && !numericSignal) {
    return role === 'feature'
      ? { severity: 'error', text: `${spec.name}: the baseline has a numeric feature but its binding reads a counter of categories; bind a histogram` }
      : noticeNumericRole(spec.name, role);
  }
  if (spec.kind === 'categorical' && numericSignal) {
    return { severity: 'error', text: `${spec.name}: the baseline has a categorical ${role} but its binding reads a histogram; bind a counter by category` };
  }
  return undefined;
}

/**
 * Categories that mean "no value" (`missing`, `None`, "") taken out of the category counts and added to the
 * window's missing count, so they are not compared as a category the baseline never saw.
 */
export function countMissingValues(
  countsByTime: Map<number, Map<string, number>> | undefined,
  missingByTime: Map<number, Map<string, number>> | undefined,
  missingValues: ReadonlySet<string>
): { counts: Map<number, Map<string, number>> | undefined; missing: Map<number, Map<string, number>> | undefined } {
  if (!countsByTime || missingValues.size === 0) {
    return { counts: countsByTime, missing: missingByTime };
  }
  const counts = new Map<number, Map<string, number>>();
  const missing = new Map<number, Map<string, number>>(missingByTime);
  for (const [time, byCategory] of countsByTime) {
    const kept = new Map<string, number>();
    let absent = 0;
    for (const [category, count] of byCategory) {
      if (missingValues.has(category)) {
        absent += Number.isFinite(count) ? count : 0;
      } else {
        kept.set(category, count);
      }
    }
    counts.set(time, kept);
    if (absent > 0) {
      // Under its own reason so that it adds to, never replaces, what a missing counter said.
      missing.set(time, new Map([...(missing.get(time) ?? []), [MISSING_VALUE_REASON, absent]]));
    }
  }
  return { counts, missing };
}

/** The reason under which missing-value categories are counted (no missing counter writes it). */
const MISSING_VALUE_REASON = '\u0000missing value category';

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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  role: FieldRole,
  buckets: FeatureBuckets | undefined,
  missingByTime: Map<number, Map<string, number>> | undefined,
  nativeByTime?: Map<number, NativeHistogram>
): FeatureWindowSeries {
  const reference = { upperBounds: spec.upperBounds, counts: new Array<number>(spec.upperBounds.length + 1).fill(0) };
  const series: FeatureWindowSeries = { feature: spec.name, role, times: [], windows: [], observations: [], notices: [] };
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
