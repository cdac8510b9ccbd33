/**
 * The demo's probability model: whether a customer accepts an upsell offer. Its model outputs only the
 * probability, and the service instruments it as the PyData 2022 talk's FastAPI service does (a
 * `response_distribution` histogram by `model_version`), so the dashboards show CBPE estimates while labels are
 * pending and ROC AUC and calibration once they arrive.
 */
import { type FeatureRow, TRAINING_ROWS, trainingRows } from './dataset';
import { Random } from './random';

export const UPSELL_MODEL_NAME = 'upsell';
export const UPSELL_VERSION = 'v1';
/** The label values: `1` accepted the offer, `0` declined it. */
export const UPSELL_POSITIVE = '1';
export const UPSELL_NEGATIVE = '0';

const ACCEPTANCE = {
  intercept: -1.2,
  perLogIncome: 1.4,
  perSessionMinute: 0.12,
  device: { desktop: 0.6, mobile: -0.2, tablet: 0 } as Record<string, number>,
  /** After the drift injection customers tire of the offer: fewer accept than the model's scores promise. */
  driftedShift: -1.5,
} as const;

function acceptanceProbability(features: FeatureRow, drifted: boolean): number {
  const logOdds =
    ACCEPTANCE.intercept +
    ACCEPTANCE.perLogIncome * Math.log((features.income ?? 49_000) / 49_000) +
    ACCEPTANCE.perSessionMinute * ((features.session_length ?? 8.5) - 8.5) +
    (ACCEPTANCE.device[features.device ?? ''] ?? 0) +
    (drifted ? ACCEPTANCE.driftedShift : 0);
  return 1 / (1 + Math.exp(-logOdds));
}

export function sampleAcceptance(random: Random, features: FeatureRow, drifted: boolean): typeof UPSELL_POSITIVE | typeof UPSELL_NEGATIVE {
  return random.chance(acceptanceProbability(features, drifted)) ? UPSELL_POSITIVE : UPSELL_NEGATIVE;
}

const UPSELL_SEED = 20240613;

export interface UpsellRow {
  features: FeatureRow;
  accepted: typeof UPSELL_POSITIVE | typeof UPSELL_NEGATIVE;
}

/** The upsell model's training set: the churn training rows' features with their outcome, identical on every run. */
export function upsellTrainingRows(count = TRAINING_ROWS): UpsellRow[] {
  const random = new Random(UPSELL_SEED);
  return trainingRows(undefined, count).map(({ features }) => ({ features, accepted: sampleAcceptance(random, features, false) }));
}
