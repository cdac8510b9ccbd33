/**
 * Names shared by the backend, which writes frames, and the panels, which read them. Changing a name here
 * changes the wire format: dashboards in the wild read these frames.
 */
import type { DriftMethod, DriftNotice, FeatureKind } from '../drift/types';

/** Frame written by the `distribution` and `baseline` queries: one frame per feature, one row per bin/category. */
export const DISTRIBUTION_FIELDS = {
  bin: 'bin',
  lower: 'lower',
  upper: 'upper',
  baselineCount: 'baseline',
  currentCount: 'current',
  baselineRatio: 'baseline_ratio',
  currentRatio: 'current_ratio',
} as const;

/** `meta.custom` of a distribution frame. */
export interface DistributionFrameCustom {
  feature: string;
  kind: FeatureKind;
  model: string;
  version: string;
  /** Absent on a `baseline` query (nothing to compare with). */
  method?: DriftMethod;
  statistic?: number;
  statisticUpperBound?: number;
  pValue?: number;
  threshold?: number;
  drift?: boolean;
  notices?: DriftNotice[];
}

/** Long frame written by the `confusion` query. */
export const CONFUSION_FIELDS = {
  actual: 'actual',
  predicted: 'predicted',
  count: 'count',
} as const;

/** Labels on every drift series, so one alert rule can address any feature. */
export const DRIFT_LABELS = {
  model: 'model',
  version: 'version',
  feature: 'feature',
  method: 'method',
} as const;
