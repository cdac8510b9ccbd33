import { validateBinding } from '../backend/bindings/validate';
import { draftBinding, parseExposition } from './bindingDraft';
import { PYDATA_METRICS as PYDATA } from './testing/expositions';

/** A team whose histograms carry model and feature but no version, with a class-labelled prediction counter. */
const FRAUD = `fraud_feature_value_bucket{model="fraud",feature="amount",le="10"} 3
fraud_feature_value_bucket{model="fraud",feature="amount",le="+Inf"} 9
fraud_predictions_total{model="fraud",class="fraud"} 4
fraud_outcomes_total{model="fraud",actual="fraud",predicted="ok"} 1
`;

describe('parseExposition', () => {
  it('groups samples into histograms and counters, with their label values, without le and _created', () => {
    const families = parseExposition(PYDATA);
    expect(families.find((f) => f.name === 'response_distribution')).toMatchObject({ type: 'histogram', labels: new Map([['model_version', new Set(['1'])]]) });
    expect(families.find((f) => f.name === 'categorical_feature')).toMatchObject({ type: 'counter', sample: 'categorical_feature_total' });
    expect(families.some((f) => f.name.endsWith('_created'))).toBe(false);
    // Without TYPE lines, the _bucket + le shape still makes a histogram.
    expect(parseExposition(FRAUD).map((f) => [f.name, f.type])).toEqual([
      ['fraud_feature_value', 'histogram'],
      ['fraud_predictions', 'counter'],
      ['fraud_outcomes', 'counter'],
    ]);
  });

  it("counts an untyped histogram's _sum and _count as the histogram, not as metrics of their own", () => {
    const untyped = `latency_bucket{le="1"} 2\nlatency_bucket{le="+Inf"} 3\nlatency_sum 2.5\nlatency_count 3\nlatency_total_sum 1\n`;
    // latency_total_sum has no latency_total_bucket beside it: another metric, not part of a histogram.
    expect(parseExposition(untyped).map((f) => [f.name, f.type])).toEqual([
      ['latency', 'histogram'],
      ['latency_total_sum', 'other'],
    ]);
  });

  it('reads escaped label values', () => {
    const [family] = parseExposition('x_total{feature="a\\"b",category="c\\\\d"} 1');
    expect([...family.labels.get('feature')!]).toEqual(['a"b']);
    expect([...family.labels.get('category')!]).toEqual(['c\\d']);
  });
});

describe('draftBinding', () => {
  it('binds the PyData service as its hand-written binding does, and the draft validates', () => {
    const { binding, notes } = draftBinding('pydata', PYDATA);
    expect(binding).toEqual({
      model: 'pydata',
      prometheus: {
        model: 'none',
        version: 'none',
        features: { response_distribution: { kind: 'histogram', metric: 'response_distribution', version: { label: 'model_version' } } },
        categorical: { kind: 'counter', metric: 'categorical_feature_total', featureLabel: 'feature', categoryLabel: 'category', missingValues: ['missing'] },
        missing: { metric: 'imputer_total', featureLabel: 'feature' },
      },
    });
    expect(validateBinding(binding).ok).toBe(true);
    expect(notes).toContain('request_latency_seconds: left out (a request metric, not a feature)');
    expect(notes).toContain('request_count_total: left out (no feature, class or outcome labels)');
  });

  it('binds model-labelled histograms by feature, predictions by their class label and the outcomes', () => {
    const { binding } = draftBinding('fraud', FRAUD);
    expect(binding.prometheus).toEqual({
      model: 'none',
      version: 'none',
      numeric: { kind: 'histogram', metric: 'fraud_feature_value', featureLabel: 'feature', model: { label: 'model' } },
      prediction: { kind: 'counter', metric: 'fraud_predictions_total', categoryLabel: 'class', model: { label: 'model' } },
      outcome: { metric: 'fraud_outcomes_total', actualLabel: 'actual', predictedLabel: 'predicted', model: { label: 'model' } },
    });
    expect(validateBinding(binding).ok).toBe(true);
  });

  it('binds one numeric signal only, and says which metric it left out', () => {
    const { binding, notes } = draftBinding('m', `a_bucket{feature="x",le="1"} 1\nb_bucket{feature="y",le="1"} 1\n`);
    expect(binding.prometheus?.numeric).toMatchObject({ metric: 'a' });
    expect(notes).toContain('b: left out (numeric is already bound)');
  });
});
