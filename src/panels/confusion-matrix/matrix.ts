/** A square confusion matrix: rows are actual classes, columns predicted classes, same class list for both. */
export interface ConfusionMatrix {
  classes: string[];
  /** Row-major counts, `counts[actual * n + predicted]`. */
  counts: Float64Array;
}

export function cellCount(matrix: ConfusionMatrix, actual: number, predicted: number): number {
  return matrix.counts[actual * matrix.classes.length + predicted];
}

export function rowSums(matrix: ConfusionMatrix): Float64Array {
  const n = matrix.classes.length;
  const sums = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      sums[r] += matrix.counts[r * n + c];
    }
  }
  return sums;
}

export function columnSums(matrix: ConfusionMatrix): Float64Array {
  const n = matrix.classes.length;
  const sums = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      sums[c] += matrix.counts[r * n + c];
    }
  }
  return sums;
}
