/**
 * The seam between query handlers and live data. A source (Prometheus, Elasticsearch) only answers "how many
 * observations fell where" for a model, per feature and per time window; every statistic (drift scores, rates,
 * confusion metrics) is computed from these counts in one place, so both sources give the same numbers for the
 * same counts and a new source needs no statistics code.
 *
 * Counts use the shapes of `src/drift/types.ts`: numeric features as `BinnedCounts` aligned to the baseline's
 * upper bounds with right-closed buckets (-Inf, b1], (b1, b2], …, (bm, +Inf); categorical features as
 * `CategoryCounts`. A source that cannot deliver exactly that convention says so in `notices`.
 */
import type { ErrorSums } from '../../drift/performance/regression';
import type { BinnedCounts, CategoryCounts, DriftNotice } from '../../drift/types';

/** Which model's live data to read. */
export interface ModelRef {
  model: string;
  version: string;
  /** Only the observations of one segment (a segmented query, `segmentBy`); absent: all of the model's. */
  segment?: SegmentFilter;
}

/**
 * The observations whose segment label (Prometheus) or field (Elasticsearch) has `value`, or, for the rest
 * beyond a query's top segments, any value not in `except` (observations without the label included).
 * `readWith`: every top value of the query, this one included, which a source may read in one request and split
 * by the label (Prometheus does); a source that reads each segment alone ignores it. `readWithRest`: the rest
 * (`other`) is read too, so a source may count it in that same request (Elasticsearch does); the rest's filter
 * then says `readWithTop` (its `except` are the top values, each read with `readWithRest`).
 */
export type SegmentFilter =
  | { label: string; value: string; readWith?: readonly string[]; readWithRest?: boolean }
  | { label: string; except: string[]; readWithTop?: boolean };

/** Observations per segment value over a range, the most first; `labelNames` when no observation has the label. */
export interface SegmentTraffic {
  values: Array<{ value: string; observations: number }>;
  /** Set when the feature's observations exist but none carries the segment label: the labels (fields) they have. */
  labelNames?: string[];
}

/** Epoch milliseconds; a window covers (fromMs, toMs]. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/**
 * Evaluation times `fromMs, fromMs + stepMs, …` up to `toMs`; the window of time t is (t - windowMs, t],
 * the same rolling window as PromQL's `increase(x[window])` evaluated at t.
 */
export interface WindowGrid {
  fromMs: number;
  toMs: number;
  stepMs: number;
  windowMs: number;
}

/** What a document or series stands for: a model input, the model's output, or the true label. */
export type FieldRole = 'feature' | 'prediction' | 'label';

/** What to count for one feature; the bins come from the baseline so live counts align with it. */
export type FeatureSpec =
  | {
      name: string;
      role?: FieldRole;
      kind: 'numeric';
      /** The baseline's finite, strictly increasing upper bounds. */
      upperBounds: number[];
      /** The baseline's observed range, to count values outside it (data quality). */
      observedRange?: { min: number; max: number };
    }
  | {
      name: string;
      role?: FieldRole;
      kind: 'categorical';
      /** The baseline's categories; other live categories are still reported, the rest as `unlisted`. */
      categories: string[];
    };

interface WindowQuality {
  /** Observations in the window that had no value for the feature. */
  missing: number;
  /** NaN / ±Inf values (a source that cannot store them reports 0). */
  nonFinite: number;
}

export interface NumericWindowCounts extends WindowQuality {
  kind: 'numeric';
  binned: BinnedCounts;
  /** Values below the baseline minimum / above its maximum, when `observedRange` was given. */
  belowRange?: number;
  aboveRange?: number;
}

export interface CategoricalWindowCounts extends WindowQuality {
  kind: 'categorical';
  distribution: CategoryCounts;
  /** Observations whose category the source did not itemise (beyond its bucket limit); never dropped. */
  unlisted: number;
}

export type WindowCounts = NumericWindowCounts | CategoricalWindowCounts;

/** What a comparison reads of a window: its histogram or category counts, without the missing values. */
export type LiveDistribution = { kind: 'numeric'; binned: BinnedCounts } | { kind: 'categorical'; distribution: CategoryCounts };

