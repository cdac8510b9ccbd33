import { css } from '@emotion/css';
import { GrafanaTheme2, InterpolateFunction, TimeZone } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo, useRef, useState } from 'react';

import { usePaintedCanvas } from '../shared/canvas';
import { formatScore } from '../shared/format';
import { tText } from '../shared/i18n';
import { arrowKeyStep } from '../shared/keyboard';
import { followLink } from '../shared/links';
import { floatingTooltip } from '../shared/styles';
import { cellHref } from './cellLink';
import { CursorRect, drawHeatmap } from './draw';
import { DriftGrid, featureCount, featuresOverThreshold } from './grid';
import { HeatmapLayout, hitTest, timeToX } from './layout';
import { mapPixelsToWindows, paintPooled, poolGrid } from './pixels';
import { testIds } from './testIds';
import { describeCell } from './tooltipContent';

/** Room the tooltip needs below the pointer (its tallest content: nine rows and the hint). */
const TOOLTIP_HEIGHT = 190;

interface Props {
  grid: DriftGrid;
  layout: HeatmapLayout;
  from: number;
  to: number;
  lut: Uint8ClampedArray;
  cellLink: string;
  timeZone: TimeZone;
  replaceVariables: InterpolateFunction;
}

interface Cursor {
  row: number;
  column: number;
  /** Where the tooltip goes, relative to the scroller. */
  x: number;
  y: number;
}

