/**
 * Search bodies for the Elasticsearch source, built as plain JSON objects: user text (model, version, field
 * and category names) only ever appears as a JSON string value, and aggregation names are our own (`f0`,
 * `f0_missing`, …), so nothing a user types can change the structure of a request.
 *
 * Every body has `size: 0` (no documents come back, only aggregations), `track_total_hits: true` (an exact
 * document count to check the aggregations against) and a `bool.filter` on model, version and time, so
 * Elasticsearch can cache the filter and skip scoring.
 */
import type { ElasticsearchErrorFields, FieldSelection } from '../../shared/bindingModel';
import type { ElasticsearchMapping } from '../../shared/settingsModel';
import type { FeatureSpec, FieldRole, ModelRef, TimeRange } from '../sources/types';
import { binKey, nextUp, rightClosedRanges } from './edges';
import type { Json, JsonObject } from './json';
import { segmentClause, segmentTrafficAggregations } from './segments';
import type { TimeBucketLayout } from './timeBuckets';

/** Extra terms buckets beyond the baseline's categories, so new live categories show up by name. */
export const TERMS_MARGIN = 10;
/** Classes requested for a confusion matrix when the baseline names none. */
export const DEFAULT_CLASS_LIMIT = 100;

export const aggName = {
  feature: (index: number) => `f${index}`,
  missing: (index: number) => `f${index}_missing`,
  outOfRange: (index: number) => `f${index}_range`,
  time: 't',
  actual: 'actual',
  predicted: 'predicted',
  scoreSum: 'score_sum',
} as const;

/**
 * Where a model's documents and fields are: the datasource mapping, with what the model's binding says over it
 * (`src/backend/bindings`). Without a binding every extra is absent and the mapping is read as it is.
 */
export interface ElasticsearchLayout extends ElasticsearchMapping {
  /** Field (any path) per feature, over `featurePrefix + name`. */
  featureFields?: Readonly<Record<string, string>>;
  /** Which documents are the model's and the version's; absent: `modelField` / `versionField` equal to them. */
  modelSelection?: FieldSelection;
  versionSelection?: FieldSelection;
  /** One more filter clause (query DSL). */
  filter?: JsonObject;
  /** Values of categorical fields that mean "no value": counted as missing, not as categories. */
  missingValues?: readonly string[];
  /** A binary classifier's numeric score field; absent: `predictionField`. */
  scoreField?: string;
  /** The label value counted as positive, when the binding names it. */
  positiveClass?: string;
  /** A regression model's precomputed error fields; absent: scripts over the prediction and label fields. */
  errorFields?: ElasticsearchErrorFields;
}

/** Keys of the out-of-range aggregation's two ranges: read as bins 0 (below the minimum) and 1 (above the maximum). */
export const OUT_OF_RANGE_KEYS = { below: binKey(0), above: binKey(1) } as const;

export function fieldOf(mapping: ElasticsearchLayout, name: string, role: FieldRole = 'feature'): string {
  switch (role) {
    case 'prediction':
      return mapping.predictionField;
    case 'label':
      return mapping.labelField;
    default:
      return mapping.featureFields?.[name] ?? mapping.featurePrefix + name;
  }
}

function selectionClause(selection: FieldSelection | undefined, defaultField: string, queried: string): JsonObject[] {
  if (selection === 'none') {
    return [];
  }
  return [{ term: { [selection?.field ?? defaultField]: selection?.value ?? queried } }];
}

