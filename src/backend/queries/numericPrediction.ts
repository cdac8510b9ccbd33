/**
 * `performance` series of a numeric prediction, from the live prediction histogram of each window and the
 * baseline's numeric prediction distribution:
 * - summaries (`prediction_mean`, `prediction_std`, `prediction_p5|p50|p95`, `prediction_nonfinite_rate`, and with
 *   the query's `predictionMin`/`predictionMax` the share surely outside them, `prediction_out_of_range_rate`): both
 *   sides through the same reading of their histograms (quantiles as PromQL's `histogram_quantile`, mean and std
 *   with each bucket uniform), so a window like the baseline shows the baseline's value, which every series
 *   carries in its field config (`custom.mlopsBaselineValue`). Where the source keeps the values (Elasticsearch,
 *   `LiveSource.predictionStats`) the quantiles are its percentiles instead, beside the baseline's stored
 *   quantiles, and `prediction_min|max` are added, beside the baseline's observed range;
 * - CBPE estimates for a probability score (`estimated_accuracy|precision|recall|f1|roc_auc`, and each one's
 *   `…_sampling_error`). With the baseline's score histograms by actual class (schema version 2 `scores`, on the
 *   prediction's edges) each bucket's probability of an actual positive is calibrated on the baseline's labels and
 *   the baseline value is the metric realised on them; without, the scores are taken as calibrated (bucket mean or
 *   midpoint as the probability, on the baseline too, whose value is then what its scores promise).
 */
import { DriftInputError } from '../../drift/errors';
import { sameElements } from '../../drift/numeric';
import { CBPE_METRICS, cbpe, type CbpeMetricName, type CbpeResult } from '../../drift/performance/cbpe';
import { predictionSummary, type PredictionSummary } from '../../drift/performance/histogramSummary';
import { baselineScoreHistograms, probabilityBuckets, representativeScores, type ClassScoreHistograms } from '../../drift/performance/scoreBuckets';
import type { BaselineDocument, BaselineScores, BinnedCounts, DriftNotice, NumericBaselineFeature } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import type { PerformanceMetric } from '../../shared/queryModel';
import { badRequest } from '../errors';
import type { LiveSource, NumericWindowCounts } from '../sources/types';
import { NoticeCollector, type SeriesSet } from './liveFrames';
import { instantRange, isInstant, liveFeatureWindows, windowGrid } from './liveWindows';
import { featureSpec } from './namedBaseline';
import type { QueryContext } from './types';

export const BASELINE_VALUE_CUSTOM_KEY = 'mlopsBaselineValue';

const SUMMARY_METRICS = [
  'prediction_mean',
  'prediction_std',
  'prediction_p5',
  'prediction_p50',
  'prediction_p95',
  'prediction_min',
  'prediction_max',
  'prediction_nonfinite_rate',
  'prediction_out_of_range_rate',
] as const;
type SummaryMetric = (typeof SUMMARY_METRICS)[number];

const ESTIMATED: Record<CbpeMetricName, PerformanceMetric> = {
  accuracy: 'estimated_accuracy',
  precision: 'estimated_precision',
  recall: 'estimated_recall',
  f1: 'estimated_f1',
  roc_auc: 'estimated_roc_auc',
};

export const NUMERIC_PREDICTION_METRICS: readonly PerformanceMetric[] = [...SUMMARY_METRICS, ...CBPE_METRICS.map((m) => ESTIMATED[m])];

/** The summaries a source of values gives exactly, and at which quantile level (min and max have none). */
const EXACT_LEVELS: Partial<Record<SummaryMetric, number>> = { prediction_p5: 0.05, prediction_p50: 0.5, prediction_p95: 0.95 };
const EXACT_METRICS: readonly SummaryMetric[] = ['prediction_p5', 'prediction_p50', 'prediction_p95', 'prediction_min', 'prediction_max'];
const STATS_LEVELS = [0.05, 0.5, 0.95];

/** One window's exact summaries (`PredictionStatsWindows`). */
interface ExactSummary {
  min: number;
  max: number;
  /** At `STATS_LEVELS`. */
  quantiles: number[];
}

function exactValue(exact: ExactSummary, metric: SummaryMetric): number | undefined {
  if (metric === 'prediction_min' || metric === 'prediction_max') {
    return metric === 'prediction_min' ? exact.min : exact.max;
  }
  const level = EXACT_LEVELS[metric];
  return level === undefined ? undefined : exact.quantiles[STATS_LEVELS.indexOf(level)];
}

