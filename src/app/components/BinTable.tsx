import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { BaselineFeature } from '../../drift/types';
import { binRows } from '../baselineForms';
import { dataTableClass } from './tableStyles';

/** The baseline distribution of one feature as a compact table with share bars. */
export function BinTable({ feature }: { feature: BaselineFeature }) {
  const styles = useStyles2(getStyles);
  const rows = binRows(feature);
  const widest = Math.max(...rows.map((r) => r.share), 0);
  return (
    <table className={styles.table} aria-label={`Distribution of ${feature.name}`}>
      <thead>
        <tr>
          <th>{feature.kind === 'numeric' ? 'Bucket' : 'Category'}</th>
          <th>Count</th>
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <td className={styles.label}>{row.label}</td>
            <td className={styles.number}>{Number.isInteger(row.count) ? row.count : row.count.toFixed(2)}</td>
            <td className={styles.shareCell}>
              <div className={styles.bar} style={{ width: `${widest > 0 ? (row.share / widest) * 100 : 0}%` }} />
              <span>{(row.share * 100).toFixed(1)}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: dataTableClass(theme, 'compact'),
  label: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'nowrap' }),
  number: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  shareCell: css({ position: 'relative', width: '50%', span: { position: 'relative' } }),
  bar: css({
    position: 'absolute',
    left: 0,
    top: 2,
    bottom: 2,
    background: theme.colors.primary.transparent,
    borderRadius: theme.shape.radius.default,
  }),
});
