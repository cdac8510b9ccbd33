import type { DriftMethod } from '../../drift/types';
import type { CurveKind } from './curves';

/** Feature distributions (histogram, cdf), or a binary classifier's curves from `performance` queries. */
export type DistributionView = 'histogram' | 'cdf' | CurveKind;
export type DistributionNormalization = 'proportion' | 'count' | 'density';
export type FeatureOrder = 'drift' | 'name';

export interface DistributionOptions {
  view: DistributionView;
  /** Proportions compare windows of different sizes; density also corrects for unequal bin widths. */
  normalization: DistributionNormalization;
  /** refId of the query returning the reference window (Prometheus histograms and raw series only). */
  referenceQuery: string;
  /** Method for statistics computed in the browser; 'auto' lets the engine choose from kind and size. */
  method: DriftMethod | 'auto';
  /** Threshold for statistics computed in the browser; 0 means the method's default. */
  threshold: number;
  sortBy: FeatureOrder;
  /** Small multiples never get narrower than this (pixels); more features wrap to more rows and scroll. */
  minChartWidth: number;
  maxFeatures: number;
  showStats: boolean;
  /** Outline the bins that carry most of the score (up to this many; 0: none). */
  highlightContributors: number;
  /** URL opened from a feature's title, with `${feature}`, `${model}`, `${version}` and dashboard variables. */
  featureLink: string;
}

/** The curve a view draws, or undefined for the feature-distribution views. */
export function curveKindOf(view: DistributionView): CurveKind | undefined {
  return view === 'roc' || view === 'calibration' ? view : undefined;
}

export const defaultOptions: DistributionOptions = {
  view: 'histogram',
  normalization: 'proportion',
  referenceQuery: 'B',
  method: 'auto',
  threshold: 0,
  sortBy: 'drift',
  minChartWidth: 320,
  maxFeatures: 48,
  showStats: true,
  highlightContributors: 3,
  featureLink: '',
};
