import { dateTimeFormat, TimeZone } from '@grafana/data';

import { formatPValue, formatScore } from '../shared/format';
import { DriftGrid } from './grid';

export interface TooltipRow {
  label: string;
  value: string;
}

/** What the tooltip says about one cell, as label/value pairs (pure, so it is tested without a canvas). */
export function describeCell(grid: DriftGrid, row: number, column: number, timeZone: TimeZone): TooltipRow[] {
  const series = grid.rows[row];
  const index = grid.sourceIndex[row * grid.times.length + column];
  const to = grid.times[column];
  const from = to - grid.windowMs;
  const pick = (values?: Float64Array): number | undefined => (values && index >= 0 ? values[index] : undefined);
  const score = pick(series.score);
  const normalized =
    pick(series.normalized) ?? (score !== undefined && series.threshold ? score / series.threshold : undefined);
  const window =
    grid.windowMs > 0
      ? `${dateTimeFormat(from, { timeZone })} → ${dateTimeFormat(to, { timeZone })}`
      : dateTimeFormat(to, { timeZone });
  const rows: TooltipRow[] = [
    { label: 'Feature', value: series.feature },
    { label: 'Window', value: window },
    { label: 'Score', value: formatScore(score) },
    { label: 'Method', value: series.method ?? '–' },
    { label: 'Threshold', value: formatScore(series.threshold) },
    { label: 'Score ÷ threshold', value: formatScore(normalized) },
  ];
  const pValue = pick(series.pValue);
  if (series.pValue) {
    rows.push({ label: 'p-value', value: formatPValue(pValue) });
  }
  if (normalized !== undefined && Number.isFinite(normalized)) {
    rows.push({ label: 'Verdict', value: normalized >= 1 ? 'Drift' : 'No drift' });
  }
  return rows;
}
