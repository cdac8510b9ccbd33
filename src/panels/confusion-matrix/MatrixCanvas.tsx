import { css } from '@emotion/css';
import { FieldColor, GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { usePaintedCanvas } from '../shared/canvas';
import { buildLut, schemeStops } from '../shared/colorScale';
import { formatCount, formatPercent } from '../shared/format';
import { tText } from '../shared/i18n';
import { arrowKeyStep } from '../shared/keyboard';
import { floatingTooltip } from '../shared/styles';
import { Cell, drawMatrix } from './draw';
import { cellAt, computeMatrixLayout } from './layout';
import { testIds } from './testIds';
import { ConfusionMatrixOptions, DEFAULT_COLOR_SCHEME } from './types';
import { MatrixView } from './view';

interface Props {
  view: MatrixView;
  options: ConfusionMatrixOptions;
  /** The panel's Color scheme field option. */
  color?: FieldColor;
  availableWidth: number;
  availableHeight: number;
}

function normalizationLabel(normalization: ConfusionMatrixOptions['normalization']): string {
  switch (normalization) {
    case 'none':
      return t('confusion.canvas.by-counts', 'counts');
    case 'row':
      return t('confusion.canvas.by-row', 'share of each actual class (recall)');
    case 'column':
      return t('confusion.canvas.by-column', 'share of each predicted class (precision)');
    case 'all':
      return t('confusion.canvas.by-all', 'share of all samples');
  }
}

function shareOf(normalization: ConfusionMatrixOptions['normalization']): string {
  return normalization === 'row'
    ? t('confusion.tooltip.of-actual', 'of actual class')
    : normalization === 'column'
      ? t('confusion.tooltip.of-predicted', 'of predicted class')
      : t('confusion.tooltip.of-all', 'of all samples');
}

export function MatrixCanvas({ view, options, color, availableWidth, availableHeight }: Props): React.JSX.Element {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [active, setActive] = useState<Cell | undefined>();
  const longestLabel = useMemo(() => view.classes.reduce((max, name) => Math.max(max, name.length), 0), [view.classes]);
  const layout = computeMatrixLayout({
    classes: view.classes.length,
    longestLabel,
    availableWidth,
    availableHeight,
    minCellSize: options.minCellSize,
    showValues: options.showValues,
  });
  const lut = useMemo(() => buildLut(schemeStops(theme, color, DEFAULT_COLOR_SCHEME)), [theme, color]);
  const activeCell = active && active.row < view.classes.length && active.column < view.classes.length ? active : undefined;

  const canvasRef = usePaintedCanvas(layout.width, layout.height, (context) =>
    drawMatrix(
      context,
      layout,
      view,
      lut,
      {
        text: theme.colors.text.primary,
        secondaryText: theme.colors.text.secondary,
        empty: theme.colors.background.secondary,
        highlight: theme.colors.text.maxContrast,
        fontFamily: theme.typography.fontFamily,
      },
      activeCell
    )
  );

  const onMouseMove = (event: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect();
    setActive(cellAt(layout, event.clientX - rect.left, event.clientY - rect.top));
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLCanvasElement>): void => {
    const move = arrowKeyStep(event.key);
    if (event.key === 'Escape') {
      setActive(undefined);
    } else if (move) {
      event.preventDefault();
      const last = view.classes.length - 1;
      const from = activeCell ?? { row: 0, column: 0 };
      setActive({
        row: activeCell ? Math.min(last, Math.max(0, from.row + move[0])) : 0,
        column: activeCell ? Math.min(last, Math.max(0, from.column + move[1])) : 0,
      });
    }
  };

  const m = view.classes.length;
  const summary = tText(
    'confusion.canvas.summary',
    'Confusion matrix of {{classes}} classes, coloured by {{colouredBy}}. Use the arrow keys to read cells; the metrics table lists per-class precision, recall and F1.',
    { classes: m, colouredBy: normalizationLabel(view.normalization) }
  );

  return (
    <div className={styles.wrapper} style={{ width: layout.width, height: layout.height }}>
      <canvas
        ref={canvasRef}
        className={styles.canvas}
        tabIndex={0}
        role="img"
        aria-label={summary}
        data-testid={testIds.canvas}
        data-classes={m}
        data-cell-size={layout.cellSize}
        onMouseMove={onMouseMove}
        onMouseLeave={() => setActive(undefined)}
        onKeyDown={onKeyDown}
        onBlur={() => setActive(undefined)}
      />
      {activeCell && (
        <div
          className={styles.tooltip}
          role="tooltip"
          data-testid={testIds.tooltip}
          style={{
            left: Math.min(layout.left + (activeCell.column + 1) * layout.cellSize + 8, Math.max(0, layout.width - 220)),
            top: layout.top + activeCell.row * layout.cellSize,
          }}
        >
          <div>
            {t('confusion.tooltip.actual', 'Actual')} <strong>{view.classes[activeCell.row]}</strong>
          </div>
          <div>
            {t('confusion.tooltip.predicted', 'Predicted')} <strong>{view.classes[activeCell.column]}</strong>
          </div>
          <div>
            {t('confusion.tooltip.count', 'Count')} {formatCount(view.counts[activeCell.row * m + activeCell.column])}
          </div>
          {view.normalization !== 'none' && (
            <div>
              {formatPercent(view.values[activeCell.row * m + activeCell.column])} {shareOf(view.normalization)}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative' }),
  canvas: css({
    display: 'block',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
  }),
  tooltip: css({
    ...floatingTooltip(theme),
    zIndex: 1,
    minWidth: 160,
    color: theme.colors.text.primary,
    whiteSpace: 'nowrap',
  }),
});
