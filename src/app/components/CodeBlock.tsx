import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, useStyles2 } from '@grafana/ui';

export function CodeBlock({ code, testId, label }: { code: string; testId?: string; label: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper}>
      <ClipboardButton
        className={styles.copy}
        size="sm"
        variant="secondary"
        icon="copy"
        getText={() => code}
        aria-label={`Copy ${label}`}
      >
        Copy
      </ClipboardButton>
      <pre className={styles.code} data-testid={testId} aria-label={label}>
        {code}
      </pre>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', marginBottom: theme.spacing(2) }),
  copy: css({ position: 'absolute', top: theme.spacing(1), right: theme.spacing(1) }),
  code: css({
    maxHeight: theme.spacing(60),
    overflow: 'auto',
    padding: theme.spacing(1.5),
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
