/** Geometry of the matrix canvas, in CSS pixels. */
export interface MatrixLayout {
  classes: number;
  cellSize: number;
  /** Width of the row-label gutter (actual classes), including the axis title. */
  left: number;
  /** Height of the column-label gutter (predicted classes), including the axis title. */
  top: number;
  width: number;
  height: number;
  /** Class names are drawn only when a row is tall enough to read them. */
  showLabels: boolean;
  showValues: boolean;
  fontSize: number;
}

export const AXIS_TITLE_SIZE = 18;
const MAX_CELL_SIZE = 72;
const MAX_LABEL_GUTTER = 130;
const LABEL_CHAR_WIDTH = 0.6;
const MIN_VALUE_CELL = 26;

export interface LayoutInput {
  classes: number;
  longestLabel: number;
  availableWidth: number;
  availableHeight: number;
  minCellSize: number;
  showValues: boolean;
}

/**
 * Cells fill the space when they can and never shrink below `minCellSize`: past that the canvas grows
 * and its container scrolls, which keeps 100 classes readable instead of drawing sub-pixel cells.
 */
export function computeMatrixLayout(input: LayoutInput): MatrixLayout {
  const n = Math.max(1, input.classes);
  const firstGuess = Math.min(input.availableWidth, input.availableHeight) / n;
  const fontSize = Math.max(9, Math.min(12, Math.floor(firstGuess * 0.8)));
  const showLabels = firstGuess >= 9 || input.minCellSize >= 9;
  const gutter = showLabels
    ? Math.min(MAX_LABEL_GUTTER, Math.ceil(input.longestLabel * fontSize * LABEL_CHAR_WIDTH) + 8) + AXIS_TITLE_SIZE
    : AXIS_TITLE_SIZE;
  const fit = Math.floor(Math.min(input.availableWidth - gutter, input.availableHeight - gutter) / n);
  const cellSize = Math.max(Math.max(1, input.minCellSize), Math.min(MAX_CELL_SIZE, fit));
  return {
    classes: n,
    cellSize,
    left: gutter,
    top: gutter,
    width: gutter + n * cellSize,
    height: gutter + n * cellSize,
    showLabels,
    showValues: input.showValues && cellSize >= MIN_VALUE_CELL,
    fontSize,
  };
}

/** The cell under a point of the canvas, or undefined outside the cells. */
export function cellAt(layout: MatrixLayout, x: number, y: number): { row: number; column: number } | undefined {
  const column = Math.floor((x - layout.left) / layout.cellSize);
  const row = Math.floor((y - layout.top) / layout.cellSize);
  if (x < layout.left || y < layout.top || row >= layout.classes || column >= layout.classes) {
    return undefined;
  }
  return { row, column };
}

export function truncateLabel(label: string, maxChars: number): string {
  return label.length <= maxChars ? label : `${label.slice(0, Math.max(1, maxChars - 1))}…`;
}
