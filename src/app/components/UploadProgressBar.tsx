import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { UploadProgress } from '../../datasource/baselineClient';
import { progressText } from '../baselineForms';
import { testIds } from '../testIds';

export function UploadProgressBar({ progress }: { progress: UploadProgress }) {
  const styles = useStyles2(getStyles);
  const percent = progress.phase === 'building' ? 100 : Math.round((progress.fraction ?? 0) * 100);
  return (
    <div data-testid={testIds.baselines.progress} className={styles.wrapper}>
      <div
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.fraction === undefined && progress.phase === 'uploading' ? undefined : percent}
        className={styles.track}
      >
        <div
          className={progress.phase === 'building' ? styles.building : styles.bar}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span>{progressText(progress)}</span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), margin: theme.spacing(1, 0) }),
  track: css({
    height: theme.spacing(1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.pill,
    overflow: 'hidden',
  }),
  bar: css({ height: '100%', background: theme.colors.primary.main, transition: 'width 150ms linear' }),
  building: css({ height: '100%', background: theme.colors.success.main }),
});
