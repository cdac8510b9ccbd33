/**
 * @grafana/runtime as the panels see it in the harness. Grafana installs its own PanelDataErrorView at
 * start-up, and the package's placeholder is a bare line of text; this stand-in lays the message out as
 * Grafana's view does (centred, secondary text) so the no-data screenshots show what users see.
 */
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import type { PanelDataErrorViewProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

export * from '@grafana/runtime';

export function PanelDataErrorView({ message }: PanelDataErrorViewProps): React.JSX.Element {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper}>
      <div className={styles.message}>{message ?? 'No data'}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', width: '100%' }),
  message: css({ textAlign: 'center', color: theme.colors.text.secondary, fontSize: theme.typography.size.lg, maxWidth: 640, padding: theme.spacing(2) }),
});
