import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateBinding } from '../backend/bindings/validate';
import type { BaselineDocument } from '../drift/types';
import { DEFAULT_REGRESSION_METRICS, DEFAULT_SCORE_HISTOGRAM } from '../shared/bindingModel';
import { DEFAULT_PROMETHEUS_MAPPING, type PrometheusMapping } from '../shared/settingsModel';
import {
  EXAMPLE,
  PREDICTION_HISTOGRAM,
  alertRuleSnippet,
  effectiveMapping,
  exampleFromBaseline,
  isRegression,
  metricsTable,
  nodeSnippet,
  predictionBinding,
  pythonSnippet,
  type InstrumentationExample,
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
          summary: {
            n: 3,
            min: 1,
            max: 200,
            mean: 50,
            std: 10,
            quantiles: { levels: [], values: [] },
          },
          missing: 0,
          nonFinite: 0,
        },
        {
          name: 'country',
          kind: 'categorical',
          distribution: {
            categories: ['de', 'fr', '(other)'],
            counts: [1, 1, 1],
          },
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
    const yaml = alertRuleSnippet({
      datasourceUid: 'drift-ds',
      baseline: 'churn@3',
      source: 'elasticsearch',
    });
    expect(yaml).toContain('datasourceUid: drift-ds');
    expect(yaml).toContain('baseline: "churn@3"');
    expect(yaml).toContain('normalizeByThreshold: true');
    expect(yaml).toContain('source: elasticsearch');
    expect(yaml).toContain('params: [1]');
  });
});

