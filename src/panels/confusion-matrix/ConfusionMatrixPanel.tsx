import { css } from '@emotion/css';
import { FieldColor, GrafanaTheme2, PanelProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Input, useStyles2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { DataErrorView } from '../shared/DataErrorView';
import { formatPercent, formatScore } from '../shared/format';
import { tText } from '../shared/i18n';
import { ConfusedPairsList } from './ConfusedPairsList';
import { ConfusionMatrix } from './matrix';
import { MatrixCanvas } from './MatrixCanvas';
import { computeMetrics } from './metrics';
import { MetricsTable } from './MetricsTable';
import { expectedShapes, readConfusionFrames } from './readFrames';
import { testIds } from './testIds';
import { ConfusionMatrixOptions } from './types';
import { buildMatrixView } from './view';

const TOOLBAR_HEIGHT = 36;
const SIDEBAR_WIDTH = 320;
const SIDE_BY_SIDE_MIN_WIDTH = 640;

export function ConfusionMatrixPanel({ id, data, options, fieldConfig, width, height }: PanelProps<ConfusionMatrixOptions>): React.JSX.Element {
  const read = useMemo(() => readConfusionFrames(data.series), [data.series]);
  // a query that failed without returning frames also lands here, as no data: the message tells the two apart
  if (!read.ok) {
    return (
      <DataErrorView panelId={id} data={data} fieldConfig={fieldConfig} failure={read} expected={expectedShapes()} testId={testIds.message} />
    );
  }
  return (
    <MatrixBody
      matrix={read.matrix}
      notices={read.notices}
      options={options}
      color={fieldConfig.defaults.color}
      width={width}
      height={height}
    />
  );
}

interface BodyProps {
  matrix: ConfusionMatrix;
  notices: string[];
  options: ConfusionMatrixOptions;
  color?: FieldColor;
  width: number;
  height: number;
}

function MatrixBody({ matrix, notices, options, color, width, height }: BodyProps): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const [filter, setFilter] = useState('');
  const metrics = useMemo(() => computeMetrics(matrix), [matrix]);
  const view = useMemo(
    () => buildMatrixView(matrix, options.normalization, options.classOrder, filter),
    [matrix, options.normalization, options.classOrder, filter]
  );
  const sideBySide = width >= SIDE_BY_SIDE_MIN_WIDTH;
  const showSidebar = options.showMetrics || options.topConfusedPairs > 0;
  const matrixWidth = showSidebar && sideBySide ? width - SIDEBAR_WIDTH : width;
  const matrixHeight = (showSidebar && !sideBySide ? Math.round(height * 0.6) : height) - TOOLBAR_HEIGHT;
  const visibleNames = new Set(view.classes);

  return (
    <div className={styles.panel} style={{ width, height }} data-testid={testIds.panel}>
      <div className={styles.toolbar} style={{ height: TOOLBAR_HEIGHT }}>
        <span className={styles.summary} data-testid={testIds.summary}>
          {t('confusion.summary.accuracy', 'Accuracy')} <strong>{formatPercent(metrics.accuracy)}</strong> ·{' '}
          {t('confusion.summary.macro-f1', 'Macro-F1')} <strong>{formatScore(metrics.macroF1)}</strong> ·{' '}
          {tText('confusion.summary.counts', '{{samples}} samples · {{classes}} classes', {
            samples: metrics.total.toLocaleString('en-US'),
            classes: matrix.classes.length,
          })}
          {view.hiddenClasses > 0 && ` ${tText('confusion.summary.hidden', '({{count}} hidden by filter)', { count: view.hiddenClasses })}`}
        </span>
        <Input
          className={styles.filter}
          value={filter}
          placeholder={t('confusion.filter.placeholder', 'Filter classes (a, b, …)')}
          aria-label={t('confusion.filter.label', 'Filter classes')}
          data-testid={testIds.classFilter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
      </div>
      <div className={sideBySide ? styles.row : styles.column}>
        <div className={styles.matrixScroll} style={{ width: matrixWidth, height: matrixHeight }}>
          {view.classes.length === 0 ? (
            <div className={styles.noMatch} role="status" data-testid={testIds.message}>
              {t('confusion.filter.no-match', 'No class matches the filter')}
            </div>
          ) : (
            <MatrixCanvas view={view} options={options} color={color} availableWidth={matrixWidth - 8} availableHeight={matrixHeight - 8} />
          )}
        </div>
        {showSidebar && (
          <div className={styles.sidebar} style={sideBySide ? { width: SIDEBAR_WIDTH, height: height - TOOLBAR_HEIGHT } : { width }}>
            {notices.length > 0 && (
              <ul className={styles.notices} data-testid={testIds.notices}>
                {notices.map((notice) => (
                  <li key={notice}>{notice}</li>
                ))}
              </ul>
            )}
            {options.topConfusedPairs > 0 && (
              <ConfusedPairsList matrix={matrix} limit={options.topConfusedPairs} visibleClasses={filter ? visibleNames : undefined} />
            )}
            {options.showMetrics && (
              <MetricsTable metrics={metrics} visibleClasses={filter ? visibleNames : undefined} />
            )}
          </div>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    flexShrink: 0,
  }),
  summary: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    strong: { color: theme.colors.text.primary },
  }),
  filter: css({ maxWidth: 220, flexShrink: 0 }),
  noMatch: css({ padding: theme.spacing(2), textAlign: 'center', color: theme.colors.text.secondary }),
  row: css({ display: 'flex', flexDirection: 'row', minHeight: 0 }),
  column: css({ display: 'flex', flexDirection: 'column', minHeight: 0 }),
  matrixScroll: css({ overflow: 'auto', position: 'relative', flexShrink: 0 }),
  sidebar: css({
    boxSizing: 'border-box',
    overflowY: 'auto',
    overflowX: 'hidden',
    flexShrink: 0,
    paddingLeft: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  notices: css({
    margin: 0,
    paddingLeft: theme.spacing(2),
    color: theme.colors.warning.text,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
