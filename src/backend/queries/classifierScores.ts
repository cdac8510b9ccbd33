/**
 * `performance` series of a binary classifier's scores once labels arrive, from score histograms split by the
 * actual class (`LiveSource.classScores`): per window `roc_auc` and `pr_auc` with their `…_lower`/`…_upper`
 * bounds (the binning error: how pairs inside one bucket rank is unknown) and `expected_calibration_error` with
 * its bounds: exact (bounds equal to the value) where the source sums each bucket's scores (Elasticsearch), else a
 * bucket's mean score is unknown and its midpoint stands in (Prometheus); and the curve frames `roc_curve` and
 * `calibration_curve` of the last window (the one ending at the range's end, so a curve matches the series' last
 * point) beside the baseline's curves when the baseline has `scores`.
 *
 * The baseline's values (from its `scores`, with their mean scores) ride in each value series' field config
 * (`custom.mlopsBaselineValue`), as the prediction summaries and CBPE estimates do.
 *
 * Scores outside [0, 1] or a label with more than two classes fail the query with a message naming what was
 * found: a number computed from them would be silently wrong.
 */
import { averagePrecision, rocAuc, type BoundedValue } from '../../drift/performance/auc';
import { calibration, type Calibration } from '../../drift/performance/calibration';
import { baselineScoreHistograms, classTotals, probabilityBuckets, type ClassScoreHistograms } from '../../drift/performance/scoreBuckets';
import { DriftInputError } from '../../drift/errors';
import type { BaselineDocument, BaselineScores, DriftNotice } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_WINDOW_CUSTOM_KEY, PERFORMANCE_CURVES, type PerformanceCurveCustom } from '../../shared/frameContract';
import type { PerformanceMetric } from '../../shared/queryModel';
import { BackendError } from '../errors';
import { field, type Frame } from '../frames';
import type { ClassScoreWindow, LiveSource, ModelRef } from '../sources/types';
import type { NoticeCollector, SeriesSet } from './liveFrames';
import { instantRange, isInstant, windowGrid } from './liveWindows';
import { BASELINE_VALUE_CUSTOM_KEY } from './numericPrediction';
import type { QueryContext } from './types';

const SCORE_METRICS: readonly PerformanceMetric[] = ['roc_auc', 'pr_auc', 'expected_calibration_error', 'roc_curve', 'calibration_curve'];

/** The positive class when neither the binding nor the baseline names one. */
const DEFAULT_POSITIVE_CLASS = '1';

/**
 * What one side (a live window, the baseline) gives: ROC AUC and PR AUC undefined without both classes, calibration
 * without observations (expected, quiet); anything else the engine refuses is a `problem`, said in a notice, never a
 * number left out silently.
 */
interface ScoreMetrics {
  rocAuc?: ReturnType<typeof rocAuc>;
  averagePrecision?: BoundedValue;
  calibration?: Calibration;
  problems: string[];
}

function scoreMetrics(histograms: ClassScoreHistograms, meanScores?: number[]): ScoreMetrics {
  const problems: string[] = [];
  const attempt = <T>(defined: boolean, compute: () => T): T | undefined => {
    if (!defined) {
      return undefined;
    }
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      problems.push(error.message);
      return undefined;
    }
  };
  const totals = attempt(true, () => classTotals(histograms));
  const bothClasses = totals !== undefined && totals.positives > 0 && totals.negatives > 0;
  return {
    rocAuc: attempt(bothClasses, () => rocAuc(histograms)),
    averagePrecision: attempt(bothClasses, () => averagePrecision(histograms)),
    calibration: attempt(totals !== undefined && totals.positives + totals.negatives > 0, () => calibration(histograms, meanScores)),
    problems,
  };
}

/** A live window's mean score per bucket where the source summed the scores; NaN for an empty bucket. */
function windowMeanScores(window: ClassScoreWindow): number[] | undefined {
  const { scoreSums } = window;
  if (!scoreSums) {
    return undefined;
  }
  const counts = new Array<number>(scoreSums.length).fill(0);
  for (const histogram of window.byActual.values()) {
    histogram.forEach((count, i) => (counts[i] += count));
  }
  return scoreSums.map((sum, i) => (counts[i] > 0 ? sum / counts[i] : NaN));
}

function baselineMetrics(scores: BaselineScores): ScoreMetrics {
  const { histograms, meanScores } = baselineScoreHistograms(scores);
  return scoreMetrics(histograms, meanScores);
}

function listed(values: Iterable<string>): string {
  return [...values]
    .sort()
    .map((v) => JSON.stringify(v))
    .join(', ');
}

/**
 * The windows as positive / negative histograms. Fails on a label with more than two classes, or whose classes do
 * not include the positive one, naming the classes found.
 */
