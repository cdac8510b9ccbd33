/**
 * The demo population: customers of a subscription service and whether they churn. The same generator writes the
 * training data (`generate.ts`), trains the model at start-up and drives the traffic, so production looks like
 * training until drift is injected on purpose.
 */
import { Random } from './random';

export const MODEL_NAME = 'churn';
export const CLASS_NAMES = ['churn', 'stay'] as const;
export type ClassName = (typeof CLASS_NAMES)[number];

export const NUMERIC_FEATURES = ['age', 'income', 'session_length'] as const;
export const CATEGORICAL_FEATURES = ['country', 'device'] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

/** A request's features as the model server receives them: any of them may be missing. */
export interface FeatureRow {
  age?: number | null;
  income?: number | null;
  session_length?: number | null;
  country?: string | null;
  device?: string | null;
}

export interface LabelledRow {
  features: FeatureRow;
  label: ClassName;
}

/** What the drift injection changes; every other feature keeps its training distribution. */
export const DRIFT_SCENARIO = {
  /** Incomes are multiplied by this (a new, richer customer segment). */
  incomeFactor: 1.8,
  /** Share of requests from a country never seen in training. */
  newCountry: { name: 'JP', share: 0.2 },
  /** Added to the churn log-odds: more customers churn (label distribution change). */
  churnLogOddsShift: 3,
  /** The age effect reverses, so the model's learned relationship no longer holds (accuracy drops). */
  ageEffectSign: -1,
} as const;

/** Features whose distribution the drift injection changes, for tests and the README. */
export const DRIFTED_FEATURES: readonly string[] = ['income', 'country'];

const COUNTRIES = [
  { value: 'US', weight: 40 },
  { value: 'DE', weight: 20 },
  { value: 'FR', weight: 15 },
  { value: 'IN', weight: 15 },
  { value: 'BR', weight: 10 },
];
const DEVICES = [
  { value: 'mobile', weight: 55 },
  { value: 'desktop', weight: 35 },
  { value: 'tablet', weight: 10 },
];
const COUNTRY_EFFECT: Record<string, number> = { US: 0, DE: -0.3, FR: -0.1, IN: 0.4, BR: 0.3, JP: 0.2 };
const DEVICE_EFFECT: Record<string, number> = { mobile: 0.25, desktop: -0.2, tablet: 0 };
const INCOME_MISSING_SHARE = 0.02;
/**
 * How strongly the features decide the label: strong enough for a model accuracy of about 0.85 before drift,
 * above the 0.8 floor of the provisioned accuracy alert, which the drift then breaks.
 */
const CONCEPT_STRENGTH = 2.5;

export function sampleFeatures(random: Random, drifted: boolean): FeatureRow {
  const age = Math.round(Math.min(90, Math.max(18, random.normal(41, 12))));
  const incomeFactor = drifted ? DRIFT_SCENARIO.incomeFactor : 1;
  const income = random.chance(INCOME_MISSING_SHARE)
    ? null
    : Math.round((Math.exp(random.normal(10.8, 0.45)) * incomeFactor) / 100) * 100;
  const sessionLength = Math.round((0.5 + random.exponential(8)) * 10) / 10;
  const country =
    drifted && random.chance(DRIFT_SCENARIO.newCountry.share) ? DRIFT_SCENARIO.newCountry.name : random.pick(COUNTRIES);
  const device = random.pick(DEVICES);
  return { age, income, session_length: sessionLength, country, device };
}

/** The true churn probability: the concept the model has to learn. */
export function churnProbability(features: FeatureRow, drifted: boolean): number {
  const ageSign = drifted ? DRIFT_SCENARIO.ageEffectSign : 1;
  const age = features.age ?? 41;
  const logIncome = Math.log((features.income ?? 49_000) / 49_000);
  const session = features.session_length ?? 8.5;
  const logOdds =
    CONCEPT_STRENGTH *
      (-0.2 +
        ageSign * -0.06 * (age - 41) -
        1.2 * logIncome -
        0.15 * (session - 8.5) +
        (COUNTRY_EFFECT[features.country ?? ''] ?? 0) +
        (DEVICE_EFFECT[features.device ?? ''] ?? 0)) +
    (drifted ? DRIFT_SCENARIO.churnLogOddsShift : 0);
  return 1 / (1 + Math.exp(-logOdds));
}

export function sampleLabel(random: Random, features: FeatureRow, drifted: boolean): ClassName {
  return random.chance(churnProbability(features, drifted)) ? 'churn' : 'stay';
}

export function sampleRow(random: Random, drifted: boolean): LabelledRow {
  const features = sampleFeatures(random, drifted);
  return { features, label: sampleLabel(random, features, drifted) };
}

export const TRAINING_SEED = 20240611;
export const TRAINING_ROWS = 20_000;

/** The training set, identical on every run and every machine. */
export function trainingRows(seed = TRAINING_SEED, count = TRAINING_ROWS): LabelledRow[] {
  const random = new Random(seed);
  const rows: LabelledRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push(sampleRow(random, false));
  }
  return rows;
}
