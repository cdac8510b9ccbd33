/**
 * `performance` query: model quality over time from labelled outcomes, and prediction bias from the
 * prediction counter, per step (`timeseries-multi`) or for the window ending now (`numeric-multi`).
 * Series (field name = metric, see `PerformanceMetric`): accuracy and macro precision/recall/F1 labelled
 * model/version; per-class precision, recall, F1 and prediction share also labelled `class`; and
 * `prediction_drift`, the live prediction distribution against the baseline's label distribution (its
 * prediction distribution when it has no labels), labelled with the method.
 * A numeric prediction adds its summaries and, for a probability score, CBPE estimates without labels
 * (`numericPrediction.ts`); a binary classifier's scores by actual class add ROC AUC, PR AUC, calibration and
 * their curve frames (`classifierScores.ts`); a regression model's error sums add MAE, RMSE, bias and MAPE
 * (`regressionErrors.ts`).
 * A window without labelled outcomes (or predictions) has no point; no traffic at all gives no frames.
 */
import { PERFORMANCE_METRICS, type PerformanceMetric } from '../../shared/queryModel';
import { normalizedScore } from '../../drift/methods';
import type { BaselineDocument, BaselineFeature, DriftNotice } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_THRESHOLD_CUSTOM_KEY, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import { badRequest } from '../errors';
import type { ConfusionCounts, FeatureSpec, ModelRef, WindowCounts } from '../sources/types';
import { classificationReport } from './classification';
import { classifierScorePoints } from './classifierScores';
import { regressionPoints } from './regressionErrors';
import { compare, valuedCount } from './comparison';
import { attachSourceInfo, NoticeCollector, SeriesSet } from './liveFrames';
import { instantRange, isInstant, windowGrid, type SourceFactory } from './liveWindows';
import { checkMethod, resolveModel } from './namedBaseline';
import { numericPredictionPoints } from './numericPrediction';
import type { QueryContext, QueryHandler, QueryResult } from './types';

const CLASS_LABEL = 'class';
const CONFUSION_METRICS: readonly PerformanceMetric[] = ['accuracy', 'precision', 'recall', 'f1', 'macro_precision', 'macro_recall', 'macro_f1'];

function requestedMetrics(context: QueryContext): Set<PerformanceMetric> {
  const asked = context.query.performanceMetrics;
  if (asked === undefined || (Array.isArray(asked) && asked.length === 0)) {
    return new Set(PERFORMANCE_METRICS);
  }
  if (!Array.isArray(asked)) {
    throw badRequest('"performanceMetrics" must be a list');
  }
  const unknown = asked.filter((m) => !PERFORMANCE_METRICS.includes(m));
  if (unknown.length > 0) {
    throw badRequest(`unknown performance metric ${unknown.map((m) => JSON.stringify(m)).join(', ')} (known: ${PERFORMANCE_METRICS.join(', ')})`);
  }
  return new Set(asked);
}

/** What prediction bias is measured against: the baseline's labels, else its predictions. */
function referenceClasses(baseline: BaselineDocument | undefined): BaselineFeature | undefined {
  const reference = baseline?.label ?? baseline?.prediction;
  return reference?.kind === 'categorical' ? reference : undefined;
}

interface Windows<T> {
  times: number[];
  windows: T[];
}

function addConfusionPoints(set: SeriesSet, metrics: Set<PerformanceMetric>, base: Record<string, string>, time: number, counts: ConfusionCounts, classOrder: string[], config: Record<string, unknown>): void {
  const report = classificationReport(counts, classOrder);
  if (!report) {
    return;
  }
  const whole: Array<[PerformanceMetric, number]> = [
    ['accuracy', report.accuracy],
    ['macro_precision', report.macroPrecision],
    ['macro_recall', report.macroRecall],
    ['macro_f1', report.macroF1],
  ];
  for (const [metric, value] of whole) {
    if (metrics.has(metric)) {
      set.add(metric, base, time, value, config);
    }
  }
  for (const c of report.classes) {
    const labels = { ...base, [CLASS_LABEL]: c.className };
    for (const [metric, value] of [['precision', c.precision], ['recall', c.recall], ['f1', c.f1]] as Array<[PerformanceMetric, number]>) {
      if (metrics.has(metric)) {
        set.add(metric, labels, time, value, config);
      }
    }
  }
}

function addPredictionPoints(
  context: QueryContext,
  set: SeriesSet,
  metrics: Set<PerformanceMetric>,
  base: Record<string, string>,
  reference: BaselineFeature | undefined,
  time: number,
  counts: WindowCounts,
  windowMs: number,
  notices: NoticeCollector
): void {
  const total = valuedCount(counts);
  if (total <= 0 || counts.kind !== 'categorical') {
    return;
  }
  if (metrics.has('prediction_share')) {
    counts.distribution.categories.forEach((category, i) =>
      set.add('prediction_share', { ...base, [CLASS_LABEL]: category }, time, counts.distribution.counts[i] / total, { unit: 'percentunit', custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } })
    );
  }
  if (metrics.has('prediction_drift') && reference) {
    const comparison = compare(reference, counts, checkMethod(context.query));
    if (!comparison.ok) {
      notices.add([{ severity: 'warning', text: `prediction drift: ${comparison.reason}` }]);
      return;
    }
    const r = comparison.result;
    notices.add(r.notices);
    const normalize = context.query.normalizeByThreshold === true;
    const threshold = normalize ? 1 : r.pValue === undefined ? r.threshold : undefined;
    set.add('prediction_drift', { ...base, [DRIFT_LABELS.method]: r.method }, time, normalize ? normalizedScore(r) : r.statistic, {
      custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs, ...(threshold !== undefined ? { [DRIFT_THRESHOLD_CUSTOM_KEY]: threshold } : {}) },
    });
  }
}

