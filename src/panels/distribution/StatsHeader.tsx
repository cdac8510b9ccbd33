import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Badge, useStyles2 } from '@grafana/ui';
import React from 'react';

import { isTestMethod } from '../../drift';
import { formatCount, formatPValue, formatScore } from '../shared/format';
import { tText } from '../shared/i18n';
import { FeatureDistribution } from './model';
import { testIds } from './testIds';

interface Props {
  feature: FeatureDistribution;
  href?: string;
  onOpen?: (event: React.MouseEvent) => void;
  showStats: boolean;
  colors: { baseline: string; current: string };
}

function sideTotal(counts?: number[]): number | undefined {
  return counts?.reduce((sum, count) => sum + count, 0);
}

export function StatsHeader({ feature, href, onOpen, showStats, colors }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const { stats } = feature;
  const baselineTotal = sideTotal(feature.baseline);
  const currentTotal = sideTotal(feature.current);
  const statistic =
    stats &&
    (stats.statisticUpperBound !== undefined && stats.statisticUpperBound !== stats.statistic
      ? `${formatScore(stats.statistic)}–${formatScore(stats.statisticUpperBound)}`
      : formatScore(stats.statistic));
  return (
    <div className={styles.header}>
      <div className={styles.titleRow}>
        {href || onOpen ? (
          <a
            className={styles.title}
            href={href}
            onClick={onOpen}
            data-testid={testIds.title}
            title={tText('distribution.header.open', 'Open {{feature}}', { feature: feature.feature })}
          >
            {feature.feature}
          </a>
        ) : (
          <span className={styles.title} data-testid={testIds.title}>
            {feature.feature}
          </span>
        )}
        {showStats && stats?.drift !== undefined && (
          <span data-testid={testIds.verdict}>
            <Badge
              text={stats.drift ? t('distribution.header.drift', 'Drift') : t('distribution.header.no-drift', 'No drift')}
              color={stats.drift ? 'red' : 'green'}
              icon={stats.drift ? 'exclamation-triangle' : 'check'}
            />
          </span>
        )}
      </div>
      {showStats && (
        <div className={styles.stats} data-testid={testIds.stats}>
          {stats ? (
            <>
              <span
                title={
                  stats.computedInBrowser
                    ? t('distribution.header.computed-in-browser', 'Computed in the browser from the panel data')
                    : t('distribution.header.from-datasource', 'From the datasource')
                }
              >
                {stats.method.toUpperCase()} <strong>{statistic}</strong>
              </span>
              {stats.pValue !== undefined && (
                <span>
                  {t('distribution.header.p-value', 'p')} <strong>{formatPValue(stats.pValue)}</strong>
                </span>
              )}
              {stats.threshold !== undefined && (
                <span>
                  {isTestMethod(stats.method)
                    ? tText('distribution.header.significance', 'threshold p < {{threshold}}', { threshold: formatScore(stats.threshold) })
                    : tText('distribution.header.threshold', 'threshold {{threshold}}', { threshold: formatScore(stats.threshold) })}
                </span>
              )}
            </>
          ) : (
            <span className={feature.statsError ? styles.warning : undefined}>
              {feature.statsError
                ? tText('distribution.header.no-statistic', 'No statistic: {{reason}}', { reason: feature.statsError })
                : t('distribution.header.one-side', 'No comparison (one side only)')}
            </span>
          )}
        </div>
      )}
      <div className={styles.legend}>
        {baselineTotal !== undefined && (
          <span>
            <i className={styles.swatch} style={{ background: colors.baseline }} />{' '}
            {feature.reference === undefined
              ? tText('distribution.legend.baseline', 'Baseline (n={{n}})', { n: formatCount(baselineTotal) })
              : tText('distribution.legend.reference', 'Reference: {{reference}} (n={{n}})', { reference: feature.reference, n: formatCount(baselineTotal) })}
          </span>
        )}
        {currentTotal !== undefined && (
          <span>
            <i className={styles.swatch} style={{ background: colors.current }} />{' '}
            {tText('distribution.legend.current', 'Current (n={{n}})', { n: formatCount(currentTotal) })}
          </span>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', flexDirection: 'column', gap: 2, padding: theme.spacing(0, 0.5) }),
  titleRow: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(1), minHeight: 22 }),
  title: css({
    fontWeight: theme.typography.fontWeightMedium,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    'a&': { color: theme.colors.text.link, cursor: 'pointer', '&:hover': { textDecoration: 'underline' } },
  }),
  stats: css({
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    strong: { color: theme.colors.text.primary, fontVariantNumeric: 'tabular-nums' },
  }),
  warning: css({ color: theme.colors.warning.text }),
  legend: css({
    display: 'flex',
    gap: theme.spacing(1.5),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  swatch: css({ display: 'inline-block', width: 10, height: 10, borderRadius: 2, verticalAlign: 'middle', marginRight: 2 }),
});