/** The baseline's counterpart of an exact summary: its observed range, its stored quantile at that level. */
function baselineExactValue(prediction: NumericBaselineFeature, metric: SummaryMetric): number | undefined {
  const { summary } = prediction;
  if (metric === 'prediction_min' || metric === 'prediction_max') {
    return metric === 'prediction_min' ? summary.min : summary.max;
  }
  const level = EXACT_LEVELS[metric];
  const at = level === undefined ? -1 : summary.quantiles.levels.indexOf(level);
  return at < 0 ? undefined : summary.quantiles.values[at];
}

function summaryValue(summary: PredictionSummary, metric: SummaryMetric): number | undefined {
  switch (metric) {
    case 'prediction_mean':
      return summary.mean;
    case 'prediction_std':
      return summary.std;
    // predictionSummary's default levels: p5, p50, p95.
    case 'prediction_p5':
      return summary.quantiles.values[0];
    case 'prediction_p50':
      return summary.quantiles.values[1];
    case 'prediction_p95':
      return summary.quantiles.values[2];
    // A histogram holds no minimum or maximum.
    case 'prediction_min':
    case 'prediction_max':
      return undefined;
    case 'prediction_nonfinite_rate':
      return summary.nonFiniteRate;
    // The share surely outside (see `rangeNotice`).
    case 'prediction_out_of_range_rate':
      return summary.outOfRange?.lower;
  }
}

/** What CBPE calibrates on, and how: the baseline's labelled scores, or its scores taken as probabilities. */
interface CbpeReference {
  classes: ClassScoreHistograms;
  calibration: 'reference' | 'scores';
  meanScores?: number[];
}

/**
 * CBPE's reference. With the baseline's score histograms by actual class on the prediction histogram's edges
 * (`mldrift baseline build --score --label`), each bucket's probability of an actual positive comes from the
 * baseline's labels, as NannyML calibrates on its reference, and the baseline values are the metrics realised on
 * those labels. Without them, or on other edges (with a notice), the scores are taken as calibrated.
 */
function cbpeReference(prediction: NumericBaselineFeature, scores: BaselineScores | undefined, notices: DriftNotice[]): CbpeReference {
  const { name, histogram } = prediction;
  if (scores && sameElements(scores.upperBounds, histogram.upperBounds)) {
    const { histograms, meanScores } = baselineScoreHistograms(scores);
    return { classes: histograms, calibration: 'reference', meanScores };
  }
  if (scores) {
    notices.push({
      severity: 'info',
      text: `CBPE for "${name}": the baseline's labelled scores are on other edges (${scores.upperBounds.join(', ')}) than the prediction histogram (${histogram.upperBounds.join(', ')}), so the scores are taken as calibrated probabilities`,
    });
  }
  return { classes: expectedClasses(name, histogram), calibration: 'scores' };
}

/** The baseline's scores read as calibrated probabilities: the expected actual classes per bucket. */
function expectedClasses(name: string, histogram: BinnedCounts): ClassScoreHistograms {
  const { upperBounds, counts } = histogram;
  const probabilities = representativeScores(probabilityBuckets(upperBounds, [{ name: `baseline prediction "${name}"`, counts }]));
  return {
    upperBounds,
    positives: counts.map((c, i) => c * probabilities[i]),
    negatives: counts.map((c, i) => c * (1 - probabilities[i])),
  };
}

export function checkScoreThreshold(threshold: number | undefined): number {
  if (threshold === undefined) {
    return 0.5;
  }
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold >= 1) {
    throw badRequest(`"scoreThreshold" must be a probability strictly between 0 and 1, got ${threshold}`);
  }
  return threshold;
}

/** The query's valid range of the prediction, open where an end is left out; undefined without either end. */
export function checkPredictionRange(min: number | undefined, max: number | undefined): [number, number] | undefined {
  if (min === undefined && max === undefined) {
    return undefined;
  }
  const range: [number, number] = [min ?? -Infinity, max ?? Infinity];
  if (Number.isNaN(range[0]) || Number.isNaN(range[1]) || !(range[0] < range[1])) {
    throw badRequest(`"predictionMin" (${min}) must be below "predictionMax" (${max})`);
  }
  return range;
}

/**
 * Says where the rate can miss predictions: the rate counts the buckets wholly outside [min, max], so a bucket
 * reaching across an end is left out. With right-closed buckets the top end is exact when it is an edge; the bucket
 * that holds the bottom end also holds values just below it, unless none fall there (integer predictions with an
 * edge at min − 1).
 */
function rangeNotice(name: string, upperBounds: number[], [min, max]: [number, number]): DriftNotice[] {
  const misses: string[] = [];
  if (Number.isFinite(min)) {
    misses.push(`predictions below predictionMin ${min} in the bucket that holds it`);
  }
  if (Number.isFinite(max) && !upperBounds.includes(max)) {
    misses.push(`predictions above predictionMax ${max} in the bucket that holds it (not a bucket edge)`);
  }
  return misses.length === 0 ? [] : [{ severity: 'info', text: `"${name}": prediction_out_of_range_rate is a lower bound, it cannot count ${misses.join(', nor ')}` }];
}

