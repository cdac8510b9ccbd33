/**
 * `performance` series of a regression model once labels arrive: `mae`, `rmse`, `mean_error` (bias, prediction −
 * actual) and `mape` per window, from the error sums the source reads (`LiveSource.errorSums`). Every number is
 * exact for the documents or observations in the window (sums, not bins). MAPE has no point in a window where an
 * actual value is 0 (it is undefined there), with a notice; mean error and MAPE are left out where the source has
 * no signed or percentage sum.
 *
 * A window without sums but with an error histogram (Prometheus `regression.errorHistogram`) is read from the
 * histogram instead: `mae`, `rmse` (and `mean_error`, signed) with `…_lower`/`…_upper` series, the bounds its buckets
 * allow (`regressionFromErrorHistogram`); an upper bound is infinite when the open top bucket holds errors, and then
 * has no point.
 */
import { DriftInputError } from '../../drift/errors';
import { regressionFromErrorHistogram, regressionFromSums, type Estimate, type RegressionMetrics } from '../../drift/performance/regression';
import type { BaselineDocument, DriftNotice } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import type { PerformanceMetric } from '../../shared/queryModel';
import type { ErrorHistogramWindows, LiveSource, ModelRef } from '../sources/types';
import type { NoticeCollector, SeriesSet } from './liveFrames';
import { instantRange, isInstant, windowGrid } from './liveWindows';
import type { QueryContext } from './types';

export const REGRESSION_METRICS: readonly PerformanceMetric[] = ['mae', 'rmse', 'mean_error', 'mape'];

export interface RegressionPoints {
  addTo(set: SeriesSet, notices: NoticeCollector): void;
  sourceNotices: DriftNotice[];
  executedQuery?: string;
}

/**
 * Reads the error sums when the query names a regression metric, or asks for all and the baseline's label is
 * numeric without score histograms (a regression model's); undefined otherwise, so a classifier's query costs no extra request.
 */
export async function regressionPoints(
  context: QueryContext,
  source: LiveSource,
  model: ModelRef,
  baseline: BaselineDocument | undefined,
  metrics: Set<PerformanceMetric>
): Promise<RegressionPoints | undefined> {
  const named = (context.query.performanceMetrics ?? []).some((m) => REGRESSION_METRICS.includes(m));
  // Score histograms by actual class make a binary classifier, whose 0/1 label a training file gives as numbers.
  const regressionBaseline = baseline?.label?.kind === 'numeric' && baseline.scores === undefined;
  const wanted = REGRESSION_METRICS.some((m) => metrics.has(m)) && (named || regressionBaseline);
  if (!wanted || !source.errorSums) {
    return undefined;
  }
  const instant = isInstant(context);
  const at = instant ? instantRange(context) : windowGrid(context);
  const result = await source.errorSums(model, at, { signal: context.signal });
  const base = { [DRIFT_LABELS.model]: model.model, [DRIFT_LABELS.version]: model.version };
  const config = { custom: { [DRIFT_WINDOW_CUSTOM_KEY]: at.windowMs } };
  return {
    sourceNotices: result.notices,
    executedQuery: result.executedQuery,
    addTo(set, notices) {
      let zeroActuals = 0;
      result.data.windows.forEach((sums, i) => {
        let values: RegressionMetrics;
        try {
          values = regressionFromSums(sums);
        } catch (error) {
          if (!(error instanceof DriftInputError)) {
            throw error;
          }
          notices.add([{ severity: 'warning', text: `regression errors of ${model.model}@${model.version}: ${error.message}` }]);
          return;
        }
        const time = result.data.times[i];
        const points: Array<[PerformanceMetric, number | null]> = [
          ['mae', values.mae],
          ['rmse', values.rmse],
          ['mean_error', values.meanError],
          ['mape', values.mape],
        ];
        for (const [metric, value] of points) {
          if (metrics.has(metric) && value !== null) {
            set.add(metric, base, time, value, config);
          }
        }
        if ((sums.zeroActualCount ?? 0) > 0) {
          zeroActuals++;
        }
      });
      const histogram = result.data.histogram;
      if (histogram) {
        const point = (metric: string, time: number, value: number) => set.add(metric, base, time, value, config);
        const warn = (text: string) => notices.add([{ severity: 'warning', text: `error histogram of ${model.model}@${model.version}: ${text}` }]);
        addHistogramPoints(histogram, new Set(result.data.times), metrics, point, warn);
      }
      if (zeroActuals > 0 && metrics.has('mape')) {
        notices.add([{ severity: 'info', text: `mape: ${zeroActuals} window(s) have actual values equal to 0, where MAPE is undefined; those windows have no point` }]);
      }
    },
  };
}

/** The histogram's windows that have no sums: values with their bounds; a window the engine refuses gets a notice. */
function addHistogramPoints(
  histogram: ErrorHistogramWindows,
  summed: ReadonlySet<number>,
  metrics: Set<PerformanceMetric>,
  point: (metric: string, time: number, value: number) => void,
  warn: (text: string) => void
): void {
  histogram.windows.forEach(({ binned, sum }, i) => {
    const time = histogram.times[i];
    if (summed.has(time)) {
      return;
    }
    let values: ReturnType<typeof regressionFromErrorHistogram>;
    try {
      values = regressionFromErrorHistogram(binned, histogram.kind, sum);
    } catch (error) {
      if (!(error instanceof DriftInputError)) {
        throw error;
      }
      warn(error.message);
      return;
    }
    const estimates: Array<[PerformanceMetric, Estimate | undefined]> = [
      ['mae', values.mae],
      ['rmse', values.rmse],
      ['mean_error', values.meanError],
    ];
    for (const [metric, estimate] of estimates) {
      if (estimate && metrics.has(metric)) {
        point(metric, time, estimate.value);
        point(`${metric}_lower`, time, estimate.lower);
        if (Number.isFinite(estimate.upper)) {
          point(`${metric}_upper`, time, estimate.upper);
        }
      }
    }
  });
}
