import { HeatmapLayout, visibleRows } from './layout';
import { PooledGrid } from './pixels';

export interface HeatmapPalette {
  text: string;
  rowGap: string;
  cursor: string;
  fontFamily: string;
}

export interface CursorRect {
  row: number;
  x0: number;
  x1: number;
}

/**
 * Draws the visible rows: their pixels go through a scratch canvas once and are scaled up in a single
 * drawImage, so the cost does not depend on how many windows each row holds.
 */
export function drawHeatmap(
  context: CanvasRenderingContext2D,
  scratch: HTMLCanvasElement,
  layout: HeatmapLayout,
  pooled: PooledGrid,
  rgba: Uint8ClampedArray,
  names: string[],
  scrollTop: number,
  palette: HeatmapPalette,
  cursor?: CursorRect
): void {
  const { first, end, offsetY } = visibleRows(layout, pooled.rows, scrollTop);
  const count = end - first;
  if (count <= 0) {
    return;
  }
  scratch.width = pooled.pixels;
  scratch.height = count;
  const scratchContext = scratch.getContext('2d');
  if (!scratchContext) {
    return;
  }
  const slice = rgba.slice(first * pooled.pixels * 4, end * pooled.pixels * 4);
  scratchContext.putImageData(new ImageData(slice, pooled.pixels, count), 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, 0, 0, pooled.pixels, count, layout.plotLeft, offsetY, layout.plotWidth, count * layout.rowHeight);

  if (layout.rowHeight >= 8) {
    context.strokeStyle = palette.rowGap;
    context.lineWidth = 1;
    context.beginPath();
    for (let r = 1; r < count; r++) {
      const y = Math.round(offsetY + r * layout.rowHeight) + 0.5;
      context.moveTo(layout.plotLeft, y);
      context.lineTo(layout.plotLeft + layout.plotWidth, y);
    }
    context.stroke();
  }
  if (layout.showNames) {
    context.fillStyle = palette.text;
    context.font = `11px ${palette.fontFamily}`;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    const maxChars = Math.floor((layout.plotLeft - 10) / 6.6);
    for (let r = first; r < end; r++) {
      const name = names[r].length > maxChars ? `${names[r].slice(0, Math.max(1, maxChars - 1))}…` : names[r];
      context.fillText(name, layout.plotLeft - 6, offsetY + (r - first + 0.5) * layout.rowHeight);
    }
  }
  if (cursor && cursor.row >= first && cursor.row < end) {
    context.strokeStyle = palette.cursor;
    context.lineWidth = 2;
    const y = offsetY + (cursor.row - first) * layout.rowHeight;
    context.strokeRect(cursor.x0, y + 1, Math.max(2, cursor.x1 - cursor.x0), Math.max(2, layout.rowHeight - 2));
  }
}
