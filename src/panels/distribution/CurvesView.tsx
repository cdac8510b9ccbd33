import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { DataErrorView } from '../shared/DataErrorView';
import { tText } from '../shared/i18n';
import { smallMultiples } from './chartLayout';
import { CurveChartModel, CurveKind, curvePath, expectedCurveShapes, readCurveFrames, toPlot, unitSquare } from './curves';
import { testIds } from './testIds';
import { getPanelStyles, NOTICE_HEIGHT } from './panelStyles';
import { DistributionOptions } from './types';

const TITLE_HEIGHT = 22;
/** Two lines: a narrow chart wraps its legend rather than cutting it. */
const LEGEND_HEIGHT = 36;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** ROC or calibration curves, one chart per model and version: the panel's `roc` and `calibration` views. */
export function CurvesView({ id, data, options, fieldConfig, width, height, kind }: PanelProps<DistributionOptions> & { kind: CurveKind }): React.JSX.Element {
  const styles = useStyles2(getPanelStyles);
  const read = useMemo(() => readCurveFrames(data.series, kind), [data.series, kind]);
  if (!read.ok) {
    return <DataErrorView panelId={id} data={data} fieldConfig={fieldConfig} failure={read} expected={expectedCurveShapes(kind)} testId={testIds.message} />;
  }
  const gridHeight = height - (read.notices.length > 0 ? NOTICE_HEIGHT : 0);
  const layout = smallMultiples(read.charts.length, width, gridHeight, options.minChartWidth);
  return (
    <div className={styles.panel} style={{ width, height }} data-testid={testIds.panel}>
      {read.notices.length > 0 && (
        <div className={styles.notice} data-testid={testIds.notices}>
          {read.notices.join(' · ')}
        </div>
      )}
      <div className={styles.grid} style={{ height: gridHeight, gridTemplateColumns: `repeat(${layout.columns}, ${layout.chartWidth}px)` }}>
        {read.charts.map((chart) => (
          <CurveChart key={`${chart.model}\u0000${chart.version}`} chart={chart} kind={kind} width={layout.chartWidth} height={layout.chartHeight} />
        ))}
      </div>
    </div>
  );
}

function axisTitles(kind: CurveKind): { x: string; y: string; reference: string } {
  return kind === 'roc'
    ? {
        x: t('distribution.curves.roc.x', 'False positive rate'),
        y: t('distribution.curves.roc.y', 'True positive rate'),
        reference: t('distribution.curves.roc.reference', 'Chance'),
      }
    : {
        x: t('distribution.curves.calibration.x', 'Mean predicted probability'),
        y: t('distribution.curves.calibration.y', 'Observed positive rate'),
        reference: t('distribution.curves.calibration.reference', 'Perfectly calibrated'),
      };
}

function sideName(side: 'live' | 'baseline'): string {
  return side === 'live' ? t('distribution.curves.side.live', 'Live') : t('distribution.curves.side.baseline', 'Baseline');
}

function CurveChart({ chart, kind, width, height }: { chart: CurveChartModel; kind: CurveKind; width: number; height: number }): React.JSX.Element {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const colors = { baseline: theme.visualization.getColorByName('blue'), live: theme.visualization.getColorByName('orange') };
  const plotHeight = Math.max(60, height - TITLE_HEIGHT - LEGEND_HEIGHT);
  const square = unitSquare(width, plotHeight);
  const titles = axisTitles(kind);
  const corner = (x: number, y: number) => toPlot(square, x, y);
  const [origin, top] = [corner(0, 0), corner(1, 1)];
  const label = tText('distribution.curves.label', '{{model}} {{version}}: {{curve}}', {
    model: chart.model,
    version: chart.version,
    curve: `${titles.y} / ${titles.x}`,
  });
  return (
    <div className={styles.chart} style={{ width, height }} data-testid={testIds.curveChart} data-model={chart.model} data-version={chart.version}>
      <div className={styles.title}>{`${chart.model} ${chart.version}`}</div>
      <svg width={width} height={plotHeight} role="img" aria-label={label}>
        {TICKS.map((tick) => {
          const { px } = corner(tick, 0);
          const { py } = corner(0, tick);
          return (
            <g key={tick}>
              <line x1={origin.px} x2={top.px} y1={py} y2={py} className={styles.gridLine} />
              <line x1={px} x2={px} y1={origin.py} y2={top.py} className={styles.gridLine} />
              <text x={origin.px - 4} y={py} className={styles.yLabel}>
                {tick}
              </text>
              <text x={px} y={origin.py + 12} className={styles.xLabel}>
                {tick}
              </text>
            </g>
          );
        })}
        <text x={(origin.px + top.px) / 2} y={origin.py + 28} className={styles.xLabel}>
          {titles.x}
        </text>
        <text x={12} y={(origin.py + top.py) / 2} className={styles.xLabel} transform={`rotate(-90 12 ${(origin.py + top.py) / 2})`}>
          {titles.y}
        </text>
        <line x1={origin.px} y1={origin.py} x2={top.px} y2={top.py} className={styles.reference} data-testid={testIds.curveReference}>
          <title>{titles.reference}</title>
        </line>
        {chart.sides.map((side) => (
          <g key={side.side} data-testid={side.side === 'live' ? testIds.curveLive : testIds.curveBaseline}>
            <path d={curvePath(square, side.points)} stroke={colors[side.side]} className={styles.curve} />
            {kind === 'calibration' &&
              side.points.map((point, i) => {
                const { px, py } = corner(point.x, point.y);
                return <circle key={i} cx={px} cy={py} r={3} fill={colors[side.side]} />;
              })}
          </g>
        ))}
      </svg>
      <div className={styles.legend} data-testid={testIds.curveLegend}>
        {chart.sides.map((side) => (
          <span key={side.side} className={styles.legendItem}>
            <span className={styles.swatch} style={{ background: colors[side.side] }} />
            {side.summary === '' ? sideName(side.side) : `${sideName(side.side)} ${side.summary}`}
          </span>
        ))}
        <span className={styles.legendItem}>
          <span className={styles.referenceSwatch} />
          {titles.reference}
        </span>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // No horizontal padding: the plot takes the chart's whole width (the y axis leaves its own margin).
  chart: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden', paddingRight: theme.spacing(1) }),
  title: css({ height: TITLE_HEIGHT, paddingLeft: theme.spacing(1), fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }),
  gridLine: css({ stroke: theme.colors.border.weak }),
  yLabel: css({ fill: theme.colors.text.secondary, fontSize: 10, textAnchor: 'end', dominantBaseline: 'middle' }),
  xLabel: css({ fill: theme.colors.text.secondary, fontSize: 10, textAnchor: 'middle' }),
  reference: css({ stroke: theme.colors.text.secondary, strokeWidth: 1, strokeDasharray: '4 3' }),
  curve: css({ fill: 'none', strokeWidth: 2 }),
  legend: css({
    height: LEGEND_HEIGHT,
    paddingLeft: theme.spacing(1),
    display: 'flex',
    flexWrap: 'wrap',
    alignContent: 'flex-start',
    columnGap: theme.spacing(2),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  legendItem: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ display: 'inline-block', width: 12, height: 3 }),
  referenceSwatch: css({ display: 'inline-block', width: 12, borderTop: `1px dashed ${theme.colors.text.secondary}` }),
});
