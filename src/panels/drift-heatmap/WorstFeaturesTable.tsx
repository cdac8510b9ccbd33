import { css } from '@emotion/css';
import { dateTimeFormat, TimeZone } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatScore, MISSING } from '../shared/format';
import { tText } from '../shared/i18n';
import { DriftGrid } from './grid';
import { testIds } from './testIds';

export const WORST_FEATURES_LISTED = 10;

interface Props {
  grid: DriftGrid;
  timeZone: TimeZone;
}

/** What a screen reader gets instead of the canvas: the features with the worst drift, in a table. */
export function WorstFeaturesTable({ grid, timeZone }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const quantity = grid.colorBy === 'normalized' ? t('heatmap.worst.normalized', 'score ÷ threshold') : t('heatmap.worst.score', 'score');
  const listed = grid.rows.slice(0, WORST_FEATURES_LISTED);
  return (
    <table className={styles.visuallyHidden} data-testid={testIds.worstTable}>
      <caption>{tText('heatmap.worst.caption', 'Features with the worst drift ({{quantity}})', { quantity })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('heatmap.tooltip.feature', 'Feature')}</th>
          <th scope="col">{t('heatmap.worst.worst', 'Worst')}</th>
          <th scope="col">{t('heatmap.worst.window', 'Window of the worst')}</th>
          <th scope="col">{t('heatmap.worst.latest', 'Latest')}</th>
        </tr>
      </thead>
      <tbody>
        {listed.map((series, r) => {
          const summary = grid.summaries[r];
          return (
            <tr key={series.key}>
              <th scope="row">{series.title}</th>
              <td>{formatScore(summary.worst)}</td>
              <td>{Number.isFinite(summary.worstTime) ? dateTimeFormat(summary.worstTime, { timeZone }) : MISSING}</td>
              <td>{formatScore(summary.latest)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = () => ({
  visuallyHidden: css({
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0, 0, 0, 0)',
    whiteSpace: 'nowrap',
    border: 0,
  }),
});