export function performanceQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const { model, baseline } = await resolveModel(context);
    const metrics = requestedMetrics(context);
    const source = sourceFor(context);
    const instant = isInstant(context);
    const reference = referenceClasses(baseline);
    const classNames = baseline?.classNames ?? (reference?.kind === 'categorical' ? reference.distribution.categories : []);
    const notices = new NoticeCollector();
    if (metrics.has('prediction_drift') && !reference) {
      notices.add([{ severity: 'info', text: 'prediction_drift needs a baseline with a categorical label or prediction distribution' }]);
    }
    // On Elasticsearch the prediction is one field: a numeric one (a score) has no classes, so class-based series are
    // read only when named. On Prometheus the classes come from their own counter.
    const named = new Set(context.query.performanceMetrics ?? []);
    const classesReadable = (metric: PerformanceMetric) => !(source.kind === 'elasticsearch' && baseline?.prediction?.kind === 'numeric') || named.has(metric);
    const wantsConfusion = CONFUSION_METRICS.some((m) => metrics.has(m) && classesReadable(m));
    const wantsPredictions =
      (metrics.has('prediction_share') && classesReadable('prediction_share')) ||
      (metrics.has('prediction_drift') && reference !== undefined && classesReadable('prediction_drift'));
    const predictionSpec: FeatureSpec = { name: 'prediction', role: 'prediction', kind: 'categorical', categories: classNames };

    // Read alongside the class counts. Awaited below; the handler attached now keeps an early failure from counting
    // as an unhandled rejection while the class counts are still on their way (awaiting it still throws).
    const numericPrediction = numericPredictionPoints(context, source, baseline, metrics, notices);
    numericPrediction.catch(() => undefined);
    const modelRef: ModelRef = model;
    const scores = classifierScorePoints(context, source, modelRef, baseline, metrics, notices);
    scores.catch(() => undefined);
    const regression = regressionPoints(context, source, modelRef, baseline, metrics);
    regression.catch(() => undefined);
    let windowMs: number;
    let confusion: Windows<ConfusionCounts> | undefined;
    let predictions: Windows<WindowCounts> | undefined;
    const sourceNotices: DriftNotice[] = [];
    const executed: string[] = [];
    if (instant) {
      const range = instantRange(context);
      windowMs = range.windowMs;
      const [c, p] = await Promise.all([
        wantsConfusion ? source.confusion(modelRef, range, classNames, { signal: context.signal }) : undefined,
        wantsPredictions ? source.featureTotals(modelRef, [predictionSpec], range, { signal: context.signal }) : undefined,
      ]);
      confusion = c && { times: [range.toMs], windows: [c.data] };
      predictions = p && { times: [range.toMs], windows: [p.data[0].counts] };
      for (const r of [c, p]) {
        sourceNotices.push(...(r?.notices ?? []));
        if (r?.executedQuery) {
          executed.push(r.executedQuery);
        }
      }
    } else {
      const grid = windowGrid(context);
      windowMs = grid.windowMs;
      const [c, p] = await Promise.all([
        wantsConfusion ? source.confusionWindows(modelRef, grid, classNames, { signal: context.signal }) : undefined,
        wantsPredictions ? source.featureWindows(modelRef, [predictionSpec], grid, { signal: context.signal }) : undefined,
      ]);
      confusion = c?.data;
      predictions = p && { times: p.data[0].times, windows: p.data[0].windows };
      for (const r of [c, p]) {
        sourceNotices.push(...(r?.notices ?? []));
        if (r?.executedQuery) {
          executed.push(r.executedQuery);
        }
      }
    }

    const set = new SeriesSet();
    const base = { [DRIFT_LABELS.model]: model.model, [DRIFT_LABELS.version]: model.version };
    const config = { unit: 'percentunit', custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
    confusion?.windows.forEach((counts, i) => addConfusionPoints(set, metrics, base, confusion!.times[i], counts, classNames, config));
    predictions?.windows.forEach((counts, i) => addPredictionPoints(context, set, metrics, base, reference, predictions!.times[i], counts, windowMs, notices));
    const [numeric, scored, errors] = await Promise.all([numericPrediction, scores, regression]);
    for (const points of [numeric, scored, errors]) {
      if (points) {
        points.addTo(set, notices);
        sourceNotices.push(...points.sourceNotices);
        if (points.executedQuery) {
          executed.push(points.executedQuery);
        }
      }
    }
    const frames = [...set.frames(instant), ...(scored?.curveFrames ?? [])];
    return { frames: attachSourceInfo(frames, [...sourceNotices, ...notices.notices], executed.join('\n') || undefined) };
  };
}
