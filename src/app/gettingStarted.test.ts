import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineDocument } from '../drift/types';
import { DEFAULT_PROMETHEUS_MAPPING, type PrometheusMapping } from '../shared/settingsModel';
import {
  EXAMPLE,
  alertRuleSnippet,
  effectiveMapping,
  exampleFromBaseline,
  metricsTable,
  nodeSnippet,
  pythonSnippet,
} from './gettingStarted';

const METRIC_KEYS = [
  'featureHistogram',
  'featureCategoryCounter',
  'predictionCounter',
  'outcomeCounter',
  'missingCounter',
] as const;
const LABEL_KEYS = [
  'modelLabel',
  'versionLabel',
  'featureLabel',
  'categoryLabel',
  'predictedLabel',
  'actualLabel',
  'reasonLabel',
] as const;

const RENAMED: PrometheusMapping = {
  featureHistogram: 'svc_input_value',
  featureCategoryCounter: 'svc_input_category_total',
  predictionCounter: 'svc_predictions_total',
  outcomeCounter: 'svc_outcomes_total',
  missingCounter: 'svc_input_missing_total',
  modelLabel: 'service',
  versionLabel: 'release',
  featureLabel: 'input',
  categoryLabel: 'value',
  predictedLabel: 'pred',
  actualLabel: 'truth',
  reasonLabel: 'why',
};

describe.each([
  ['Python', pythonSnippet],
  ['Node', nodeSnippet],
])('%s snippet', (_language, snippet) => {
  it.each([
    ['default', DEFAULT_PROMETHEUS_MAPPING],
    ['renamed', RENAMED],
  ])('uses every metric and label name of the %s mapping', (_name, mapping) => {
    const code = snippet(mapping, EXAMPLE);
    for (const key of [...METRIC_KEYS, ...LABEL_KEYS]) {
      expect(code).toContain(`"${mapping[key]}"`);
    }
  });

  it('does not mention default names once they are renamed', () => {
    const code = snippet(RENAMED, EXAMPLE);
    for (const key of METRIC_KEYS) {
      expect(code).not.toContain(DEFAULT_PROMETHEUS_MAPPING[key]);
    }
  });

  it('carries the bucket edges of each numeric feature', () => {
    const code = snippet(DEFAULT_PROMETHEUS_MAPPING, EXAMPLE);
    for (const feature of EXAMPLE.numeric) {
      expect(code).toMatch(new RegExp(`"${feature.name}"[:,] \\[${feature.upperBounds.join(', ')}\\]`));
    }
  });
});

describe('effectiveMapping', () => {
  it('fills names the datasource does not override with the defaults', () => {
    expect(effectiveMapping({ prometheus: { modelLabel: 'service' } })).toEqual({
      ...DEFAULT_PROMETHEUS_MAPPING,
      modelLabel: 'service',
    });
  });
});

describe('exampleFromBaseline', () => {
  it('takes the edges and categories of a real baseline', () => {
    const baseline = {
      schemaVersion: 1,
      model: 'fraud',
      version: '7',
      createdAt: '2026-01-01T00:00:00Z',
      features: [
        {
          name: 'amount',
          kind: 'numeric',
          histogram: { upperBounds: [10, 100], counts: [1, 1, 1] },
          summary: { n: 3, min: 1, max: 200, mean: 50, std: 10, quantiles: { levels: [], values: [] } },
          missing: 0,
          nonFinite: 0,
        },
        {
          name: 'country',
          kind: 'categorical',
          distribution: { categories: ['de', 'fr', '(other)'], counts: [1, 1, 1] },
          n: 3,
          missing: 0,
          nonFinite: 0,
        },
      ],
    } as BaselineDocument;
    expect(exampleFromBaseline(baseline)).toEqual({
      model: 'fraud',
      version: '7',
      numeric: [{ name: 'amount', upperBounds: [10, 100] }],
      categorical: [{ name: 'country', categories: ['de', 'fr'] }],
    });
  });
});

describe('alertRuleSnippet', () => {
  it('queries the chosen datasource and baseline and fires above the threshold', () => {
    const yaml = alertRuleSnippet({ datasourceUid: 'drift-ds', baseline: 'churn@3', source: 'elasticsearch' });
    expect(yaml).toContain('datasourceUid: drift-ds');
    expect(yaml).toContain('baseline: "churn@3"');
    expect(yaml).toContain('normalizeByThreshold: true');
    expect(yaml).toContain('source: elasticsearch');
    expect(yaml).toContain('params: [1]');
  });
});

describe('the Node snippet, run with the real prom-client', () => {
  it('exposes right-closed per-feature buckets and counts missing values by reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlops-snippet-'));
    writeFileSync(
      path.join(dir, 'metrics.js'),
      nodeSnippet(DEFAULT_PROMETHEUS_MAPPING, EXAMPLE).replace('.listen(8000)', '.listen(0)')
    );
    writeFileSync(
      path.join(dir, 'run.js'),
      `const m = require('./metrics.js');
       m.recordPrediction({ age: 27, monthly_charges: NaN, plan: 'gold' }, 'yes', 0.02);
       m.recordPrediction({ age: 27.5, plan: 'basic' }, 'no', 0.03);
       m.recordOutcome('yes', 'no');
       m.metricsText().then((text) => { process.stdout.write(text); process.exit(0); });`
    );
    const run = spawnSync(process.execPath, ['run.js'], {
      cwd: dir,
      env: { NODE_PATH: path.resolve(__dirname, '../../node_modules') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const value = (prefix: string) =>
      lines
        .find((line) => line.startsWith(prefix))
        ?.split(' ')
        .pop();
    // 27 sits on the bound 27 (right-closed), 27.5 in the next bucket.
    expect(value('model_feature_value_bucket{model="churn",version="3",feature="age",le="22"}')).toBe('0');
    expect(value('model_feature_value_bucket{model="churn",version="3",feature="age",le="27"}')).toBe('1');
    expect(value('model_feature_value_bucket{model="churn",version="3",feature="age",le="32"}')).toBe('2');
    expect(value('model_feature_value_count{model="churn",version="3",feature="age"}')).toBe('2');
    expect(
      value('model_feature_missing_total{model="churn",version="3",feature="monthly_charges",reason="non_finite"}')
    ).toBe('1');
    expect(
      value('model_feature_missing_total{model="churn",version="3",feature="monthly_charges",reason="missing"}')
    ).toBe('1');
    expect(value('model_feature_category_total{model="churn",version="3",feature="plan",category="(other)"}')).toBe(
      '1'
    );
    expect(value('model_outcomes_total{model="churn",version="3",actual="yes",predicted="no"}')).toBe('1');
  });
});

describe('metricsTable', () => {
  it('lists every metric name of the mapping once, with the labels the datasource filters on', () => {
    const rows = metricsTable(RENAMED);
    expect(rows.map((r) => r.metric).sort()).toEqual(METRIC_KEYS.map((k) => RENAMED[k]).sort());
    expect(rows.every((r) => r.labels.includes('service') && r.labels.includes('release'))).toBe(true);
  });
});
