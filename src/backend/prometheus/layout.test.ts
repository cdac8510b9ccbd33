import { DEFAULT_PROMETHEUS_MAPPING } from '../../shared/settingsModel';
import { modelLayout } from './layout';
import { renderMatchers } from './promql';

const MODEL = { model: 'fraud', version: 'v2' };

describe('modelLayout', () => {
  it('without a binding reads the datasource mapping, as before bindings existed', () => {
    const layout = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, undefined);
    expect(renderMatchers(layout.matchers)).toBe('model="fraud",version="v2"');
    expect(layout.signalFor('age', 'feature', 'numeric')).toEqual({
      kind: 'histogram',
      metric: 'model_feature_value',
      matchers: layout.matchers,
      featureLabel: 'feature',
      histogramKind: 'auto',
    });
    expect(layout.signalFor('y', 'prediction', 'categorical')).toMatchObject({ kind: 'counter', metric: 'model_predictions_total', categoryLabel: 'predicted' });
    expect(layout.signalFor('y', 'label', 'categorical')).toMatchObject({ kind: 'counter', metric: 'model_outcomes_total', categoryLabel: 'actual' });
    expect(layout.missingFor('age')).toMatchObject({ metric: 'model_feature_missing_total', featureLabel: 'feature', reasonLabel: 'reason' });
  });

  it('selects the model and version as the binding says: none, another label, a fixed value', () => {
    const none = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, { model: 'none', version: 'none', matchers: { job: 'fraud-api' } });
    expect(renderMatchers(none.matchers)).toBe('job="fraud-api"');
    const fixed = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, { model: { label: 'service', value: 'scoring' }, version: { label: 'model_version' } });
    expect(renderMatchers(fixed.matchers)).toBe('service="scoring",model_version="v2"');
  });

  it('reads the prediction and the outcomes with their own class labels (the second team)', () => {
    const layout = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, {
      version: 'none',
      prediction: { kind: 'counter', metric: 'predictions_total', categoryLabel: 'class' },
      outcome: { metric: 'outcomes_total', actualLabel: 'actual', predictedLabel: 'predicted', matchers: { source: 'review' } },
    });
    expect(layout.signalFor('y', 'prediction', 'categorical')).toMatchObject({ metric: 'predictions_total', categoryLabel: 'class', featureLabel: undefined });
    expect(renderMatchers(layout.outcome.matchers)).toBe('model="fraud",source="review"');
    expect(layout.signalFor('y', 'label', 'categorical')).toMatchObject({ metric: 'outcomes_total', categoryLabel: 'actual' });
  });

  it('binds a feature to its own metric, the rest to the binding defaults, missing values to an imputer', () => {
    const layout = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'classic', MODEL, {
      model: 'none',
      version: { label: 'model_version' },
      features: { score: { kind: 'histogram', metric: 'response_distribution', matchers: { app: 'api' } } },
      categorical: { kind: 'counter', metric: 'categorical_total', featureLabel: 'feature', categoryLabel: 'category', missingValues: ['missing'] },
      missing: { metric: 'imputer_total', featureLabel: 'feature' },
      featureMissing: { score: { metric: 'score_missing_total' } },
    });
    const score = layout.signalFor('score', 'feature', 'numeric');
    expect(score).toMatchObject({ kind: 'histogram', metric: 'response_distribution', featureLabel: undefined, histogramKind: 'classic' });
    expect(renderMatchers(score.matchers)).toBe('model_version="v2",app="api"');
    expect(layout.signalFor('plan', 'feature', 'categorical')).toMatchObject({ metric: 'categorical_total', missingValues: new Set(['missing']) });
    expect(layout.missingFor('plan')).toMatchObject({ metric: 'imputer_total', featureLabel: 'feature', reasonLabel: undefined });
    expect(layout.missingFor('score')).toMatchObject({ metric: 'score_missing_total', featureLabel: undefined });
    expect(modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, { missing: 'none' }).missingFor('plan')).toBeUndefined();
  });

  it('lets a signal select the model or version over the binding (a counter without the version label)', () => {
    const layout = modelLayout(DEFAULT_PROMETHEUS_MAPPING, 'auto', MODEL, {
      model: 'none',
      version: 'none',
      features: { score: { kind: 'histogram', metric: 'response_distribution', version: { label: 'model_version' } } },
      outcome: { metric: 'outcomes_total', actualLabel: 'actual', predictedLabel: 'predicted', model: { label: 'app' } },
    });
    expect(renderMatchers(layout.signalFor('score', 'feature', 'numeric').matchers)).toBe('model_version="v2"');
    expect(renderMatchers(layout.signalFor('plan', 'feature', 'categorical').matchers)).toBe('');
    expect(renderMatchers(layout.outcome.matchers)).toBe('app="fraud"');
    expect(renderMatchers(layout.signalFor('y', 'label', 'categorical').matchers)).toBe('app="fraud"');
  });
});
