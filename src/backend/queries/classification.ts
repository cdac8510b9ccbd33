/**
 * Classification metrics from confusion counts, with scikit-learn's conventions so numbers match what data
 * scientists compute offline: the classes are those that occur as a true label or a prediction
 * (`unique_labels`), a 0/0 precision, recall or F1 is 0 (`zero_division=0`), macro averages are unweighted
 * over those classes, weighted averages are weighted by support. Counts may be fractional (Prometheus
 * `increase()` extrapolates).
 */

export interface ConfusionInput {
  actual: readonly string[];
  predicted: readonly string[];
  counts: readonly number[];
}

export interface ClassMetrics {
  className: string;
  precision: number;
  recall: number;
  f1: number;
  /** Observations whose true label is this class. */
  support: number;
  /** Observations predicted as this class. */
  predicted: number;
}

export interface ClassificationReport {
  /** Classes in order: `preferredOrder` first (those that occur), then the others by name. */
  classes: ClassMetrics[];
  /** Dense matrix: `matrix[i][j]` = true class i predicted as class j. */
  matrix: number[][];
  total: number;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  weightedF1: number;
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

/** Undefined when there are no (positive) counts: no traffic is not an accuracy of 0. */
export function classificationReport(input: ConfusionInput, preferredOrder: readonly string[] = []): ClassificationReport | undefined {
  if (input.actual.length !== input.counts.length || input.predicted.length !== input.counts.length) {
    throw new Error('confusion counts: actual, predicted and counts must have the same length');
  }
  const occurring = new Set<string>();
  input.counts.forEach((count, i) => {
    if (count > 0) {
      occurring.add(input.actual[i]);
      occurring.add(input.predicted[i]);
    }
  });
  if (occurring.size === 0) {
    return undefined;
  }
  const preferred = preferredOrder.filter((c, i) => occurring.has(c) && preferredOrder.indexOf(c) === i);
  const rest = [...occurring].filter((c) => !preferred.includes(c)).sort();
  const names = [...preferred, ...rest];
  const index = new Map(names.map((name, i) => [name, i]));
  const matrix = names.map(() => new Array<number>(names.length).fill(0));
  input.counts.forEach((count, i) => {
    if (count > 0) {
      matrix[index.get(input.actual[i])!][index.get(input.predicted[i])!] += count;
    }
  });

  let total = 0;
  let correct = 0;
  const columnTotals = new Array<number>(names.length).fill(0);
  matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      total += count;
      columnTotals[j] += count;
      if (i === j) {
        correct += count;
      }
    })
  );
  const classes = names.map((className, i): ClassMetrics => {
    const truePositives = matrix[i][i];
    const support = matrix[i].reduce((sum, c) => sum + c, 0);
    const precision = ratio(truePositives, columnTotals[i]);
    const recall = ratio(truePositives, support);
    return { className, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted: columnTotals[i] };
  });
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    classes,
    matrix,
    total,
    accuracy: ratio(correct, total),
    macroPrecision: mean(classes.map((c) => c.precision)),
    macroRecall: mean(classes.map((c) => c.recall)),
    macroF1: mean(classes.map((c) => c.f1)),
    weightedF1: ratio(
      classes.reduce((sum, c) => sum + c.f1 * c.support, 0),
      classes.reduce((sum, c) => sum + c.support, 0)
    ),
  };
}
