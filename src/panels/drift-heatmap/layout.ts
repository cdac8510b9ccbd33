/** Geometry of the heatmap canvas (CSS pixels). Rows scroll virtually: the canvas is only as tall as the view. */
export interface HeatmapLayout {
  width: number;
  /** Width of the feature-name gutter; the plot starts there. */
  plotLeft: number;
  plotWidth: number;
  viewportHeight: number;
  rowHeight: number;
  /** Height of all rows together; larger than the viewport when the rows scroll. */
  contentHeight: number;
  showNames: boolean;
}

const NAME_ROW_HEIGHT = 14;
const BARE_ROW_HEIGHT = 3;
const MAX_ROW_HEIGHT = 40;
const MAX_GUTTER = 180;
const CHAR_WIDTH = 6.6;

export interface HeatmapLayoutInput {
  width: number;
  viewportHeight: number;
  rows: number;
  longestName: number;
  showNames: boolean;
}

export function computeHeatmapLayout(input: HeatmapLayoutInput): HeatmapLayout {
  const rows = Math.max(1, input.rows);
  const gutter = input.showNames ? Math.min(MAX_GUTTER, Math.ceil(input.longestName * CHAR_WIDTH) + 12) : 0;
  const minRow = input.showNames ? NAME_ROW_HEIGHT : BARE_ROW_HEIGHT;
  const fitted = input.viewportHeight / rows;
  const rowHeight = fitted >= minRow ? Math.min(MAX_ROW_HEIGHT, fitted) : minRow;
  return {
    width: input.width,
    plotLeft: gutter,
    plotWidth: Math.max(1, Math.floor(input.width - gutter)),
    viewportHeight: input.viewportHeight,
    rowHeight,
    contentHeight: rows * rowHeight,
    showNames: input.showNames,
  };
}

/** Rows intersecting the viewport at a scroll position, and where the first one starts (≤ 0). */
export function visibleRows(layout: HeatmapLayout, rows: number, scrollTop: number): { first: number; end: number; offsetY: number } {
  const first = Math.max(0, Math.floor(scrollTop / layout.rowHeight));
  const end = Math.min(rows, Math.ceil((scrollTop + layout.viewportHeight) / layout.rowHeight));
  return { first, end, offsetY: first * layout.rowHeight - scrollTop };
}

/** Row and pixel column under a point of the canvas, or undefined outside the plot. */
export function hitTest(
  layout: HeatmapLayout,
  rows: number,
  x: number,
  y: number,
  scrollTop: number
): { row: number; pixel: number } | undefined {
  const row = Math.floor((y + scrollTop) / layout.rowHeight);
  const pixel = Math.floor(x - layout.plotLeft);
  if (x < layout.plotLeft || pixel >= layout.plotWidth || y < 0 || row < 0 || row >= rows) {
    return undefined;
  }
  return { row, pixel };
}

/** Horizontal position of a time on the plot. */
export function timeToX(layout: HeatmapLayout, from: number, to: number, t: number): number {
  return layout.plotLeft + ((t - from) / Math.max(1, to - from)) * layout.plotWidth;
}

const TICK_STEPS_MS = [
  60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
  2_592_000_000,
];

/** Round-numbered time ticks at least `minSpacing` pixels apart. */
export function timeTicks(from: number, to: number, plotWidth: number, minSpacing = 90): { times: number[]; stepMs: number } {
  const maxTicks = Math.max(1, Math.floor(plotWidth / minSpacing));
  const stepMs = TICK_STEPS_MS.find((step) => (to - from) / step <= maxTicks) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
  const times: number[] = [];
  for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) {
    times.push(t);
  }
  return { times, stepMs };
}
