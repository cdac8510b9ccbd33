import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/**
 * Plain data tables of the app pages: full width, a weak rule under each row, secondary headers.
 * `compact` is for dense numeric tables shown inside another view (bins of a feature).
 */
export function dataTableClass(theme: GrafanaTheme2, density: 'regular' | 'compact'): string {
  const compact = density === 'compact';
  return css({
    width: '100%',
    borderCollapse: 'collapse',
    ...(compact ? { fontSize: theme.typography.bodySmall.fontSize } : {}),
    'th, td': {
      padding: compact ? theme.spacing(0.25, 1) : theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: {
      color: theme.colors.text.secondary,
      ...(compact ? {} : { fontWeight: theme.typography.fontWeightMedium }),
    },
  });
}
