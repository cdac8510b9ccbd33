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
  setJsonText,
  setJsonValue,
  setJsonNumber,
  setMapping,
  setSecret,
  type DriftSettings,
  type Mappings,
} from '../configOptions';
import type { LiveSource } from '../../shared/queryModel';
import {
  DEFAULT_BASELINE_DIRECTORY_HINT,
  DEFAULT_CACHE_COMPLETE_AFTER,
  DEFAULT_CACHE_MAX_MEGABYTES,
  DEFAULT_ELASTICSEARCH_MAPPING,
  DEFAULT_ELASTICSEARCH_MAX_BUCKETS,
  DEFAULT_MIN_STEP,
  DEFAULT_PROMETHEUS_HISTOGRAM_KIND,
  DEFAULT_PROMETHEUS_MAPPING,
  UPSTREAM_SETTING_KEYS,
  type AuthKind,
  type DriftDataSourceOptions,
  type DriftSecureJsonData,
  type ElasticsearchMapping,
  type PrometheusHistogramKind,
  type PrometheusMapping,
  type UpstreamSettingKeys,
} from '../../shared/settingsModel';
import { validateSettings } from '../validation';
import { testIds } from './testIds';

type Props = DataSourcePluginOptionsEditorProps<DriftDataSourceOptions, DriftSecureJsonData>;

/** What differs between the two live sources in the editor; the settings keys come from UPSTREAM_SETTING_KEYS. */
interface UpstreamEditorSpec {
  title: string;
  urlDescription: string;
  urlPlaceholder: string;
  tokenLabel: string;
  /** Element id of the token input (kept stable for label lookups and browser tests). */
  tokenId: string;
}

const UPSTREAM_EDITORS: Record<LiveSource, UpstreamEditorSpec> = {
  prometheus: {
    title: 'Prometheus',
    urlDescription: 'Where the model metrics are scraped to',
    urlPlaceholder: 'http://prometheus:9090',
    tokenLabel: 'Token',
    tokenId: 'drift-prometheus-token',
  },
  elasticsearch: {
    title: 'Elasticsearch',
    urlDescription: 'Where prediction logs are indexed (optional); several nodes comma-separated for failover',
    urlPlaceholder: 'http://elasticsearch:9200',
    tokenLabel: 'API key',
    tokenId: 'drift-elasticsearch-api-key',
  },
};

const TOKEN_AUTH_LABELS: Record<UpstreamSettingKeys['tokenAuth'], string> = { bearer: 'Bearer token', apiKey: 'API key' };

function authOptions(keys: UpstreamSettingKeys): Array<{ value: AuthKind; label: string }> {
  return [
    { value: 'none', label: 'No auth' },
    { value: 'basic', label: 'Basic auth' },
    { value: keys.tokenAuth, label: TOKEN_AUTH_LABELS[keys.tokenAuth] },
  ];
}

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

