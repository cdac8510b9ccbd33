import { CSSObject } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** The look of every panel's hover tooltip: a card floating over the chart that lets the pointer through. */
export function floatingTooltip(theme: GrafanaTheme2): CSSObject {
  return {
    position: 'absolute',
    pointerEvents: 'none',
    padding: theme.spacing(0.75, 1),
    background: theme.colors.background.elevated ?? theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
  };
}
