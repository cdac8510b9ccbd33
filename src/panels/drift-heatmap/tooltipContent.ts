import { dateTimeFormat, TimeZone } from '@grafana/data';
import { t } from '@grafana/i18n';

import { formatPValue, formatScore, MISSING } from '../shared/format';
import { DriftGrid } from './grid';
import { RowQualifierKind } from './rows';

export interface TooltipRow {
  label: string;
  value: string;
}

function qualifierLabel(kind: RowQualifierKind): string {
  switch (kind) {
    case 'model':
      return t('heatmap.tooltip.model', 'Model');
    case 'reference':
      return t('heatmap.tooltip.reference', 'Compared with');
    case 'segment':
      return t('heatmap.tooltip.segment', 'Segment');
  }
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
    { label: t('heatmap.tooltip.feature', 'Feature'), value: series.feature },
    ...series.qualifiers.map((qualifier) => ({ label: qualifierLabel(qualifier.kind), value: qualifier.value })),
    { label: t('heatmap.tooltip.window', 'Window'), value: window },
    { label: t('heatmap.tooltip.score', 'Score'), value: formatScore(score) },
    { label: t('heatmap.tooltip.method', 'Method'), value: series.method ?? MISSING },
    { label: t('heatmap.tooltip.threshold', 'Threshold'), value: formatScore(series.threshold) },
    { label: t('heatmap.tooltip.normalized', 'Score ÷ threshold'), value: formatScore(normalized) },
  ];
  const pValue = pick(series.pValue);
  if (series.pValue) {
    rows.push({ label: t('heatmap.tooltip.p-value', 'p-value'), value: formatPValue(pValue) });
  }
  const contributors = series.contributors && index >= 0 ? series.contributors[index] : undefined;
  if (contributors) {
    rows.push({ label: t('heatmap.tooltip.contributors', 'Top contributors'), value: contributors });
  }
  if (normalized !== undefined && Number.isFinite(normalized)) {
    rows.push({ label: t('heatmap.tooltip.verdict', 'Verdict'), value: normalized >= 1 ? t('heatmap.tooltip.drift', 'Drift') : t('heatmap.tooltip.no-drift', 'No drift') });
  }
  return rows;
}
