import { css } from '@emotion/css';
import type { DataSourcePluginOptionsEditorProps, GrafanaTheme2 } from '@grafana/data';
import {
  Collapse,
  Field,
  FieldSet,
  Input,
  RadioButtonGroup,
  SecretInput,
  SecretTextArea,
  Switch,
  useStyles2,
} from '@grafana/ui';
import React, { useState } from 'react';
import {
  isSecretConfigured,
  resetSecret,
  setElasticsearchMapping,
  setJsonText,
  setJsonValue,
  setPrometheusMapping,
  setSecret,
  setTimeoutSeconds,
  type DriftSettings,
} from '../configOptions';
import {
  DEFAULT_ELASTICSEARCH_MAPPING,
  DEFAULT_PROMETHEUS_MAPPING,
  type AuthKind,
  type DriftDataSourceOptions,
  type DriftSecureJsonData,
  type ElasticsearchMapping,
  type PrometheusMapping,
} from '../types';
import { validateSettings } from '../validation';
import { testIds } from './testIds';

type Props = DataSourcePluginOptionsEditorProps<DriftDataSourceOptions, DriftSecureJsonData>;

const PROMETHEUS_AUTH: Array<{ value: AuthKind; label: string }> = [
  { value: 'none', label: 'No auth' },
  { value: 'basic', label: 'Basic auth' },
  { value: 'bearer', label: 'Bearer token' },
];

const ELASTICSEARCH_AUTH: Array<{ value: AuthKind; label: string }> = [
  { value: 'none', label: 'No auth' },
  { value: 'basic', label: 'Basic auth' },
  { value: 'apiKey', label: 'API key' },
];

const PROMETHEUS_MAPPING_LABELS: Record<keyof PrometheusMapping, string> = {
  featureHistogram: 'Feature histogram',
  featureCategoryCounter: 'Feature category counter',
  predictionCounter: 'Prediction counter',
  outcomeCounter: 'Labelled outcome counter',
  missingCounter: 'Missing value counter',
  modelLabel: 'Model label',
  versionLabel: 'Version label',
  featureLabel: 'Feature label',
  categoryLabel: 'Category label',
  predictedLabel: 'Predicted class label',
  actualLabel: 'Actual class label',
  reasonLabel: 'Missing reason label',
};

/** The time field is asked for beside the index pattern; the other names are advanced. */
const ELASTICSEARCH_MAPPING_LABELS: Record<Exclude<keyof ElasticsearchMapping, 'timeField'>, string> = {
  modelField: 'Model field',
  versionField: 'Version field',
  featurePrefix: 'Feature field prefix',
  predictionField: 'Prediction field',
  labelField: 'Label field',
};

