/** Display formatting shared by the panels; values that do not exist are shown as an en dash, never as 0. */
export const MISSING = '–';

export function formatScore(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) {
    return MISSING;
  }
  if (value === 0) {
    return '0';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.001) {
    return value.toExponential(2);
  }
  return Number(value.toPrecision(3)).toString();
}

export function formatPValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) {
    return MISSING;
  }
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}

export function formatPercent(ratio: number | undefined, digits = 1): string {
  if (ratio === undefined || !Number.isFinite(ratio)) {
    return MISSING;
  }
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatCount(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : formatScore(value);
}
