/**
 * The demo's models whose output is a number, served beside the churn classifier by the same process:
 * - `upsell` outputs the probability that a customer accepts an offer, instrumented as the PyData 2022 talk's
 *   FastAPI service is (`response_distribution` by `model_version`, no model label), plus the score histogram by
 *   actual class once the outcome arrives (`upsell_score`, label `actual`);
 * - `spend` predicts a customer's monthly spend, with its prediction histogram and, once the actual spend
 *   arrives, its errors: histograms of the absolute, squared, over-predicted (max(error, 0): a signed sum would
 *   fall, and Prometheus reads a falling counter as a reset) and percentage errors (one observation per
 *   prediction whose actual value arrived; percentage errors only where it is not 0). The datasource reads their
 *   `_sum` and `_count`.
 * The datasource reads both through the binding files in `provisioning/bindings/`.
 *
 *   POST /<model>/predict {"features": {...}}        → {"requestId", "model", "version", "prediction"}
 *   POST /<model>/label   {"requestId", "actual"}    → 202, or 404 for an unknown or expired id
 */
import { randomUUID } from 'node:crypto';
import { Histogram, type Registry } from 'prom-client';
import type { FeatureRow } from '../data/dataset';
import { SPEND_MODEL_NAME, SPEND_VERSION, spendTrainingRows } from '../data/spend';
import { UPSELL_MODEL_NAME, UPSELL_NEGATIVE, UPSELL_POSITIVE, UPSELL_VERSION, upsellTrainingRows } from '../data/upsell';
import { type LogisticWeights, logisticProbability, trainLogistic } from './classifier';
import { HttpError } from './http';
import { PendingRequests } from './pendingRequests';
import { SpendRegressor } from './regressor';
import { type Parsed, parsePredictRequest } from './request';

/** Bucket bounds of the upsell score, as in the talk: 0.1, 0.2, …, 1.0. */
export const UPSELL_SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Bucket bounds of the predicted spend (dollars a month). */
export const SPEND_BUCKETS = [10, 20, 30, 40, 50, 60, 70, 80, 100, 120];
/** Bucket bounds of the absolute error and of the overprediction, dollars. */
const SPEND_ERROR_BUCKETS = [1, 2, 5, 10, 20, 40];

const OUTPUT_MODEL_METRICS = {
  upsellScores: 'response_distribution',
  upsellScoresByActual: 'upsell_score',
  spendPredictions: 'spend_predicted_dollars',
  spendAbsoluteErrors: 'spend_absolute_error_dollars',
  spendSquaredErrors: 'spend_squared_error_dollars',
  spendOverpredictions: 'spend_overprediction_dollars',
  spendPercentageErrors: 'spend_absolute_percentage_error',
} as const;

const VERSION_LABEL = 'model_version';

/** What differs between the models: how they predict, what their actual value is, what they count. */
interface OutputModel<Actual> {
  name: string;
  version: string;
  predict(features: FeatureRow): number;
  parseActual(value: unknown): Parsed<Actual>;
  recordPrediction(prediction: number): void;
  recordOutcome(prediction: number, actual: Actual): void;
}

export interface OutputModelAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Predict and label for one output model: request validation and predictions waiting for their actual value. */
export class OutputModelService<Actual> {
  private readonly pending: PendingRequests<number>;

  constructor(
    private readonly model: OutputModel<Actual>,
    labelTtlMs = 600_000,
    maxPending = 200_000
  ) {
    this.pending = new PendingRequests(labelTtlMs, maxPending);
  }

  get name(): string {
    return this.model.name;
  }

  predict(body: unknown): OutputModelAnswer {
    const parsed = parsePredictRequest(body);
    if (!parsed.ok) {
      throw new HttpError(400, parsed.error);
    }
    const prediction = this.model.predict(parsed.value.features);
    this.model.recordPrediction(prediction);
    const requestId = randomUUID();
    this.pending.remember(requestId, prediction);
    return { status: 200, body: { requestId, model: this.model.name, version: this.model.version, prediction } };
  }

  label(body: unknown): OutputModelAnswer {
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (typeof record.requestId !== 'string' || record.requestId === '') {
      throw new HttpError(400, 'expected a JSON object with a "requestId" string');
    }
    const actual = this.model.parseActual(record.actual);
    if (!actual.ok) {
      throw new HttpError(400, actual.error);
    }
    const prediction = this.pending.take(record.requestId);
    if (prediction === undefined) {
      throw new HttpError(404, `unknown or expired request id "${record.requestId}"`);
    }
    this.model.recordOutcome(prediction, actual.value);
    return { status: 202, body: { requestId: record.requestId, matched: true } };
  }
}

type UpsellOutcome = typeof UPSELL_POSITIVE | typeof UPSELL_NEGATIVE;