/** Documents of the model version (of its segment, for a segmented read) in (from, to]; `extra` adds more filter clauses. */
export function modelFilter(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, extra: JsonObject[] = []): JsonObject {
  return {
    bool: {
      filter: [
        ...selectionClause(mapping.modelSelection, mapping.modelField, model.model),
        ...selectionClause(mapping.versionSelection, mapping.versionField, model.version),
        { range: { [mapping.timeField]: { gt: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } },
        ...(mapping.filter ? [mapping.filter] : []),
        ...(model.segment ? [segmentClause(model.segment)] : []),
        ...extra,
      ],
    },
  };
}

/** The aggregations counting one feature: its bins or categories, its missing values, optionally its out-of-range values. */
export function featureAggregations(mapping: ElasticsearchLayout, spec: FeatureSpec, index: number): JsonObject {
  const field = fieldOf(mapping, spec.name, spec.role);
  const missingValues = spec.kind === 'categorical' ? [...(mapping.missingValues ?? [])] : [];
  const aggs: JsonObject = {
    // With values that mean missing, a filter counts them alongside absent fields (its answer reads the same).
    [aggName.missing(index)]:
      missingValues.length === 0
        ? { missing: { field } }
        : { filter: { bool: { should: [{ bool: { must_not: { exists: { field } } } }, { terms: { [field]: missingValues } }], minimum_should_match: 1 } } },
  };
  if (spec.kind === 'numeric') {
    const ranges: Json[] = rightClosedRanges(spec.upperBounds).map((range) => ({ ...range }));
    // Keyed: `"b3":{"doc_count":7}` instead of `{"key":"b3","doc_count":7}`, 15 % less text on a 100-feature ×
    // 288-step answer and a third less JSON.parse time; the parser still reads the array form.
    aggs[aggName.feature(index)] = { range: { field, keyed: true, ranges } };
    if (spec.observedRange) {
      // Below the minimum is [-Inf, min); above the maximum is (max, +Inf) = [nextUp(max), +Inf).
      // Keyed like two bins, so that the answer reads (and packs, see packedBuckets.ts) like the bins'.
      aggs[aggName.outOfRange(index)] = {
        range: {
          field,
          keyed: true,
          ranges: [
            { key: OUT_OF_RANGE_KEYS.below, to: spec.observedRange.min },
            { key: OUT_OF_RANGE_KEYS.above, from: nextUp(spec.observedRange.max) },
          ],
        },
      };
    }
  } else {
    aggs[aggName.feature(index)] = { terms: { field, size: termsSize(spec.categories.length), ...(missingValues.length > 0 ? { exclude: missingValues } : {}) } };
  }
  return aggs;
}

export function termsSize(knownCategories: number): number {
  return Math.max(1, knownCategories) + TERMS_MARGIN;
}

/** Buckets a feature adds to a response per time bucket (for the `search.max_buckets` budget). */
export function bucketCost(spec: FeatureSpec): number {
  const missing = 1;
  if (spec.kind === 'numeric') {
    return spec.upperBounds.length + 1 + missing + (spec.observedRange ? 2 : 0);
  }
  return termsSize(spec.categories.length) + missing;
}

export function searchBody(query: JsonObject, aggs: JsonObject): JsonObject {
  return { size: 0, track_total_hits: true, query, aggs };
}

/** Documents per value of the segment field over one range: one search (`segments.ts`). */
export function segmentTrafficBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, field: string): JsonObject {
  return searchBody(modelFilter(mapping, model, range), segmentTrafficAggregations(field));
}

/** The aggregations counting the features at `indexes` (their positions in `features` name the aggregations). */
export function featureGroupAggregations(mapping: ElasticsearchLayout, features: FeatureSpec[], indexes: readonly number[] = features.map((_, index) => index)): JsonObject {
  const aggs: JsonObject = {};
  for (const index of indexes) {
    Object.assign(aggs, featureAggregations(mapping, features[index], index));
  }
  return aggs;
}

/** Counts of the features over one range: one search. */
export function totalsBody(mapping: ElasticsearchLayout, model: ModelRef, features: FeatureSpec[], range: TimeRange): JsonObject {
  return searchBody(modelFilter(mapping, model, range), featureGroupAggregations(mapping, features));
}

/** A run of consecutive time buckets of a layout, searched together. */
export interface TimeSlice {
  first: number;
  count: number;
}

export const wholeLayout = (layout: TimeBucketLayout): TimeSlice => ({ first: 0, count: layout.bucketCount });

/** The documents of a slice: its buckets are (s, s + I], so the slice is (start of first, end of last]. */
export function sliceRange(layout: TimeBucketLayout, slice: TimeSlice): TimeRange {
  return { fromMs: layout.startMs + slice.first * layout.intervalMs, toMs: layout.startMs + (slice.first + slice.count) * layout.intervalMs };
}

