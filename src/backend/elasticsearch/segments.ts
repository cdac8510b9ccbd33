/**
 * Segments on Elasticsearch (`segmentBy`, see `queries/segments.ts`): one terms aggregation ranks the values of
 * the segment field by documents over the range; each segment's searches then carry one more filter clause, a
 * `term` on its value, or for the rest a `must_not` `terms` on the top values (documents without the field
 * included). Values are JSON string values of our own clauses, never part of the structure.
 */
import type { SegmentFilter, SegmentTraffic } from '../sources/types';
import { bucketsAt, countAt, type JsonObject, objectAt, optionalObject, termKey } from './json';

/** Values a ranking lists: far more than any segment limit, few enough to stay one small answer. */
export const LISTED_SEGMENT_VALUES = 500;

const AGG = { values: 'segment_values', without: 'segment_missing' } as const;

/** The filter clause selecting a segment's documents. */
export function segmentClause(segment: SegmentFilter): JsonObject {
  return 'value' in segment ? { term: { [segment.label]: segment.value } } : { bool: { must_not: [{ terms: { [segment.label]: [...segment.except] } }] } };
}

/** The aggregations ranking the segment field's values (to add to a search of the model's documents). */
export function segmentTrafficAggregations(field: string): JsonObject {
  return {
    [AGG.values]: { terms: { field, size: LISTED_SEGMENT_VALUES } },
    [AGG.without]: { missing: { field } },
  };
}

/**
 * Documents per listed value; `beyondListed` counts the documents of values beyond the listed ones (they are
 * still read, as part of `other`) and `withoutField` those without a value for the field.
 */
export function readSegmentTraffic(aggregations: JsonObject): { traffic: SegmentTraffic; beyondListed: number; withoutField: number } {
  const values = objectAt(aggregations[AGG.values], `aggregations.${AGG.values}`);
  const buckets = bucketsAt(values, `aggregations.${AGG.values}`);
  const without = optionalObject(aggregations[AGG.without], `aggregations.${AGG.without}`);
  return {
    traffic: {
      values: buckets.map((bucket, i) => ({ value: termKey(bucket, `aggregations.${AGG.values}.buckets[${i}]`), observations: countAt(bucket.doc_count, `aggregations.${AGG.values}.buckets[${i}].doc_count`) })),
    },
    beyondListed: values.sum_other_doc_count === undefined ? 0 : countAt(values.sum_other_doc_count, `aggregations.${AGG.values}.sum_other_doc_count`),
    withoutField: without ? countAt(without.doc_count ?? 0, `aggregations.${AGG.without}.doc_count`) : 0,
  };
}

/** Field names of a `_field_caps` answer, without Elasticsearch's own (`_id`, `_source`, …) and object parents. */
export function fieldNames(fieldCaps: unknown): string[] {
  const fields = objectAt(objectAt(fieldCaps, '_field_caps').fields, '_field_caps.fields');
  return Object.keys(fields).filter((name) => !name.startsWith('_') && !Object.keys(objectAt(fields[name], `fields.${name}`)).every((type) => type === 'object' || type === 'nested'));
}
