import type { ColorSchemeId } from '../shared/colorScale';

export type HeatmapColorBy = 'normalized' | 'score';
export type FeatureSort = 'worst' | 'latest' | 'name';

export interface DriftHeatmapOptions {
  /** Normalised score (score / threshold: 1 is the threshold for every method) or the raw score. */
  colorBy: HeatmapColorBy;
  /** Top of the colour scale in normalised mode; the threshold (1) sits at 1 / maxNormalized of the scale. */
  maxNormalized: number;
  sortBy: FeatureSort;
  showFeatureNames: boolean;
  /**
   * URL opened when a cell is clicked, with `${feature}`, `${segment}` and `${reference}` (empty when the row
   * has none), `${model}`, `${version}`, `${method}`, `${from}` and `${to}` (window bounds, epoch ms) filled
   * in, then dashboard variables. Empty: the field's data link.
   */
  cellLink: string;
}

/** The cell colours until the panel's Color scheme field option says otherwise. */
export const DEFAULT_COLOR_SCHEME: ColorSchemeId = 'continuous-GrYlRd';

export const defaultOptions: DriftHeatmapOptions = {
  colorBy: 'normalized',
  maxNormalized: 2,
  sortBy: 'worst',
  showFeatureNames: true,
  cellLink: '',
};
