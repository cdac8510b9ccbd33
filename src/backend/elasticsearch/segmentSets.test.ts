import type { FeatureSpec, SegmentFilter } from '../sources/types';
import type { JsonObject } from './json';
import { bucketCost, modelFilter, totalsBody, windowBodies, type ElasticsearchLayout } from './requestBuilder';
import {
  chunkOf,
  MAX_BUCKETS_PER_REQUEST,
  memberOutcome,
  planMemberChunks,
  planSegmentWindows,
  requestBatches,
  SEGMENTS_AGG,
  segmentTotalsBodies,
  segmentWindowBodies,
  setMemberOf,
  totalsMemberCost,
} from './segmentSets';
import { layoutTimeBuckets } from './timeBuckets';

const mapping = { modelField: 'model', versionField: 'version', timeField: '@timestamp', featurePrefix: 'features.' } as ElasticsearchLayout;
const range = { fromMs: 0, toMs: 3_600_000 };
const HOSTILE = 'a"b{c}|.*\n"}]} or *';
const VALUES = ['eu', HOSTILE, '', '(.*)', '{"x":1}'];
const features: FeatureSpec[] = [
  { name: 'age', kind: 'numeric', upperBounds: [18, 30.5, 65], observedRange: { min: 1, max: 99 } },
  { name: 'plan', kind: 'categorical', categories: ['free', 'pro'] },
];

const valueFilter = (value: string, readWithRest = true): SegmentFilter => ({ label: 'region', value, readWith: VALUES, readWithRest });
const REST: SegmentFilter = { label: 'region', except: VALUES, readWithTop: true };

/** The query clauses of a body: its model filter. */
const filterOf = (body: JsonObject) => (body.query as { bool: { filter: JsonObject[] } }).bool.filter;

describe('setMemberOf', () => {
  it('a top value and the rest are members of the same set, the rest last', () => {
    const first = setMemberOf(valueFilter('eu'));
    const rest = setMemberOf(REST);
    expect(first).toMatchObject({ member: 0 });
    expect(setMemberOf(valueFilter(''))).toMatchObject({ member: 2 });
    expect(rest).toMatchObject({ member: VALUES.length });
    expect(rest?.set).toEqual(first?.set);
    expect(first?.set.members.at(-1)).toEqual({ label: 'region', except: VALUES });
  });

  it('without the rest, the set is the top values alone, a different set', () => {
    const set = setMemberOf(valueFilter('eu', false))?.set;
    expect(set?.members).toEqual(VALUES.map((value) => ({ label: 'region', value })));
    expect(set?.key).not.toBe(setMemberOf(valueFilter('eu'))?.set.key);
  });

  it('a segment read alone, a set of one, or a value not in its set is no member', () => {
    expect(setMemberOf(undefined)).toBeUndefined();
    expect(setMemberOf({ label: 'region', value: 'eu' })).toBeUndefined();
    expect(setMemberOf({ label: 'region', except: ['eu'] })).toBeUndefined();
    expect(setMemberOf({ label: 'region', value: 'eu', readWith: ['eu'], readWithRest: false })).toBeUndefined();
    expect(setMemberOf({ label: 'region', value: 'us', readWith: ['eu', 'fr'] })).toBeUndefined();
    // One top value and the rest are two segments: read together.
    expect(setMemberOf({ label: 'region', value: 'eu', readWith: ['eu'], readWithRest: true })).toMatchObject({ member: 0 });
  });
});

describe('planMemberChunks', () => {
  it('all members in one search when they fit, else equal chunks that each fit', () => {
    expect(planMemberChunks(4, 10, 1000)).toEqual([[0, 1, 2, 3]]);
    const chunks = planMemberChunks(51, 99, 2000)!;
    // 20 members of 100 buckets fit in 2000: three chunks of 17.
    expect(chunks.map((c) => c.length)).toEqual([17, 17, 17]);
    expect(chunks.flat()).toEqual(Array.from({ length: 51 }, (_, i) => i));
    expect(chunkOf(chunks, 34)).toBe(2);
  });

  it('none when two members do not fit (each segment is then read alone)', () => {
    expect(planMemberChunks(3, 600, 1000)).toBeUndefined();
  });
});

