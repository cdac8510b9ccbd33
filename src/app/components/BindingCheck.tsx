import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import { featureCheckText } from '../../datasource/bindingCheck';
import type { ModelCheck } from '../../shared/resourceModel';
import { testIds } from '../testIds';

type CheckState = { status: 'idle' | 'loading' } | { status: 'done'; check: ModelCheck | undefined } | { status: 'error'; error: string };

/**
 * "Check bindings" of one model version: asks the datasource what Prometheus holds for each baseline field where
 * the mapping and the model's binding point (`GET check-bindings`), and lists per field the series found, their
 * labels and edges, and the first problem.
 */
export function BindingCheck({ id, check }: { id: string; check: () => Promise<ModelCheck | undefined> }) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<CheckState>({ status: 'idle' });
  const run = () => {
    setState({ status: 'loading' });
    check().then(
      (result) => setState({ status: 'done', check: result }),
      (error: unknown) => setState({ status: 'error', error: error instanceof Error ? error.message : String(error) })
    );
  };
  return (
    <div className={styles.container}>
      <Button size="sm" variant="secondary" onClick={run} disabled={state.status === 'loading'} data-testid={testIds.models.checkBindings(id)}>
        {state.status === 'loading' ? 'Checking bindings…' : 'Check bindings'}
      </Button>
      {state.status === 'error' && (
        <Alert severity="error" title="Could not check the bindings" data-testid={testIds.models.checkResult(id)}>
          {state.error}
        </Alert>
      )}
      {state.status === 'done' && (
        <ul className={styles.list} data-testid={testIds.models.checkResult(id)}>
          {(state.check?.features ?? []).map((field) => {
            const { found, detail } = featureCheckText(field);
            return (
              <li key={`${field.role}:${field.feature}`}>
                <Badge color={field.problem ? 'red' : 'green'} text={`${field.feature}${field.role === 'feature' ? '' : ` (${field.role})`}`} /> {found}
                {detail && <div className={field.problem ? styles.problem : styles.note}>{detail}</div>}
              </li>
            );
          })}
          {state.check && state.check.unchecked > 0 && <li>{state.check.unchecked} more fields not checked</li>}
        </ul>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ marginTop: theme.spacing(1) }),
  list: css({ listStyle: 'none', margin: theme.spacing(1, 0, 0, 0), padding: 0, '& > li': { marginBottom: theme.spacing(0.5) } }),
  problem: css({ color: theme.colors.error.text, marginLeft: theme.spacing(2) }),
  note: css({ color: theme.colors.text.secondary, marginLeft: theme.spacing(2) }),
});
