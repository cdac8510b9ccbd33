/**
 * Scenes of the app pages and the datasource editors. No Grafana runs here: each scene installs the FAKE
 * drift backend (src/app/testing/fakeDriftBackend.ts) as Grafana's backendSrv / dataSourceSrv and as
 * XMLHttpRequest, so the pages make their real calls and get in-memory answers. The fake of the current scene is
 * on `window.fakeDriftBackend`, for the checks in tests/browser/appChecks.ts.
 */
import type { AppPluginMeta } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, type TemplateSrv } from '@grafana/runtime';
import React from 'react';

import { AppConfigForm } from '../../../src/app/AppConfig';
import { BaselinesPage } from '../../../src/app/pages/BaselinesPage';
import { GettingStartedPage } from '../../../src/app/pages/GettingStartedPage';
import { ModelsPage } from '../../../src/app/pages/ModelsPage';
import {
  FakeDriftBackend,
  fakeDatasourceSettings,
  installFakeDriftBackend,
} from '../../../src/app/testing/fakeDriftBackend';
import { churnBaseline, deliveryTimeBaseline, fraudBaseline, scoredFraudBaseline } from '../../../src/app/testing/fixtures';
import type { AppSettings } from '../../../src/app/types';
import { ConfigEditor } from '../../../src/datasource/components/ConfigEditor';
import type { DriftSettings } from '../../../src/datasource/configOptions';
import { QueryEditor } from '../../../src/datasource/components/QueryEditor';
import { DataSource } from '../../../src/datasource/datasource';
import type { DriftQuery } from '../../../src/shared/queryModel';
import { datasourceSettings } from '../../../src/datasource/testing/settingsFixture';
import type { Scene } from './scenes';

declare global {
  interface Window {
    fakeDriftBackend?: FakeDriftBackend;
  }
}

const DATASOURCE = fakeDatasourceSettings('mlops-drift', 'ML Drift', { prometheusUrl: 'http://prometheus:9090' });

/** Two models: churn with three versions (the newest drifting on two features), fraud with a provisioned baseline. */
function demoBackend(): FakeDriftBackend {
  const backend = new FakeDriftBackend([DATASOURCE])
    .addBaseline(churnBaseline('3', '2026-10-30T08:15:00.000Z'), {
      scores: { age: 2.7, monthly_charges: 1.35, tenure_months: 0.42, plan: 0.18 },
    })
    .addBaseline(churnBaseline('2', '2026-08-14T10:00:00.000Z'), {
      scores: { age: 0.61, monthly_charges: 0.33, tenure_months: 0.2, plan: 0.07 },
    })
    .addBaseline(churnBaseline('1', '2026-05-02T10:00:00.000Z'))
    .addBaseline(fraudBaseline(), { provisioned: true, scores: { amount: 0.4, country: 0.9 } });
  backend.corrupt.set('churn@0', 'Unexpected end of JSON input at position 4096');
  backend.checks.set('fraud@1', {
    baseline: 'fraud@1',
    source: 'prometheus',
    problems: 1,
    unchecked: 0,
    features: [
      {
        feature: 'amount',
        role: 'feature',
        selector: 'model_feature_value_bucket{model="fraud",version="1",feature="amount"}',
        series: 9,
        labels: ['feature', 'le', 'model', 'version'],
        edges: { live: [10, 50, 100, 500, 1000, 5000, 10000, 50000], baseline: [12, 35, 80, 150, 400, 900, 2500], shared: 0 },
        note: 'edges differ (live le: 10, 50, 100, …; baseline: 12, 35, 80, …): the baseline is re-binned onto the live edges, off by up to 7.5 % at an edge',
      },
      {
        feature: 'country',
        role: 'feature',
        selector: 'model_feature_category_total{model="fraud",version="1",feature="country"}',
        series: 0,
        labels: [],
        problem:
          'no series matched `model_feature_category_total{model="fraud",version="1",feature="country"}`: `model_feature_category_total` exists with labels {category, feature, job}; it has no label model, version (selected as model="fraud", version="1"): name the labels it has, or select none, in the model\'s binding or the datasource mapping',
      },
    ],
  });
  // Slow enough for the progress bar to be seen and screenshotted.
  backend.uploadStepMs = 1500;
  return backend;
}

function withBackend(backend: () => FakeDriftBackend, element: () => React.ReactElement): () => React.ReactElement {
  return () => {
    const fake = backend();
    installFakeDriftBackend(fake, { setBackendSrv, setDataSourceSrv });
    window.fakeDriftBackend = fake;
    return element();
  };
}

