import { naturalCompare } from '../shared/frames';
import { ConfusionMatrix, columnSums, rowSums } from './matrix';
import { ClassOrder, Normalization } from './types';

/** What the canvas draws: the visible classes in display order and their cell values. */
export interface MatrixView {
  classes: string[];
  /** Row-major, `visible × visible`: raw counts. */
  counts: Float64Array;
  /** Row-major, `visible × visible`: the values that are coloured and printed (NaN where 0 / 0). */
  values: Float64Array;
  /** Upper end of the colour domain (lower end is 0). */
  maxValue: number;
  normalization: Normalization;
  hiddenClasses: number;
}

export function classOrder(matrix: ConfusionMatrix, order: ClassOrder): number[] {
  const n = matrix.classes.length;
  const indexes = Array.from({ length: n }, (_, i) => i);
  const supports = rowSums(matrix);
  const byName = (a: number, b: number): number => naturalCompare(matrix.classes[a], matrix.classes[b]);
  if (order === 'support') {
    return indexes.sort((a, b) => supports[b] - supports[a] || byName(a, b));
  }
  if (order === 'errors') {
    const errors = (i: number): number => supports[i] - matrix.counts[i * n + i];
    return indexes.sort((a, b) => errors(b) - errors(a) || byName(a, b));
  }
  return indexes.sort(byName);
}

/** Case-insensitive substring match; several terms separated by commas match any of them. */
export function matchesClassFilter(name: string, filter: string): boolean {
  const terms = filter
    .split(',')
    .map((term) => term.trim().toLowerCase())
    .filter((term) => term.length > 0);
  return terms.length === 0 || terms.some((term) => name.toLowerCase().includes(term));
}

export function buildMatrixView(
  matrix: ConfusionMatrix,
  normalization: Normalization,
  order: ClassOrder,
  filter: string
): MatrixView {
  const n = matrix.classes.length;
  // Shares use the totals of the whole matrix, so filtering classes never changes a recall or a precision.
  const rows = rowSums(matrix);
  const columns = columnSums(matrix);
  const grandTotal = rows.reduce((sum, value) => sum + value, 0);
  const visible = classOrder(matrix, order).filter((i) => matchesClassFilter(matrix.classes[i], filter));
  const m = visible.length;
  const counts = new Float64Array(m * m);
  const values = new Float64Array(m * m);
  let maxValue = 0;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const count = matrix.counts[visible[r] * n + visible[c]];
      const denominator =
        normalization === 'row'
          ? rows[visible[r]]
          : normalization === 'column'
            ? columns[visible[c]]
            : normalization === 'all'
              ? grandTotal
              : 1;
      const value = denominator > 0 ? count / denominator : Number.NaN;
      counts[r * m + c] = count;
      values[r * m + c] = value;
      if (value > maxValue) {
        maxValue = value;
      }
    }
  }
  return {
    classes: visible.map((i) => matrix.classes[i]),
    counts,
    values,
    maxValue: normalization === 'none' ? Math.max(1, maxValue) : 1,
    normalization,
    hiddenClasses: n - m,
  };
}

export function formatCellValue(value: number, normalization: Normalization): string {
  if (!Number.isFinite(value)) {
    return '';
  }
  if (normalization !== 'none') {
    return `${Math.round(value * 100)}%`;
  }
  if (value >= 10000) {
    return `${(value / 1000).toFixed(0)}k`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
