/**
 * Reading `_search` (and `_msearch` item) responses of Elasticsearch 7.17, 8.x, 9.x and OpenSearch 2.x into
 * counts. The versions differ in small ways this module absorbs: `hits.total` is a number (7.x with
 * `rest_total_hits_as_int`, OpenSearch legacy) or `{ value, relation }`; range buckets come as an array or, with
 * `keyed: true`, as an object; terms keys are numbers, strings or booleans with `key_as_string`; metric values
 * of empty sets are `null` (or "NaN" on old servers). Anything that makes counts incomplete (failed shards,
 * `timed_out`, `terminated_early`, skipped remote clusters, approximate totals) becomes a warning notice.
 */
import type { DriftNotice } from '../../drift/types';
import { BackendError } from '../errors';
import type { CategoricalWindowCounts, ConfusionCounts, FeatureSpec, NumericWindowCounts, WindowCounts } from '../sources/types';
import { elasticsearchError } from './errors';
import {
  bucketsAt,
  countAt,
  isObject,
  type Json,
  type JsonObject,
  objectAt,
  optionalObject,
  ResponseShapeError,
  termKey,
} from './json';
import { binKey } from './edges';
import { PackedRangeBuckets, PackedTermsBuckets } from './packedBuckets';
import { aggName } from './requestBuilder';

export interface SearchOutcome {
  aggregations: JsonObject;
  totalHits: number;
  notices: DriftNotice[];
}

const warning = (text: string): DriftNotice => ({ severity: 'warning', text });

function readTotalHits(hits: JsonObject | undefined, notices: DriftNotice[]): number {
  const total = hits?.total;
  if (typeof total === 'number') {
    return countAt(total, 'hits.total');
  }
  const object = objectAt(total, 'hits.total');
  const value = countAt(object.value, 'hits.total.value');
  if (object.relation === 'gte') {
    notices.push(warning(`Elasticsearch counted at least ${value} documents (total not exact)`));
  }
  return value;
}

function shardFailureReasons(shards: JsonObject): string {
  const failures = Array.isArray(shards.failures) ? shards.failures : [];
  const reasons = new Set<string>();
  for (const failure of failures) {
    const reason = isObject(failure) && isObject(failure.reason) ? failure.reason : undefined;
    if (reason) {
      reasons.add([reason.type, reason.reason].filter((part) => typeof part === 'string').join(': '));
    }
  }
  return [...reasons].slice(0, 3).join('; ');
}

/**
 * The aggregations of one successful search, with notices for anything partial. An error body (HTTP error or
 * `_msearch` item) throws the matching per-query error; a search that matched no shard at all is a missing index.
 */
export function readSearchResponse(body: unknown, index: string, status = 200): SearchOutcome {
  const response = objectAt(body, 'response');
  if (response.error !== undefined) {
    throw elasticsearchError(typeof response.status === 'number' ? response.status : status, response, index);
  }
  const notices: DriftNotice[] = [];
  const shards = optionalObject(response._shards, '_shards');
  if (shards) {
    const total = countAt(shards.total, '_shards.total');
    const failed = typeof shards.failed === 'number' ? shards.failed : 0;
    if (total === 0) {
      throw new BackendError(404, `Elasticsearch index pattern "${index}" matches no index`, 'downstream');
    }
    if (failed > 0) {
      const reasons = shardFailureReasons(shards);
      notices.push(
        warning(`${failed} of ${total} Elasticsearch shards failed; counts are partial${reasons ? ` (${reasons})` : ''}`)
      );
    }
  }
  if (response.timed_out === true) {
    notices.push(warning('Elasticsearch timed out before every shard answered; counts are partial'));
  }
  if (response.terminated_early === true) {
    notices.push(warning('Elasticsearch terminated the search early; counts are partial'));
  }
  const clusters = optionalObject(response._clusters, '_clusters');
  if (clusters) {
    const skipped = (typeof clusters.skipped === 'number' ? clusters.skipped : 0) + (typeof clusters.failed === 'number' ? clusters.failed : 0);
    const partial = typeof clusters.partial === 'number' ? clusters.partial : 0;
    if (skipped + partial > 0) {
      notices.push(warning(`${skipped + partial} remote Elasticsearch clusters were skipped or partial; counts are partial`));
    }
  }
  const totalHits = readTotalHits(optionalObject(response.hits, 'hits'), notices);
  // A search over no document may omit `aggregations` entirely; then every count is zero.
  const aggregations = optionalObject(response.aggregations, 'aggregations') ?? {};
  return { aggregations, totalHits, notices };
}