type SecretProps = (key: keyof DriftSecureJsonData) => {
  isConfigured: boolean;
  value: string;
  onReset: () => void;
  onChange: (event: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
};

interface UpstreamFieldsProps {
  upstream: LiveSource;
  options: DriftSettings;
  update: (next: DriftSettings) => void;
  secretProps: SecretProps;
  urlError?: string;
  /** Fields shown between the URL and the authentication (Elasticsearch: index and time field). */
  children?: React.ReactNode;
}

/** URL, authentication and TLS of one live source; both sources share it so they cannot drift apart. */
function UpstreamFields({ upstream, options, update, secretProps, urlError, children }: UpstreamFieldsProps) {
  const keys = UPSTREAM_SETTING_KEYS[upstream];
  const spec = UPSTREAM_EDITORS[upstream];
  const { jsonData } = options;
  const auth = jsonData[keys.auth] ?? 'none';
  return (
    <FieldSet label={spec.title}>
      <Field label="URL" description={spec.urlDescription} invalid={!!urlError} error={urlError}>
        <Input
          id={`drift-${upstream}-url`}
          value={jsonData[keys.url] ?? ''}
          placeholder={spec.urlPlaceholder}
          onChange={(e) => update(setJsonText(options, keys.url, e.currentTarget.value))}
        />
      </Field>
      {children}
      <Field label="Authentication">
        <RadioButtonGroup
          options={authOptions(keys)}
          value={auth}
          onChange={(next) => update(setJsonValue(options, keys.auth, next))}
        />
      </Field>
      {auth === 'basic' && (
        <>
          <Field label="User">
            <Input
              id={`drift-${upstream}-user`}
              value={jsonData[keys.user] ?? ''}
              onChange={(e) => update(setJsonText(options, keys.user, e.currentTarget.value))}
            />
          </Field>
          <Field label="Password">
            <SecretInput id={`drift-${upstream}-password`} {...secretProps(keys.password)} />
          </Field>
        </>
      )}
      {auth === keys.tokenAuth && (
        <Field label={spec.tokenLabel}>
          <SecretInput id={spec.tokenId} {...secretProps(keys.token)} />
        </Field>
      )}
      <Field label="Skip TLS certificate verification" description="Only for test setups with self-signed certificates">
        <Switch
          id={`drift-${upstream}-tls-skip`}
          value={jsonData[keys.tlsSkipVerify] ?? false}
          onChange={(e) => update(setJsonValue(options, keys.tlsSkipVerify, e.currentTarget.checked))}
        />
      </Field>
      <Field label="CA certificate" description="PEM of the CA that signed the server certificate, if not a public one">
        <SecretTextArea id={`drift-${upstream}-ca`} rows={4} cols={64} {...secretProps(keys.caCert)} />
      </Field>
    </FieldSet>
  );
}

const HISTOGRAM_KIND_OPTIONS: Array<{ value: PrometheusHistogramKind; label: string }> = [
  { value: 'auto', label: 'Auto' },
  { value: 'classic', label: 'Classic' },
  { value: 'native', label: 'Native' },
];

interface MappingFieldsProps<U extends keyof Mappings> {
  upstream: U;
  title: string;
  idPrefix: string;
  /** The names offered for editing, with their labels. */
  labels: Partial<Record<Extract<keyof Mappings[U], string>, string>>;
  defaults: Mappings[U];
  options: DriftSettings;
  update: (next: DriftSettings) => void;
}

/** One source's metric/field names: empty inputs show, and fall back to, the default names. */
function MappingFields<U extends keyof Mappings>({ upstream, title, idPrefix, labels, defaults, options, update }: MappingFieldsProps<U>) {
  const current: Partial<Mappings[U]> = options.jsonData[upstream] ?? {};
  return (
    <FieldSet label={title}>
      {keysOf(labels).map((key) => (
        <Field key={key} label={labels[key]}>
          <Input
            id={`${idPrefix}-${key}`}
            value={String(current[key] ?? '')}
            placeholder={String(defaults[key])}
            onChange={(e) => update(setMapping(options, upstream, key, e.currentTarget.value))}
          />
        </Field>
      ))}
    </FieldSet>
  );
}

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  const [mappingsOpen, setMappingsOpen] = useState(false);
  const { jsonData } = options;
  const errors = validateSettings(jsonData);
  const update = (next: DriftSettings) => onOptionsChange(next);
  const secretProps: SecretProps = (key) => ({
    isConfigured: isSecretConfigured(options, key),
    value: options.secureJsonData?.[key] ?? '',
    onReset: () => update(resetSecret(options, key)),
    onChange: (event) => update(setSecret(options, key, event.currentTarget.value)),
  });
  const upstreamProps = { options, update, secretProps };

  return (
    <div data-testid={testIds.configEditor.container} className={styles.container}>
      <UpstreamFields upstream="prometheus" urlError={errors.prometheusUrl} {...upstreamProps}>
        <Field
          label="Minimum step"
          description="Smallest step between points of live series; below the scrape interval only repeats samples"
          invalid={!!errors.minStep}
          error={errors.minStep}
        >
          <Input
            id="drift-min-step"
            width={12}
            value={jsonData.minStep ?? ''}
            placeholder={DEFAULT_MIN_STEP}
            onChange={(e) => update(setJsonText(options, 'minStep', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Histograms"
          description="Classic histograms have _bucket series with le; native ones need Prometheus' native-histograms feature. Auto reads classic buckets and falls back to native histograms per feature."
        >
          <RadioButtonGroup
            options={HISTOGRAM_KIND_OPTIONS}
            value={jsonData.prometheusHistogramKind ?? DEFAULT_PROMETHEUS_HISTOGRAM_KIND}
            onChange={(next) => update(setJsonValue(options, 'prometheusHistogramKind', next))}
          />
        </Field>
      </UpstreamFields>

      <UpstreamFields upstream="elasticsearch" urlError={errors.elasticsearchUrl} {...upstreamProps}>
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
            onChange={(e) => update(setMapping(options, 'elasticsearch', 'timeField', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Maximum buckets"
          description="The cluster's search.max_buckets; longer series are split into several searches"
          invalid={!!errors.elasticsearchMaxBuckets}
          error={errors.elasticsearchMaxBuckets}
        >
          <Input
            id="drift-elasticsearch-max-buckets"
            type="number"
            min={1}
            width={16}
            value={jsonData.elasticsearchMaxBuckets ?? ''}
            placeholder={String(DEFAULT_ELASTICSEARCH_MAX_BUCKETS)}
            onChange={(e) => update(setJsonNumber(options, 'elasticsearchMaxBuckets', e.currentTarget.value))}
          />
        </Field>
      </UpstreamFields>

      <FieldSet label="Baselines and limits">
        <Field
          label="Baseline directory"
          description="Where this datasource stores its baselines. Empty: the folder shown, under Grafana's data path; a relative path is taken below $GF_PATHS_DATA/plugins/mlops-drift-datasource"
        >
          <Input
            id="drift-baseline-dir"
            value={jsonData.baselineDirectory ?? ''}
            placeholder={DEFAULT_BASELINE_DIRECTORY_HINT}
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
          label="Provisioned binding directory"
          description="Absolute path of a read-only folder of binding files: per model, where its metrics or logs are when they do not follow the mapping (see the README's Bindings)"
          invalid={!!errors.provisionedBindingDirectory}
          error={errors.provisionedBindingDirectory}
        >
          <Input
            id="drift-binding-dir"
            value={jsonData.provisionedBindingDirectory ?? ''}
            placeholder="/etc/grafana/provisioning/bindings"
            onChange={(e) => update(setJsonText(options, 'provisionedBindingDirectory', e.currentTarget.value))}
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
            onChange={(e) => update(setJsonNumber(options, 'timeoutSeconds', e.currentTarget.value))}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Cache">
        <Field
          label="Cache completed steps"
          description="Refreshes and alert rules fetch only the steps they have not seen; steps older than the margin below cannot change"
        >
          <Switch
            id="drift-cache-enabled"
            value={jsonData.cacheEnabled !== false}
            onChange={(e) => update(setJsonValue(options, 'cacheEnabled', e.currentTarget.checked))}
          />
        </Field>
        <Field label="Memory (MiB)" description="For this datasource; least recently used entries go first" invalid={!!errors.cacheMaxMegabytes} error={errors.cacheMaxMegabytes}>
          <Input
            id="drift-cache-megabytes"
            type="number"
            min={0}
            width={16}
            value={jsonData.cacheMaxMegabytes ?? ''}
            placeholder={String(DEFAULT_CACHE_MAX_MEGABYTES)}
            onChange={(e) => update(setJsonNumber(options, 'cacheMaxMegabytes', e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Complete after"
          description="How old a step must be before its counts are final: a few scrape intervals, or the delay of your log shipping"
          invalid={!!errors.cacheCompleteAfter}
          error={errors.cacheCompleteAfter}
        >
          <Input
            id="drift-cache-complete-after"
            width={12}
            value={jsonData.cacheCompleteAfter ?? ''}
            placeholder={DEFAULT_CACHE_COMPLETE_AFTER}
            onChange={(e) => update(setJsonText(options, 'cacheCompleteAfter', e.currentTarget.value))}
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
        <MappingFields
          upstream="prometheus"
          title="Prometheus metrics and labels"
          idPrefix="drift-prom-map"
          labels={PROMETHEUS_MAPPING_LABELS}
          defaults={DEFAULT_PROMETHEUS_MAPPING}
          options={options}
          update={update}
        />
        <MappingFields
          upstream="elasticsearch"
          title="Elasticsearch fields"
          idPrefix="drift-es-map"
          labels={ELASTICSEARCH_MAPPING_LABELS}
          defaults={DEFAULT_ELASTICSEARCH_MAPPING}
          options={options}
          update={update}
        />
      </Collapse>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ maxWidth: theme.spacing(90) }),
  hint: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(2) }),
});
