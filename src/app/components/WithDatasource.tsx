import { locationUtil } from '@grafana/data';
import { Alert, EmptyState, LinkButton, Stack } from '@grafana/ui';
import type { ReactNode } from 'react';
import type { DriftDatasourceRef } from '../api';
import { APP_ID, DRIFT_DATASOURCE_TYPE } from '../constants';
import { useDatasourceChoice } from '../hooks';
import { testIds } from '../testIds';
import type { AppSettings } from '../types';

interface Props {
  settings: AppSettings | undefined;
  children: (datasource: DriftDatasourceRef) => ReactNode;
}

/** Renders the page for the chosen drift datasource, or a call to action when there is none. */
export function WithDatasource({ settings, children }: Props) {
  const choice = useDatasourceChoice(settings);
  if (choice.kind === 'none') {
    return (
      <div data-testid={testIds.noDatasource}>
        <EmptyState
          variant="call-to-action"
          message="No ML Drift datasource yet"
          button={
            <Stack gap={1} justifyContent="center">
              <LinkButton icon="plus" href={locationUtil.assureBaseUrl(`/connections/datasources/${DRIFT_DATASOURCE_TYPE}`)}>
                Add an ML Drift datasource
              </LinkButton>
              <LinkButton variant="secondary" href={locationUtil.assureBaseUrl(`/plugins/${APP_ID}`)}>
                App configuration
              </LinkButton>
            </Stack>
          }
        >
          The pages of ML Monitor read baselines and drift from an ML Drift datasource. Add one that points at your
          Prometheus (or Elasticsearch), then come back here.
        </EmptyState>
      </div>
    );
  }
  return (
    <>
      {choice.configuredMissing && (
        <Alert severity="warning" title="The configured datasource no longer exists">
          Showing {choice.datasource.name} instead. Choose another one in the app configuration.
        </Alert>
      )}
      {children(choice.datasource)}
    </>
  );
}