/** Runs the example's Node snippet with the real prom-client, calls `calls` on it, and reads its exposition. */
function runNodeSnippet(example: InstrumentationExample, calls: string): (seriesPrefix: string) => string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlops-snippet-'));
  writeFileSync(
    path.join(dir, 'metrics.js'),
    nodeSnippet(DEFAULT_PROMETHEUS_MAPPING, example).replace('.listen(8000)', '.listen(0)')
  );
  writeFileSync(
    path.join(dir, 'run.js'),
    `const m = require('./metrics.js');
     ${calls}
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
  return (prefix) =>
    lines
      .find((line) => line.startsWith(prefix))
      ?.split(' ')
      .pop();
}

describe('the Node snippet, run with the real prom-client', () => {
  it('exposes right-closed per-feature buckets and counts missing values by reason', () => {
    const value = runNodeSnippet(
      EXAMPLE,
      `m.recordPrediction({ age: 27, monthly_charges: NaN, plan: 'gold' }, 'yes', 0.02);
       m.recordPrediction({ age: 27.5, plan: 'basic' }, 'no', 0.03);
       m.recordOutcome('yes', 'no');`
    );
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
    const mapped = METRIC_KEYS.map((k) => RENAMED[k]);
    expect(rows.map((r) => r.metric).filter((name) => mapped.includes(name)).sort()).toEqual([...mapped].sort());
    expect(rows.every((r) => r.labels.includes('service') && r.labels.includes('release'))).toBe(true);
  });

  it('then the model-output metrics under their default names, the score by the mapping\'s actual label', () => {
    const outputs = metricsTable(RENAMED).slice(METRIC_KEYS.length);
    expect(outputs.map((r) => r.metric)).toEqual([DEFAULT_SCORE_HISTOGRAM, ERROR_METRICS.join(', ')]);
    expect(outputs[0].labels).toContain(RENAMED.actualLabel);
  });
});

const CLASSIFIER: InstrumentationExample = {
  ...EXAMPLE,
  prediction: { name: 'churn_probability', upperBounds: [0.25, 0.5, 0.75] },
  scores: { upperBounds: [0.2, 0.4, 0.6, 0.8], positiveClass: 'yes' },
};
const REGRESSION: InstrumentationExample = {
  ...EXAMPLE,
  model: 'spend',
  prediction: { name: 'monthly_spend', upperBounds: [10, 20, 50] },
};
const ERROR_METRICS = Object.values(DEFAULT_REGRESSION_METRICS);

describe.each([
  ['Python', pythonSnippet],
  ['Node', nodeSnippet],
])('%s snippet for model outputs', (_language, snippet) => {
  it('observes a classifier’s scores by actual class on the baseline’s score edges, and its numeric prediction', () => {
    const code = snippet(RENAMED, CLASSIFIER);
    expect(code).toMatch(
      new RegExp(
        `"${DEFAULT_SCORE_HISTOGRAM}".*"service", "release", "truth"\\], buckets[=:] ?\\[0.2, 0.4, 0.6, 0.8\\]`,
        's'
      )
    );
    expect(code).toMatch(new RegExp(`"${PREDICTION_HISTOGRAM}".*"service", "release"\\].*\\[0.25, 0.5, 0.75\\]`, 's'));
    expect(code).toContain(`"${RENAMED.outcomeCounter}"`);
    for (const metric of ERROR_METRICS) {
      expect(code).not.toContain(metric);
    }
  });

  it('gives a regression model its prediction histogram and four error metrics instead of class counters', () => {
    const code = snippet(RENAMED, REGRESSION);
    for (const metric of ERROR_METRICS) {
      expect(code).toMatch(new RegExp(`"${metric}".*"service", "release"\\]`));
    }
    expect(code).toMatch(new RegExp(`"${PREDICTION_HISTOGRAM}".*\\[10, 20, 50\\]`, 's'));
    expect(code).not.toContain(RENAMED.predictionCounter);
    expect(code).not.toContain(RENAMED.outcomeCounter);
    expect(code).not.toContain(DEFAULT_SCORE_HISTOGRAM);
  });

  it('declares no output metric for a baseline without a numeric prediction or scores', () => {
    const code = snippet(DEFAULT_PROMETHEUS_MAPPING, EXAMPLE);
    for (const metric of [DEFAULT_SCORE_HISTOGRAM, PREDICTION_HISTOGRAM, ...ERROR_METRICS]) {
      expect(code).not.toContain(metric);
    }
  });
});

describe('the Python snippet', () => {
  it.each([
    ['classifier', EXAMPLE],
    ['classifier with scores', CLASSIFIER],
    ['regression', REGRESSION],
  ])('parses as Python for a %s', (_name, example) => {
    const run = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
      input: pythonSnippet(DEFAULT_PROMETHEUS_MAPPING, example),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('the Node snippet’s output metrics, run with the real prom-client', () => {
  it('observes the score of each labelled prediction by its actual class', () => {
    const value = runNodeSnippet(
      CLASSIFIER,
      `m.recordPrediction({ age: 30, monthly_charges: 50, plan: 'pro' }, 'yes', 0.01, 0.7);
       m.recordOutcome('yes', 'yes', 0.7);
       m.recordOutcome('no', 'yes', 0.4);`
    );
    expect(value('model_prediction_score_bucket{le="0.6",model="churn",version="3",actual="yes"}')).toBe('0');
    expect(value('model_prediction_score_bucket{le="0.8",model="churn",version="3",actual="yes"}')).toBe('1');
    expect(value('model_prediction_score_bucket{le="0.4",model="churn",version="3",actual="no"}')).toBe('1');
    expect(value('model_prediction_value_bucket{le="0.75",model="churn",version="3"}')).toBe('1');
  });

  it('sums the errors, the over-prediction, and the percentage error only where the actual value is not 0', () => {
    const value = runNodeSnippet(
      REGRESSION,
      `m.recordPrediction({ age: 30, monthly_charges: 50, plan: 'pro' }, 12, 0.01);
       m.recordOutcome(10, 12);
       m.recordOutcome(0, 3);
       m.recordOutcome(20, 15);`
    );
    const series = '{model="spend",version="3"}';
    expect(value(`model_prediction_value_bucket{le="20",model="spend",version="3"}`)).toBe('1');
    expect(value(`model_absolute_error_sum${series}`)).toBe('10');
    expect(value(`model_squared_error_sum${series}`)).toBe('38');
    expect(value(`model_positive_error_sum${series}`)).toBe('5');
    expect(value(`model_absolute_percentage_error_sum${series}`)).toBe('0.45');
    expect(value(`model_absolute_percentage_error_count${series}`)).toBe('2');
    expect(value(`model_absolute_error_count${series}`)).toBe('3');
  });
});

describe('exampleFromBaseline with model outputs', () => {
  it('takes the numeric prediction’s edges and the score edges', () => {
    const baseline = {
      schemaVersion: 2,
      model: 'upsell',
      version: '1',
      createdAt: '2026-01-01T00:00:00Z',
      features: [],
      prediction: {
        name: 'probability',
        kind: 'numeric',
        histogram: { upperBounds: [0.5], counts: [1, 1] },
        summary: {
          n: 2,
          min: 0.1,
          max: 0.9,
          mean: 0.5,
          std: 0.4,
          quantiles: { levels: [], values: [] },
        },
        missing: 0,
        nonFinite: 0,
      },
      scores: {
        score: 'probability',
        label: 'accepted',
        positiveClass: '1',
        upperBounds: [0.3, 0.6],
        positives: [0, 0, 1],
        negatives: [1, 0, 0],
      },
    } as BaselineDocument;
    const example = exampleFromBaseline(baseline);
    expect(example.prediction).toEqual({
      name: 'probability',
      upperBounds: [0.5],
    });
    expect(example.scores).toEqual({
      upperBounds: [0.3, 0.6],
      positiveClass: '1',
    });
    expect(isRegression(example)).toBe(false);
    expect(isRegression({ ...example, scores: undefined })).toBe(true);
  });
});

describe('predictionBinding', () => {
  it('is a valid binding pointing the datasource at the prediction histogram', () => {
    const binding = predictionBinding(REGRESSION);
    expect(validateBinding(binding).ok).toBe(true);
    expect(binding?.prometheus?.prediction).toEqual({
      kind: 'histogram',
      metric: PREDICTION_HISTOGRAM,
    });
  });

  it('is not needed when the prediction is a class', () => {
    expect(predictionBinding(EXAMPLE)).toBeUndefined();
  });
});