/** Items of an `_msearch` answer, in request order. */
export function msearchItems(body: unknown): unknown[] {
  const responses = objectAt(body, 'msearch response').responses;
  if (!Array.isArray(responses)) {
    throw new ResponseShapeError('expected "responses" in the _msearch answer');
  }
  return responses;
}

function docCount(aggregation: Json | undefined, where: () => string): number {
  // Absent from an empty response (no aggregations at all): nothing was counted.
  return aggregation === undefined ? 0 : countAt(objectAt(aggregation, where).doc_count, () => `${where()}.doc_count`);
}

/**
 * The bin a range bucket key `b<i>` names (packed buckets carry the number already), or an error naming the key
 * when it is not one we asked for.
 */
function binOf(key: unknown, binCount: number, where: () => string): number {
  const bin = typeof key === 'number' ? key : typeof key === 'string' && key.charCodeAt(0) === 98 /* b */ ? Number(key.slice(1)) : NaN;
  if (!Number.isInteger(bin) || bin < 0 || bin >= binCount) {
    throw new ResponseShapeError(`unexpected range bucket key ${JSON.stringify(typeof key === 'number' ? binKey(key) : key)} at ${where()}`);
  }
  return bin;
}

/** Bin counts of a numeric feature's range aggregation, by our own range keys `b0…bm` (never by the echoed, nudged edges). */
export function readBins(aggregation: Json | undefined, binCount: number, where: () => string, into: Float64Array, offset: number): void {
  if (aggregation === undefined) {
    return;
  }
  // The keyed form (what we ask for) is read in place: no array of buckets copied with their keys.
  const keyed = objectAt(aggregation, where).buckets;
  if (keyed instanceof PackedRangeBuckets) {
    const { firstBin, counts } = keyed;
    for (let i = 0; i < counts.length; i++) {
      into[offset + binOf(firstBin + i, binCount, where)] = counts[i];
    }
    return;
  }
  if (isObject(keyed)) {
    for (const key in keyed) {
      const bucket = objectAt(keyed[key], () => `${where()}.buckets.${key}`);
      into[offset + binOf(key, binCount, where)] = countAt(bucket.doc_count, () => `${where()}.buckets.${key}.doc_count`);
    }
    return;
  }
  const buckets = bucketsAt(objectAt(aggregation, where), where);
  for (let i = 0; i < buckets.length; i++) {
    into[offset + binOf(buckets[i].key, binCount, where)] = countAt(buckets[i].doc_count, () => `${where()}.buckets[${i}].doc_count`);
  }
}

/** Documents below and above the baseline's observed range, from a feature's out-of-range aggregation (bins 0 and 1). */
export function readOutOfRange(aggregation: Json | undefined, where: () => string): { below: number; above: number } {
  const counts = new Float64Array(2);
  readBins(aggregation, 2, where, counts, 0);
  return { below: counts[0], above: counts[1] };
}

export interface TermsCounts {
  categories: string[];
  counts: number[];
  /** `sum_other_doc_count`: documents in categories beyond the requested size. */
  other: number;
  /** `doc_count_error_upper_bound` > 0: the counts may be under-estimated. */
  approximate: boolean;
}

