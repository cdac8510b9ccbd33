import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Input, useStyles2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';

import { formatPercent, formatScore } from '../shared/format';
import { PanelMessage, ReadFailureMessage } from '../shared/PanelMessage';
import { ConfusedPairsList } from './ConfusedPairsList';
import { ConfusionMatrix } from './matrix';
import { MatrixCanvas } from './MatrixCanvas';
import { computeMetrics } from './metrics';
import { MetricsTable } from './MetricsTable';
import { EXPECTED_SHAPES, readConfusionFrames } from './readFrames';
import { testIds } from './testIds';
import { ConfusionMatrixOptions } from './types';
import { buildMatrixView } from './view';

const TOOLBAR_HEIGHT = 36;
const SIDEBAR_WIDTH = 320;
const SIDE_BY_SIDE_MIN_WIDTH = 640;

export function ConfusionMatrixPanel({ data, options, width, height }: PanelProps<ConfusionMatrixOptions>): React.JSX.Element {
  const read = useMemo(() => readConfusionFrames(data.series), [data.series]);
  // a query that failed without returning frames also lands here, as no data: the message tells the two apart
  if (!read.ok) {
    return <ReadFailureMessage data={data} failure={read} expected={EXPECTED_SHAPES} testId={testIds.message} />;
  }
  return <MatrixBody matrix={read.matrix} notices={read.notices} options={options} width={width} height={height} />;
}

interface BodyProps {
  matrix: ConfusionMatrix;
  notices: string[];
  options: ConfusionMatrixOptions;
  width: number;
  height: number;
}

function MatrixBody({ matrix, notices, options, width, height }: BodyProps): React.JSX.Element {
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
          Accuracy <strong>{formatPercent(metrics.accuracy)}</strong> · Macro-F1 <strong>{formatScore(metrics.macroF1)}</strong> ·{' '}
          {metrics.total.toLocaleString('en-US')} samples · {matrix.classes.length} classes
          {view.hiddenClasses > 0 && ` (${view.hiddenClasses} hidden by filter)`}
        </span>
        <Input
          className={styles.filter}
          value={filter}
          placeholder="Filter classes (a, b, …)"
          aria-label="Filter classes"
          data-testid={testIds.classFilter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
      </div>
      <div className={sideBySide ? styles.row : styles.column}>
        <div className={styles.matrixScroll} style={{ width: matrixWidth, height: matrixHeight }}>
          {view.classes.length === 0 ? (
            <PanelMessage title="No class matches the filter" testId={testIds.message} />
          ) : (
            <MatrixCanvas view={view} options={options} availableWidth={matrixWidth - 8} availableHeight={matrixHeight - 8} />
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
