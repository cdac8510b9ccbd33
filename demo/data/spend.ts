/**
 * The demo's regression target: each customer's monthly spend, from the same population as the churn model's
 * (`dataset.ts`). A second model, `spend`, predicts it, so the dashboards show a regression model next to the
 * classifier: its prediction distribution at once, its errors (MAE, RMSE, bias) when the actual spend arrives.
 */
import { type FeatureRow, TRAINING_ROWS, trainingRows } from './dataset';
import { Random } from './random';

export const SPEND_MODEL_NAME = 'spend';
export const SPEND_VERSION = 'v1';

/** Spend rises with income (log scale), session length and desktop use; a drifted population spends less per income. */
const SPEND_MODEL = {
  intercept: 30,
  perLogIncome: 18,
  /** After the drift injection the richer segment spends far less than incomes promise: the model overshoots. */
  perLogIncomeDrifted: 3,
  perSessionMinute: 1.6,
  device: { mobile: -2, desktop: 4, tablet: 0 } as Record<string, number>,
  noiseStd: 6,
} as const;

export interface SpendRow {
  features: FeatureRow;
  /** The actual monthly spend, known weeks after the prediction. */
  spend: number;
}

export function sampleSpend(random: Random, features: FeatureRow, drifted: boolean): number {
  const logIncome = Math.log((features.income ?? 49_000) / 49_000);
  const perLogIncome = drifted ? SPEND_MODEL.perLogIncomeDrifted : SPEND_MODEL.perLogIncome;
  const mean =
    SPEND_MODEL.intercept +
    perLogIncome * logIncome +
    SPEND_MODEL.perSessionMinute * (features.session_length ?? 8.5) +
    (SPEND_MODEL.device[features.device ?? ''] ?? 0);
  // Money: cents, never negative.
  return Math.max(0, Math.round(random.normal(mean, SPEND_MODEL.noiseStd) * 100) / 100);
}

const SPEND_SEED = 20240612;

/** The spend model's training set: the churn training rows' features with their spend, identical on every run. */
export function spendTrainingRows(count = TRAINING_ROWS): SpendRow[] {
  const random = new Random(SPEND_SEED);
  return trainingRows(undefined, count).map(({ features }) => ({ features, spend: sampleSpend(random, features, false) }));
}