/** Stands in for Grafana's page chrome, which shows the page title from plugin.json. */
function Titled({ title, children }: { title: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div style={{ height: '100%', overflow: 'auto' }}>
      <h1 style={{ marginBottom: 16 }}>{title}</h1>
      {children}
    </div>
  );
}

const SETTINGS: AppSettings = {};

function configSettings(): DriftSettings {
  return datasourceSettings({
    uid: 'mlops-drift',
    isDefault: true,
    jsonData: {
      prometheusUrl: 'http://prometheus:9090',
      prometheusAuth: 'bearer',
      elasticsearchUrl: 'https://es.internal:9200',
      elasticsearchIndex: 'predictions-*',
      elasticsearchAuth: 'apiKey',
      timeoutSeconds: 30,
    },
    secureJsonFields: { prometheusToken: true, elasticsearchApiKey: true },
  });
}

/** The config editor is controlled by Grafana; here a small holder keeps its state so typing works. */
function ConfigEditorHolder(): React.JSX.Element {
  const [options, setOptions] = React.useState(configSettings);
  return <ConfigEditor options={options} onOptionsChange={setOptions} />;
}

function QueryEditorHolder(): React.JSX.Element {
  const datasource = React.useMemo(
    () => new DataSource(DATASOURCE, { replace: (text?: string) => text ?? '' } as unknown as TemplateSrv),
    []
  );
  const [query, setQuery] = React.useState<DriftQuery>({
    refId: 'A',
    queryType: 'drift',
    source: 'prometheus',
    baseline: 'churn@3',
    features: ['age', 'plan'],
    window: '1h',
    instant: true,
    normalizeByThreshold: true,
  });
  return <QueryEditor query={query} datasource={datasource} onChange={setQuery} onRunQuery={() => undefined} />;
}

const APP_META = {
  id: 'mlops-monitor-app',
  enabled: true,
  pinned: true,
  jsonData: { defaultDatasourceUid: 'mlops-drift' },
} as AppPluginMeta<AppSettings>;

const modelsPage: Scene = {
  width: 1100,
  height: 900,
  render: withBackend(demoBackend, () => (
    <Titled title="Models">
      <ModelsPage settings={SETTINGS} />
    </Titled>
  )),
};

function gettingStartedScene(backend: () => FakeDriftBackend): Scene {
  return {
    width: 1100,
    height: 2200,
    render: withBackend(backend, () => (
      <Titled title="Getting started">
        <GettingStartedPage settings={SETTINGS} />
      </Titled>
    )),
  };
}

const gettingStartedPage = gettingStartedScene(demoBackend);

/** Baselines with model outputs: a classifier's prediction and score histograms, and a regression model's prediction. */
function modelOutputsBackend(): FakeDriftBackend {
  return new FakeDriftBackend([DATASOURCE]).addBaseline(scoredFraudBaseline()).addBaseline(deliveryTimeBaseline());
}

export const appScenes: Record<string, Scene> = {
  'app-models': modelsPage,
  /** The same page, for the round trip of one version's binding (tests/browser/appChecks.ts). */
  'app-models-version-binding': modelsPage,
  'app-models-no-datasource': {
    width: 900,
    height: 420,
    render: withBackend(
      () => new FakeDriftBackend([]),
      () => (
        <Titled title="Models">
          <ModelsPage settings={SETTINGS} />
        </Titled>
      )
    ),
  },
  'app-baselines': {
    width: 1100,
    height: 700,
    render: withBackend(demoBackend, () => (
      <Titled title="Baselines">
        <BaselinesPage settings={SETTINGS} />
      </Titled>
    )),
  },
  'app-baselines-empty': {
    width: 900,
    height: 460,
    render: withBackend(
      () => new FakeDriftBackend([DATASOURCE]),
      () => (
        <Titled title="Baselines">
          <BaselinesPage settings={SETTINGS} />
        </Titled>
      )
    ),
  },
  'app-getting-started': gettingStartedPage,
  /** The same page, for the binding drafted from a pasted /metrics page. */
  'app-getting-started-draft': gettingStartedPage,
  /** The model-output snippets of a classifier with scores, then of a regression model. */
  'app-getting-started-outputs': gettingStartedScene(modelOutputsBackend),
  'app-config': {
    width: 800,
    height: 320,
    render: withBackend(demoBackend, () => <AppConfigForm meta={APP_META} onSaved={() => undefined} />),
  },
  'datasource-config': {
    width: 800,
    height: 1500,
    render: withBackend(demoBackend, () => <ConfigEditorHolder />),
  },
  'datasource-query': {
    width: 1100,
    height: 260,
    render: withBackend(demoBackend, () => <QueryEditorHolder />),
  },
};
