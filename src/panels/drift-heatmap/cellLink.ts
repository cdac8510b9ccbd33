import { InterpolateFunction } from '@grafana/data';

import { fillLinkTemplate } from '../shared/links';
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
  if (template.trim() !== '') {
    return fillLinkTemplate(
      template,
      {
        feature: series.feature,
        model: series.model ?? '',
        version: series.version ?? '',
        method: series.method ?? '',
        from,
        to,
      },
      replaceVariables
    );
  }
  const sourceIndex = grid.sourceIndex[row * grid.times.length + column];
  if (sourceIndex < 0 || !series.linkField?.getLinks) {
    return undefined;
  }
  return series.linkField.getLinks({ valueRowIndex: sourceIndex })[0]?.href;
}
