import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Field, RadioButtonGroup, Select, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import { baselineId } from '../../drift/baseline/baselineId';
import { liveSourceOf, type DriftDatasourceRef } from '../api';
import { BindingDraftForm } from '../components/BindingDraftForm';
import { CodeBlock } from '../components/CodeBlock';
import { useBaselineClient, useBaselineList, useDatasourceChoice } from '../hooks';
import {
  EXAMPLE,
  PANEL_GUIDE,
  alertRuleSnippet,
  effectiveMapping,
  exampleFromBaseline,
  metricsTable,
  nodeSnippet,
  predictionBinding,
  pythonSnippet,
  type InstrumentationExample,
} from '../gettingStarted';
import { testIds } from '../testIds';
import type { AppSettings } from '../types';

type Language = 'python' | 'node';

const LANGUAGES: Array<SelectableValue<Language>> = [
  { value: 'python', label: 'Python (prometheus_client)' },
  { value: 'node', label: 'Node.js (prom-client)' },
];

export function GettingStartedPage({ settings }: { settings: AppSettings | undefined }) {
  const styles = useStyles2(getStyles);
  const choice = useDatasourceChoice(settings);
  const datasource = choice.kind === 'chosen' ? choice.datasource : undefined;
  const [example, setExample] = useState<InstrumentationExample>(EXAMPLE);
  const [language, setLanguage] = useState<Language>('python');
  const mapping = effectiveMapping(datasource?.jsonData);
  const snippet = language === 'python' ? pythonSnippet(mapping, example) : nodeSnippet(mapping, example);
  const binding = predictionBinding(example);

  return (
    <PluginPage subTitle="From a training file to drift alerts in five steps">
      <div className={styles.page} data-testid={testIds.gettingStarted.container}>
        <section>
          <h3>1. Build a baseline from the training data</h3>
          <p>
            The baseline records each feature’s distribution in the data the model learnt from. Build it with the CLI,
            or on the Baselines page, which does the same on the server:
          </p>
          <CodeBlock
            label="mldrift command"
            code={`npx mldrift baseline build --input train.csv --model ${example.model} --version ${example.version} --output baseline.json`}
          />
          <p>
            The command prints each numeric feature’s bucket upper bounds. The model server must count live values in
            exactly these buckets, so the live histogram and the baseline compare bin by bin.
          </p>
        </section>

        <section>
          <h3>2. Instrument the model server</h3>
          <p>
            Expose feature histograms, categorical counters, missing-value counters, a prediction counter, a
            labelled-outcome counter (when true labels arrive later) and latency, under the names the datasource reads
            {datasource ? ` (as configured in ${datasource.name})` : ''}. A baseline with a numeric prediction or
            classifier scores adds the model&apos;s outputs: a prediction histogram, the score histogram by actual class
            and, for a regression model, its errors once the actual value arrives.
          </p>
          <table className={styles.table} aria-label="Metrics the datasource reads">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Type</th>
                <th>Labels</th>
                <th>What for</th>
              </tr>
            </thead>
            <tbody>
              {metricsTable(mapping).map((row) => (
                <tr key={row.metric}>
                  <td>
                    <code>{row.metric}</code>
                  </td>
                  <td>{row.type}</td>
                  <td>{row.labels.join(', ')}</td>
                  <td>{row.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {datasource && <BaselinePicker datasource={datasource} onExample={setExample} />}
          <Field label="Language">
            <RadioButtonGroup options={LANGUAGES} value={language} onChange={setLanguage} />
          </Field>
          <CodeBlock
            label={language === 'python' ? 'Python instrumentation' : 'Node instrumentation'}
            testId={language === 'python' ? testIds.gettingStarted.python : testIds.gettingStarted.node}
            code={snippet}
          />
          {binding && (
            <>
              <p>
                The numeric prediction histogram is read through a binding (the datasource&apos;s prediction counter
                holds classes): save this on the Models page or in the provisioned binding directory.
              </p>
              <CodeBlock
                label="Prediction binding"
                testId={testIds.gettingStarted.predictionBinding}
                code={JSON.stringify(binding, null, 2)}
              />
            </>
          )}
        </section>

        <section>
          <h3>Already instrumented your own way?</h3>
          <p>
            Keep your metrics: a binding tells the datasource where your features, predictions and outcomes are, with no
            Prometheus relabelling. Paste a sample of your <code>/metrics</code> page for a first binding, review it
            (rename features to your baseline&apos;s), and save it on the Models page or in the provisioned binding
            directory (the README&apos;s Bindings section has every key).
          </p>
          <BindingDraftForm defaultModel={example.model} />
        </section>

        <section>
          <h3>3. Let Prometheus scrape it</h3>
          <CodeBlock
            label="Prometheus scrape configuration"
            code={`# prometheus.yml\nscrape_configs:\n  - job_name: model-server\n    scrape_interval: 15s\n    static_configs:\n      - targets: ['model-server:8000']`}
          />
        </section>

        <section>
          <h3>4. Add the panels</h3>
          <p>
            In a dashboard, add a visualization, pick the ML Drift datasource and the query type below, then the panel.
          </p>
          <ul className={styles.list}>
            {PANEL_GUIDE.map((item) => (
              <li key={item.panel}>
                <strong>{item.panel}</strong>: {item.query}. {item.tip}
              </li>
            ))}
          </ul>
          <p>
            The app also provisions the dashboards Model overview, Data drift and Model performance; the Models page
            links to them for each model and version.
          </p>
        </section>

        <section>
          <h3>5. Alert on drift</h3>
          <p>
            Grafana alert rules run the datasource’s backend, so an instant drift query normalised by the threshold
            gives one number per feature: above 1 means drift, for every method. Create the rule in Alerting, or
            provision it:
          </p>
          {!datasource && (
            <Alert severity="info" title="No ML Drift datasource yet">
              Replace YOUR_DATASOURCE_UID with the uid of the datasource once you have added one.
            </Alert>
          )}
          <CodeBlock
            label="Alert rule"
            testId={testIds.gettingStarted.alert}
            code={alertRuleSnippet({
              datasourceUid: datasource?.uid ?? 'YOUR_DATASOURCE_UID',
              baseline: baselineId(example.model, example.version),
              source: datasource ? liveSourceOf(datasource.jsonData) : 'prometheus',
            })}
          />
        </section>
      </div>
    </PluginPage>
  );
}

function BaselinePicker({
  datasource,
  onExample,
}: {
  datasource: DriftDatasourceRef;
  onExample: (example: InstrumentationExample) => void;
}) {
  const client = useBaselineClient(datasource);
  const [baselines] = useBaselineList(datasource);
  const [chosen, setChosen] = useState<string>();
  const [error, setError] = useState<string>();
  if (baselines.status !== 'done' || baselines.value.length === 0) {
    return null;
  }
  const choose = async (id: string | undefined) => {
    setChosen(id);
    setError(undefined);
    if (!id) {
      onExample(EXAMPLE);
      return;
    }
    try {
      onExample(exampleFromBaseline(await client.getBaseline(id)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Field
      label="Fill in from a baseline"
      description="Use a stored baseline’s model, version, bucket edges and categories"
      invalid={!!error}
      error={error}
    >
      <Select
        inputId="getting-started-baseline"
        width={40}
        isClearable
        placeholder="Example values"
        options={baselines.value.filter((b) => !b.corrupt).map((b) => ({ value: b.id, label: b.id }))}
        value={chosen ?? null}
        onChange={(v: SelectableValue<string> | null) => choose(v?.value)}
      />
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: theme.spacing(130), section: { marginBottom: theme.spacing(4) } }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    marginBottom: theme.spacing(2),
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  list: css({
    paddingLeft: theme.spacing(3),
    marginBottom: theme.spacing(2),
    li: { marginBottom: theme.spacing(0.5) },
  }),
});
