import { buildLut } from '../shared/colorScale';
import { buildDriftGrid } from './grid';
import { mapPixelsToWindows, paintPooled, poolGrid } from './pixels';
import { featureSeries } from './testing';

const times = Float64Array.from([10, 20, 30, 40]);

describe('mapPixelsToWindows', () => {
  it('spreads few wide windows over many pixels', () => {
    // range (0, 40], 8 pixels of 5: each window (t-10, t] covers two pixels
    const { start, end } = mapPixelsToWindows(times, 10, 0, 40, 8);
    expect(Array.from(start)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(end)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('gathers many narrow windows into one pixel', () => {
    const { start, end } = mapPixelsToWindows(times, 10, 0, 40, 2);
    expect(Array.from(start)).toEqual([0, 2]);
    expect(Array.from(end)).toEqual([2, 4]);
  });

  it('leaves pixels outside every window empty', () => {
    const { start } = mapPixelsToWindows(Float64Array.from([40]), 10, 0, 40, 4);
    expect(Array.from(start)).toEqual([-1, -1, -1, 0]);
  });
});

describe('poolGrid and paintPooled', () => {
  const grid = buildDriftGrid(
    [featureSeries({ feature: 'f', times, normalized: Float64Array.from([0.1, 1.9, 0.2, Number.NaN]) })],
    { colorBy: 'normalized', maxNormalized: 2, sortBy: 'worst' }
  );

  it('keeps the worst window of each pixel, so a spike survives zooming out', () => {
    const pooled = poolGrid(grid, mapPixelsToWindows(times, 10, 0, 40, 2));
    expect(Array.from(pooled.values)).toEqual([expect.closeTo(1.9, 5), expect.closeTo(0.2, 5)]);
    expect(Array.from(pooled.windowIndex)).toEqual([1, 2]);
  });

  it('paints values through the lookup table and leaves missing cells transparent', () => {
    const pooled = poolGrid(grid, mapPixelsToWindows(times, 10, 0, 40, 4));
    const rgba = paintPooled(pooled, buildLut(['#000000', '#ffffff']), 2);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([13, 13, 13, 255]); // 0.1 / 2 of the way to white
    expect(Array.from(rgba.subarray(4, 8))).toEqual([242, 242, 242, 255]);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([0, 0, 0, 0]);
  });

  it('pools 500 features × 2,000 windows into a plot 1,000 pixels wide', () => {
    const many = Float64Array.from({ length: 2000 }, (_, i) => i * 60_000);
    const features = Array.from({ length: 500 }, (_, f) =>
      featureSeries({
        feature: `feature_${f}`,
        times: many,
        normalized: Float64Array.from(many, (_, i) => ((i * 7 + f * 13) % 100) / 50),
      })
    );
    const big = buildDriftGrid(features, { colorBy: 'normalized', maxNormalized: 2, sortBy: 'worst' });
    const pooled = poolGrid(big, mapPixelsToWindows(many, 60_000, -60_000, many[1999], 1000));
    expect(pooled.values).toHaveLength(500 * 1000);
    expect(Array.from(pooled.windowIndex).every((index) => index >= 0)).toBe(true);
  });
});
