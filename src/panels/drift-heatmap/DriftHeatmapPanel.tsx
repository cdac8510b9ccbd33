import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { buildLut, schemeStops } from '../shared/colorScale';
import { DataErrorView } from '../shared/DataErrorView';
import { NO_DATA } from '../shared/frames';
import { buildDriftGrid, DriftGrid } from './grid';
import { HeatmapCanvas } from './HeatmapCanvas';
import { HeatmapLegend, LEGEND_HEIGHT } from './HeatmapLegend';
import { computeHeatmapLayout } from './layout';
import { expectedShape, readDriftFrames } from './readFrames';
import { testIds } from './testIds';
import { AXIS_HEIGHT, TimeAxis } from './TimeAxis';
import { DEFAULT_COLOR_SCHEME, DriftHeatmapOptions } from './types';
import { WorstFeaturesTable } from './WorstFeaturesTable';

const NOTICE_HEIGHT = 18;
const SCROLLBAR_WIDTH = 16;

export function DriftHeatmapPanel(props: PanelProps<DriftHeatmapOptions>): React.JSX.Element {
  const { id, data, options, fieldConfig } = props;
  const read = useMemo(() => readDriftFrames(data.series), [data.series]);
  const grid = useMemo(
    () =>
      read.ok
        ? buildDriftGrid(read.series, { colorBy: options.colorBy, maxNormalized: options.maxNormalized, sortBy: options.sortBy })
        : undefined,
    [read, options.colorBy, options.maxNormalized, options.sortBy]
  );
  // a query that failed without returning frames also lands here, as no data: the message tells the two apart
  // frames without a single drift point are no data too
  if (!read.ok || !grid || grid.times.length === 0) {
    return (
      <DataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        failure={read.ok ? NO_DATA : read}
        expected={expectedShape()}
        testId={testIds.message}
      />
    );
  }
  return <HeatmapBody {...props} grid={grid} />;
}

function HeatmapBody({
  grid,
  options,
  fieldConfig,
  width,
  height,
  timeRange,
  timeZone,
  replaceVariables,
}: PanelProps<DriftHeatmapOptions> & { grid: DriftGrid }): React.JSX.Element {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const color = fieldConfig.defaults.color;
  const stops = useMemo(() => schemeStops(theme, color, DEFAULT_COLOR_SCHEME), [theme, color]);
  const lut = useMemo(() => buildLut(stops), [stops]);
  const longestName = useMemo(() => grid.rows.reduce((max, s) => Math.max(max, s.title.length), 0), [grid.rows]);
  const viewportHeight = Math.max(20, height - LEGEND_HEIGHT - AXIS_HEIGHT - (grid.notices.length > 0 ? NOTICE_HEIGHT : 0));
  const layoutFor = (w: number) =>
    computeHeatmapLayout({ width: w, viewportHeight, rows: grid.rows.length, longestName, showNames: options.showFeatureNames });
  const fitted = layoutFor(width);
  const layout = fitted.contentHeight > viewportHeight ? layoutFor(width - SCROLLBAR_WIDTH) : fitted;
  // Points beyond the dashboard range still count when the range is narrower than the data.
  const from = Math.min(timeRange.from.valueOf(), grid.times[0] - grid.windowMs);
  const to = Math.max(timeRange.to.valueOf(), grid.times[grid.times.length - 1]);

  return (
    <div className={styles.panel} style={{ width, height }} data-testid={testIds.panel}>
      <div style={{ paddingLeft: layout.plotLeft }}>
        <HeatmapLegend stops={stops} colorBy={grid.colorBy} domainMax={grid.domainMax} threshold={grid.threshold} />
      </div>
      {grid.notices.length > 0 && (
        <div className={styles.notice} data-testid={testIds.notices}>
          {grid.notices.join(' · ')}
        </div>
      )}
      <HeatmapCanvas
        grid={grid}
        layout={layout}
        from={from}
        to={to}
        lut={lut}
        cellLink={options.cellLink}
        timeZone={timeZone}
        replaceVariables={replaceVariables}
      />
      <TimeAxis layout={layout} from={from} to={to} timeZone={timeZone} />
      <WorstFeaturesTable grid={grid} timeZone={timeZone} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ position: 'relative', display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  notice: css({
    height: NOTICE_HEIGHT,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