function binaryHistograms(windows: ClassScoreWindow[], positiveClass: string, where: string): ClassScoreHistograms[] {
  const classes = new Set(windows.flatMap((w) => [...w.byActual.keys()]));
  if (classes.size > 2) {
    throw new BackendError(400, `${where}: the actual class has ${classes.size} values (${listed(classes)}); ROC AUC, PR AUC and calibration need a binary label`, 'downstream');
  }
  if (classes.size > 0 && !classes.has(positiveClass)) {
    throw new BackendError(
      400,
      `${where}: no actual class is the positive class ${JSON.stringify(positiveClass)} (found ${listed(classes)}); name it as positiveClass in the model's binding`,
      'downstream'
    );
  }
  return windows.map((w) => {
    const zeros = () => new Array<number>(w.upperBounds.length + 1).fill(0);
    const negativeClass = [...w.byActual.keys()].find((c) => c !== positiveClass);
    return {
      upperBounds: w.upperBounds,
      positives: w.byActual.get(positiveClass) ?? zeros(),
      negatives: negativeClass === undefined ? zeros() : w.byActual.get(negativeClass)!,
    };
  });
}

/** Scores outside [0, 1] fail the query: AUC would still rank them, but calibration and CBPE read them as probabilities. */
function requireProbabilities(histograms: ClassScoreHistograms[], where: string): void {
  for (const h of histograms) {
    try {
      probabilityBuckets(h.upperBounds, [
        { name: 'positive-class score', counts: h.positives },
        { name: 'negative-class score', counts: h.negatives },
      ]);
    } catch (error) {
      if (error instanceof DriftInputError) {
        throw new BackendError(400, `${where}: ${error.message}`, 'downstream');
      }
      throw error;
    }
  }
}

/** ROC points as the contract orders them, with the score above which each point predicts positive. */
function rocFrame(roc: NonNullable<ScoreMetrics['rocAuc']>, upperBounds: number[], custom: PerformanceCurveCustom): Frame {
  const names = PERFORMANCE_CURVES.roc;
  // Point k > 0 adds bucket m + 1 − k, whose scores lie above its lower edge (0 for the bottom bucket); point 0
  // predicts nothing positive: above 1.
  const thresholds = roc.curve.falsePositiveRate.map((_, k) => {
    const bucket = upperBounds.length + 1 - k;
    return k === 0 ? 1 : bucket === 0 ? 0 : Math.min(1, Math.max(0, upperBounds[bucket - 1]));
  });
  return {
    name: names.frameName,
    meta: { custom: { ...custom, auc: roc.value, aucLower: roc.lower, aucUpper: roc.upper } },
    fields: [
      field(names.falsePositiveRate, 'number', roc.curve.falsePositiveRate),
      field(names.truePositiveRate, 'number', roc.curve.truePositiveRate),
      field(names.threshold, 'number', thresholds),
    ],
  };
}

function calibrationFrame(result: Calibration, custom: PerformanceCurveCustom): Frame {
  const names = PERFORMANCE_CURVES.calibration;
  return {
    name: names.frameName,
    meta: { custom: { ...custom, expectedCalibrationError: result.ece } },
    fields: [
      field(names.meanPredicted, 'number', result.bins.map((b) => b.meanPredicted)),
      field(names.observedRate, 'number', result.bins.map((b) => b.observedRate)),
      field(names.count, 'number', result.bins.map((b) => b.count)),
    ],
  };
}

function curveFrames(metrics: Set<PerformanceMetric>, side: ScoreMetrics, upperBounds: number[], custom: PerformanceCurveCustom): Frame[] {
  const frames: Frame[] = [];
  if (metrics.has('roc_curve') && side.rocAuc) {
    frames.push(rocFrame(side.rocAuc, upperBounds, custom));
  }
  if (metrics.has('calibration_curve') && side.calibration) {
    frames.push(calibrationFrame(side.calibration, custom));
  }
  return frames;
}

export interface ClassifierScorePoints {
  addTo(set: SeriesSet, notices: NoticeCollector): void;
  /** Table frames, live and baseline (see `PERFORMANCE_CURVES`). */
  curveFrames: Frame[];
  sourceNotices: DriftNotice[];
  executedQuery?: string;
}

/**
 * Reads the scores by actual class when the query names a score metric, or asks for all and the baseline has
 * `scores` (a model without score histograms then costs no query and no notice); undefined otherwise.
 */
