/**
 * The resource API of the datasource (`/api/datasources/uid/<uid>/resources/…`), shared by the backend that answers
 * and the frontend that calls. Errors are answered as `{ "error": "…" }` with a 4xx/5xx status.
 */
import type { BindingDocument } from './bindingModel';
import type { LiveSource } from './queryModel';

export const BASELINE_RESOURCE = 'baselines';
export const BINDING_RESOURCE = 'bindings';

/**
 * `GET check-bindings`: what each model's bindings find in Prometheus (`src/backend/health/checkBindings.ts`)
 * and in Elasticsearch (`src/backend/health/checkElasticsearchBindings.ts`).
 */
export const CHECK_BINDINGS_RESOURCE = 'check-bindings';

/** One baseline feature (or the prediction, or the label) as `check-bindings` and "Save & test" found it. */
export interface FeatureCheck {
  feature: string;
  role: 'feature' | 'prediction' | 'label';
  /** Prometheus: the series selector checked, as sent to `/api/v1/series`; absent for a raw PromQL expression. */
  selector?: string;
  /** Prometheus: live series it matches in the window. Elasticsearch: the model's documents with a value for the field. */
  series: number;
  /** Prometheus: their label names (without `__name__`), sorted. Empty for Elasticsearch. */
  labels: string[];
  /** Elasticsearch: the field checked (any path), and its mapped types across the indices (`_field_caps`). */
  field?: string;
  types?: string[];
  /** Elasticsearch: the model's documents in the window, with or without the field. */
  documents?: number;
  /** Elasticsearch numeric fields: the live values' range against the baseline's. */
  valueRange?: { live: { min: number; max: number }; baseline: { min: number; max: number } };
  /** Numeric features read from classic histograms: the live `le` edges (finite), the baseline's, and how many both have. */
  edges?: { live: number[]; baseline: number[]; shared: number };
  /** The first problem found; absent when the feature reads as a query needs it. */
  problem?: string;
  /** How the feature will be compared where that is not exact (merged or re-binned edges), or what was not checked. */
  note?: string;
}

/** One model of `check-bindings`, on one live source. */
export interface ModelCheck {
  /** `model@version`. */
  baseline: string;
  /** Where it was checked: a model is checked on each configured source (see the README's "Check bindings"). */
  source: LiveSource;
  features: FeatureCheck[];
  /** Features with a problem. */
  problems: number;
  /** Fields beyond the check's limit per model, not checked. */
  unchecked: number;
}

/** The answer of `GET check-bindings`. */
export interface CheckBindingsResponse {
  /** The window looked at, as given (default `1h`). */
  window: string;
  models: ModelCheck[];
}

/** One entry of `GET bindings`: a file of the provisioned binding directory or saved from the app. */
export interface BindingSummary {
  /** File name in the directory. */
  file: string;
  /** Empty when the file is invalid. */
  model: string;
  /** Absent: the binding serves every version of the model that has none of its own. */
  version?: string;
  sources: LiveSource[];
  /** From the provisioned directory (read-only, as code); false: saved from the app. */
  provisioned: boolean;
  /** The checked document, when the file is valid. */
  binding?: BindingDocument;
  /** Why the file binds nothing (each problem names the path of the bad value), or a conflict with another file. */
  invalid?: string[];
}

/** One entry of `GET baselines`. */
export interface BaselineSummary {
  /** `model@version`. */
  id: string;
  model: string;
  version: string;
  /** Feature names, in the baseline's order. */
  features: string[];
  /** ISO 8601 creation time of the baseline document. */
  created: string;
  /** Read from the provisioned directory: read-only, cannot be deleted from Grafana. */
  provisioned: boolean;
  /** Set when the file on disk cannot be read; the reason. */
  corrupt?: string;
}

/** Answer of `POST baselines`, `POST baselines/build` and `POST baselines/capture`. */
export interface BaselineCreated {
  id: string;
}

/** Query string of `POST baselines/build`; the body is the CSV or JSON Lines file itself. */
export interface BuildBaselineParams {
  model: string;
  version: string;
  format: 'csv' | 'tsv' | 'jsonl';
  /** Comma-separated columns to keep; empty: all. */
  columns?: string;
  /** Comma-separated columns to treat as categorical even when they look numeric. */
  categorical?: string;
  /** Number of bins for numeric features. */
  bins?: number;
  /** Column holding the model's prediction: stored as the baseline's prediction distribution. */
  prediction?: string;
  /** Column holding the true label: stored as the baseline's label distribution. */
  label?: string;
  /**
   * Column holding a binary classifier's predicted probability of the positive class: stored as score histograms by
   * actual class (`scores`, the reference for ROC AUC, PR AUC and calibration). Needs `label`.
   */
  score?: string;
  /** With `score`: the label value counted as positive; default: the greater of the label's two values. */
  positiveClass?: string;
  /** With `score`: comma-separated score bucket upper bounds, the live score histogram's; default deciles. */
  scoreEdges?: string;
  /** Column to split the rows by (region, tenant): keeps the distributions of its most frequent values (`segments`). */
  segment?: string;
  /** With `segment`: how many of its values to keep, the most rows first; default 10, at most 50. */
  segmentLimit?: number;
}

/** JSON body of `POST baselines/capture`: a baseline taken from live data over a past time window. */
export interface CaptureBaselineParams {
  model: string;
  version: string;
  source: LiveSource;
  /** Window start and end, epoch milliseconds. */
  from: number;
  to: number;
  /** Features to capture; empty: every feature the source has for this model. */
  features?: string[];
}
