import { cellHref, cellWindow } from './cellLink';
import { buildDriftGrid } from './grid';
import { computeHeatmapLayout, hitTest, timeTicks, visibleRows } from './layout';
import { featureSeries } from './testing';
import { describeCell } from './tooltipContent';

describe('computeHeatmapLayout', () => {
  it('fits a few features into the view', () => {
    const layout = computeHeatmapLayout({ width: 800, viewportHeight: 300, rows: 10, longestName: 10, showNames: true });
    expect(layout.rowHeight).toBe(30);
    expect(layout.contentHeight).toBe(300);
    expect(layout.plotLeft + layout.plotWidth).toBeLessThanOrEqual(800);
  });

  it('scrolls 500 named features at a readable row height, or shrinks rows when names are off', () => {
    const named = computeHeatmapLayout({ width: 800, viewportHeight: 300, rows: 500, longestName: 10, showNames: true });
    expect(named.rowHeight).toBe(14);
    expect(named.contentHeight).toBe(7000);
    const bare = computeHeatmapLayout({ width: 800, viewportHeight: 300, rows: 500, longestName: 10, showNames: false });
    expect(bare.plotLeft).toBe(0);
    expect(bare.rowHeight).toBe(3);
  });

  it('finds visible rows and hit cells at a scroll position', () => {
    const layout = computeHeatmapLayout({ width: 500, viewportHeight: 140, rows: 100, longestName: 4, showNames: true });
    expect(visibleRows(layout, 100, 21)).toEqual({ first: 1, end: 12, offsetY: -7 });
    expect(hitTest(layout, 100, layout.plotLeft + 3, 5, 21)).toEqual({ row: 1, pixel: 3 });
    expect(hitTest(layout, 100, layout.plotLeft - 1, 5, 0)).toBeUndefined();
  });

  it('chooses round time ticks that do not crowd', () => {
    const { times, stepMs } = timeTicks(0, 86_400_000, 600);
    expect(stepMs).toBe(21_600_000); // 3 h would give 9 ticks, more than 600 px hold at 90 px apart
    expect(times).toEqual([0, 6, 12, 18, 24].map((h) => h * 3_600_000));
  });
});

describe('cell links and tooltips', () => {
  const HOUR = 3_600_000;
  const grid = buildDriftGrid(
    [
      featureSeries({
        feature: 'age group',
        model: 'churn',
        version: '3',
        method: 'ks',
        threshold: 0.2,
        times: Float64Array.from([HOUR, 2 * HOUR]),
        score: Float64Array.from([0.1, 0.4]),
        pValue: Float64Array.from([0.3, 0.0001]),
      }),
    ],
    { colorBy: 'normalized', maxNormalized: 2, sortBy: 'worst' }
  );

  it('fills the URL template with the feature and the window, encoded', () => {
    expect(cellWindow(grid, 0, 1)).toEqual({ feature: 'age group', from: HOUR, to: 2 * HOUR });
    expect(cellHref(grid, 0, 1, '/d/dist?var-feature=${feature}&var-model=${model}&from=${from}&to=${to}&x=${other}')).toBe(
      `/d/dist?var-feature=age%20group&var-model=churn&from=${HOUR}&to=${2 * HOUR}&x=\${other}`
    );
    expect(cellHref(grid, 0, 1, '/d/${feature}?v=$env', (s) => s.replace('$env', 'prod'))).toBe('/d/age%20group?v=prod');
  });

  it('names the segment in the tooltip and fills ${segment} in the link of a segmented row', () => {
    const segmented = buildDriftGrid(
      [featureSeries({ feature: 'income', segment: 'other', model: 'churn', threshold: 0.2, times: Float64Array.from([HOUR]), score: Float64Array.from([0.3]) })],
      { colorBy: 'normalized', maxNormalized: 2, sortBy: 'worst' }
    );
    const rows = describeCell(segmented, 0, 0, 'utc');
    expect(rows.slice(0, 2)).toEqual([
      { label: 'Feature', value: 'income' },
      { label: 'Segment', value: 'other' },
    ]);
    expect(cellHref(segmented, 0, 0, '/d/dist?var-feature=${feature}&var-segment=${segment}&var-reference=${reference}')).toBe(
      '/d/dist?var-feature=income&var-segment=other&var-reference='
    );
  });

  it('has no link without a template or a data link', () => {
    expect(cellHref(grid, 0, 0, '  ')).toBeUndefined();
  });

  it('describes a cell with score, method, p-value, threshold, window and verdict', () => {
    const rows = Object.fromEntries(describeCell(grid, 0, 1, 'utc').map((r) => [r.label, r.value]));
    expect(rows).toEqual({
      Feature: 'age group',
      Window: '1970-01-01 01:00:00 → 1970-01-01 02:00:00',
      Score: '0.4',
      Method: 'ks',
      Threshold: '0.2',
      'Score ÷ threshold': '2',
      'p-value': '< 0.001',
      Verdict: 'Drift',
    });
  });
});
