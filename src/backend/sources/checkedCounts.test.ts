import { withCheckedCounts } from './checkedCounts';
import type { ConfusionCounts, FeatureTotals, FeatureWindowSeries, LiveSource, WindowCounts } from './types';

const numeric = (counts: number[], missing = 0): WindowCounts => ({ kind: 'numeric', binned: { upperBounds: [0, 1], counts }, missing, nonFinite: 0 });

function source(parts: { series?: FeatureWindowSeries[]; totals?: FeatureTotals[]; confusion?: ConfusionCounts }): LiveSource {
  return {
    kind: 'prometheus',
    featureWindows: async () => ({ data: parts.series ?? [], notices: [] }),
    featureTotals: async () => ({ data: parts.totals ?? [], notices: [] }),
    confusion: async () => ({ data: parts.confusion!, notices: [] }),
    confusionWindows: async () => ({ data: { times: [1, 2], windows: [parts.confusion!, parts.confusion!] }, notices: [] }),
  };
}

const model = { model: 'm', version: '1' };
const grid = { fromMs: 0, toMs: 1, stepMs: 1, windowMs: 1 };

describe('withCheckedCounts', () => {
  it('leaves out windows holding NaN, infinite or negative counts, with a warning naming feature, time and value', async () => {
    const series: FeatureWindowSeries = {
      feature: 'age',
      role: 'feature',
      times: [0, 60_000, 120_000, 180_000],
      windows: [numeric([1, 2, 3]), numeric([1, Number.NaN, 3]), numeric([1, 2, 3], -4), numeric([Infinity, 0, 0])],
      observations: [6, 6, 6, 6],
      notices: [],
    };
    const { data } = await withCheckedCounts(source({ series: [series] })).featureWindows(model, [], grid);
    expect(data[0].times).toEqual([0]);
    expect(data[0].windows).toEqual([numeric([1, 2, 3])]);
    expect(data[0].observations).toEqual([6]);
    expect(data[0].notices).toEqual([
      { severity: 'warning', text: '"age": 3 window(s) left out (first at 1970-01-01T00:01:00.000Z): the upstream answered NaN where a count (a finite number, not negative) belongs' },
    ]);
  });

  it('passes clean series through as they are', async () => {
    const series: FeatureWindowSeries = { feature: 'x', role: 'feature', times: [0], windows: [numeric([1, 1, 1])], observations: [3], notices: [] };
    const { data } = await withCheckedCounts(source({ series: [series] })).featureWindows(model, [], grid);
    expect(data[0]).toBe(series);
  });

  it('turns an instant window with a bad observation count into one without data', async () => {
    const totals: FeatureTotals = { feature: 'age', role: 'feature', counts: numeric([1, 2, 3]), observations: -Infinity, notices: [] };
    const { data } = await withCheckedCounts(source({ totals: [totals] })).featureTotals(model, [], { fromMs: 0, toMs: 1 });
    expect(data[0].observations).toBe(0);
    expect(data[0].counts).toEqual(numeric([0, 0, 0]));
    expect(data[0].notices[0].text).toMatch(/"age": the window left out: the upstream answered -Infinity/);
  });

  it('leaves bad outcome counts out of a confusion matrix, with a warning', async () => {
    const confusion: ConfusionCounts = { actual: ['a', 'a', 'b'], predicted: ['a', 'b', 'b'], counts: [5, -1, 3], unlisted: Number.NaN };
    const checked = withCheckedCounts(source({ confusion }));
    const single = await checked.confusion(model, { fromMs: 0, toMs: 1 }, []);
    expect(single.data).toEqual({ actual: ['a', 'b'], predicted: ['a', 'b'], counts: [5, 3], unlisted: 0 });
    expect(single.notices[0].text).toMatch(/labelled outcomes with invalid counts left out/);
    const windows = await checked.confusionWindows(model, grid, []);
    expect(windows.data.windows[1].counts).toEqual([5, 3]);
    expect(windows.notices[0].text).toMatch(/in 2 window\(s\) left out \(first at 1970-01-01T00:00:00.001Z\)/);
  });
});
