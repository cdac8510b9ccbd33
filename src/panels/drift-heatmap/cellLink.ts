import { InterpolateFunction } from '@grafana/data';

import { panelLinkHref } from '../shared/links';
import { DriftGrid } from './grid';

export interface CellWindow {
  feature: string;
  from: number;
  to: number;
}

/** The window (t - windowMs, t] of a grid column. */
export function cellWindow(grid: DriftGrid, row: number, column: number): CellWindow {
  const to = grid.times[column];
  return { feature: grid.rows[row].feature, from: to - grid.windowMs, to };
}

/** Where a click on a cell goes: the panel's URL template if set, else the score field's first data link. */
export function cellHref(
  grid: DriftGrid,
  row: number,
  column: number,
  template: string,
  replaceVariables?: InterpolateFunction
): string | undefined {
  const series = grid.rows[row];
  const { from, to } = cellWindow(grid, row, column);
  return panelLinkHref(
    template,
    {
      feature: series.feature,
      model: series.model ?? '',
      version: series.version ?? '',
      method: series.method ?? '',
      segment: series.segment ?? '',
      reference: series.reference ?? '',
      from,
      to,
    },
    series.linkField,
    grid.sourceIndex[row * grid.times.length + column],
    replaceVariables
  );
}
