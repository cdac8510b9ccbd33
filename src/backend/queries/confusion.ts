/**
 * `confusion` query: the confusion matrix of labelled outcomes over the dashboard range, and the metrics
 * derived from it (scikit-learn conventions, see `classification.ts`). Frames:
 * - `confusion`: long frame (actual, predicted, count), every pair of occurring classes, zeros included;
 * and with `includeClassMetrics` (table frames, which a matrix reader would take for a wide matrix):
 * - `classes`: one row per class with precision, recall, f1, support and predicted count;
 * - `summary`: one row with accuracy, macro precision/recall/F1, weighted F1 and the total.
 * No labelled outcome in the range gives no frames (NoData).
 */
import { CONFUSION_FIELDS } from '../../shared/frameContract';
import { field, type Frame } from '../frames';
import { classificationReport, type ClassificationReport } from './classification';
import { attachSourceInfo } from './liveFrames';
import { type SourceFactory } from './liveWindows';
import { resolveModel } from './namedBaseline';
import type { QueryContext, QueryHandler, QueryResult } from './types';

export const CLASS_METRIC_FIELDS = {
  className: 'class',
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
  support: 'support',
  predicted: 'predicted',
} as const;

export const SUMMARY_FIELDS = {
  accuracy: 'accuracy',
  macroPrecision: 'macro_precision',
  macroRecall: 'macro_recall',
  macroF1: 'macro_f1',
  weightedF1: 'weighted_f1',
  total: 'total',
} as const;

export function confusionFrames(report: ClassificationReport, includeClassMetrics: boolean): Frame[] {
  const names = report.classes.map((c) => c.className);
  const actual: string[] = [];
  const predicted: string[] = [];
  const counts: number[] = [];
  report.matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      actual.push(names[i]);
      predicted.push(names[j]);
      counts.push(count);
    })
  );
  const matrix: Frame = {
    name: 'confusion',
    fields: [
      field(CONFUSION_FIELDS.actual, 'string', actual),
      field(CONFUSION_FIELDS.predicted, 'string', predicted),
      field(CONFUSION_FIELDS.count, 'number', counts),
    ],
  };
  if (!includeClassMetrics) {
    return [matrix];
  }
  const classes = report.classes;
  return [
    matrix,
    {
      name: 'classes',
      fields: [
        field(CLASS_METRIC_FIELDS.className, 'string', names),
        field(CLASS_METRIC_FIELDS.precision, 'number', classes.map((c) => c.precision), { config: { unit: 'percentunit' } }),
        field(CLASS_METRIC_FIELDS.recall, 'number', classes.map((c) => c.recall), { config: { unit: 'percentunit' } }),
        field(CLASS_METRIC_FIELDS.f1, 'number', classes.map((c) => c.f1), { config: { unit: 'percentunit' } }),
        field(CLASS_METRIC_FIELDS.support, 'number', classes.map((c) => c.support)),
        field(CLASS_METRIC_FIELDS.predicted, 'number', classes.map((c) => c.predicted)),
      ],
    },
    {
      name: 'summary',
      fields: [
        field(SUMMARY_FIELDS.accuracy, 'number', [report.accuracy], { config: { unit: 'percentunit' } }),
        field(SUMMARY_FIELDS.macroPrecision, 'number', [report.macroPrecision], { config: { unit: 'percentunit' } }),
        field(SUMMARY_FIELDS.macroRecall, 'number', [report.macroRecall], { config: { unit: 'percentunit' } }),
        field(SUMMARY_FIELDS.macroF1, 'number', [report.macroF1], { config: { unit: 'percentunit' } }),
        field(SUMMARY_FIELDS.weightedF1, 'number', [report.weightedF1], { config: { unit: 'percentunit' } }),
        field(SUMMARY_FIELDS.total, 'number', [report.total]),
      ],
    },
  ];
}

export function confusionQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const { model, baseline } = await resolveModel(context);
    const classNames = baseline?.classNames ?? [];
    const counts = await sourceFor(context).confusion(model, context.timeRange, classNames, { signal: context.signal });
    const report = classificationReport(counts.data, classNames);
    const notices = [...counts.notices];
    if (counts.data.unlisted > 0) {
      notices.push({ severity: 'warning', text: `${counts.data.unlisted} outcomes could not be itemised by class and are not in the matrix` });
    }
    const frames = report ? confusionFrames(report, context.query.includeClassMetrics === true) : [];
    return { frames: attachSourceInfo(frames, notices, counts.executedQuery) };
  };
}
