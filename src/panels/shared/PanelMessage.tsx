import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState, PanelData } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import React from 'react';

import type { ReadFailure } from './frames';

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

interface ReadFailureProps {
  data: PanelData;
  failure: ReadFailure;
  /** The frame shapes the panel reads, said when there is no data. */
  expected: string;
  testId: string;
}

/**
 * What a panel shows when its frames gave it nothing to draw: the query's own error when the query failed
 * and returned no frames, else why the frames could not be read.
 */
export function ReadFailureMessage({ data, failure, expected, testId }: ReadFailureProps): React.JSX.Element {
  if (data.state === LoadingState.Error && data.series.length === 0) {
    return <PanelMessage kind="error" title="Query failed" detail={data.errors?.[0]?.message ?? data.error?.message} testId={testId} />;
  }
  return failure.reason === 'empty' ? (
    <PanelMessage title={failure.message} detail={`Expected ${expected}.`} testId={testId} />
  ) : (
    <PanelMessage kind="error" title="Unsupported data shape" detail={failure.message} testId={testId} />
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
