/**
 * Valid baseline documents of any size for tests and benchmarks, built arithmetically (no randomness)
 * so every test can recompute what it expects from the document itself.
 */
import { BASELINE_SCHEMA_VERSION, type BaselineDocument, type BaselineFeature } from '../../drift/types';

export interface FixtureOptions {
  model?: string;
  version?: string;
  numericFeatures?: number;
  categoricalFeatures?: number;
  bins?: number;
}

function numericFeature(name: string, index: number, bins: number): BaselineFeature {
  const upperBounds = Array.from({ length: bins - 1 }, (_, i) => i * 10 + index);
  const counts = Array.from({ length: bins }, (_, i) => (i * 7 + index) % 13 + 1);
  const min = upperBounds[0] - 5;
  const max = upperBounds[upperBounds.length - 1] + 5;
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds, counts },
    summary: {
      n: counts.reduce((a, b) => a + b, 0),
      min,
      max,
      mean: (min + max) / 2,
      std: (max - min) / 4,
      quantiles: { levels: [0.25, 0.5, 0.75], values: [min + (max - min) / 4, (min + max) / 2, max - (max - min) / 4] },
    },
    missing: index % 3,
    nonFinite: 0,
  };
}

function categoricalFeature(name: string, index: number): BaselineFeature {
  const categories = ['red', 'green', 'blue', `c${index}`];
  const counts = categories.map((_, i) => i + index + 1);
  return {
    name,
    kind: 'categorical',
    distribution: { categories, counts },
    n: counts.reduce((a, b) => a + b, 0),
    missing: 0,
    nonFinite: 0,
  };
}

export function baselineFixture(options: FixtureOptions = {}): BaselineDocument {
  const { model = 'churn', version = 'v1', numericFeatures = 2, categoricalFeatures = 1, bins = 10 } = options;
  const features = [
    ...Array.from({ length: numericFeatures }, (_, i) => numericFeature(`num_${i}`, i, bins)),
    ...Array.from({ length: categoricalFeatures }, (_, i) => categoricalFeature(`cat_${i}`, i)),
  ];
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    model,
    version,
    createdAt: '2026-01-02T03:04:05.000Z',
    source: { kind: 'upload', description: 'test fixture' },
    features,
  };
}
