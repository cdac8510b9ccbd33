import { LUT_SIZE } from '../shared/colorScale';
import { DriftGrid } from './grid';

/** For each pixel column of the plot, the range [start, end) of windows it shows; start -1: none. */
export interface PixelWindows {
  start: Int32Array;
  end: Int32Array;
}

/** First index whose time is greater than `t` (times ascending). */
function upperBound(times: Float64Array, t: number): number {
  let [lo, hi] = [0, times.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * Maps the time range [from, to] onto `pixels` columns. A window (t - windowMs, t] is shown by every pixel
 * whose centre it covers; when windows are narrower than a pixel, the pixel shows all windows ending inside
 * it and the heatmap paints the worst of them, so a short spike never disappears when zoomed out.
 */
export function mapPixelsToWindows(times: Float64Array, windowMs: number, from: number, to: number, pixels: number): PixelWindows {
  const start = new Int32Array(pixels).fill(-1);
  const end = new Int32Array(pixels).fill(-1);
  const span = (to - from) / Math.max(1, pixels);
  for (let p = 0; p < pixels; p++) {
    const left = from + p * span;
    const right = left + span;
    const first = upperBound(times, left);
    const last = upperBound(times, right);
    if (last > first) {
      start[p] = first;
      end[p] = last;
      continue;
    }
    const centre = left + span / 2;
    const covering = upperBound(times, centre - 1e-9);
    if (covering < times.length && times[covering] - windowMs < centre) {
      start[p] = covering;
      end[p] = covering + 1;
    }
  }
  return { start, end };
}

/** The grid reduced to pixel columns: per row and pixel, the worst value and the window it came from. */
export interface PooledGrid {
  pixels: number;
  rows: number;
  values: Float32Array;
  windowIndex: Int32Array;
}

export function poolGrid(grid: DriftGrid, mapping: PixelWindows): PooledGrid {
  const pixels = mapping.start.length;
  const rows = grid.rows.length;
  const columns = grid.times.length;
  const values = new Float32Array(rows * pixels).fill(Number.NaN);
  const windowIndex = new Int32Array(rows * pixels).fill(-1);
  for (let r = 0; r < rows; r++) {
    const rowOffset = r * columns;
    const outOffset = r * pixels;
    for (let p = 0; p < pixels; p++) {
      const first = mapping.start[p];
      if (first < 0) {
        continue;
      }
      let best = Number.NaN;
      let bestIndex = -1;
      for (let c = first; c < mapping.end[p]; c++) {
        const value = grid.values[rowOffset + c];
        if (value > best || (Number.isNaN(best) && !Number.isNaN(value))) {
          best = value;
          bestIndex = c;
        }
      }
      values[outOffset + p] = best;
      windowIndex[outOffset + p] = bestIndex;
    }
  }
  return { pixels, rows, values, windowIndex };
}

/** RGBA pixels of the pooled grid; cells without a value get `empty` (transparent by default). */
export function paintPooled(
  pooled: PooledGrid,
  lut: Uint8ClampedArray,
  domainMax: number,
  empty: [number, number, number, number] = [0, 0, 0, 0]
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pooled.values.length * 4);
  const scale = (LUT_SIZE - 1) / domainMax;
  for (let i = 0; i < pooled.values.length; i++) {
    const value = pooled.values[i];
    const o = i * 4;
    if (Number.isNaN(value)) {
      out[o] = empty[0];
      out[o + 1] = empty[1];
      out[o + 2] = empty[2];
      out[o + 3] = empty[3];
      continue;
    }
    const index = Math.min(LUT_SIZE - 1, Math.max(0, Math.round(value * scale))) * 4;
    out[o] = lut[index];
    out[o + 1] = lut[index + 1];
    out[o + 2] = lut[index + 2];
    out[o + 3] = 255;
  }
  return out;
}
