/** Baseline documents shaped like the demo's churn model, for tests and screenshots. */
import type { BaselineDocument, NumericBaselineFeature } from '../../drift/types';

function numeric(
  name: string,
  upperBounds: number[],
  counts: number[],
  summary: { min: number; max: number; mean: number; std: number }
): NumericBaselineFeature {
  const n = counts.reduce((s, c) => s + c, 0);
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds, counts },
    summary: { n, ...summary, quantiles: { levels: [], values: [] } },
    missing: 3,
    nonFinite: 0,
  };
}

export function churnBaseline(version: string, createdAt = '2026-10-12T09:30:00.000Z'): BaselineDocument {
  return {
    schemaVersion: 1,
    model: 'churn',
    version,
    createdAt,
    source: { kind: 'file', description: 'train.csv', rows: 5000 },
    features: [
      numeric('age', [22, 27, 32, 38, 45, 53, 61], [310, 520, 760, 900, 1010, 780, 470, 250], {
        min: 18,
        max: 79,
        mean: 41.2,
        std: 12.7,
      }),
      numeric('monthly_charges', [25.5, 40.1, 55.3, 70.2, 89.9], [700, 900, 1100, 1000, 800, 500], {
        min: 18.3,
        max: 118.7,
        mean: 61.4,
        std: 24.9,
      }),
      numeric('tenure_months', [3, 9, 18, 30, 48], [600, 800, 1000, 1100, 900, 600], {
        min: 0,
        max: 72,
        mean: 27.9,
        std: 19.1,
      }),
      {
        name: 'plan',
        kind: 'categorical',
        distribution: { categories: ['basic', 'plus', 'pro'], counts: [2500, 1600, 900] },
        n: 5000,
        missing: 0,
        nonFinite: 0,
      },
    ],
  };
}

export function fraudBaseline(): BaselineDocument {
  return {
    schemaVersion: 1,
    model: 'fraud',
    version: '1',
    createdAt: '2026-09-02T14:00:00.000Z',
    features: [
      numeric('amount', [10, 50, 200, 1000], [1200, 2100, 1300, 350, 50], {
        min: 0.5,
        max: 9800,
        mean: 140.2,
        std: 380.4,
      }),
      {
        name: 'country',
        kind: 'categorical',
        distribution: { categories: ['de', 'fr', 'it', '(other)'], counts: [2100, 1500, 900, 500] },
        n: 5000,
        missing: 0,
        nonFinite: 0,
      },
    ],
  };
}

/** Version 2 of fraud as a binary classifier: its fraud probability as a numeric prediction and score histograms by actual class. */
export function scoredFraudBaseline(): BaselineDocument {
  const edges = [0.1, 0.25, 0.5, 0.75, 0.9];
  return {
    ...fraudBaseline(),
    schemaVersion: 2,
    version: '2',
    prediction: numeric('fraud_probability', edges, [3900, 600, 250, 120, 80, 50], { min: 0, max: 1, mean: 0.09, std: 0.16 }),
    scores: {
      score: 'fraud_probability',
      label: 'is_fraud',
      positiveClass: '1',
      upperBounds: edges,
      positives: [10, 15, 30, 55, 60, 45],
      negatives: [3890, 585, 220, 65, 20, 5],
    },
  };
}

/** A regression model: a numeric prediction (minutes to delivery) without classifier scores. */
export function deliveryTimeBaseline(): BaselineDocument {
  return {
    schemaVersion: 2,
    model: 'delivery_time',
    version: '4',
    createdAt: '2026-10-01T07:45:00.000Z',
    features: [numeric('distance_km', [1, 3, 5, 10, 20], [400, 1300, 1200, 1100, 700, 300], { min: 0.2, max: 48, mean: 6.1, std: 5.2 })],
    prediction: numeric('eta_minutes', [10, 20, 30, 45, 60], [350, 1400, 1500, 1100, 500, 150], { min: 4, max: 95, mean: 26.5, std: 13.1 }),
  };
}
