import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** Height of the one-line notice above the charts. */
export const NOTICE_HEIGHT = 18;

/** The panel's frame, shared by every view: a notice line above a grid of small multiples that scrolls. */
export const getPanelStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  notice: css({
    height: NOTICE_HEIGHT,
    flexShrink: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  grid: css({ display: 'grid', overflowY: 'auto', overflowX: 'hidden', alignContent: 'start' }),
});
