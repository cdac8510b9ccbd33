/**
 * The PyData example model as both Prometheus binding tests see it: its binding (no relabelling), and its
 * baseline `pydata@1` whose distributions are what the exporter draws before any shift.
 */
import type { BaselineDocument, BaselineFeature } from '../../../src/drift/types';
import type { BindingDocument } from '../../../src/shared/bindingModel';
import { baselineDocument, categoricalFeature } from '../fixtures';

export const RESPONSE_BOUNDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
export const CHANNELS = ['web', 'app', 'store'];
export const REGIONS = ['north', 'south'];

export const PYDATA_BINDING: BindingDocument = {
  model: 'pydata',
  prometheus: {
    model: 'none',
    version: 'none',
    features: { response: { kind: 'histogram', metric: 'response_distribution', version: { label: 'model_version' } } },
    categorical: { kind: 'counter', metric: 'categorical_feature_total', featureLabel: 'feature', categoryLabel: 'category', missingValues: ['missing', 'None', ''] },
    missing: { metric: 'imputer_total', featureLabel: 'feature' },
  },
};

/** The predicted probability X² (X uniform): P(X² ≤ b) = √b, in expected counts of 100,000. */
export function responseBaseline(): BaselineFeature {
  const cdf = [...RESPONSE_BOUNDS.map((b) => Math.sqrt(b)), 1];
  const counts = cdf.map((c, i) => Math.round(100_000 * (c - (i === 0 ? 0 : cdf[i - 1]))));
  return {
    name: 'response',
    kind: 'numeric',
    histogram: { upperBounds: RESPONSE_BOUNDS, counts },
    summary: { n: 100_000, min: 0, max: 1, mean: 1 / 3, std: 0.298, quantiles: { levels: [0.5], values: [0.25] } },
    missing: 0,
    nonFinite: 0,
  };
}

export function pydataBaseline(): BaselineDocument {
  return baselineDocument('pydata', '1', [
    responseBaseline(),
    categoricalFeature('channel', CHANNELS, [5, 3, 2], 100_000),
    categoricalFeature('region', REGIONS, [1, 1], 100_000),
  ]);
}
