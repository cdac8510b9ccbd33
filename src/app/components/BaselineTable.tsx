import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Stack, useStyles2 } from '@grafana/ui';
import type { BaselineSummary } from '../../shared/resourceModel';
import { testIds } from '../testIds';
import { dataTableClass } from './tableStyles';

interface Props {
  baselines: BaselineSummary[];
  onInspect: (baseline: BaselineSummary) => void;
  onDelete: (baseline: BaselineSummary) => void;
}

export function BaselineTable({ baselines, onInspect, onDelete }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th>Baseline</th>
          <th>Features</th>
          <th>Created</th>
          <th>Origin</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {baselines.map((baseline) => (
          <tr key={baseline.id} data-testid={testIds.baselines.row(baseline.id)}>
            <td>
              <Stack gap={1} alignItems="center">
                <strong>{baseline.id}</strong>
                {baseline.corrupt && (
                  <Badge color="red" icon="exclamation-triangle" text="unreadable" tooltip={baseline.corrupt} />
                )}
              </Stack>
            </td>
            {baseline.corrupt ? (
              <td className={styles.corrupt} title={baseline.corrupt}>
                {baseline.corrupt}
              </td>
            ) : (
              <td className={styles.features} title={baseline.features.join(', ')}>
                {baseline.features.length} ({baseline.features.slice(0, 4).join(', ')}
                {baseline.features.length > 4 ? ', …' : ''})
              </td>
            )}
            <td>{baseline.created ? new Date(baseline.created).toLocaleString() : '–'}</td>
            <td>
              {baseline.provisioned ? (
                <Badge color="blue" text="provisioned" tooltip="Read-only file from the provisioned directory" />
              ) : (
                'stored'
              )}
            </td>
            <td>
              <Stack gap={1} justifyContent="flex-end">
                <Button
                  size="sm"
                  variant="secondary"
                  icon="eye"
                  disabled={!!baseline.corrupt}
                  onClick={() => onInspect(baseline)}
                  data-testid={testIds.baselines.inspect(baseline.id)}
                >
                  Inspect
                </Button>
                <Button
                  size="sm"
                  variant="destructive"
                  fill="outline"
                  icon="trash-alt"
                  disabled={baseline.provisioned}
                  tooltip={
                    baseline.provisioned ? 'Provisioned baselines are managed as files, outside Grafana' : undefined
                  }
                  onClick={() => onDelete(baseline)}
                  data-testid={testIds.baselines.delete(baseline.id)}
                >
                  Delete
                </Button>
              </Stack>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: dataTableClass(theme, 'regular'),
  features: css({
    color: theme.colors.text.secondary,
    maxWidth: theme.spacing(50),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  corrupt: css({
    color: theme.colors.error.text,
    maxWidth: theme.spacing(50),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});