export interface NumericPredictionPlan {
  prediction: NumericBaselineFeature;
  metrics: Set<PerformanceMetric>;
  threshold: number;
  /** Without it there is no out-of-range rate. */
  validRange?: [number, number];
  base: Record<string, string>;
  windowMs: number;
  /** The baseline's score histograms by actual class, when it has them: CBPE calibrates on their labels. */
  scores?: BaselineScores;
}

/**
 * Adds one window's points. Computed per window rather than per series because a window may fail on its own
 * (an empty window, scores outside [0, 1]); that failure becomes a notice, never a wrong point.
 */
export class NumericPredictionSeries {
  private readonly baselineSummary: PredictionSummary | undefined;
  private readonly reference: CbpeReference | undefined;
  private readonly baselineCbpe: CbpeResult | undefined;
  private readonly problems: DriftNotice[] = [];

  constructor(private readonly plan: NumericPredictionPlan) {
    const { histogram, nonFinite, name } = plan.prediction;
    this.baselineSummary = this.attempt(`baseline of "${name}"`, () => predictionSummary({ histogram, nonFinite, validRange: plan.validRange }));
    if (plan.validRange && plan.metrics.has('prediction_out_of_range_rate')) {
      this.problems.push(...rangeNotice(name, histogram.upperBounds, plan.validRange));
    }
    const wantsCbpe = CBPE_METRICS.some((m) => plan.metrics.has(ESTIMATED[m]));
    this.reference = wantsCbpe ? this.attempt(`CBPE for "${name}"`, () => cbpeReference(plan.prediction, plan.scores, this.problems)) : undefined;
    const reference = this.reference;
    this.baselineCbpe = reference && this.attempt(`CBPE for "${name}"`, () => this.estimate(reference, histogram.counts));
  }

  private baselineValue(metric: SummaryMetric): number | undefined {
    return this.baselineSummary && summaryValue(this.baselineSummary, metric);
  }

  /** What kept a series from being computed on the baseline (no data, scores outside [0, 1], a threshold between edges). */
  notices(): DriftNotice[] {
    return this.problems;
  }

  /** The value, or undefined with a warning when the engine refuses the input (never a wrong number). */
  private attempt<T>(what: string, compute: () => T, notices?: NoticeCollector): T | undefined {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      const notice: DriftNotice = { severity: 'warning', text: `${what}: ${error.message}` };
      if (notices) {
        notices.add([notice]);
      } else {
        this.problems.push(notice);
      }
      return undefined;
    }
  }

  private estimate({ classes, calibration, meanScores }: CbpeReference, counts: number[]): CbpeResult {
    return cbpe(counts, { calibration, reference: classes, meanScores, threshold: this.plan.threshold });
  }

  /** `exact`: the window's summaries from the values themselves, where the source has them. */
  add(set: SeriesSet, time: number, counts: NumericWindowCounts, notices: NoticeCollector, exact?: ExactSummary): void {
    const { metrics, base, windowMs } = this.plan;
    const config = (baselineValue: number | null | undefined, unit?: string) => ({
      ...(unit ? { unit } : {}),
      custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs, ...(baselineValue === undefined || baselineValue === null ? {} : { [BASELINE_VALUE_CUSTOM_KEY]: baselineValue }) },
    });
    let total = 0;
    for (const c of counts.binned.counts) {
      total += c;
    }
    // A window without predictions has no point, as everywhere else.
    if (!(total > 0)) {
      return;
    }
    const { validRange } = this.plan;
    const summary = this.attempt(`"${this.plan.prediction.name}"`, () => predictionSummary({ histogram: counts.binned, nonFinite: counts.nonFinite, validRange }), notices);
    for (const metric of SUMMARY_METRICS) {
      if (!summary || !metrics.has(metric)) {
        continue;
      }
      const unit = metric.endsWith('_rate') ? 'percentunit' : undefined;
      if (exact && EXACT_METRICS.includes(metric)) {
        set.add(metric, base, time, exactValue(exact, metric), config(baselineExactValue(this.plan.prediction, metric) ?? this.baselineValue(metric), unit));
      } else {
        set.add(metric, base, time, summaryValue(summary, metric), config(this.baselineValue(metric), unit));
      }
    }
    const { baselineCbpe, reference } = this;
    if (baselineCbpe === undefined || reference === undefined) {
      return;
    }
    const estimate = this.attempt(`CBPE for "${this.plan.prediction.name}"`, () => this.estimate(reference, counts.binned.counts), notices);
    if (estimate === undefined) {
      return;
    }
    for (const name of CBPE_METRICS) {
      const metric = ESTIMATED[name];
      if (!metrics.has(metric)) {
        continue;
      }
      const { estimate: value, samplingError } = estimate.metrics[name];
      // Realised on the baseline's labels where it has them; else what its scores promise.
      const baselineValue = reference.calibration === 'reference' ? baselineCbpe.metrics[name].reference : baselineCbpe.metrics[name].estimate;
      set.add(metric, base, time, value ?? undefined, config(baselineValue, 'percentunit'));
      set.add(`${metric}_sampling_error`, base, time, samplingError, config(undefined));
    }
  }
}

