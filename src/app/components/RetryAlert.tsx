import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, useStyles2 } from '@grafana/ui';

/** An error with its message and a Retry button (Alert's own button is labelled "Close alert" for screen readers). */
export function RetryAlert({
  title,
  error,
  onRetry,
  testId,
}: {
  title: string;
  error: string;
  onRetry: () => void;
  testId: string;
}) {
  const styles = useStyles2(getStyles);
  return (
    <Alert data-testid={testId} severity="error" title={title}>
      <div>{error}</div>
      <Button className={styles.button} size="sm" variant="secondary" icon="sync" onClick={onRetry}>
        Retry
      </Button>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  button: css({ marginTop: theme.spacing(1) }),
});
