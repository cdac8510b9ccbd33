import { t } from '@grafana/i18n';

import { contrastingText, lutColor, lutIndex } from '../shared/colorScale';
import { AXIS_TITLE_SIZE, MatrixLayout, truncateLabel } from './layout';
import { formatCellValue, MatrixView } from './view';

const MAX_TITLE_SPAN = 400;

export interface MatrixPalette {
  text: string;
  secondaryText: string;
  empty: string;
  highlight: string;
  fontFamily: string;
}

export interface Cell {
  row: number;
  column: number;
}

/** Paints the whole matrix: one rectangle per cell, labels and axis titles; the cost is linear in cells. */
export function drawMatrix(
  context: CanvasRenderingContext2D,
  layout: MatrixLayout,
  view: MatrixView,
  lut: Uint8ClampedArray,
  palette: MatrixPalette,
  highlighted?: Cell
): void {
  const m = view.classes.length;
  const { cellSize, left, top } = layout;
  const gap = cellSize >= 6 ? 1 : 0;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const value = view.values[r * m + c];
      context.fillStyle = Number.isFinite(value) ? lutColor(lut, lutIndex(value, 0, view.maxValue)) : palette.empty;
      context.fillRect(left + c * cellSize, top + r * cellSize, cellSize - gap, cellSize - gap);
    }
  }
  context.textBaseline = 'middle';
  if (layout.showValues) {
    context.textAlign = 'center';
    context.font = `${layout.fontSize}px ${palette.fontFamily}`;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const value = view.values[r * m + c];
        if (!Number.isFinite(value)) {
          continue;
        }
        const index = lutIndex(value, 0, view.maxValue) * 4;
        context.fillStyle = contrastingText([lut[index], lut[index + 1], lut[index + 2]]);
        context.fillText(
          formatCellValue(value, view.normalization),
          left + c * cellSize + cellSize / 2,
          top + r * cellSize + cellSize / 2
        );
      }
    }
  }
  drawLabels(context, layout, view, palette);
  if (highlighted) {
    context.strokeStyle = palette.highlight;
    context.lineWidth = 2;
    context.strokeRect(left + highlighted.column * cellSize, top + highlighted.row * cellSize, cellSize - gap, cellSize - gap);
  }
}

function drawLabels(context: CanvasRenderingContext2D, layout: MatrixLayout, view: MatrixView, palette: MatrixPalette): void {
  const { cellSize, left, top } = layout;
  const labelSpace = left - AXIS_TITLE_SIZE - 6;
  const maxChars = Math.max(2, Math.floor(labelSpace / (layout.fontSize * 0.6)));
  context.font = `${layout.fontSize}px ${palette.fontFamily}`;
  context.fillStyle = palette.text;
  if (layout.showLabels) {
    context.textAlign = 'right';
    view.classes.forEach((name, r) => {
      context.fillText(truncateLabel(name, maxChars), left - 4, top + r * cellSize + cellSize / 2);
    });
    context.save();
    context.rotate(-Math.PI / 2);
    context.textAlign = 'left';
    view.classes.forEach((name, c) => {
      // rotated: x runs upwards from the top edge of the cells, y runs rightwards
      context.fillText(truncateLabel(name, maxChars), -(top - 4), left + c * cellSize + cellSize / 2);
    });
    context.restore();
  }
  context.fillStyle = palette.secondaryText;
  context.textAlign = 'center';
  context.font = `bold ${Math.max(10, layout.fontSize)}px ${palette.fontFamily}`;
  // Large matrices scroll: keep the titles near the start, where they are seen without scrolling.
  const titleOffset = Math.min(view.classes.length * cellSize, MAX_TITLE_SPAN) / 2;
  context.fillText(t('confusion.tooltip.predicted', 'Predicted'), left + titleOffset, AXIS_TITLE_SIZE / 2);
  context.save();
  context.rotate(-Math.PI / 2);
  context.fillText(t('confusion.tooltip.actual', 'Actual'), -(top + titleOffset), AXIS_TITLE_SIZE / 2);
  context.restore();
}