export interface NumericPredictionPoints {
  /** Adds every window's points; per-window problems go to `notices`. */
  addTo(set: SeriesSet, notices: NoticeCollector): void;
  sourceNotices: DriftNotice[];
  executedQuery?: string;
}

/**
 * Reads the live numeric prediction when the query wants a numeric-prediction series and the baseline has a
 * numeric prediction; undefined otherwise (with a notice when the query named such a series explicitly).
 *
 * Series the query did not name (it asked for all) are left out quietly where the source or the data cannot give
 * them: a model whose predictions Prometheus holds as a counter of classes has no histogram to read, and a
 * regression output is no probability for CBPE. Named, the same problems are notices.
 */
export async function numericPredictionPoints(
  context: QueryContext,
  source: LiveSource,
  baseline: BaselineDocument | undefined,
  metrics: Set<PerformanceMetric>,
  notices: NoticeCollector
): Promise<NumericPredictionPoints | undefined> {
  const wanted = NUMERIC_PREDICTION_METRICS.some((m) => metrics.has(m));
  const named = (context.query.performanceMetrics ?? []).some((m) => NUMERIC_PREDICTION_METRICS.includes(m));
  const prediction = baseline?.prediction;
  if (!wanted || baseline === undefined || prediction?.kind !== 'numeric') {
    if (named) {
      notices.add([{ severity: 'info', text: 'prediction summaries and CBPE estimates need a baseline with a numeric prediction distribution (mldrift baseline build --prediction COL)' }]);
    }
    return undefined;
  }
  const threshold = checkScoreThreshold(context.query.scoreThreshold);
  const validRange = checkPredictionRange(context.query.predictionMin, context.query.predictionMax);
  if (validRange === undefined && metrics.has('prediction_out_of_range_rate') && named) {
    notices.add([{ severity: 'info', text: 'prediction_out_of_range_rate needs the valid range of the prediction: "predictionMin" and/or "predictionMax"' }]);
  }
  const wantsExact = EXACT_METRICS.some((m) => metrics.has(m));
  const namedExtremes = (context.query.performanceMetrics ?? []).some((m) => m === 'prediction_min' || m === 'prediction_max');
  if (namedExtremes && !source.predictionStats) {
    notices.add([{ severity: 'info', text: `prediction_min and prediction_max need the values themselves: ${source.kind} histograms keep no minimum or maximum (export them as gauges)` }]);
  }
  const model = { model: baseline.model, version: baseline.version };
  const [live, stats] = await Promise.all([
    liveFeatureWindows(context, source, baseline, [featureSpec(prediction, 'prediction')]),
    wantsExact && source.predictionStats ? source.predictionStats(model, STATS_LEVELS, isInstant(context) ? instantRange(context) : windowGrid(context), { signal: context.signal }) : undefined,
  ]);
  const exactAt = new Map(stats?.data.times.map((time, i) => [time, stats.data.windows[i]]));
  if (stats && (['prediction_p5', 'prediction_p50', 'prediction_p95'] as const).some((m) => metrics.has(m))) {
    notices.add([{ severity: 'info', text: `prediction_p5/p50/p95 are ${source.kind} percentiles: TDigest estimates, most accurate near the extremes, and exact only while a window holds few values` }]);
  }
  const windows = live.series[0];
  const base = { [DRIFT_LABELS.model]: baseline.model, [DRIFT_LABELS.version]: baseline.version };
  const series = new NumericPredictionSeries({ prediction, metrics, threshold, validRange, base, windowMs: live.windowMs, scores: baseline.scores });
  const problems = [...windows.notices, ...series.notices()];
  return {
    sourceNotices: [...live.notices, ...(stats?.notices ?? []), ...(named ? problems : problems.filter((n) => n.severity === 'info'))],
    executedQuery: [live.executedQuery, stats?.executedQuery].filter((q) => q !== undefined).join('\n') || undefined,
    addTo(set, windowNotices) {
      // Unnamed, a window's problems are dropped with the series: collected apart and not passed on.
      const collector = named ? windowNotices : new NoticeCollector();
      windows.windows.forEach((counts, i) => {
        if (counts.kind === 'numeric') {
          series.add(set, windows.times[i], counts, collector, exactAt.get(windows.times[i]));
        }
      });
    },
  };
}
