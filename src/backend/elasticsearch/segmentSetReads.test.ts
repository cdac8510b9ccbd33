/**
 * The Elasticsearch source reading the segments of a set (`segmentSets.ts`) with a stand-in transport that answers
 * every search with the counts of hand-written documents per segment: the segments share one search, each reads
 * its own bucket as its own search would answer, and a segment outside a set is still one search of its own.
 */
import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import type { FeatureSpec, ModelRef, SegmentFilter } from '../sources/types';
import type { JsonObject } from './json';
import { SEGMENTS_AGG } from './segmentSets';
import { ElasticsearchSource } from './source';
import { parseAnswer, type SearchTransport } from './transport';

const range = { fromMs: 0, toMs: 3_600_000 };
const plan: FeatureSpec = { name: 'plan', kind: 'categorical', categories: ['free', 'pro'] };
const TOP = ['eu', 'a"b\n{'];
/** Documents per segment bucket: `plan` categories and documents without one. */
const COUNTS: Record<string, { free: number; pro: number; missing: number }> = {
  s0: { free: 5, pro: 1, missing: 0 },
  s1: { free: 0, pro: 3, missing: 1 },
  s2: { free: 2, pro: 2, missing: 4 },
};

function bucketOf(counts: { free: number; pro: number; missing: number }): JsonObject {
  return {
    doc_count: counts.free + counts.pro + counts.missing,
    f0_missing: { doc_count: counts.missing },
    f0: { sum_other_doc_count: 0, buckets: [{ key: 'free', doc_count: counts.free }, { key: 'pro', doc_count: counts.pro }] },
  };
}

/** Answers a set's search with every named bucket it asks for; any other search with segment s0's counts. */
class SegmentTransport implements SearchTransport {
  readonly sent: JsonObject[] = [];
  async search(_index: string, body: JsonObject): Promise<unknown> {
    this.sent.push(body);
    const segments = (body.aggs as JsonObject)[SEGMENTS_AGG] as { filters: { filters: JsonObject } } | undefined;
    const aggregations = segments
      ? { [SEGMENTS_AGG]: { buckets: Object.fromEntries(Object.keys(segments.filters.filters).map((key) => [key, bucketOf(COUNTS[key])])) } }
      : (({ doc_count: _, ...aggs }) => aggs)(bucketOf(COUNTS.s0));
    const total = Object.values(COUNTS).reduce((sum, c) => sum + c.free + c.pro + c.missing, 0);
    return parseAnswer(Buffer.from(JSON.stringify({ took: 1, timed_out: false, _shards: { total: 1, successful: 1, failed: 0 }, hits: { total: { value: total, relation: 'eq' } }, aggregations })));
  }
  async msearch(index: string, bodies: JsonObject[]): Promise<unknown[]> {
    return Promise.all(bodies.map((body) => this.search(index, body)));
  }
  async fieldCaps(): Promise<unknown> {
    return {};
  }
}

const member = (segment: SegmentFilter): ModelRef => ({ model: 'churn', version: '1', segment });

describe('a set of segments through the Elasticsearch source', () => {
  it('shares one search; each segment reads its own bucket as its own search would answer', async () => {
    const transport = new SegmentTransport();
    const source = new ElasticsearchSource(transport, { index: 'predictions', mapping, maxBuckets: 65_536 });
    const segments: SegmentFilter[] = [
      ...TOP.map((value) => ({ label: 'region', value, readWith: TOP, readWithRest: true })),
      { label: 'region', except: TOP, readWithTop: true },
    ];
    const results = await Promise.all(segments.map((segment) => source.featureTotals(member(segment), [plan], range)));
    expect(transport.sent).toHaveLength(1);
    results.forEach((result, i) => {
      const counts = COUNTS[`s${i}`];
      expect(result.data[0]).toMatchObject({
        observations: counts.free + counts.pro + counts.missing,
        counts: { kind: 'categorical', distribution: { categories: ['free', 'pro'], counts: [counts.free, counts.pro] }, missing: counts.missing, unlisted: 0 },
      });
      expect(result.executedQuery).toBe(JSON.stringify(transport.sent[0]));
    });
  });

  it('a segment outside a set is a search of its own, with its own filter clause', async () => {
    const transport = new SegmentTransport();
    const source = new ElasticsearchSource(transport, { index: 'predictions', mapping, maxBuckets: 65_536 });
    const [result] = (await source.featureTotals(member({ label: 'region', value: 'eu' }), [plan], range)).data;
    expect(transport.sent).toHaveLength(1);
    expect((transport.sent[0].query as { bool: { filter: JsonObject[] } }).bool.filter.at(-1)).toEqual({ term: { region: 'eu' } });
    expect(result.counts).toMatchObject({ distribution: { counts: [5, 1] }, missing: 0 });
  });

  it('a bucket the answer lacks is a 502 naming it, not zero counts', async () => {
    const transport = new SegmentTransport();
    transport.search = async () => parseAnswer(Buffer.from(JSON.stringify({ hits: { total: 3 }, aggregations: { [SEGMENTS_AGG]: { buckets: {} } } })));
    const source = new ElasticsearchSource(transport, { index: 'predictions', mapping, maxBuckets: 65_536 });
    await expect(source.featureTotals(member({ label: 'region', value: 'eu', readWith: TOP }), [plan], range)).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining('aggregations.segments.buckets.s0'),
    });
  });
});
