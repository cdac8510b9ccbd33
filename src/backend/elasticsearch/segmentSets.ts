/**
 * The segments of a segmented query read together on Elasticsearch (`queries/segments.ts`): a read of the model's
 * features (over one range, or per time bucket) is one search for the whole set, whose aggregations are the
 * read's own nested under a `filters` aggregation with one named filter per segment. Each filter is the clause
 * that selects its segment in a search of its own (`segmentClause`: a `term` on the value, for the rest a
 * `must_not` `terms` on the top values, documents without the field included), so each bucket holds exactly the
 * documents that segment's own search would count, and reads like that search's aggregations. Values stay JSON
 * string values of our clauses and bucket names are our own (`s0`, `s1`, …), whatever the values are.
 *
 * A set's answer is about its segment count times one segment's, so it is bounded like one segment's: no search
 * over `search.max_buckets` (members per search and time slices are planned on each member's share of it), and
 * no request over `MAX_BUCKETS_PER_REQUEST`. A small model is one search whatever the number of segments; a large
 * one costs as many searches as its buckets need, not one more per segment.
 */
import type { FeatureSpec, ModelRef, SegmentFilter, TimeRange } from '../sources/types';
import { countAt, type JsonObject, objectAt, optionalObject } from './json';
import {
  aggName,
  bucketCost,
  dateHistogram,
  featureGroupAggregations,
  modelFilter,
  planWindowSearches,
  searchBody,
  sliceRange,
  type ElasticsearchLayout,
  type WindowSearch,
} from './requestBuilder';
import type { SearchOutcome } from './responseParser';
import { segmentClause } from './segments';
import type { TimeBucketLayout } from './timeBuckets';

/** The filters aggregation of a set's search. */
export const SEGMENTS_AGG = 'segments';

/**
 * Buckets one request may answer (about 20 to 30 MB of JSON): a set's searches are sent in as many `_msearch`
 * requests as that takes, so its answer stays well under the upstream client's size cap.
 */
export const MAX_BUCKETS_PER_REQUEST = 1_000_000;

/** A set of segments read together: the top values' segments in the query's order, then the rest if it is read. */
export interface SegmentSet {
  members: SegmentFilter[];
  /** What reads of the same set share (label, values, whether the rest is a member). */
  key: string;
}

/** A segment as a member of its set: the set, and its position there (which names its bucket). */
export interface SetMember {
  set: SegmentSet;
  member: number;
}

/** The name of a member's bucket: our own, never a value. */
export function memberKey(member: number): string {
  return `s${member}`;
}

function setOf(label: string, values: readonly string[], withRest: boolean): SegmentSet {
  const members: SegmentFilter[] = values.map((value) => ({ label, value }));
  if (withRest) {
    members.push({ label, except: [...values] });
  }
  return { members, key: JSON.stringify([label, values, withRest]) };
}

/**
 * The set a segment filter is read with: its `readWith` values (and the rest, when `readWithRest`), or for the
 * rest with `readWithTop`, its `except` values and itself. Undefined for a segment read alone, and for a set of one.
 */
export function setMemberOf(segment: SegmentFilter | undefined): SetMember | undefined {
  if (!segment) {
    return undefined;
  }
  let found: SetMember | undefined;
  if ('value' in segment) {
    const member = segment.readWith?.indexOf(segment.value) ?? -1;
    found = member < 0 ? undefined : { set: setOf(segment.label, segment.readWith ?? [], segment.readWithRest === true), member };
  } else if (segment.readWithTop === true) {
    found = { set: setOf(segment.label, segment.except, true), member: segment.except.length };
  }
  return found && found.set.members.length >= 2 ? found : undefined;
}

/**
 * The members of each search: as many as fit in `maxBuckets` when each brings `memberCost` buckets besides its own
 * filter bucket, in chunks of equal size (the last may be smaller). Undefined when fewer than two fit: then each
 * segment is read alone, exactly as before sets were read together.
 */
export function planMemberChunks(memberCount: number, memberCost: number, maxBuckets: number): number[][] | undefined {
  const fit = Math.floor(maxBuckets / (memberCost + 1));
  if (fit < 2) {
    return undefined;
  }
  const size = Math.ceil(memberCount / Math.ceil(memberCount / fit));
  const chunks: number[][] = [];
  for (let first = 0; first < memberCount; first += size) {
    chunks.push(Array.from({ length: Math.min(size, memberCount - first) }, (_, i) => first + i));
  }
  return chunks;
}

/** The chunk that reads a member. */
export function chunkOf(chunks: readonly number[][], member: number): number {
  return chunks.findIndex((chunk) => chunk.includes(member));
}

