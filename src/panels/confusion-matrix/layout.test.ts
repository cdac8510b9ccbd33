import { RecordingContext } from '../shared/recordingContext';
import { buildLut } from '../shared/colorScale';
import { drawMatrix } from './draw';
import { cellAt, computeMatrixLayout, truncateLabel } from './layout';
import { buildMatrixView } from './view';

describe('computeMatrixLayout', () => {
  it('fills the available space with square cells for a few classes', () => {
    const layout = computeMatrixLayout({ classes: 4, longestLabel: 5, availableWidth: 400, availableHeight: 300, minCellSize: 12, showValues: true });
    expect(layout.height).toBeLessThanOrEqual(300);
    expect(layout.cellSize).toBeGreaterThanOrEqual(50);
    expect(layout.showValues).toBe(true);
    expect(layout.showLabels).toBe(true);
  });

  it('keeps the minimum cell size for 100 classes and grows past the panel (the container scrolls)', () => {
    const layout = computeMatrixLayout({ classes: 100, longestLabel: 12, availableWidth: 600, availableHeight: 400, minCellSize: 12, showValues: true });
    expect(layout.cellSize).toBe(12);
    expect(layout.width).toBeGreaterThan(600);
    expect(layout.showValues).toBe(false);
  });

  it('finds the cell under a point', () => {
    const layout = computeMatrixLayout({ classes: 3, longestLabel: 1, availableWidth: 300, availableHeight: 300, minCellSize: 12, showValues: false });
    expect(cellAt(layout, layout.left + 1, layout.top + 1)).toEqual({ row: 0, column: 0 });
    expect(cellAt(layout, layout.left + 2.5 * layout.cellSize, layout.top + 1.5 * layout.cellSize)).toEqual({ row: 1, column: 2 });
    expect(cellAt(layout, layout.left - 1, layout.top + 1)).toBeUndefined();
    expect(cellAt(layout, layout.left + 3 * layout.cellSize, layout.top)).toBeUndefined();
  });

  it('truncates long labels with an ellipsis', () => {
    expect(truncateLabel('abcdefgh', 5)).toBe('abcd…');
    expect(truncateLabel('abc', 5)).toBe('abc');
  });
});

describe('drawMatrix', () => {
  const palette = { text: 'white', secondaryText: 'grey', empty: 'black', highlight: 'yellow', fontFamily: 'sans-serif' };
  const lut = buildLut(['#000000', '#ffffff']);

  it('paints one rectangle per cell, with values and both class axes', () => {
    const view = buildMatrixView({ classes: ['a', 'b'], counts: Float64Array.from([3, 1, 0, 4]) }, 'row', 'name', '');
    const layout = computeMatrixLayout({ classes: 2, longestLabel: 1, availableWidth: 300, availableHeight: 300, minCellSize: 12, showValues: true });
    const context = new RecordingContext();
    drawMatrix(context.asContext(), layout, view, lut, palette);
    expect(context.rects).toHaveLength(4);
    // the 100% cell is the brightest, the 0% cell the darkest
    expect(context.rects[3].fillStyle).toBe('rgb(255, 255, 255)');
    expect(context.rects[2].fillStyle).toBe('rgb(0, 0, 0)');
    const texts = context.texts.map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['75%', '25%', '0%', '100%', 'Predicted', 'Actual']));
    expect(texts.filter((t) => t === 'a')).toHaveLength(2);
  });

  it('draws 100 × 100 cells without values when cells are small', () => {
    const n = 100;
    const classes = Array.from({ length: n }, (_, i) => `class ${i}`);
    const counts = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 50 : i % 7));
    const view = buildMatrixView({ classes, counts }, 'row', 'name', '');
    const layout = computeMatrixLayout({ classes: n, longestLabel: 9, availableWidth: 800, availableHeight: 600, minCellSize: 12, showValues: true });
    const context = new RecordingContext();
    drawMatrix(context.asContext(), layout, view, lut, palette);
    expect(context.rects).toHaveLength(n * n);
    expect(context.texts.some((t) => t.text.endsWith('%'))).toBe(false);
  });
});
