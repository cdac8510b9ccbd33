/**
 * Names shared by the backend, which writes frames, and the panels, which read them. Changing a name here
 * changes the wire format: dashboards in the wild read these frames.
 */
import type { TopContributor } from '../drift/explain';
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
  /**
   * The bin's share of the score (0 to 1; kl shares may be negative, see `drift/explain.ts`); for ks, 1 on the
   * bucket whose upper edge carries the largest CDF gap. Absent when the score is not split by bin.
   */
  contribution: 'contribution',
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
  /** The bins that carry the score, largest first (at most 3). */
  topContributors?: TopContributor[];
  /** With a live reference: what the `baseline` columns hold instead of the stored baseline (`7d earlier`, `version v1`, …). */
  reference?: string;
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
  /** Only on series compared with a live reference (`reference` in the query): what they were compared with. */
  reference: 'reference',
  /** Only on series of a segmented query (`segmentBy`): the segment value, or `SEGMENT_OTHER` for the rest. */
  segment: 'segment',
} as const;

/** The `segment` label of the series that sums every segment value beyond the query's limit. */
export const SEGMENT_OTHER = 'other';

/**
 * Drift series (`timeseries-multi`, one frame per feature and quantity): a time field and one number field
 * labelled with `DRIFT_LABELS`. The number field's name says which quantity it carries; the drift heatmap
 * also recognises these words inside a Prometheus `__name__` label, so recorded metrics work too.
 */
export const DRIFT_VALUE_FIELDS = {
  /** The statistic of the method in the `method` label. */
  score: 'score',
  /** score / threshold: 1 is the threshold whatever the method. */
  normalizedScore: 'normalized_score',
  /** Only for methods that are tests (ks, chi2, z). */
  pValue: 'p_value',
} as const;

/**
 * The explanation and multiple-testing parts of drift frames (query options `explain`, `correction`):
 * - range queries that explain add a string field `top_contributors` to each series, one line per point
 *   (`(80, 120] 62 %, (120, +Inf] 21 %`; for ks `<= 80 (baseline 0.62, current 0.41)`);
 * - instant queries that explain return, per feature, one number `top_contribution`: the share of the score
 *   (0 to 1) the largest contributor carries, with that bin in the label `bin` (1 for a ks gap);
 * - with a correction, `field.config.custom.correction` names it: p-values and normalised scores are adjusted.
 */
export const DRIFT_EXPLANATION = {
  topContributorsField: 'top_contributors',
  topContribution: 'top_contribution',
  binLabel: 'bin',
  correctionCustomKey: 'correction',
} as const;

/**
 * The `drift_share` series (query option `includeDriftShare`): drifting features / features at each step (tests
 * by their adjusted p-values), labels model and version. Range queries add it to the features' series; an
 * instant query returns it alone, so that an alert rule's condition on it sees no other series.
 */
export const DRIFT_SHARE_FIELD = 'drift_share';

/**
 * Where a drift series carries its threshold, read by the panels in this order:
 * 1. `field.config.custom.threshold` (a number, same unit as the score);
 * 2. `field.config.thresholds.steps`: the first step with a finite value.
 * A normalised-score series needs neither: its threshold is 1.
 */
export const DRIFT_THRESHOLD_CUSTOM_KEY = 'threshold';

/**
 * Length in milliseconds of the window that ends at each point's timestamp, read from
 * `field.config.custom.windowMs`, else from the standard `field.config.interval`, else from the spacing
 * of consecutive points. A point at time t describes the window (t - windowMs, t].
 */
export const DRIFT_WINDOW_CUSTOM_KEY = 'windowMs';

/**
 * Curve frames of a `performance` query (metrics `roc_curve`, `calibration_curve`): one table frame per curve and
 * side, named by the curve, `meta.custom` typed by `PerformanceCurveCustom`. `side` is `live` (the query's range) or
 * `baseline` (the stored baseline's score histograms), so a panel draws both. Rows follow the score thresholds
 * from high to low (roc: from (0, 0) to (1, 1)); calibration rows are the score buckets that hold observations.
 */
export const PERFORMANCE_CURVES = {
  roc: {
    frameName: 'roc_curve',
    falsePositiveRate: 'false_positive_rate',
    truePositiveRate: 'true_positive_rate',
    /** The score at or above which an observation counts as positive at this point. */
    threshold: 'threshold',
  },
  calibration: {
    frameName: 'calibration_curve',
    /** Mean predicted probability of the bucket (the bucket's midpoint when the source has no score sum). */
    meanPredicted: 'mean_predicted',
    observedRate: 'observed_rate',
    count: 'count',
  },
} as const;

export interface PerformanceCurveCustom {
  model: string;
  version: string;
  side: 'live' | 'baseline';
  /** roc_curve: the area under the curve and its bounds from the binning (equal on exact data). */
  auc?: number;
  aucLower?: number;
  aucUpper?: number;
  /** calibration_curve: the expected calibration error. */
  expectedCalibrationError?: number;
  notices?: DriftNotice[];
}
