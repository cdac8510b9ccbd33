/**
 * A small logistic-regression classifier, trained deterministically (full-batch gradient descent, fixed steps),
 * so the model the service trains at start-up is exactly the one whose predictions are in the training CSV.
 */
import {
  CATEGORICAL_FEATURES,
  CLASS_NAMES,
  type ClassName,
  type FeatureRow,
  type LabelledRow,
  NUMERIC_FEATURES,
} from '../data/dataset';

export interface TrainingOptions {
  steps: number;
  learningRate: number;
  l2: number;
  /** Probability of churn from which the model predicts `churn`. */
  decisionThreshold: number;
}

export interface Prediction {
  predicted: ClassName;
  probability: number;
}

/** How rows become model inputs; fitted on the training rows, shared by the demo's models. */
export interface Encoder {
  means: number[];
  stds: number[];
  categories: string[][];
}

/** Income enters on a log scale: its effect is multiplicative. */
function numericInput(row: FeatureRow, index: number): number | undefined {
  const value = row[NUMERIC_FEATURES[index]];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return undefined;
  }
  return NUMERIC_FEATURES[index] === 'income' ? Math.log1p(Math.max(0, value)) : value;
}

export function fitEncoder(rows: ReadonlyArray<{ features: FeatureRow }>): Encoder {
  const means: number[] = [];
  const stds: number[] = [];
  NUMERIC_FEATURES.forEach((_, index) => {
    const values = rows.map((row) => numericInput(row.features, index)).filter((v): v is number => v !== undefined);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    means.push(mean);
    stds.push(Math.sqrt(variance) || 1);
  });
  const categories = CATEGORICAL_FEATURES.map((feature) =>
    [...new Set(rows.map((row) => row.features[feature]).filter((v): v is string => typeof v === 'string'))].sort()
  );
  return { means, stds, categories };
}

/** Standardised numerics (missing → the training mean) and one-hot categories (unseen → all zeros), plus a bias. */
export function encode(encoder: Encoder, row: FeatureRow): number[] {
  const vector = [1];
  NUMERIC_FEATURES.forEach((_, index) => {
    const value = numericInput(row, index);
    vector.push(value === undefined ? 0 : (value - encoder.means[index]) / encoder.stds[index]);
  });
  CATEGORICAL_FEATURES.forEach((feature, index) => {
    for (const category of encoder.categories[index]) {
      vector.push(row[feature] === category ? 1 : 0);
    }
  });
  return vector;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Weights of a logistic regression on the encoded features. */
export interface LogisticWeights {
  encoder: Encoder;
  weights: number[];
}

export type GradientDescent = Pick<TrainingOptions, 'steps' | 'learningRate' | 'l2'>;

/** Full-batch gradient descent with a fixed number of steps: the same weights on every run. */
export function trainLogistic(rows: ReadonlyArray<{ features: FeatureRow }>, targets: readonly number[], options: GradientDescent): LogisticWeights {
  const encoder = fitEncoder(rows);
  const inputs = rows.map((row) => encode(encoder, row.features));
  const weights = new Array<number>(inputs[0].length).fill(0);
  for (let step = 0; step < options.steps; step++) {
    const gradient = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i];
      let z = 0;
      for (let j = 0; j < x.length; j++) {
        z += weights[j] * x[j];
      }
      const error = sigmoid(z) - targets[i];
      for (let j = 0; j < x.length; j++) {
        gradient[j] += error * x[j];
      }
    }
    for (let j = 0; j < weights.length; j++) {
      const penalty = j === 0 ? 0 : options.l2 * weights[j];
      weights[j] -= options.learningRate * (gradient[j] / inputs.length + penalty);
    }
  }
  return { encoder, weights };
}

/** The probability a logistic model gives a row. */
export function logisticProbability(model: LogisticWeights, row: FeatureRow): number {
  const x = encode(model.encoder, row);
  let z = 0;
  for (let j = 0; j < x.length; j++) {
    z += model.weights[j] * x[j];
  }
  return sigmoid(z);
}

export class ChurnClassifier {
  private constructor(
    private readonly model: LogisticWeights,
    private readonly decisionThreshold: number
  ) {}

  static train(rows: readonly LabelledRow[], options: TrainingOptions): ChurnClassifier {
    const targets = rows.map((row) => (row.label === 'churn' ? 1 : 0));
    return new ChurnClassifier(trainLogistic(rows, targets, options), options.decisionThreshold);
  }

  predict(row: FeatureRow): Prediction {
    const probability = logisticProbability(this.model, row);
    return { predicted: probability >= this.decisionThreshold ? CLASS_NAMES[0] : CLASS_NAMES[1], probability };
  }
}