export function upsellModel(registry: Registry, weights: LogisticWeights = trainUpsell()): OutputModel<UpsellOutcome> {
  const registers = [registry];
  const scores = new Histogram({
    name: OUTPUT_MODEL_METRICS.upsellScores,
    help: 'Predicted probability that the customer accepts the upsell offer.',
    labelNames: [VERSION_LABEL],
    buckets: UPSELL_SCORE_BUCKETS,
    registers,
  });
  const scoresByActual = new Histogram({
    name: OUTPUT_MODEL_METRICS.upsellScoresByActual,
    help: 'Predicted probability of upsell predictions whose outcome arrived, by actual outcome (1 accepted).',
    labelNames: [VERSION_LABEL, 'actual'],
    buckets: UPSELL_SCORE_BUCKETS,
    registers,
  });
  const version = { [VERSION_LABEL]: UPSELL_VERSION };
  // Explicit zeros before traffic: increase() cannot count a series' first increment.
  scores.zero(version);
  for (const actual of [UPSELL_POSITIVE, UPSELL_NEGATIVE]) {
    scoresByActual.zero({ ...version, actual });
  }
  return {
    name: UPSELL_MODEL_NAME,
    version: UPSELL_VERSION,
    predict: (features) => upsellScore(weights, features),
    parseActual: (value) =>
      value === UPSELL_POSITIVE || value === UPSELL_NEGATIVE
        ? { ok: true, value }
        : { ok: false, error: `"actual" must be "${UPSELL_POSITIVE}" (accepted) or "${UPSELL_NEGATIVE}" (declined)` },
    recordPrediction: (score) => scores.observe(version, score),
    recordOutcome: (score, actual) => scoresByActual.observe({ ...version, actual }, score),
  };
}

/** The score the service answers (six decimals, as in the training CSV). */
export function upsellScore(weights: LogisticWeights, features: FeatureRow): number {
  return Math.round(logisticProbability(weights, features) * 1e6) / 1e6;
}

/** The upsell model's training, shared by the service and the training CSV. */
export function trainUpsell(): LogisticWeights {
  const rows = upsellTrainingRows();
  return trainLogistic(
    rows,
    rows.map((row) => (row.accepted === UPSELL_POSITIVE ? 1 : 0)),
    { steps: 250, learningRate: 0.5, l2: 0.001 }
  );
}

export function spendModel(registry: Registry, regressor: SpendRegressor = SpendRegressor.train(spendTrainingRows())): OutputModel<number> {
  const registers = [registry];
  const labelNames = [VERSION_LABEL];
  const predictions = new Histogram({
    name: OUTPUT_MODEL_METRICS.spendPredictions,
    help: 'Predicted monthly spend, dollars.',
    labelNames,
    buckets: SPEND_BUCKETS,
    registers,
  });
  const errorHistogram = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames, buckets, registers });
  const absoluteErrors = errorHistogram(
    OUTPUT_MODEL_METRICS.spendAbsoluteErrors,
    '|prediction - actual| of the monthly spend, dollars, once the actual spend is known.',
    SPEND_ERROR_BUCKETS
  );
  const overpredictions = errorHistogram(
    OUTPUT_MODEL_METRICS.spendOverpredictions,
    'max(prediction - actual, 0) of the monthly spend, dollars: with the absolute error it gives the bias.',
    SPEND_ERROR_BUCKETS
  );
  const squaredErrors = errorHistogram(
    OUTPUT_MODEL_METRICS.spendSquaredErrors,
    '(prediction - actual)² of the monthly spend, dollars squared.',
    [1, 4, 25, 100, 400, 1600]
  );
  const percentageErrors = errorHistogram(
    OUTPUT_MODEL_METRICS.spendPercentageErrors,
    '|prediction - actual| / |actual| of the monthly spend, observed only where the actual spend is not 0.',
    [0.01, 0.05, 0.1, 0.2, 0.5, 1]
  );
  const version = { [VERSION_LABEL]: SPEND_VERSION };
  for (const metric of [predictions, absoluteErrors, overpredictions, squaredErrors, percentageErrors]) {
    metric.zero(version);
  }
  return {
    name: SPEND_MODEL_NAME,
    version: SPEND_VERSION,
    predict: (features) => regressor.predict(features),
    parseActual: (value) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? { ok: true, value }
        : { ok: false, error: '"actual" must be the actual monthly spend, a finite number >= 0' },
    recordPrediction: (prediction) => predictions.observe(version, prediction),
    recordOutcome: (prediction, actual) => {
      const error = prediction - actual;
      overpredictions.observe(version, Math.max(error, 0));
      absoluteErrors.observe(version, Math.abs(error));
      squaredErrors.observe(version, error * error);
      if (actual !== 0) {
        percentageErrors.observe(version, Math.abs(error) / Math.abs(actual));
      }
    },
  };
}