export function readTerms(aggregation: Json | undefined, where: () => string): TermsCounts {
  if (aggregation === undefined) {
    return { categories: [], counts: [], other: 0, approximate: false };
  }
  const object = objectAt(aggregation, where);
  const other = object.sum_other_doc_count === undefined ? 0 : countAt(object.sum_other_doc_count, () => `${where()}.sum_other_doc_count`);
  const error = object.doc_count_error_upper_bound;
  const approximate = typeof error === 'number' && error > 0;
  if (object.buckets instanceof PackedTermsBuckets) {
    // Read as packed: string keys and plain counts, nothing to check.
    return { categories: object.buckets.keys, counts: object.buckets.counts, other, approximate };
  }
  const buckets = bucketsAt(object, where);
  const categories: string[] = new Array(buckets.length);
  const counts: number[] = new Array(buckets.length);
  for (let i = 0; i < buckets.length; i++) {
    categories[i] = termKey(buckets[i], () => `${where()}.buckets[${i}]`);
    counts[i] = countAt(buckets[i].doc_count, () => `${where()}.buckets[${i}].doc_count`);
  }
  return { categories, counts, other, approximate };
}

/** Counts of one feature over one range (the top-level aggregations of a totals search). */
export function readFeatureTotals(aggregations: JsonObject, spec: FeatureSpec, index: number): { counts: WindowCounts; approximate: boolean } {
  const at = (name: string) => () => `aggregations.${name}`;
  const missing = docCount(aggregations[aggName.missing(index)], at(aggName.missing(index)));
  const feature = aggregations[aggName.feature(index)];
  if (spec.kind === 'numeric') {
    const bins = new Float64Array(spec.upperBounds.length + 1);
    readBins(feature, bins.length, at(aggName.feature(index)), bins, 0);
    const counts: NumericWindowCounts = {
      kind: 'numeric',
      binned: { upperBounds: [...spec.upperBounds], counts: Array.from(bins) },
      missing,
      nonFinite: 0,
    };
    if (spec.observedRange) {
      const { below, above } = readOutOfRange(aggregations[aggName.outOfRange(index)], at(aggName.outOfRange(index)));
      counts.belowRange = below;
      counts.aboveRange = above;
    }
    return { counts, approximate: false };
  }
  const terms = readTerms(feature, at(aggName.feature(index)));
  const categorical: CategoricalWindowCounts = {
    kind: 'categorical',
    distribution: withBaselineCategories(spec.categories, terms.categories, terms.counts),
    unlisted: terms.other,
    missing,
    nonFinite: 0,
  };
  return { counts: categorical, approximate: terms.approximate };
}

/** The baseline's categories first (zero when unseen), then live categories the baseline does not have. */
export function withBaselineCategories(baseline: readonly string[], live: string[], liveCounts: number[]): { categories: string[]; counts: number[] } {
  const position = new Map<string, number>();
  const categories = [...baseline];
  const counts = baseline.map(() => 0);
  categories.forEach((category, i) => position.set(category, i));
  live.forEach((category, i) => {
    let at = position.get(category);
    if (at === undefined) {
      at = categories.length;
      position.set(category, at);
      categories.push(category);
      counts.push(0);
    }
    counts[at] += liveCounts[i];
  });
  return { categories, counts };
}

/** Label × prediction counts from the nested terms aggregations (`actual`, then `predicted` in each of its buckets). */
export function readConfusion(aggregation: Json | undefined, where: () => string): ConfusionCounts {
  const result: ConfusionCounts = { actual: [], predicted: [], counts: [], unlisted: 0 };
  if (aggregation === undefined) {
    return result;
  }
  const outer = objectAt(aggregation, where);
  result.unlisted += outer.sum_other_doc_count === undefined ? 0 : countAt(outer.sum_other_doc_count, () => `${where()}.sum_other_doc_count`);
  bucketsAt(outer, where).forEach((bucket, i) => {
    const bucketPath = () => `${where()}.buckets[${i}]`;
    const actual = termKey(bucket, bucketPath);
    const inner = readTerms(bucket[aggName.predicted], () => `${bucketPath()}.${aggName.predicted}`);
    let itemised = 0;
    inner.categories.forEach((predicted, j) => {
      result.actual.push(actual);
      result.predicted.push(predicted);
      result.counts.push(inner.counts[j]);
      itemised += inner.counts[j];
    });
    // Labelled documents whose prediction is missing or beyond the class limit: kept as unlisted, not dropped.
    result.unlisted += Math.max(0, countAt(bucket.doc_count, () => `${bucketPath()}.doc_count`) - itemised);
  });
  return result;
}
