/**
 * Shared data model of the drift engine. Everything here is plain data, so a baseline written by the CLI
 * can be read by the backend and the panels without conversion.
 *
 * Bin convention (same as Prometheus classic histograms): a numeric histogram is described by its finite,
 * strictly increasing upper bounds b_1 < … < b_m and m + 1 counts for the buckets
 * (-Inf, b_1], (b_1, b_2], …, (b_{m-1}, b_m], (b_m, +Inf). Underflow and overflow buckets always exist,
 * so every finite value has a home and no observation is silently dropped.
 */

export type DriftMethod =
  | 'psi'
  | 'kl'
  | 'js'
  | 'hellinger'
  | 'wasserstein'
  | 'wasserstein_norm'
  | 'ks'
  | 'chi2'
  | 'z'
  | 'linf';

export type FeatureKind = 'numeric' | 'categorical';

/** Right-closed buckets, see the module comment. `counts.length === upperBounds.length + 1`. */
export interface BinnedCounts {
  upperBounds: number[];
  /** Non-negative; may be fractional (Prometheus `increase()` extrapolates). */
  counts: number[];
}

/** Categories and their counts, in parallel arrays (no object keys: category names are user data). */
export interface CategoryCounts {
  categories: string[];
  counts: number[];
}

/** Values that could not enter the distribution, counted rather than dropped. */
export interface MissingCounts {
  /** Empty cells, nulls, absent fields. */
  missing: number;
  /** NaN, +Inf, -Inf in a numeric column. */
  nonFinite: number;
}

export interface NumericSummary {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (ddof = 0), as Evidently normalises Wasserstein with it. */
  std: number;
  /** Quantile levels in [0, 1] and their values, ascending. */
  quantiles: { levels: number[]; values: number[] };
}

export interface NumericBaselineFeature extends MissingCounts {
  name: string;
  kind: 'numeric';
  histogram: BinnedCounts;
  summary: NumericSummary;
  /** Data-driven thresholds per method, computed from chunks of the reference (mean + 3·std). */
  thresholds?: Partial<Record<DriftMethod, number>>;
}

export interface CategoricalBaselineFeature extends MissingCounts {
  name: string;
  kind: 'categorical';
  distribution: CategoryCounts;
  n: number;
  thresholds?: Partial<Record<DriftMethod, number>>;
}

export type BaselineFeature = NumericBaselineFeature | CategoricalBaselineFeature;

/** The version documents are written in; version 1 is still read (see `migrateBaseline` in baseline/validate.ts). */
export const BASELINE_SCHEMA_VERSION = 2;

/**
 * Versions a reader accepts. A version-1 document is a version-2 document without `scores`, so both fit the one
 * interface; whatever passed `validateBaseline` says 2.
 */
export type BaselineSchemaVersion = 1 | typeof BASELINE_SCHEMA_VERSION;

/** The versioned baseline document (JSON Schema: `schemas/baseline.schema.json`). */
export interface BaselineDocument {
  schemaVersion: BaselineSchemaVersion;
  model: string;
  version: string;
  /** ISO 8601. */
  createdAt: string;
  source?: { kind: 'file' | 'prometheus' | 'elasticsearch' | 'upload'; description?: string; rows?: number };
  features: BaselineFeature[];
  /** Distribution of the model's predictions on the reference data (a numeric one as a histogram, like a feature). */
  prediction?: BaselineFeature;
  /** Distribution of the true labels on the reference data. */
  label?: BaselineFeature;
  classNames?: string[];
  /** Schema version 2: a binary classifier's score histograms by actual class (`mldrift baseline build --score --label`). */
  scores?: BaselineScores;
  /** How the document was obtained where a reader must know (categories merged into `other`, sketch quantiles). */
  notes?: string[];
  /** Per-segment reference distributions (`mldrift baseline build --segment COL`), for queries segmented by `by`. */
  segments?: BaselineSegments;
}

/**
 * The reference rows split by one column (region, tenant, device): the values with the most rows, each with its
 * features counted on the same edges and categories as the document's `features` (a subset of them, same names).
 */
export interface BaselineSegments {
  /** The column the rows were split by; a query segmented by the label or field of this name reads these. */
  by: string;
  values: BaselineSegment[];
}

export interface BaselineSegment {
  value: string;
  /** Reference rows with this value. */
  rows: number;
  features: BaselineFeature[];
}

/**
 * A binary classifier's scores on the reference data, split by the actual class, on shared edges (the engine's
 * bucket convention: upper bounds b_1 < … < b_m, m + 1 right-closed buckets). References for ROC AUC, PR AUC and
 * calibration, and for CBPE.
 */
export interface BaselineScores {
  /** Column of the predicted probability of the positive class. */
  score: string;
  /** Column of the actual class. */
  label: string;
  /** The label value counted as positive. */
  positiveClass: string;
  upperBounds: number[];
  /** Per bucket: rows whose actual class is the positive class. */
  positives: number[];
  /** Per bucket: the other rows with a label. */
  negatives: number[];
  /** Per bucket: mean score of its rows (absent for an empty bucket's value: NaN is not JSON, so 0 with count 0). */
  meanScores?: number[];
}

export type Severity = 'info' | 'warning' | 'error';

/** Something the caller must know about how a number was obtained (merged bins, unseen categories, …). */
export interface DriftNotice {
  severity: Severity;
  text: string;
}

export interface DriftResult {
  feature: string;
  method: DriftMethod;
  statistic: number;
  /** Only for tests (ks, chi2, z). */
  pValue?: number;
  threshold: number;
  drift: boolean;
  /** For binned KS: the statistic at shared edges is a lower bound; this is the matching upper bound. */
  statisticUpperBound?: number;
  referenceCount: number;
  currentCount: number;
  notices: DriftNotice[];
  /** Values of each side that could not enter the statistic (missing, NaN/±Inf), counted rather than dropped. */
  excluded?: { reference: MissingCounts; current: MissingCounts };
  /** For tests: how the p-value was obtained (e.g. KS 'exact' or 'asymptotic'). */
  pValueMethod?: string;
}

/** One side of a comparison, as the engine accepts it: raw samples or aggregates. */
export type FeatureInput =
  | ({ kind: 'numeric'; samples: ArrayLike<number> } & Partial<MissingCounts>)
  | ({ kind: 'numeric'; binned: BinnedCounts; summary?: Partial<NumericSummary> } & Partial<MissingCounts>)
  | ({ kind: 'categorical'; distribution: CategoryCounts } & Partial<MissingCounts>)
  | ({ kind: 'categorical'; samples: ArrayLike<string> } & Partial<MissingCounts>);

export interface CompareOptions {
  /** Omitted: chosen automatically from the feature kind and sample size (documented in `methods.ts`). */
  method?: DriftMethod;
  /** Omitted: the baseline's data-driven threshold if given, else the method's default. */
  threshold?: number;
  /** Categorical only: keep at most this many categories (>= 2), the rest summed into an "(other)" bucket. */
  maxCategories?: number;
}
