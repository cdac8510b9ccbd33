/** Geometry of one chart (CSS pixels): bins share the x axis in equal slots, whatever their numeric width. */
export interface ChartGeometry {
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  slotWidth: number;
  bins: number;
}

const AXIS_LEFT = 44;
const AXIS_BOTTOM = 30;
const TOP = 8;
const RIGHT = 8;

export function computeChartGeometry(width: number, height: number, bins: number): ChartGeometry {
  const plotWidth = Math.max(10, width - AXIS_LEFT - RIGHT);
  const plotHeight = Math.max(10, height - TOP - AXIS_BOTTOM);
  return { left: AXIS_LEFT, top: TOP, plotWidth, plotHeight, slotWidth: plotWidth / Math.max(1, bins), bins };
}

export function yOf(geometry: ChartGeometry, value: number, yMax: number): number {
  return geometry.top + geometry.plotHeight * (1 - Math.min(1, Math.max(0, value / yMax)));
}

/**
 * All bars of one side as a single SVG path (one element per side, whatever the number of bins).
 * `offset` and `share` place the bar inside its slot, as fractions of the slot width.
 */
export function barsPath(values: number[], geometry: ChartGeometry, yMax: number, offset: number, share: number): string {
  const baseline = geometry.top + geometry.plotHeight;
  const parts: string[] = [];
  values.forEach((value, i) => {
    if (!Number.isFinite(value) || value <= 0) {
      return;
    }
    const x = geometry.left + (i + offset) * geometry.slotWidth;
    const y = yOf(geometry, value, yMax);
    const w = Math.max(0.5, share * geometry.slotWidth);
    parts.push(`M${x.toFixed(1)},${baseline.toFixed(1)}V${y.toFixed(1)}h${w.toFixed(1)}V${baseline.toFixed(1)}Z`);
  });
  return parts.join('');
}

/** A cumulative distribution as a step line across the slots, rising at each slot's right edge. */
export function stepPath(cumulative: number[], geometry: ChartGeometry): string {
  let y = yOf(geometry, 0, 1);
  const parts = [`M${geometry.left},${y.toFixed(1)}`];
  cumulative.forEach((value, i) => {
    const xEnd = geometry.left + (i + 1) * geometry.slotWidth;
    parts.push(`H${xEnd.toFixed(1)}`);
    y = yOf(geometry, value, 1);
    parts.push(`V${y.toFixed(1)}`);
  });
  return parts.join('');
}

export function slotAt(geometry: ChartGeometry, x: number): number | undefined {
  const slot = Math.floor((x - geometry.left) / geometry.slotWidth);
  return slot >= 0 && slot < geometry.bins ? slot : undefined;
}

/** Show every n-th x label so that labels about `labelWidth` wide never overlap. */
export function labelStride(geometry: ChartGeometry, labelWidth: number): number {
  return Math.max(1, Math.ceil(labelWidth / geometry.slotWidth));
}

/** Grid of small multiples: as many columns as fit at the minimum width; rows scroll past the panel height. */
export function smallMultiples(
  count: number,
  width: number,
  height: number,
  minChartWidth: number,
  minChartHeight = 220
): { columns: number; chartWidth: number; chartHeight: number } {
  const columns = Math.max(1, Math.min(count, Math.floor(width / Math.max(80, minChartWidth))));
  const rows = Math.max(1, Math.ceil(count / columns));
  const chartWidth = Math.floor(width / columns);
  const fitted = Math.floor(height / rows);
  return { columns, chartWidth, chartHeight: fitted >= minChartHeight || rows === 1 ? fitted : minChartHeight };
}
