/**
 * The spend model: ridge regression on the churn model's encoding of the features, solved exactly (normal
 * equations), so the model the service fits at start-up is the one whose predictions are in the training CSV.
 */
import type { FeatureRow } from '../data/dataset';
import type { SpendRow } from '../data/spend';
import { type Encoder, encode, fitEncoder } from './classifier';

/** Small ridge penalty: the one-hot columns of a feature sum to the bias column, so plain least squares is singular. */
const RIDGE = 1e-3;

/** Solves `matrix · x = vector` by Gaussian elimination with partial pivoting (the matrix is small and symmetric positive definite). */
export function solveLinearSystem(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const rows = matrix.map((row, i) => [...row, vector[i]]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let r = column + 1; r < n; r++) {
      if (Math.abs(rows[r][column]) > Math.abs(rows[pivot][column])) {
        pivot = r;
      }
    }
    if (rows[pivot][column] === 0) {
      throw new Error('singular system');
    }
    [rows[column], rows[pivot]] = [rows[pivot], rows[column]];
    for (let r = column + 1; r < n; r++) {
      const factor = rows[r][column] / rows[column][column];
      for (let c = column; c <= n; c++) {
        rows[r][c] -= factor * rows[column][c];
      }
    }
  }
  const solution = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = rows[r][n];
    for (let c = r + 1; c < n; c++) {
      sum -= rows[r][c] * solution[c];
    }
    solution[r] = sum / rows[r][r];
  }
  return solution;
}

export class SpendRegressor {
  private constructor(
    private readonly encoder: Encoder,
    private readonly weights: number[]
  ) {}

  static train(rows: readonly SpendRow[]): SpendRegressor {
    const encoder = fitEncoder(rows);
    const inputs = rows.map((row) => encode(encoder, row.features));
    const size = inputs[0].length;
    const gram = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const moment = new Array<number>(size).fill(0);
    inputs.forEach((x, i) => {
      for (let a = 0; a < size; a++) {
        moment[a] += x[a] * rows[i].spend;
        for (let b = 0; b < size; b++) {
          gram[a][b] += x[a] * x[b];
        }
      }
    });
    for (let a = 1; a < size; a++) {
      gram[a][a] += RIDGE * rows.length;
    }
    return new SpendRegressor(encoder, solveLinearSystem(gram, moment));
  }

  /** The predicted monthly spend, rounded to cents like the actual spend. */
  predict(row: FeatureRow): number {
    const x = encode(this.encoder, row);
    const value = x.reduce((sum, input, j) => sum + input * this.weights[j], 0);
    return Math.round(value * 100) / 100;
  }
}