export function dateHistogram(mapping: ElasticsearchLayout, layout: TimeBucketLayout, aggs: JsonObject, slice = wholeLayout(layout)): JsonObject {
  const firstKey = layout.firstKey + slice.first * layout.intervalMs;
  return {
    date_histogram: {
      field: mapping.timeField,
      fixed_interval: `${layout.intervalMs}ms`,
      offset: `${layout.offsetMs}ms`,
      min_doc_count: 0,
      extended_bounds: { min: firstKey, max: firstKey + (slice.count - 1) * layout.intervalMs },
    },
    aggs,
  };
}

/**
 * Splits the time buckets into as few slices as possible such that one slice of `bucketsPerTimeBucket`
 * aggregation buckets each (plus the time bucket itself) stays within `maxBuckets`.
 */
export function planTimeSlices(layout: TimeBucketLayout, bucketsPerTimeBucket: number, maxBuckets: number): TimeSlice[] {
  const size = Math.floor(maxBuckets / (1 + bucketsPerTimeBucket));
  if (size < 1) {
    throw new TooManyBucketsError(
      `one time bucket alone needs ${1 + bucketsPerTimeBucket} aggregation buckets, more than the limit of ${maxBuckets} (search.max_buckets): ` +
        'ask for fewer features or classes, or raise the limit'
    );
  }
  const slices: TimeSlice[] = [];
  for (let first = 0; first < layout.bucketCount; first += size) {
    slices.push({ first, count: Math.min(size, layout.bucketCount - first) });
  }
  return slices;
}

/** One search of a window plan: some features over some time buckets. */
export interface WindowSearch {
  slice: TimeSlice;
  /** Positions in `features` (they name the aggregations). */
  group: number[];
}

/**
 * The searches that count `features` per time bucket with no response over `maxBuckets`: the time axis is sliced
 * so that the largest feature fits, then features are grouped within each slice. All travel in one `_msearch`.
 */
export function planWindowSearches(features: FeatureSpec[], layout: TimeBucketLayout, maxBuckets: number): WindowSearch[] {
  const largest = features.reduce((most, spec) => Math.max(most, bucketCost(spec)), 0);
  const slices = planTimeSlices(layout, largest, maxBuckets);
  const groups = planFeatureGroups(features, slices[0].count, maxBuckets);
  return slices.flatMap((slice) => groups.map((group) => ({ slice, group })));
}

/** Bodies of a window plan, in plan order. */
export function windowBodies(mapping: ElasticsearchLayout, model: ModelRef, features: FeatureSpec[], layout: TimeBucketLayout, searches: WindowSearch[]): JsonObject[] {
  return searches.map(({ slice, group }) =>
    searchBody(modelFilter(mapping, model, sliceRange(layout, slice)), { [aggName.time]: dateHistogram(mapping, layout, featureGroupAggregations(mapping, features, group), slice) })
  );
}

export class TooManyBucketsError extends Error {}

/**
 * Splits features into as few searches as possible, each returning at most `maxBuckets` buckets
 * (time buckets × per-feature buckets).
 */
export function planFeatureGroups(features: FeatureSpec[], timeBuckets: number, maxBuckets: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let used = timeBuckets;
  features.forEach((spec, index) => {
    const cost = timeBuckets * bucketCost(spec);
    if (timeBuckets + cost > maxBuckets) {
      throw new TooManyBucketsError(
        `feature "${spec.name}" alone needs ${timeBuckets + cost} aggregation buckets (${timeBuckets} time buckets), more than ` +
          `the limit of ${maxBuckets} (search.max_buckets): shorten the time range, use a longer step, or raise the limit`
      );
    }
    if (used + cost > maxBuckets && current.length > 0) {
      groups.push(current);
      current = [];
      used = timeBuckets;
    }
    current.push(index);
    used += cost;
  });
  if (current.length > 0 || groups.length === 0) {
    groups.push(current);
  }
  return groups;
}

/** Labelled documents by actual class, each class counted by `perClass` (named `predicted`). */
function byActualClass(mapping: ElasticsearchLayout, classLimit: number, perClass: JsonObject): JsonObject {
  return { [aggName.actual]: { terms: { field: mapping.labelField, size: classLimit }, aggs: { [aggName.predicted]: perClass } } };
}