export function HeatmapCanvas({ grid, layout, from, to, lut, cellLink, timeZone, replaceVariables }: Props): React.JSX.Element {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const scratch = useMemo(() => document.createElement('canvas'), []);
  const [scrollTop, setScrollTop] = useState(0);
  const [cursor, setCursor] = useState<Cursor | undefined>();

  const pooled = useMemo(
    () => poolGrid(grid, mapPixelsToWindows(grid.times, grid.windowMs, from, to, layout.plotWidth)),
    [grid, from, to, layout.plotWidth]
  );
  const rgba = useMemo(() => paintPooled(pooled, lut, grid.domainMax), [pooled, lut, grid.domainMax]);
  const names = useMemo(() => grid.rows.map((s) => s.title), [grid.rows]);
  const canvasHeight = Math.min(layout.viewportHeight, layout.contentHeight);

  const cursorRect = (row: number, column: number): CursorRect => {
    const t = grid.times[column];
    const x1 = Math.min(layout.plotLeft + layout.plotWidth, timeToX(layout, from, to, t));
    return { row, x0: Math.max(layout.plotLeft, Math.min(x1 - 2, timeToX(layout, from, to, t - grid.windowMs))), x1 };
  };

  const canvasRef = usePaintedCanvas(layout.width, canvasHeight, (context) =>
    drawHeatmap(
      context,
      scratch,
      layout,
      pooled,
      rgba,
      names,
      scrollTop,
      {
        text: theme.colors.text.primary,
        rowGap: theme.colors.background.primary,
        cursor: theme.colors.text.maxContrast,
        fontFamily: theme.typography.fontFamily,
      },
      cursor && cursorRect(cursor.row, cursor.column)
    )
  );

  const columnAt = (clientX: number, clientY: number, target: HTMLCanvasElement): Cursor | undefined => {
    const rect = target.getBoundingClientRect();
    const [x, y] = [clientX - rect.left, clientY - rect.top];
    const hit = hitTest(layout, grid.rows.length, x, y, scrollTop);
    const column = hit ? pooled.windowIndex[hit.row * pooled.pixels + hit.pixel] : -1;
    return hit && column >= 0 ? { row: hit.row, column, x, y: y + scrollTop } : undefined;
  };

  const open = (row: number, column: number): void => {
    const href = cellHref(grid, row, column, cellLink, replaceVariables);
    if (href) {
      followLink(href);
    }
  };

  const moveCursor = (row: number, column: number): void => {
    const r = Math.min(grid.rows.length - 1, Math.max(0, row));
    const c = Math.min(grid.times.length - 1, Math.max(0, column));
    const rowTop = r * layout.rowHeight;
    const scroller = scrollerRef.current;
    if (scroller && (rowTop < scroller.scrollTop || rowTop + layout.rowHeight > scroller.scrollTop + layout.viewportHeight)) {
      scroller.scrollTop = Math.max(0, rowTop - layout.viewportHeight / 2);
      setScrollTop(scroller.scrollTop);
    }
    const rect = cursorRect(r, c);
    setCursor({ row: r, column: c, x: rect.x1, y: rowTop + layout.rowHeight });
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLCanvasElement>): void => {
    const here = cursor ?? { row: 0, column: grid.times.length - 1 };
    const step = arrowKeyStep(event.key);
    if (step) {
      event.preventDefault();
      // the first key press selects the worst row's latest window, where one usually starts reading
      moveCursor(cursor ? here.row + step[0] : Math.max(0, grid.worstRow), cursor ? here.column + step[1] : here.column);
    } else if (event.key === 'Enter' && cursor) {
      open(cursor.row, cursor.column);
    } else if (event.key === 'Escape') {
      setCursor(undefined);
    }
  };

  const over = featuresOverThreshold(grid);
  const worst = grid.worstRow >= 0 ? { title: grid.rows[grid.worstRow].title, score: formatScore(grid.summaries[grid.worstRow].worst) } : undefined;
  const overview = tText(
    'heatmap.canvas.summary',
    'Drift heatmap of {{features}} features over {{windows}} windows, {{over}} feature(s) reached the threshold',
    { features: featureCount(grid), windows: grid.times.length, over }
  );
  const worstPart = worst
    ? grid.colorBy === 'normalized'
      ? tText('heatmap.canvas.worst-normalized', '; worst: {{feature}} at {{score}} × threshold', { feature: worst.title, score: worst.score })
      : tText('heatmap.canvas.worst-score', '; worst: {{feature}} at {{score}}', { feature: worst.title, score: worst.score })
    : '';
  const summary = `${overview}${worstPart}. ${t('heatmap.canvas.keys', 'Arrow keys move between cells, Enter opens the distribution.')}`;
  const tooltipRows = cursor ? describeCell(grid, cursor.row, cursor.column, timeZone) : [];
  const hasLink = cursor ? cellHref(grid, cursor.row, cursor.column, cellLink, replaceVariables) !== undefined : false;
  const tooltipLeft = cursor ? (cursor.x + 260 > layout.width ? Math.max(0, cursor.x - 270) : cursor.x + 12) : 0;
  // below the pointer, unless that would leave the visible rows: then above it
  const tooltipTop = cursor
    ? cursor.y - scrollTop + TOOLTIP_HEIGHT > layout.viewportHeight
      ? Math.max(scrollTop, cursor.y - TOOLTIP_HEIGHT - layout.rowHeight)
      : cursor.y + 8
    : 0;

  return (
    <div
      ref={scrollerRef}
      className={styles.scroller}
      style={{ height: layout.viewportHeight }}
      data-testid={testIds.scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: layout.contentHeight, position: 'relative' }}>
        <canvas
          ref={canvasRef}
          className={styles.canvas}
          tabIndex={0}
          role="img"
          aria-label={summary}
          data-testid={testIds.canvas}
          data-rows={grid.rows.length}
          data-windows={grid.times.length}
          style={{ cursor: hasLink ? 'pointer' : 'default' }}
          onMouseMove={(event) => setCursor(columnAt(event.clientX, event.clientY, event.currentTarget))}
          onMouseLeave={() => setCursor(undefined)}
          onClick={(event) => {
            const hit = columnAt(event.clientX, event.clientY, event.currentTarget);
            if (hit) {
              open(hit.row, hit.column);
            }
          }}
          onKeyDown={onKeyDown}
        />
        {cursor && (
          <div className={styles.tooltip} role="tooltip" data-testid={testIds.tooltip} style={{ left: tooltipLeft, top: tooltipTop }}>
            {tooltipRows.map((row) => (
              <div key={row.label} className={styles.tooltipRow}>
                <span>{row.label}</span>
                <strong>{row.value}</strong>
              </div>
            ))}
            {hasLink && <div className={styles.hint}>{t('heatmap.tooltip.hint', 'Click or press Enter to open the distribution')}</div>}
          </div>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroller: css({ position: 'relative', overflowY: 'auto', overflowX: 'hidden', flexShrink: 0 }),
  canvas: css({
    position: 'sticky',
    top: 0,
    display: 'block',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  tooltip: css({
    ...floatingTooltip(theme),
    zIndex: 2,
    width: 250,
    color: theme.colors.text.primary,
  }),
  tooltipRow: css({
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    span: { color: theme.colors.text.secondary },
    strong: { textAlign: 'right', overflowWrap: 'anywhere' },
  }),
  hint: css({ marginTop: theme.spacing(0.5), color: theme.colors.text.secondary, fontStyle: 'italic' }),
});