/**
 * A feature's counts in every window of a grid as rows of one matrix, from sources that sum time buckets into
 * windows (Elasticsearch). Readers that go through every window (drift over time) read them here rather than
 * from one `WindowCounts` per window: at 100 features × 288 windows those objects cost more to make and to
 * collect than the statistics computed from them.
 */
export interface WindowCountRows {
  /** Number of windows. */
  readonly length: number;
  /** Window i as a new `WindowCounts` (what `windows[i]` holds). */
  windowAt(i: number): WindowCounts;
  /** Window i's distribution, in objects that the next call reuses: for readers done with a window before the next. */
  distributionAt(i: number): LiveDistribution;
  missing(i: number): number;
  /** Observations of window i that the source did not itemise (categorical features; 0 for numeric ones). */
  unlisted(i: number): number;
}

/** One feature over a grid: `windows[i]` belongs to `times[i]`. */
export interface FeatureWindowSeries {
  feature: string;
  role: FieldRole;
  times: number[];
  windows: WindowCounts[];
  /** The same counts by row, when the source has them so (then `windows` may be made from them on first read). */
  rows?: WindowCountRows;
  /** Observations (documents, histogram count) per window, whether or not they had a value. */
  observations: number[];
  notices: DriftNotice[];
}

/** One feature over a single range. */
export interface FeatureTotals {
  feature: string;
  role: FieldRole;
  counts: WindowCounts;
  observations: number;
  notices: DriftNotice[];
}

/** Labelled outcomes: `counts[i]` observations had true label `actual[i]` and prediction `predicted[i]`. */
export interface ConfusionCounts {
  actual: string[];
  predicted: string[];
  counts: number[];
  /** Outcomes the source could not itemise (more classes than it was asked for); never dropped silently. */
  unlisted: number;
}

export interface ConfusionSeries {
  times: number[];
  windows: ConfusionCounts[];
}

/** What to count of a binary classifier's scores once labels arrive (ROC AUC, PR AUC, calibration). */
export interface ScoreSpec {
  /** The bucket upper bounds to count on (the baseline's); absent: the source's own (Prometheus: the live `le`s). */
  upperBounds?: number[];
}

/** One window's score histograms by actual class, on one set of edges (right-closed buckets, as everywhere). */
export interface ClassScoreWindow {
  upperBounds: number[];
  /** Per actual class (label value as the source spells it): counts per bucket, `upperBounds.length + 1` of them. */
  byActual: Map<string, number[]>;
  /** Labelled observations without a score (Elasticsearch documents whose score field is absent). */
  unscored: number;
  /**
   * Per bucket, the sum of its scores over every class, where the source has it (Elasticsearch): the bucket's
   * mean score, and so the calibration, is then exact. Absent: only counts (Prometheus).
   */
  scoreSums?: number[];
}

export interface ClassScoreWindows {
  times: number[];
  windows: ClassScoreWindow[];
  /** The positive class as the model's binding names it; absent: the binding does not say. */
  positiveClass?: string;
}

/**
 * A regression model's errors once labels arrive (error = prediction − actual), summed per window: `count`
 * labelled predictions, the sum of their absolute errors, and what else the source has (see `ErrorSums`).
 */
export interface ErrorSumWindows {
  times: number[];
  windows: ErrorSums[];
  /** Present when the model's errors are (also) a histogram: windows without sums are read from it, with bounds. */
  histogram?: ErrorHistogramWindows;
}

/** A histogram of |error| or of error per window, on its own edges (Prometheus `regression.errorHistogram`). */
export interface ErrorHistogramWindows {
  kind: 'absolute' | 'signed';
  times: number[];
  /** `sum`: the window's `_sum`, absolute histograms only (a signed `_sum` falls, which `increase()` reads as resets). */
  windows: Array<{ binned: BinnedCounts; sum?: number }>;
}

/** A numeric prediction's exact summaries per window, where the source keeps the values (Elasticsearch). */
export interface PredictionStatsWindows {
  times: number[];
  /** Windows with at least one value; `quantiles[k]` is at the requested level k. */
  windows: Array<{ count: number; min: number; max: number; quantiles: number[] }>;
}