/** `aggs` under one filter bucket per member of `chunk`. */
export function segmentsAggregation(set: SegmentSet, chunk: readonly number[], aggs: JsonObject): JsonObject {
  const filters: JsonObject = {};
  for (const member of chunk) {
    filters[memberKey(member)] = segmentClause(set.members[member]);
  }
  return { [SEGMENTS_AGG]: { filters: { filters }, aggs } };
}

/** The model's documents of every segment: the set's filter buckets select the segments. */
function wholeModel(model: ModelRef): ModelRef {
  return { model: model.model, version: model.version };
}

/** Buckets of a totals search per member: every feature's. */
export function totalsMemberCost(features: readonly FeatureSpec[]): number {
  return features.reduce((sum, spec) => sum + bucketCost(spec), 0);
}

/** Counts of the features over one range for every member: one search per chunk. */
export function segmentTotalsBodies(mapping: ElasticsearchLayout, model: ModelRef, features: FeatureSpec[], range: TimeRange, set: SegmentSet, chunks: readonly number[][]): JsonObject[] {
  const aggs = featureGroupAggregations(mapping, features);
  return chunks.map((chunk) => searchBody(modelFilter(mapping, wholeModel(model), range), segmentsAggregation(set, chunk, aggs)));
}

/** A window plan for a set: the members of each search, and the time slices and feature groups every chunk searches. */
export interface SegmentWindowPlan {
  chunks: number[][];
  searches: WindowSearch[];
}

/**
 * The searches counting `features` per time bucket for every member of a set with no answer over `maxBuckets`.
 * The least a member brings to a search is one time bucket of the largest feature; chunks are as large as that
 * allows, and each member of a chunk gets an equal share of the budget (less its filter bucket), on which the time
 * slices and feature groups are planned as for one segment's read. Undefined when two members do not fit.
 */
export function planSegmentWindows(features: FeatureSpec[], layout: TimeBucketLayout, maxBuckets: number, memberCount: number): SegmentWindowPlan | undefined {
  const largest = features.reduce((most, spec) => Math.max(most, bucketCost(spec)), 0);
  const chunks = planMemberChunks(memberCount, 1 + largest, maxBuckets);
  if (!chunks) {
    return undefined;
  }
  const share = Math.floor(maxBuckets / chunks[0].length) - 1;
  return { chunks, searches: planWindowSearches(features, layout, share) };
}

/** Bodies of a set's window plan: for each search of the plan, one per chunk (outcome `s · chunks + c`). */
export function segmentWindowBodies(
  mapping: ElasticsearchLayout,
  model: ModelRef,
  features: FeatureSpec[],
  layout: TimeBucketLayout,
  searches: readonly WindowSearch[],
  set: SegmentSet,
  chunks: readonly number[][]
): JsonObject[] {
  return searches.flatMap(({ slice, group }) => {
    const aggs = { [aggName.time]: dateHistogram(mapping, layout, featureGroupAggregations(mapping, features, group), slice) };
    return chunks.map((chunk) => searchBody(modelFilter(mapping, wholeModel(model), sliceRange(layout, slice)), segmentsAggregation(set, chunk, aggs)));
  });
}

/** Consecutive searches per request, so that no request answers more than `MAX_BUCKETS_PER_REQUEST` buckets. */
export function requestBatches<T>(searches: readonly T[], maxBuckets: number): T[][] {
  const perRequest = Math.max(1, Math.floor(MAX_BUCKETS_PER_REQUEST / maxBuckets));
  const batches: T[][] = [];
  for (let first = 0; first < searches.length; first += perRequest) {
    batches.push(searches.slice(first, first + perRequest));
  }
  return batches;
}

/**
 * One member's part of a set's search, as its own search would have answered: the aggregations of its bucket,
 * its documents (the bucket's count) and the search's notices (copied: a member's read adds its own).
 */
export function memberOutcome(outcome: SearchOutcome, member: number): SearchOutcome {
  const notices = [...outcome.notices];
  const segments = optionalObject(outcome.aggregations[SEGMENTS_AGG], `aggregations.${SEGMENTS_AGG}`);
  // A search over no document may omit `aggregations` entirely; then every member counted nothing.
  if (!segments && outcome.totalHits === 0) {
    return { aggregations: {}, totalHits: 0, notices };
  }
  const path = `aggregations.${SEGMENTS_AGG}.buckets.${memberKey(member)}`;
  const bucket = objectAt(objectAt(objectAt(segments, `aggregations.${SEGMENTS_AGG}`).buckets, `aggregations.${SEGMENTS_AGG}.buckets`)[memberKey(member)], path);
  return { aggregations: bucket, totalHits: countAt(bucket.doc_count, `${path}.doc_count`), notices };
}
