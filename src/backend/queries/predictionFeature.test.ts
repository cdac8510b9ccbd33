import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { withPrediction } from './predictionFeature';

const numeric = (name: string): BaselineFeature => ({
  name,
  kind: 'numeric',
  histogram: { upperBounds: [0.5], counts: [1, 1] },
  summary: { n: 2, min: 0, max: 1, mean: 0.5, std: 0.5, quantiles: { levels: [0.5], values: [0.5] } },
  missing: 0,
  nonFinite: 0,
});

const baseline = (prediction?: BaselineFeature): BaselineDocument => ({
  schemaVersion: 1,
  model: 'm',
  version: '1',
  createdAt: '2026-12-01T00:00:00Z',
  features: [numeric('x'), numeric('y')],
  prediction,
});

describe('withPrediction', () => {
  it('appends the prediction with the prediction role when asked', () => {
    const doc = baseline(numeric('score'));
    const result = withPrediction(doc, [doc.features[1]], { refId: 'A', includePrediction: true });
    expect(result.features.map((f) => f.name)).toEqual(['y', 'score']);
    expect(result.roles).toEqual(['feature', 'prediction']);
    expect(result.notices).toEqual([]);
  });

  it('leaves the selection alone unless asked', () => {
    const doc = baseline(numeric('score'));
    expect(withPrediction(doc, doc.features, { refId: 'A' })).toEqual({ features: doc.features, roles: ['feature', 'feature'], notices: [] });
  });

  it('says why the prediction is missing: none in the baseline, or a name a feature already has', () => {
    const none = withPrediction(baseline(), [], { refId: 'A', includePrediction: true });
    expect(none.features).toEqual([]);
    expect(none.notices[0].text).toContain('has no prediction distribution');
    const clash = withPrediction(baseline(numeric('x')), [], { refId: 'A', includePrediction: true });
    expect(clash.features).toEqual([]);
    expect(clash.notices[0]).toMatchObject({ severity: 'error', text: expect.stringContaining('has the name of a feature') });
  });
});