/** The result of any source call: data plus what the caller must know about how it was obtained. */
export interface SourceResult<T> {
  data: T;
  /** E.g. partial results (shard failures, timeouts) as warnings, approximations as info. */
  notices: DriftNotice[];
  /** The upstream query as sent (PromQL, Elasticsearch JSON), for the query inspector. */
  executedQuery?: string;
}

/** For capturing a baseline from live data: what the source can tell about a feature without a baseline. */
export interface FeatureProfile {
  feature: string;
  role: FieldRole;
  kind: 'numeric' | 'categorical';
  observations: number;
  missing: number;
  /** Numeric only. */
  summary?: { n: number; min: number; max: number; mean: number; std: number };
  /** Numeric only: quantile levels in [0, 1] and their (approximate) values, ascending. */
  quantiles?: { levels: number[]; values: number[] };
  /** Categorical only. */
  distribution?: CategoryCounts;
  unlisted?: number;
}

/** What every source's baseline capture needs: the model, the reference window and the features to take. */
export interface CaptureWindow {
  model: string;
  version: string;
  /** The reference window (from, to], epoch milliseconds. */
  fromMs: number;
  toMs: number;
  /** Features to capture; empty: every feature the source has for the model. */
  features?: string[];
  /** ISO 8601 creation time (injected so tests are reproducible). */
  createdAt: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * A live data source. Each method is one upstream round trip (one PromQL range query per metric, one
 * Elasticsearch search), never one per feature or per step. Upstream failures reject with a `BackendError`
 * (`src/backend/errors.ts`) whose source is `downstream`, so handlers report them per refId unchanged.
 */
export interface LiveSource {
  readonly kind: 'prometheus' | 'elasticsearch';
  /** Counts per feature in each rolling window of the grid (drift over time, performance, data quality). */
  featureWindows(model: ModelRef, features: FeatureSpec[], grid: WindowGrid, options?: CallOptions): Promise<SourceResult<FeatureWindowSeries[]>>;
  /** Counts per feature over one range (distribution, instant drift). */
  featureTotals(model: ModelRef, features: FeatureSpec[], range: TimeRange, options?: CallOptions): Promise<SourceResult<FeatureTotals[]>>;
  /** Confusion counts over one range. `classNames` sizes the request; unseen classes are still reported. */
  confusion(model: ModelRef, range: TimeRange, classNames: string[], options?: CallOptions): Promise<SourceResult<ConfusionCounts>>;
  /** Confusion counts in each rolling window of the grid (performance over time). */
  confusionWindows(model: ModelRef, grid: WindowGrid, classNames: string[], options?: CallOptions): Promise<SourceResult<ConfusionSeries>>;
  /**
   * Observations per value of the label (field) `label` over the range, counted on one feature, in one
   * aggregation (`segmentBy`). Optional: a source without it cannot segment.
   */
  segmentTraffic?(model: ModelRef, feature: FeatureSpec, label: string, range: TimeRange, options?: CallOptions): Promise<SourceResult<SegmentTraffic>>;
  /**
   * Score histograms by actual class in each rolling window of a grid, or over one range (instant queries), in
   * one round trip. Optional: a source without it has no ROC AUC, PR AUC or calibration.
   */
  classScores?(model: ModelRef, spec: ScoreSpec, at: WindowGrid | TimeRange, options?: CallOptions): Promise<SourceResult<ClassScoreWindows>>;
  /**
   * A numeric prediction's minimum, maximum and quantiles (levels in [0, 1]) per window, from the values
   * themselves. Optional: a source of histograms (Prometheus) has none.
   */
  predictionStats?(model: ModelRef, levels: number[], at: WindowGrid | TimeRange, options?: CallOptions): Promise<SourceResult<PredictionStatsWindows>>;
  /** Regression error sums in each rolling window of a grid, or over one range. Optional: no MAE, RMSE, bias, MAPE. */
  errorSums?(model: ModelRef, at: WindowGrid | TimeRange, options?: CallOptions): Promise<SourceResult<ErrorSumWindows>>;
  /** Summaries for building a baseline from a reference window (`baselines/capture`). Optional: a source may not profile. */
  profile?(model: ModelRef, features: Array<{ name: string; role?: FieldRole; kind?: 'numeric' | 'categorical' }>, range: TimeRange, options?: CallOptions): Promise<SourceResult<FeatureProfile[]>>;
}
