import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { usePaintedCanvas } from '../shared/canvas';
import { buildLut, schemeStops } from '../shared/colorScale';
import { formatCount, formatPercent } from '../shared/format';
import { arrowKeyStep } from '../shared/keyboard';
import { floatingTooltip } from '../shared/styles';
import { Cell, drawMatrix } from './draw';
import { cellAt, computeMatrixLayout } from './layout';
import { testIds } from './testIds';
import { ConfusionMatrixOptions } from './types';
import { MatrixView } from './view';

interface Props {
  view: MatrixView;
  options: ConfusionMatrixOptions;
  availableWidth: number;
  availableHeight: number;
}

const NORMALIZATION_LABEL: Record<ConfusionMatrixOptions['normalization'], string> = {
  none: 'counts',
  row: 'share of each actual class (recall)',
  column: 'share of each predicted class (precision)',
  all: 'share of all samples',
};

export function MatrixCanvas({ view, options, availableWidth, availableHeight }: Props): React.JSX.Element {
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
  const lut = useMemo(() => buildLut(schemeStops(theme, options.colorScheme)), [theme, options.colorScheme]);
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
  const summary =
    `Confusion matrix of ${m} classes, coloured by ${NORMALIZATION_LABEL[view.normalization]}. ` +
    'Use the arrow keys to read cells; the metrics table lists per-class precision, recall and F1.';

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
            Actual <strong>{view.classes[activeCell.row]}</strong>
          </div>
          <div>
            Predicted <strong>{view.classes[activeCell.column]}</strong>
          </div>
          <div>Count {formatCount(view.counts[activeCell.row * m + activeCell.column])}</div>
          {view.normalization !== 'none' && (
            <div>
              {formatPercent(view.values[activeCell.row * m + activeCell.column])} of{' '}
              {view.normalization === 'row' ? 'actual class' : view.normalization === 'column' ? 'predicted class' : 'all samples'}
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
