import { css } from '@emotion/css';
import { locationUtil, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Button, Card, EmptyState, LinkButton, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import type { ReactNode } from 'react';
import type { DriftDatasourceRef } from '../api';
import { BindingCheck } from '../components/BindingCheck';
import { BindingEditor } from '../components/BindingEditor';
import { RetryAlert } from '../components/RetryAlert';
import { StatusChip } from '../components/StatusChip';
import { WithDatasource } from '../components/WithDatasource';
import { PLUGIN_BASE_URL, ROUTES, STATUS_WINDOW } from '../constants';
import { useBaselineClient, useBaselineList, useBindingList, useFeatureStatuses } from '../hooks';
import {
  bindingOf,
  bindingText,
  dashboardLinks,
  groupBaselinesByModel,
  modelBinding,
  statusSummary,
  versionBindings,
} from '../models';
import { testIds } from '../testIds';
import type { AppSettings } from '../types';
import { checkModelBindings } from '../../datasource/bindingCheck';
import type { BaselineSummary, BindingSummary } from '../../shared/resourceModel';

export function ModelsPage({ settings }: { settings: AppSettings | undefined }) {
  return (
    <PluginPage
      subTitle={`Every model and version with a baseline, and how far each feature drifted in the last ${STATUS_WINDOW}`}
    >
      <WithDatasource settings={settings}>{(datasource) => <ModelList datasource={datasource} />}</WithDatasource>
    </PluginPage>
  );
}

function ModelList({ datasource }: { datasource: DriftDatasourceRef }) {
  const styles = useStyles2(getStyles);
  const [baselines, reload] = useBaselineList(datasource);
  const [bindingList, reloadBindings] = useBindingList(datasource);
  const client = useBaselineClient(datasource);
  const bindings = bindingList.status === 'done' ? bindingList.value : [];
  // Both lists before anything is shown, so that cards do not change under the user's eyes.
  if (baselines.status === 'loading' || bindingList.status === 'loading') {
    return <LoadingPlaceholder text="Loading models…" />;
  }
  if (baselines.status === 'error') {
    return (
      <RetryAlert
        testId={testIds.models.error}
        title="Could not list the baselines"
        error={baselines.error}
        onRetry={reload}
      />
    );
  }
  const groups = groupBaselinesByModel(baselines.value);
  if (groups.length === 0) {
    return (
      <div data-testid={testIds.models.empty}>
        <EmptyState
          variant="call-to-action"
          message="No model has a baseline yet"
          button={
            <LinkButton icon="upload" href={locationUtil.assureBaseUrl(`${PLUGIN_BASE_URL}/${ROUTES.baselines}`)}>
              Add a baseline
            </LinkButton>
          }
        >
          A baseline is the distribution of each feature in the training data. Build one from a CSV or JSON Lines file
          on the Baselines page, or with <code>mldrift baseline build</code>.
        </EmptyState>
      </div>
    );
  }
  return (
    <div data-testid={testIds.models.container}>
      {bindingList.status === 'error' ? (
        <Alert severity="warning" title="Could not list the binding files" data-testid={testIds.models.bindingProblems}>
          {bindingList.error}
        </Alert>
      ) : (
        <BindingProblems bindings={bindings} />
      )}
      {groups.map((group) => (
        <section key={group.model} className={styles.model} data-testid={testIds.models.model(group.model)}>
          <Stack justifyContent="space-between" alignItems="center">
            {/* Files that do not parse and whose name is no model@version have no model to group them by, or to bind. */}
            <h3>{group.model === '' ? 'Unreadable files of no known model' : group.model}</h3>
            {group.model !== '' && (
              <Stack alignItems="center" wrap="wrap" data-testid={testIds.models.versionBindings(group.model)}>
                {/* Bindings of one version each, including versions without a baseline yet. */}
                {versionBindings(bindings, group.model).map((binding) => (
                  <BindingEditor key={binding.file} client={client} model={group.model} version={binding.version} binding={binding} onChanged={reloadBindings} />
                ))}
                <BindingEditor
                  client={client}
                  model={group.model}
                  binding={modelBinding(bindings, group.model)}
                  onChanged={reloadBindings}
                />
              </Stack>
            )}
          </Stack>
          {group.versions.map((baseline) => (
            <VersionCard
              key={baseline.id}
              datasource={datasource}
              baseline={baseline}
              binding={bindingOf(bindings, baseline.model, baseline.version)}
              addVersionBinding={
                // An unreadable baseline gives no drift to read through a binding: the card asks for the baseline first.
                baseline.corrupt || versionBindings(bindings, baseline.model).some((b) => b.version === baseline.version) ? undefined : (
                  <BindingEditor client={client} model={baseline.model} version={baseline.version} binding={undefined} onChanged={reloadBindings} />
                )
              }
            />
          ))}
        </section>
      ))}
    </div>
  );
}

/** Provisioned binding files that do not validate, with each problem (the path of the bad value). */
function BindingProblems({ bindings }: { bindings: readonly BindingSummary[] }) {
  const broken = bindings.filter((b) => b.invalid !== undefined);
  if (broken.length === 0) {
    return null;
  }
  return (
    <Alert severity="warning" title="Binding files with problems" data-testid={testIds.models.bindingProblems}>
      <ul>
        {broken.map((b) => (
          <li key={b.file}>
            <code>{b.file}</code>: {b.invalid!.join('; ')}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function VersionCard({
  datasource,
  baseline,
  binding,
  addVersionBinding,
}: {
  datasource: DriftDatasourceRef;
  baseline: BaselineSummary;
  binding: BindingSummary | undefined;
  /** The editor that adds a binding of this version's own, when it has none. */
  addVersionBinding?: ReactNode;
}) {
  return (
    <Card data-testid={testIds.models.version(baseline.id)}>
      <Card.Heading>{baseline.version === '' ? baseline.id : `Version ${baseline.version}`}</Card.Heading>
      <Card.Meta>
        {[
          // An unreadable file has no features or creation time to tell, only the name it is stored under.
          ...(baseline.corrupt
            ? [`baseline ${baseline.id}`]
            : [
                `${baseline.features.length} features`,
                baseline.created ? `baseline from ${new Date(baseline.created).toLocaleString()}` : 'creation time unknown',
              ]),
          baseline.provisioned ? 'provisioned' : undefined,
          binding ? (
            <span key="binding" data-testid={testIds.models.binding(baseline.id)}>
              {bindingText(binding)}
            </span>
          ) : undefined,
        ].filter(Boolean)}
      </Card.Meta>
      <Card.Description>
        {baseline.corrupt ? (
          <UnreadableBaseline baseline={baseline} />
        ) : (
          <>
            <FeatureStatusList datasource={datasource} baseline={baseline} />
            <BindingCheck id={baseline.id} check={() => checkModelBindings(datasource.uid, baseline.id)} />
          </>
        )}
      </Card.Description>
      <Card.Actions>
        {!baseline.corrupt &&
          dashboardLinks(baseline).map((link) => (
            <LinkButton key={link.href} href={link.href} variant="secondary" size="sm" icon="apps">
              {link.title}
            </LinkButton>
          ))}
        {addVersionBinding}
      </Card.Actions>
    </Card>
  );
}

/** Why a version shows no drift, dashboards or binding to add: its baseline file does not parse, and how to mend that. */
function UnreadableBaseline({ baseline }: { baseline: BaselineSummary }) {
  return (
    <Stack direction="column" gap={1} alignItems="flex-start" data-testid={testIds.models.unreadable(baseline.id)}>
      <Badge color="red" icon="exclamation-triangle" text={`Baseline file unreadable: ${baseline.corrupt}`} />
      <span>
        No drift can be computed for this version until its baseline reads again, so there is nothing to bind yet.{' '}
        {baseline.provisioned
          ? 'Replace the provisioned file.'
          : 'Build or upload it again under the same model and version on the Baselines page: that replaces it.'}
      </span>
      {!baseline.provisioned && (
        <LinkButton href={locationUtil.assureBaseUrl(`${PLUGIN_BASE_URL}/${ROUTES.baselines}`)} variant="secondary" size="sm" icon="upload">
          Replace the baseline
        </LinkButton>
      )}
    </Stack>
  );
}

function FeatureStatusList({ datasource, baseline }: { datasource: DriftDatasourceRef; baseline: BaselineSummary }) {
  const styles = useStyles2(getStyles);
  const [statuses, reload] = useFeatureStatuses(datasource, baseline);
  if (statuses.status === 'loading') {
    return <LoadingPlaceholder text="Querying drift…" />;
  }
  if (statuses.status === 'error') {
    return (
      <Stack gap={1} alignItems="center" data-testid={testIds.models.statusError(baseline.id)}>
        <span className={styles.error}>Drift status unavailable: {statuses.error}</span>
        <Button size="sm" variant="secondary" fill="text" icon="sync" onClick={reload}>
          Retry
        </Button>
      </Stack>
    );
  }
  return (
    <Stack direction="column" gap={1}>
      <span>{statusSummary(statuses.value, STATUS_WINDOW)}</span>
      <Stack wrap="wrap" gap={0.5}>
        {statuses.value.map((status) => (
          <StatusChip
            key={status.feature}
            status={status}
            testId={testIds.models.status(baseline.id, status.feature)}
          />
        ))}
      </Stack>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  model: css({ marginBottom: theme.spacing(3) }),
  error: css({ color: theme.colors.error.text }),
});