describe('totals of a set', () => {
  const inSet = setMemberOf(valueFilter('eu'))!;

  it('one search nests the totals aggregations under one named filter per member, the same clauses as each segment alone', () => {
    const [body, ...more] = segmentTotalsBodies(mapping, { model: 'm', version: '1', segment: valueFilter('eu') }, features, range, inSet.set, [[0, 1, 2, 3, 4, 5]]);
    expect(more).toEqual([]);
    const alone = (segment: SegmentFilter) => totalsBody(mapping, { model: 'm', version: '1', segment }, features, range);
    // The set's search selects the model's documents of every segment; each filter is a segment's own last clause.
    expect(body.query).toEqual(modelFilter(mapping, { model: 'm', version: '1' }, range));
    const aggregation = body.aggs as JsonObject;
    const filters = (aggregation[SEGMENTS_AGG] as { filters: { filters: JsonObject } }).filters.filters;
    expect(Object.keys(filters)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    [...VALUES.map((v) => valueFilter(v)), REST].forEach((segment, i) => expect(filters[`s${i}`]).toEqual(filterOf(alone(segment)).at(-1)));
    expect((aggregation[SEGMENTS_AGG] as JsonObject).aggs).toEqual(alone(valueFilter('eu')).aggs);
  });

  it('hostile values, the empty string and regex characters stay plain term values through the wire format', () => {
    const [body] = JSON.parse(JSON.stringify(segmentTotalsBodies(mapping, { model: 'm', version: '1' }, features, range, inSet.set, [[1, 2, 3, 4, 5]])));
    const filters = body.aggs[SEGMENTS_AGG].filters.filters;
    expect(filters.s1).toEqual({ term: { region: HOSTILE } });
    expect(filters.s2).toEqual({ term: { region: '' } });
    expect(filters.s3).toEqual({ term: { region: '(.*)' } });
    expect(filters.s4).toEqual({ term: { region: '{"x":1}' } });
    expect(filters.s5).toEqual({ bool: { must_not: [{ terms: { region: VALUES } }] } });
  });

  it('a member costs every feature its buckets', () => {
    expect(totalsMemberCost(features)).toBe(bucketCost(features[0]) + bucketCost(features[1]));
  });
});

describe('windows of a set', () => {
  const layout = layoutTimeBuckets({ fromMs: 3_600_000, toMs: 86_400_000, stepMs: 300_000, windowMs: 3_600_000 });
  const inSet = setMemberOf(valueFilter('eu'))!;

  /** Buckets of a body's answer at most: filter buckets, and per member its time buckets with every feature's. */
  function answerBuckets(body: JsonObject): number {
    const segments = (body.aggs as JsonObject)[SEGMENTS_AGG] as { filters: { filters: JsonObject }; aggs: { t: { date_histogram: { extended_bounds: { min: number; max: number } }; aggs: JsonObject } } };
    const members = Object.keys(segments.filters.filters).length;
    const { min, max } = segments.aggs.t.date_histogram.extended_bounds;
    const timeBuckets = (max - min) / layout.intervalMs + 1;
    const groupCost = features.filter((_, i) => `f${i}` in segments.aggs.t.aggs).reduce((sum, spec) => sum + bucketCost(spec), 0);
    return members + members * timeBuckets * (1 + groupCost);
  }

  it('one search for every member when the whole set fits; the same time histogram as one segment alone', () => {
    const plan = planSegmentWindows(features, layout, 65_536, inSet.set.members.length)!;
    expect(plan.chunks).toEqual([[0, 1, 2, 3, 4, 5]]);
    const bodies = segmentWindowBodies(mapping, { model: 'm', version: '1' }, features, layout, plan.searches, inSet.set, plan.chunks);
    expect(bodies).toHaveLength(1);
    const [alone] = windowBodies(mapping, { model: 'm', version: '1' }, features, layout, plan.searches);
    expect(((bodies[0].aggs as JsonObject)[SEGMENTS_AGG] as JsonObject).aggs).toEqual(alone.aggs);
  });

  it('a small bucket budget slices time and chunks members, and no search answers more than the budget', () => {
    // 60: four members of one time bucket of the largest feature fit, so six go in two chunks of three.
    expect(planSegmentWindows(features, layout, 60, inSet.set.members.length)!.chunks).toEqual([[0, 1, 2], [3, 4, 5]]);
    for (const maxBuckets of [60, 200, 1000, 5000]) {
      const plan = planSegmentWindows(features, layout, maxBuckets, inSet.set.members.length)!;
      const bodies = segmentWindowBodies(mapping, { model: 'm', version: '1' }, features, layout, plan.searches, inSet.set, plan.chunks);
      expect(bodies).toHaveLength(plan.searches.length * plan.chunks.length);
      for (const body of bodies) {
        expect(answerBuckets(body)).toBeLessThanOrEqual(maxBuckets);
      }
      // Every member reads every time bucket of every feature.
      const covered = plan.searches.reduce((sum, s) => sum + s.slice.count * s.group.length, 0);
      expect(covered).toBe(layout.bucketCount * features.length);
    }
  });

  it('none when two members cannot share one time bucket of the largest feature', () => {
    expect(planSegmentWindows(features, layout, 2 * (1 + bucketCost(features[1])) + 1, 6)).toBeUndefined();
  });
});

describe('requestBatches', () => {
  it('as many searches per request as keep its answer under the request budget', () => {
    const searches = Array.from({ length: 40 }, (_, i) => i);
    const perRequest = Math.floor(MAX_BUCKETS_PER_REQUEST / 65_536);
    expect(requestBatches(searches, 65_536).map((b) => b.length)).toEqual([perRequest, perRequest, 40 - 2 * perRequest]);
    expect(requestBatches(searches, 10 * MAX_BUCKETS_PER_REQUEST)).toHaveLength(40);
    expect(requestBatches([1], 65_536)).toEqual([[1]]);
  });
});

describe('memberOutcome', () => {
  const outcome = {
    totalHits: 12,
    notices: [{ severity: 'warning' as const, text: '1 of 2 Elasticsearch shards failed; counts are partial' }],
    aggregations: { [SEGMENTS_AGG]: { buckets: { s0: { doc_count: 9, f0_missing: { doc_count: 1 } }, s1: { doc_count: 3 } } } },
  };

  it('a member reads as its own search: its bucket as the aggregations, its count as the documents, the notices copied', () => {
    const part = memberOutcome(outcome, 0);
    expect(part).toEqual({ aggregations: { doc_count: 9, f0_missing: { doc_count: 1 } }, totalHits: 9, notices: outcome.notices });
    expect(part.notices).not.toBe(outcome.notices);
    expect(memberOutcome(outcome, 1).totalHits).toBe(3);
  });

  it('an answer over no document may have no aggregations: every member counted nothing', () => {
    expect(memberOutcome({ totalHits: 0, notices: [], aggregations: {} }, 4)).toEqual({ aggregations: {}, totalHits: 0, notices: [] });
  });

  it('a missing bucket or count is an error naming where', () => {
    expect(() => memberOutcome(outcome, 2)).toThrow(/aggregations\.segments\.buckets\.s2/);
    expect(() => memberOutcome({ ...outcome, aggregations: { [SEGMENTS_AGG]: { buckets: { s0: { doc_count: -1 } } } } }, 0)).toThrow(/s0\.doc_count/);
    expect(() => memberOutcome({ ...outcome, aggregations: {} }, 0)).toThrow(/aggregations\.segments/);
  });
});