export async function classifierScorePoints(
  context: QueryContext,
  source: LiveSource,
  model: ModelRef,
  baseline: BaselineDocument | undefined,
  metrics: Set<PerformanceMetric>,
  notices: NoticeCollector
): Promise<ClassifierScorePoints | undefined> {
  const named = (context.query.performanceMetrics ?? []).some((m) => SCORE_METRICS.includes(m));
  const wanted = SCORE_METRICS.some((m) => metrics.has(m)) && (named || baseline?.scores !== undefined);
  if (!wanted) {
    return undefined;
  }
  if (!source.classScores) {
    notices.add([{ severity: 'info', text: `ROC AUC, PR AUC and calibration are not read from ${source.kind}` }]);
    return undefined;
  }
  const instant = isInstant(context);
  const at = instant ? instantRange(context) : windowGrid(context);
  const { windowMs } = at;
  const upperBounds = baseline?.scores?.upperBounds ?? (baseline?.prediction?.kind === 'numeric' ? baseline.prediction.histogram.upperBounds : undefined);
  const result = await source.classScores(model, { upperBounds }, at, { signal: context.signal });
  const where = `scores of ${model.model}@${model.version} by actual class`;
  const positiveClass = result.data.positiveClass ?? baseline?.scores?.positiveClass ?? DEFAULT_POSITIVE_CLASS;
  const histograms = binaryHistograms(result.data.windows, positiveClass, where);
  requireProbabilities(histograms, where);
  const live = histograms.map((h, i) => scoreMetrics(h, windowMeanScores(result.data.windows[i])));
  const reference = baseline?.scores && baselineMetrics(baseline.scores);
  const base = { [DRIFT_LABELS.model]: model.model, [DRIFT_LABELS.version]: model.version };
  const sourceNotices = [...result.notices, ...(reference?.problems ?? []).map((text): DriftNotice => ({ severity: 'warning', text: `baseline scores: ${text}` }))];
  const unscored = result.data.windows.reduce((most, w) => Math.max(most, w.unscored), 0);
  if (unscored > 0) {
    sourceNotices.push({ severity: 'info', text: `${where}: labelled observations without a score are left out (up to ${unscored} in one window)` });
  }
  const calibrated = metrics.has('expected_calibration_error') || metrics.has('calibration_curve');
  if (calibrated && result.data.windows.length > 0 && result.data.windows.every((w) => w.scoreSums)) {
    sourceNotices.push({ severity: 'info', text: `${where}: calibration uses each bucket's mean score as ${source.kind} sums it: the expected calibration error is exact, its bounds equal it` });
  }
  const wantsCurves = named || !instant;
  const frames: Frame[] = [];
  const last = live.length - 1;
  if (wantsCurves && last >= 0) {
    frames.push(...curveFrames(metrics, live[last], histograms[last].upperBounds, { model: model.model, version: model.version, side: 'live' }));
  }
  if (wantsCurves && reference && baseline?.scores) {
    frames.push(...curveFrames(metrics, reference, baseline.scores.upperBounds, { model: model.model, version: model.version, side: 'baseline' }));
  }
  return {
    curveFrames: frames,
    sourceNotices,
    executedQuery: result.executedQuery,
    addTo(set, windowNotices) {
      const config = (baselineValue: number | undefined) => ({
        unit: 'percentunit',
        custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs, ...(baselineValue === undefined ? {} : { [BASELINE_VALUE_CUSTOM_KEY]: baselineValue }) },
      });
      const bounded = (metric: PerformanceMetric, time: number, value: BoundedValue | undefined, baselineValue: number | undefined) => {
        if (metrics.has(metric) && value) {
          set.add(metric, base, time, value.value, config(baselineValue));
          set.add(`${metric}_lower`, base, time, value.lower, config(undefined));
          set.add(`${metric}_upper`, base, time, value.upper, config(undefined));
        }
      };
      let oneClass = 0;
      live.forEach((side, i) => {
        const time = result.data.times[i];
        if (!side.rocAuc && side.problems.length === 0) {
          oneClass++;
        }
        windowNotices.add(side.problems.map((text) => ({ severity: 'warning', text: `${where}: ${text}` })));
        bounded('roc_auc', time, side.rocAuc, reference?.rocAuc?.value);
        bounded('pr_auc', time, side.averagePrecision, reference?.averagePrecision?.value);
        const ece = side.calibration && { value: side.calibration.ece, lower: side.calibration.eceLower, upper: side.calibration.eceUpper };
        bounded('expected_calibration_error', time, ece, reference?.calibration?.ece);
      });
      if (oneClass > 0 && (metrics.has('roc_auc') || metrics.has('pr_auc'))) {
        windowNotices.add([{ severity: 'info', text: `${where}: ${oneClass} window(s) without both classes have no ROC AUC or PR AUC` }]);
      }
    },
  };
}