function confusionAggregations(mapping: ElasticsearchLayout, classLimit: number): JsonObject {
  return byActualClass(mapping, classLimit, { terms: { field: mapping.predictionField, size: classLimit } });
}

/** Classes requested for score histograms: two are expected, the rest are asked for to name them in the error. */
const SCORE_CLASS_LIMIT = 10;

/**
 * The score field's right-closed buckets under each actual class: read as a confusion matrix whose "predicted
 * class" is the bucket key (`b0` … `bm`, see `binKey`), each bucket with the sum of its scores (its exact mean
 * score for calibration, in the same search; a metric, not a bucket, so the bucket budget is unchanged).
 */
function scoreAggregations(mapping: ElasticsearchLayout, upperBounds: readonly number[]): JsonObject {
  const field = mapping.scoreField ?? mapping.predictionField;
  const ranges: Json[] = rightClosedRanges(upperBounds).map((range) => ({ ...range }));
  return byActualClass(mapping, SCORE_CLASS_LIMIT, { range: { field, ranges }, aggs: { [aggName.scoreSum]: { sum: { field } } } });
}

/** Buckets of a score search per time bucket, for two classes. */
export function scoreBucketCost(upperBounds: readonly number[]): number {
  return 2 * (upperBounds.length + 2);
}

export function classLimit(classNames: readonly string[]): number {
  return classNames.length > 0 ? classNames.length + TERMS_MARGIN : DEFAULT_CLASS_LIMIT;
}

/** Only documents that have a true label take part in a confusion matrix. */
function labelled(mapping: ElasticsearchLayout): JsonObject {
  return { exists: { field: mapping.labelField } };
}

/** Label × prediction counts over one range, as nested `terms` (one search, no pagination round trips). */
export function confusionBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, classNames: readonly string[]): JsonObject {
  return labelledBody(mapping, model, range, confusionAggregations(mapping, classLimit(classNames)));
}

/** Score buckets by actual class over one range. */
export function scoreBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, upperBounds: readonly number[]): JsonObject {
  return labelledBody(mapping, model, range, scoreAggregations(mapping, upperBounds));
}

/** Score buckets by actual class per time bucket, one body per time slice. */
export function scoreWindowsBodies(mapping: ElasticsearchLayout, model: ModelRef, layout: TimeBucketLayout, upperBounds: readonly number[], slices: TimeSlice[]): JsonObject[] {
  return labelledWindowsBodies(mapping, model, layout, scoreAggregations(mapping, upperBounds), slices);
}

function labelledBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, aggs: JsonObject): JsonObject {
  return searchBody(modelFilter(mapping, model, range, [labelled(mapping)]), aggs);
}

function labelledWindowsBodies(mapping: ElasticsearchLayout, model: ModelRef, layout: TimeBucketLayout, aggs: JsonObject, slices: TimeSlice[]): JsonObject[] {
  return slices.map((slice) =>
    searchBody(modelFilter(mapping, model, sliceRange(layout, slice), [labelled(mapping)]), { [aggName.time]: dateHistogram(mapping, layout, aggs, slice) })
  );
}

/** Label × prediction counts per time bucket, one body per time slice (see `planTimeSlices`). */
export function confusionWindowsBodies(
  mapping: ElasticsearchLayout,
  model: ModelRef,
  layout: TimeBucketLayout,
  classNames: readonly string[],
  slices: TimeSlice[]
): JsonObject[] {
  return labelledWindowsBodies(mapping, model, layout, confusionAggregations(mapping, classLimit(classNames)), slices);
}

/** Classes assumed for the bucket estimate when the baseline names none. */
const ASSUMED_CLASSES = 10;

/**
 * Buckets of a confusion search per time bucket: every actual class and, under each, every predicted class that
 * occurs. Estimated from the known classes (terms only return classes that occur, not the size asked for); if
 * more classes occur, Elasticsearch's own limit answers with a clear error.
 */
export function confusionBucketCost(classNames: readonly string[]): number {
  const classes = classNames.length > 0 ? classNames.length : ASSUMED_CLASSES;
  return classes + classes * classes;
}
