import type { ColorSchemeId } from '../shared/colorScale';

export type Normalization = 'none' | 'row' | 'column' | 'all';
export type ClassOrder = 'name' | 'support' | 'errors';

export interface ConfusionMatrixOptions {
  /** Colour and show counts, or shares of the row (recall), column (precision) or grand total. */
  normalization: Normalization;
  classOrder: ClassOrder;
  /** Numbers inside cells, when a cell is large enough to hold one. */
  showValues: boolean;
  showMetrics: boolean;
  /** Length of the most-confused-pairs list; 0 hides it. */
  topConfusedPairs: number;
  /** Cells never shrink below this; the matrix scrolls instead. */
  minCellSize: number;
}

/** The cell colours until the panel's Color scheme field option says otherwise. */
export const DEFAULT_COLOR_SCHEME: ColorSchemeId = 'continuous-blues';

export const defaultOptions: ConfusionMatrixOptions = {
  normalization: 'row',
  classOrder: 'name',
  showValues: true,
  showMetrics: true,
  topConfusedPairs: 10,
  minCellSize: 12,
};
