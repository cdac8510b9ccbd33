import { columnSums, ConfusionMatrix, rowSums } from './matrix';

export interface ClassMetrics {
  name: string;
  /** Undefined when the class was never predicted (0 / 0). */
  precision?: number;
  /** Undefined when the class never occurs (0 / 0). */
  recall?: number;
  f1: number;
  /** Number of samples whose actual class is this one. */
  support: number;
  predicted: number;
  truePositives: number;
}

export interface MatrixMetrics {
  perClass: ClassMetrics[];
  total: number;
  /** Undefined for an empty matrix. */
  accuracy?: number;
  macroPrecision?: number;
  macroRecall?: number;
  macroF1?: number;
  weightedF1?: number;
}

/**
 * Per-class and overall classification metrics. Averages follow scikit-learn's convention with
 * `zero_division=0`: a precision or recall that is 0 / 0 counts as 0 in F1 and in the macro averages,
 * and is shown as undefined per class so nobody mistakes it for a measured 0.
 */
export function computeMetrics(matrix: ConfusionMatrix): MatrixMetrics {
  const n = matrix.classes.length;
  const supports = rowSums(matrix);
  const predictedTotals = columnSums(matrix);
  let total = 0;
  let correct = 0;
  const perClass: ClassMetrics[] = matrix.classes.map((name, i) => {
    const truePositives = matrix.counts[i * n + i];
    const support = supports[i];
    const predicted = predictedTotals[i];
    total += support;
    correct += truePositives;
    const precision = predicted > 0 ? truePositives / predicted : undefined;
    const recall = support > 0 ? truePositives / support : undefined;
    const p = precision ?? 0;
    const r = recall ?? 0;
    const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
    return { name, precision, recall, f1, support, predicted, truePositives };
  });
  if (n === 0 || total === 0) {
    return { perClass, total };
  }
  const mean = (pick: (m: ClassMetrics) => number): number => perClass.reduce((sum, m) => sum + pick(m), 0) / n;
  return {
    perClass,
    total,
    accuracy: correct / total,
    macroPrecision: mean((m) => m.precision ?? 0),
    macroRecall: mean((m) => m.recall ?? 0),
    macroF1: mean((m) => m.f1),
    weightedF1: perClass.reduce((sum, m) => sum + m.f1 * m.support, 0) / total,
  };
}

export interface ConfusedPair {
  actual: string;
  predicted: string;
  count: number;
  /** Share of the actual class's samples that went to this wrong class. */
  shareOfActual: number;
}

/** The off-diagonal cells with the most samples, largest first (ties by class names, for a stable list). */
export function topConfusedPairs(matrix: ConfusionMatrix, limit: number): ConfusedPair[] {
  const n = matrix.classes.length;
  const supports = rowSums(matrix);
  const pairs: ConfusedPair[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const count = matrix.counts[r * n + c];
      if (r !== c && count > 0) {
        pairs.push({
          actual: matrix.classes[r],
          predicted: matrix.classes[c],
          count,
          shareOfActual: count / supports[r],
        });
      }
    }
  }
  pairs.sort(
    (a, b) => b.count - a.count || a.actual.localeCompare(b.actual) || a.predicted.localeCompare(b.predicted)
  );
  return pairs.slice(0, Math.max(0, limit));
}
