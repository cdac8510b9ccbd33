import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateBinding } from './validate';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../schemas/binding.schema.json'), 'utf8'));
const schemaAccepts = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const PYDATA = {
  model: 'pydata',
  prometheus: {
    model: 'none',
    version: { label: 'model_version' },
    features: { response: { kind: 'histogram', metric: 'response_distribution' } },
    categorical: { kind: 'counter', metric: 'categorical_total', featureLabel: 'feature', categoryLabel: 'category', missingValues: ['missing', 'None', ''] },
    missing: { metric: 'imputer_total', featureLabel: 'feature' },
  },
};

function errorsOf(document: unknown): string[] {
  const result = validateBinding(document);
  return result.ok ? [] : result.errors;
}

describe('validateBinding', () => {
  it('accepts a binding of the PyData example and returns it as given', () => {
    const result = validateBinding({ $schema: '../schemas/binding.schema.json', ...PYDATA });
    expect(result).toEqual({ ok: true, binding: PYDATA });
  });

  it('names the path of each bad value', () => {
    const errors = errorsOf({
      model: 'm',
      prometheus: {
        version: { label: 'model-version' },
        matchers: { job: 3 },
        features: {
          age: { kind: 'histogram', metric: 'age_bucket' },
          plan: { kind: 'counter', metric: 'plan total', categoryLabel: 'category', missingValues: ['x', 1] },
          odd: { kind: 'gauge' },
        },
        outcome: { metric: 'outcomes_total', actualLabel: 'actual' },
      },
    });
    expect(errors).toEqual([
      'prometheus.version.label: "model-version" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not __…)',
      'prometheus.matchers.job: expected a string, got a number',
      'prometheus.features.age.metric: give the histogram base name, without the _bucket suffix',
      'prometheus.features.plan.metric: "plan total" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)',
      'prometheus.features.plan.missingValues[1]: expected a string, got a number',
      'prometheus.features.odd.kind: expected "histogram", "counter" or "promql", got "gauge"',
      'prometheus.outcome.predictedLabel: expected a string, got nothing',
    ]);
  });

  it('rejects unknown keys rather than ignoring a misspelling', () => {
    expect(errorsOf({ model: 'm', prometheus: { featurs: {} } })).toEqual([
      expect.stringMatching(/^prometheus\.featurs: unknown key; expected one of model, version, /),
    ]);
  });

  it('reports unknown raw PromQL placeholders and accepts the documented ones', () => {
    const expr = 'sum by (le) (increase(x_bucket{$__matchers}[$__window])) / $__interval + $__model + $__version';
    expect(errorsOf({ model: 'm', prometheus: { features: { x: { kind: 'promql', expr, by: 'le' } } } })).toEqual([]);
    expect(errorsOf({ model: 'm', prometheus: { features: { x: { kind: 'promql', expr: 'rate(x[$__rate_interval])', by: 'category' } } } })).toEqual([
      'prometheus.features.x.expr: unknown placeholder $__rate_interval; known: $__window, $__interval, $__model, $__version, $__matchers',
    ]);
  });

  it('holds model and version to the baseline id rule and needs a source', () => {
    expect(errorsOf({ model: 'a@b', prometheus: {} })).toEqual([expect.stringMatching(/^model: "a@b" /)]);
    expect(errorsOf({ model: 'm' })).toEqual(['binding: binds nothing: give "prometheus" or "elasticsearch"']);
    expect(errorsOf({ model: 'm', version: '', prometheus: {} })).toEqual(['version: must not be empty']);
    expect(errorsOf([])).toEqual(['binding: expected an object, got a list']);
  });

  it('checks Elasticsearch bindings field by field', () => {
    expect(
      errorsOf({
        model: 'm',
        elasticsearch: { index: 'logs-*', filter: 'service:fraud', model: 'none', version: { field: 'model_version' }, features: { age: 'payload.age' } },
      })
    ).toEqual([]);
    expect(errorsOf({ model: 'm', elasticsearch: { filter: 3, version: { label: 'v' }, features: { age: '' } } })).toEqual([
      'elasticsearch.filter: expected a query DSL object or a query_string text, got a number',
      'elasticsearch.version.label: unknown key; expected one of field, value',
      'elasticsearch.version.field: expected a string, got nothing',
      'elasticsearch.features.age: must not be empty',
    ]);
  });
});

describe('schemas/binding.schema.json', () => {
  const second = {
    model: 'fraud',
    version: 'v3',
    prometheus: {
      version: 'none',
      matchers: { job: 'fraud-api' },
      numeric: { kind: 'histogram', metric: 'fraud_feature_value', featureLabel: 'feature', histogramKind: 'classic' },
      prediction: { kind: 'counter', metric: 'fraud_predictions_total', categoryLabel: 'class' },
      outcome: { metric: 'fraud_outcomes_total', actualLabel: 'actual', predictedLabel: 'predicted', model: { label: 'app', value: 'fraud' } },
      featureMissing: { amount: { metric: 'amount_missing_total', reasonLabel: 'reason' } },
      missing: 'none',
      score: { metric: 'fraud_score', actualLabel: 'outcome', positiveClass: 'fraud', histogramKind: 'native', matchers: { job: 'labeller' } },
      regression: { absoluteError: 'loss_abs_error', positiveError: 'loss_positive_error', errorHistogram: { metric: 'loss_error', kind: 'signed' }, version: 'none' },
    },
    elasticsearch: {
      index: 'fraud-*',
      filter: { term: { app: 'fraud' } },
      model: 'none',
      version: { field: 'model_version' },
      featurePrefix: '',
      missingValues: ['None'],
      scoreField: 'outputs.p',
      positiveClass: 'true',
      errorFields: { absolute: 'err.abs', squared: 'err.sq', signed: 'err.e', absolutePercentage: 'err.ape' },
    },
  };
  const rejected: unknown[] = [
    { model: 'm' },
    { model: 'm', prometheus: { featurs: {} } },
    { model: 'm', prometheus: { numeric: { kind: 'histogram', metric: 'x_bucket' } } },
    { model: 'm', prometheus: { categorical: { kind: 'counter', metric: 'x_total' } } },
    { model: 'm', prometheus: { version: { label: '__name__' } } },
    { model: 'm', prometheus: { matchers: { job: 1 } } },
    { model: 'm', elasticsearch: { filter: 3 } },
    { model: 'm', prometheus: { score: { metric: 'score_bucket' } } },
    { model: 'm', prometheus: { score: { actualLabel: 'actual' } } },
    { model: 'm', prometheus: { score: { metric: 'score', actualLabel: 'actual', positiveClass: '' } } },
    { model: 'm', elasticsearch: { scoreField: 'p', positiveClass: '' } },
    { model: 'm', prometheus: { regression: { error: 'model_error' } } },
    { model: 'm', prometheus: { regression: { errorHistogram: { metric: 'e', kind: 'relative' } } } },
    { model: 'm', elasticsearch: { errorFields: { absolute: 'a' } } },
    { model: 'a@b', prometheus: {} },
  ];

  it('accepts what the validator accepts', () => {
    for (const document of [PYDATA, second]) {
      expect(validateBinding(document).ok).toBe(true);
      expect(schemaAccepts(document)).toBe(true);
    }
  });

  it.each(rejected.map((document) => [JSON.stringify(document), document]))('rejects what the validator rejects: %s', (_name, document) => {
    expect(validateBinding(document).ok).toBe(false);
    expect(schemaAccepts(document)).toBe(false);
  });
});
