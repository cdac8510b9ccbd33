import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, SelectableValue } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Select, useStyles2 } from '@grafana/ui';
import { useMemo, useState } from 'react';
import { listDriftDatasources, saveAppSettings } from './api';
import { testIds } from './testIds';
import type { AppSettings } from './types';

type Props = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

const FIRST_FOUND = '';

export function AppConfig({ plugin }: Props) {
  return <AppConfigForm meta={plugin.meta} onSaved={() => window.location.reload()} />;
}

/** The form itself; `onSaved` reloads Grafana in the app, because Grafana caches the app's settings per page load. */
export function AppConfigForm({ meta, onSaved }: { meta: AppPluginMeta<AppSettings>; onSaved: () => void }) {
  const styles = useStyles2(getStyles);
  const datasources = useMemo(() => listDriftDatasources(), []);
  const [uid, setUid] = useState(meta.jsonData?.defaultDatasourceUid ?? FIRST_FOUND);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const options: Array<SelectableValue<string>> = [
    {
      value: FIRST_FOUND,
      label: 'First ML Drift datasource found',
      description: 'Follows whatever drift datasource exists',
    },
    ...datasources.map((ds) => ({ value: ds.uid, label: ds.name, description: ds.uid })),
  ];
  const missing = uid !== FIRST_FOUND && !datasources.some((ds) => ds.uid === uid);
  if (missing) {
    options.push({ value: uid, label: `${uid} (not found)` });
  }

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await saveAppSettings(meta, uid === FIRST_FOUND ? undefined : uid);
      onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };

  return (
    <div data-testid={testIds.appConfig.container} className={styles.container}>
      <FieldSet label="Datasource">
        <p className={styles.hint}>
          The Models and Baselines pages read baselines and drift from this ML Drift datasource.
        </p>
        {datasources.length === 0 && (
          <Alert severity="info" title="No ML Drift datasource yet">
            Add one under Connections → Data sources, then choose it here.
          </Alert>
        )}
        <Field
          label="Default drift datasource"
          invalid={missing}
          error={missing ? 'This datasource no longer exists' : undefined}
        >
          <Select
            inputId="app-config-datasource"
            data-testid={testIds.appConfig.datasource}
            width={48}
            options={options}
            value={uid}
            onChange={(v: SelectableValue<string>) => setUid(v.value ?? FIRST_FOUND)}
          />
        </Field>
        {error && (
          <Alert severity="error" title="Settings not saved">
            {error}
          </Alert>
        )}
        <Button
          data-testid={testIds.appConfig.save}
          onClick={save}
          disabled={saving}
          icon={saving ? 'spinner' : undefined}
        >
          Save settings
        </Button>
      </FieldSet>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ maxWidth: theme.spacing(80) }),
  hint: css({ color: theme.colors.text.secondary }),
});
