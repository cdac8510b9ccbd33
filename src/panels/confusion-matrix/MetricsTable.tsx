import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatCount, formatPercent, formatScore } from '../shared/format';
import { tText } from '../shared/i18n';
import { MatrixMetrics } from './metrics';
import { testIds } from './testIds';

interface Props {
  metrics: MatrixMetrics;
  /** When a class filter is active, only these rows are listed (the averages still cover all classes). */
  visibleClasses?: Set<string>;
}

export function MetricsTable({ metrics, visibleClasses }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const rows = visibleClasses ? metrics.perClass.filter((m) => visibleClasses.has(m.name)) : metrics.perClass;
  return (
    <table className={styles.table} data-testid={testIds.metricsTable}>
      <caption className={styles.caption}>
        {tText(
          'confusion.metrics.caption',
          'Per-class metrics · accuracy {{accuracy}} · macro precision {{precision}} · macro recall {{recall}} · macro-F1 {{f1}} · weighted F1 {{weightedF1}}',
          {
            accuracy: formatPercent(metrics.accuracy),
            precision: formatScore(metrics.macroPrecision),
            recall: formatScore(metrics.macroRecall),
            f1: formatScore(metrics.macroF1),
            weightedF1: formatScore(metrics.weightedF1),
          }
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('confusion.metrics.class', 'Class')}</th>
          <th scope="col">{t('confusion.metrics.precision', 'Precision')}</th>
          <th scope="col">{t('confusion.metrics.recall', 'Recall')}</th>
          <th scope="col">{t('confusion.metrics.f1', 'F1')}</th>
          <th scope="col">{t('confusion.metrics.support', 'Support')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.name}>
            <th scope="row" title={m.name}>
              {m.name}
            </th>
            <td>{formatScore(m.precision)}</td>
            <td>{formatScore(m.recall)}</td>
            <td>{formatScore(m.f1)}</td>
            <td>{formatCount(m.support)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.25, 0.5), borderBottom: `1px solid ${theme.colors.border.weak}` },
    td: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
    'tbody th': {
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightRegular,
      maxWidth: 120,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, textAlign: 'right' },
    'thead th:first-child': { textAlign: 'left' },
  }),
  caption: css({
    captionSide: 'top',
    textAlign: 'left',
    color: theme.colors.text.secondary,
    paddingBottom: theme.spacing(0.5),
  }),
});
