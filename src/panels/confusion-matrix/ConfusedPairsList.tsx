import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';
import React, { useMemo } from 'react';

import { formatCount, formatPercent } from '../shared/format';
import { ConfusionMatrix } from './matrix';
import { topConfusedPairs } from './metrics';
import { testIds } from './testIds';

interface Props {
  matrix: ConfusionMatrix;
  limit: number;
  visibleClasses?: Set<string>;
}

export function ConfusedPairsList({ matrix, limit, visibleClasses }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  const pairs = useMemo(() => {
    const all = topConfusedPairs(matrix, visibleClasses ? Number.POSITIVE_INFINITY : limit);
    const shown = visibleClasses ? all.filter((p) => visibleClasses.has(p.actual) || visibleClasses.has(p.predicted)) : all;
    return shown.slice(0, limit);
  }, [matrix, limit, visibleClasses]);
  return (
    <section aria-label={t('confusion.pairs.label', 'Most confused pairs')} data-testid={testIds.confusedPairs}>
      <div className={styles.heading}>{t('confusion.pairs.heading', 'Most confused (actual → predicted)')}</div>
      {pairs.length === 0 ? (
        <div className={styles.none}>{t('confusion.pairs.none', 'No misclassifications')}</div>
      ) : (
        <ol className={styles.list}>
          {pairs.map((pair) => (
            <li key={`${pair.actual}\u0000${pair.predicted}`}>
              <span className={styles.pair}>
                {pair.actual} → {pair.predicted}
              </span>
              <span className={styles.count}>
                {formatCount(pair.count)} ({formatPercent(pair.shareOfActual)})
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  heading: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, marginBottom: theme.spacing(0.5) }),
  none: css({ fontSize: theme.typography.bodySmall.fontSize }),
  list: css({
    margin: 0,
    paddingLeft: theme.spacing(2.5),
    fontSize: theme.typography.bodySmall.fontSize,
    li: { display: 'flex', justifyContent: 'space-between', gap: theme.spacing(1) },
  }),
  pair: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  count: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
});
