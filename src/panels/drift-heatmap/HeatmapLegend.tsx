import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatScore } from '../shared/format';
import { tText } from '../shared/i18n';
import { testIds } from './testIds';
import { HeatmapColorBy } from './types';

/** Includes room above the bar for the threshold label. */
export const LEGEND_HEIGHT = 36;

interface Props {
  stops: string[];
  colorBy: HeatmapColorBy;
  domainMax: number;
  threshold?: number;
}

/** The colour scale with the threshold marked on it, so "above threshold" is readable at a glance. */
export function HeatmapLegend({ stops, colorBy, domainMax, threshold }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const title = colorBy === 'normalized' ? t('heatmap.legend.normalized', 'Drift score ÷ threshold') : t('heatmap.legend.score', 'Drift score');
  const position = threshold !== undefined ? Math.min(100, (threshold / domainMax) * 100) : undefined;
  return (
    <div className={styles.legend} data-testid={testIds.legend} aria-label={tText('heatmap.legend.label', 'Colour scale: {{title}}, 0 to {{max}} or more', { title, max: formatScore(domainMax) })}>
      <span className={styles.title}>{title}</span>
      <span className={styles.end}>{formatScore(0)}</span>
      <div className={styles.barWrap}>
        <div className={styles.bar} style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
        {position !== undefined && (
          <div className={styles.marker} style={{ left: `${position}%` }} data-testid={testIds.thresholdMarker}>
            <span className={styles.markerLabel}>
              {tText('heatmap.legend.threshold', 'threshold {{value}}', { value: colorBy === 'normalized' ? '1×' : formatScore(threshold) })}
            </span>
          </div>
        )}
      </div>
      <span className={styles.end}>
        {colorBy === 'normalized'
          ? tText('heatmap.legend.top-normalized', '≥ {{max}}×', { max: formatScore(domainMax) })
          : tText('heatmap.legend.top-score', '≥ {{max}}', { max: formatScore(domainMax) })}
      </span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: LEGEND_HEIGHT,
    boxSizing: 'border-box',
    paddingTop: 12,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  title: css({ whiteSpace: 'nowrap' }),
  end: css({ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }),
  barWrap: css({ position: 'relative', flex: '1 1 auto', maxWidth: 320, minWidth: 80, height: 10 }),
  bar: css({ height: '100%', borderRadius: theme.shape.radius.default }),
  marker: css({
    position: 'absolute',
    top: -4,
    bottom: -4,
    width: 2,
    marginLeft: -1,
    background: theme.colors.text.primary,
  }),
  markerLabel: css({
    position: 'absolute',
    bottom: '100%',
    left: '50%',
    transform: 'translateX(-50%)',
    whiteSpace: 'nowrap',
    fontSize: 10,
    lineHeight: '12px',
    color: theme.colors.text.primary,
  }),
});