function keysOf<T extends object>(record: T): Array<keyof T> {
  return Object.keys(record) as Array<keyof T>;
}

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  const [mappingsOpen, setMappingsOpen] = useState(false);
  const { jsonData } = options;
  const errors = validateSettings(jsonData);
  const update = (next: DriftSettings) => onOptionsChange(next);
  const secretProps = (key: keyof DriftSecureJsonData) => ({
    isConfigured: isSecretConfigured(options, key),
    value: options.secureJsonData?.[key] ?? '',
    onReset: () => update(resetSecret(options, key)),
    onChange: (event: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      update(setSecret(options, key, event.currentTarget.value)),
  });
  const prometheusAuth = jsonData.prometheusAuth ?? 'none';
  const elasticsearchAuth = jsonData.elasticsearchAuth ?? 'none';

  return (
    <div data-testid={testIds.configEditor.container} className={styles.container}>
      <FieldSet label="Prometheus">
        <Field
          label="URL"
          description="Where the model metrics are scraped to"
          invalid={!!errors.prometheusUrl}
          error={errors.prometheusUrl}
        >
          <Input
            id="drift-prometheus-url"
            value={jsonData.prometheusUrl ?? ''}
            placeholder="http://prometheus:9090"
            onChange={(e) => update(setJsonText(options, 'prometheusUrl', e.currentTarget.value))}
          />
        </Field>
        <Field label="Authentication">
          <RadioButtonGroup
            options={PROMETHEUS_AUTH}
            value={prometheusAuth}
            onChange={(auth) => update(setJsonValue(options, 'prometheusAuth', auth))}
          />
        </Field>
        {prometheusAuth === 'basic' && (
          <>
            <Field label="User">
              <Input
                id="drift-prometheus-user"
                value={jsonData.prometheusUser ?? ''}
                onChange={(e) => update(setJsonText(options, 'prometheusUser', e.currentTarget.value))}
              />
            </Field>
            <Field label="Password">
              <SecretInput id="drift-prometheus-password" {...secretProps('prometheusPassword')} />
            </Field>
          </>
        )}
        {prometheusAuth === 'bearer' && (
          <Field label="Token">
            <SecretInput id="drift-prometheus-token" {...secretProps('prometheusToken')} />
          </Field>
        )}
        <Field
          label="Skip TLS certificate verification"
          description="Only for test setups with self-signed certificates"
        >
          <Switch
            id="drift-prometheus-tls-skip"
            value={jsonData.prometheusTlsSkipVerify ?? false}
            onChange={(e) => update(setJsonValue(options, 'prometheusTlsSkipVerify', e.currentTarget.checked))}
          />
        </Field>
        <Field
          label="CA certificate"
          description="PEM of the CA that signed the server certificate, if not a public one"
        >
          <SecretTextArea id="drift-prometheus-ca" rows={4} cols={64} {...secretProps('prometheusCaCert')} />
        </Field>
      </FieldSet>

      <FieldSet label="Elasticsearch">
        <Field
          label="URL"
          description="Where prediction logs are indexed (optional)"
          invalid={!!errors.elasticsearchUrl}
          error={errors.elasticsearchUrl}
        >
          <Input
            id="drift-elasticsearch-url"
            value={jsonData.elasticsearchUrl ?? ''}
            placeholder="http://elasticsearch:9200"
            onChange={(e) => update(setJsonText(options, 'elasticsearchUrl', e.currentTarget.value))}
          />
        </Field>
        <Field label="Index pattern">
          <Input
            id="drift-elasticsearch-index"
            value={jsonData.elasticsearchIndex ?? ''}
            placeholder="predictions-*"
            onChange={(e) => update(setJsonText(options, 'elasticsearchIndex', e.currentTarget.value))}
          />
        </Field>
        <Field label="Time field">
          <Input
            id="drift-elasticsearch-time-field"
            value={jsonData.elasticsearch?.timeField ?? ''}
            placeholder={DEFAULT_ELASTICSEARCH_MAPPING.timeField}
            onChange={(e) => update(setElasticsearchMapping(options, 'timeField', e.currentTarget.value))}
          />
        </Field>
        <Field label="Authentication">
          <RadioButtonGroup
            options={ELASTICSEARCH_AUTH}
            value={elasticsearchAuth}
            onChange={(auth) => update(setJsonValue(options, 'elasticsearchAuth', auth))}
          />
        </Field>
        {elasticsearchAuth === 'basic' && (
          <>
            <Field label="User">
              <Input
                id="drift-elasticsearch-user"
                value={jsonData.elasticsearchUser ?? ''}
                onChange={(e) => update(setJsonText(options, 'elasticsearchUser', e.currentTarget.value))}
              />
            </Field>
            <Field label="Password">
              <SecretInput id="drift-elasticsearch-password" {...secretProps('elasticsearchPassword')} />
            </Field>
          </>
        )}
        {elasticsearchAuth === 'apiKey' && (
          <Field label="API key">
            <SecretInput id="drift-elasticsearch-api-key" {...secretProps('elasticsearchApiKey')} />
          </Field>
        )}
        <Field
          label="Skip TLS certificate verification"
          description="Only for test setups with self-signed certificates"
        >
          <Switch
            id="drift-elasticsearch-tls-skip"
            value={jsonData.elasticsearchTlsSkipVerify ?? false}
            onChange={(e) => update(setJsonValue(options, 'elasticsearchTlsSkipVerify', e.currentTarget.checked))}
          />
        </Field>
        <Field
          label="CA certificate"
          description="PEM of the CA that signed the server certificate, if not a public one"
        >
          <SecretTextArea id="drift-elasticsearch-ca" rows={4} cols={64} {...secretProps('elasticsearchCaCert')} />
        </Field>
      </FieldSet>

      <FieldSet label="Baselines and limits">
        <Field
          label="Baseline directory"
          description="Where this datasource stores its baselines. Empty: a folder under Grafana's data path"
        >
          <Input
            id="drift-baseline-dir"
            value={jsonData.baselineDirectory ?? ''}
            placeholder="<GF_PATHS_DATA>/mlops-drift/<datasource uid>"
            onChange={(e) => update(setJsonText(options, 'baselineDirectory', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Provisioned baseline directory"
          description="Read-only folder of baseline files managed outside Grafana (GitOps)"
        >
          <Input
            id="drift-provisioned-dir"
            value={jsonData.provisionedBaselineDirectory ?? ''}
            placeholder="/etc/grafana/provisioning/baselines"
            onChange={(e) => update(setJsonText(options, 'provisionedBaselineDirectory', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Timeout (seconds)"
          description="For each request to Prometheus or Elasticsearch"
          invalid={!!errors.timeoutSeconds}
          error={errors.timeoutSeconds}
        >
          <Input
            id="drift-timeout"
            type="number"
            min={1}
            value={jsonData.timeoutSeconds ?? ''}
            placeholder="30"
            onChange={(e) => update(setTimeoutSeconds(options, e.currentTarget.value))}
          />
        </Field>
      </FieldSet>

      <Collapse
        label="Metric and field names"
        collapsible
        isOpen={mappingsOpen}
        onToggle={() => setMappingsOpen(!mappingsOpen)}
      >
        <p className={styles.hint}>Leave a field empty to use the name shown, which the instrumentation guide uses.</p>
        <FieldSet label="Prometheus metrics and labels">
          {keysOf(PROMETHEUS_MAPPING_LABELS).map((key) => (
            <Field key={key} label={PROMETHEUS_MAPPING_LABELS[key]}>
              <Input
                id={`drift-prom-map-${key}`}
                value={jsonData.prometheus?.[key] ?? ''}
                placeholder={DEFAULT_PROMETHEUS_MAPPING[key]}
                onChange={(e) => update(setPrometheusMapping(options, key, e.currentTarget.value))}
              />
            </Field>
          ))}
        </FieldSet>
        <FieldSet label="Elasticsearch fields">
          {keysOf(ELASTICSEARCH_MAPPING_LABELS).map((key) => (
            <Field key={key} label={ELASTICSEARCH_MAPPING_LABELS[key]}>
              <Input
                id={`drift-es-map-${key}`}
                value={jsonData.elasticsearch?.[key] ?? ''}
                placeholder={DEFAULT_ELASTICSEARCH_MAPPING[key]}
                onChange={(e) => update(setElasticsearchMapping(options, key, e.currentTarget.value))}
              />
            </Field>
          ))}
        </FieldSet>
      </Collapse>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ maxWidth: theme.spacing(90) }),
  hint: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(2) }),
});
