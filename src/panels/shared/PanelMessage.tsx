import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import React from 'react';

interface Props {
  title: string;
  detail?: string;
  kind?: 'info' | 'error';
  testId?: string;
}

/** The empty and error state of every panel: says what was expected, so the fix is obvious. */
export function PanelMessage({ title, detail, kind = 'info', testId }: Props): React.JSX.Element {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={kind === 'error' ? 'exclamation-triangle' : 'info-circle'} size="lg" />
      <div className={styles.title}>{title}</div>
      {detail && <div className={styles.detail}>{detail}</div>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    height: '100%',
    padding: theme.spacing(2),
    textAlign: 'center',
    color: theme.colors.text.secondary,
  }),
  title: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  detail: css({ maxWidth: 520, fontSize: theme.typography.bodySmall.fontSize }),
});
