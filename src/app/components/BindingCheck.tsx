import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import { featureCheckText } from '../../datasource/bindingCheck';
import { LIVE_SOURCE_NAMES } from '../../shared/queryModel';
import type { ModelCheck } from '../../shared/resourceModel';
import { testIds } from '../testIds';

type CheckState = { status: 'idle' | 'loading' } | { status: 'done'; checks: ModelCheck[] } | { status: 'error'; error: string };

/**
 * "Check bindings" of one model version: asks the datasource what Prometheus and Elasticsearch hold for each
 * baseline field where the mapping and the model's binding point (`GET check-bindings`), and lists per source
 * and field what was found (series and labels and edges, or documents and mapped types) and the first problem.
 */
export function BindingCheck({ id, check }: { id: string; check: () => Promise<ModelCheck[]> }) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<CheckState>({ status: 'idle' });
  const run = () => {
    setState({ status: 'loading' });
    check().then(
      (checks) => setState({ status: 'done', checks }),
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
        <div data-testid={testIds.models.checkResult(id)}>
          {state.checks.length === 0 && <div>No configured source to check this model on</div>}
          {state.checks.map((check) => (
            <ul className={styles.list} key={check.source}>
              {state.checks.length > 1 && <li className={styles.source}>{LIVE_SOURCE_NAMES[check.source]}</li>}
              {check.features.map((field) => {
                const { found, detail } = featureCheckText(field);
                return (
                  <li key={`${field.role}:${field.feature}`}>
                    <Badge color={field.problem ? 'red' : 'green'} text={`${field.feature}${field.role === 'feature' ? '' : ` (${field.role})`}`} /> {found}
                    {detail && <div className={field.problem ? styles.problem : styles.note}>{detail}</div>}
                  </li>
                );
              })}
              {check.unchecked > 0 && <li>{check.unchecked} more fields not checked</li>}
            </ul>
          ))}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ marginTop: theme.spacing(1) }),
  list: css({ listStyle: 'none', margin: theme.spacing(1, 0, 0, 0), padding: 0, '& > li': { marginBottom: theme.spacing(0.5) } }),
  source: css({ fontWeight: theme.typography.fontWeightMedium }),
  problem: css({ color: theme.colors.error.text, marginLeft: theme.spacing(2) }),
  note: css({ color: theme.colors.text.secondary, marginLeft: theme.spacing(2) }),
});
