import type { ErrorSums } from '../../drift/performance/regression';
import type { BaselineDocument } from '../../drift/types';
import type { PerformanceMetric } from '../../shared/queryModel';
import type { ErrorHistogramWindows, LiveSource } from '../sources/types';
import { NoticeCollector, SeriesSet } from './liveFrames';
import { regressionPoints } from './regressionErrors';
import type { QueryContext } from './types';

function context(performanceMetrics?: PerformanceMetric[]): QueryContext {
  return { query: { window: '1h', instant: false, performanceMetrics }, fromAlert: false, timeRange: { fromMs: 0, toMs: 7_200_000 }, intervalMs: 3_600_000, maxDataPoints: 100, settings: { jsonData: {} }, signal: new AbortController().signal } as unknown as QueryContext;
}

async function run(windows: ErrorSums[], metrics: PerformanceMetric[], baseline?: Partial<BaselineDocument>, histogram?: ErrorHistogramWindows) {
  let asked = 0;
  const source = {
    kind: 'prometheus',
    errorSums: () => {
      asked++;
      return Promise.resolve({ data: { times: windows.map((_, i) => (i + 1) * 1000), windows, histogram }, notices: [] });
    },
  } as unknown as LiveSource;
  const points = await regressionPoints(context(metrics), source, { model: 'm', version: '1' }, baseline as BaselineDocument, new Set(metrics.length > 0 ? metrics : ['mae', 'rmse', 'mean_error', 'mape']));
  const set = new SeriesSet();
  const notices = new NoticeCollector();
  points?.addTo(set, notices);
  const series = new Map(set.frames(false).map((f) => [f.fields[1].name, f.fields[1].values]));
  return { asked, series, notices: notices.notices.map((n) => n.text) };
}

describe('regression error series of performance queries', () => {
  it('gives MAE, RMSE, bias and MAPE per window, and no MAPE where an actual is 0', async () => {
    const { series, notices } = await run(
      [
        { count: 4, absoluteErrorSum: 8, squaredErrorSum: 36, errorSum: -4, absolutePercentageErrorSum: 0.4, zeroActualCount: 0 },
        { count: 2, absoluteErrorSum: 2, squaredErrorSum: 2, errorSum: 2, absolutePercentageErrorSum: 0.1, zeroActualCount: 1 },
      ],
      ['mae', 'rmse', 'mean_error', 'mape']
    );
    expect(series.get('mae')).toEqual([2, 1]);
    expect(series.get('rmse')).toEqual([3, 1]);
    expect(series.get('mean_error')).toEqual([-1, 1]);
    expect(series.get('mape')).toEqual([0.1]);
    expect(notices).toEqual(['mape: 1 window(s) have actual values equal to 0, where MAPE is undefined; those windows have no point']);
  });

  it('reads windows without sums from an error histogram, with its bounds, an infinite one left out', async () => {
    const histogram: ErrorHistogramWindows = {
      kind: 'signed',
      times: [1000, 2000],
      windows: [
        { binned: { upperBounds: [-1, 0, 1], counts: [0, 2, 2, 0] } },
        { binned: { upperBounds: [-1, 0, 1], counts: [0, 1, 0, 1] } },
      ],
    };
    // Window 1000 has sums: they win. Window 2000 is read from the histogram.
    const { series } = await run([{ count: 4, absoluteErrorSum: 2, squaredErrorSum: 2 }], ['mae', 'mean_error'], undefined, histogram);
    expect(series.get('mae')).toEqual([0.5, 0.75]);
    // Errors in (−1, 0] and (1, +Inf): |e| at least 0 and 1, at most 1 and unbounded.
    expect(series.get('mae_lower')).toEqual([0.5]);
    expect(series.has('mae_upper')).toBe(false);
    expect(series.get('mean_error_lower')).toEqual([0]);
  });

  it('leaves out the bias and MAPE without their sums', async () => {
    const { series } = await run([{ count: 1, absoluteErrorSum: 1, squaredErrorSum: 1 }], ['mae', 'mean_error', 'mape']);
    expect([...series.keys()]).toEqual(['mae']);
  });

  it('asks the source only when a regression series is named or the baseline label is numeric', async () => {
    expect((await run([], [])).asked).toBe(0);
    const numericLabel = { label: { name: 'y', kind: 'numeric' } } as Partial<BaselineDocument>;
    expect((await run([], [], numericLabel)).asked).toBe(1);
    expect((await run([], ['rmse'])).asked).toBe(1);
  });
});
