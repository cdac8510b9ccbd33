/**
 * Segment sets on a real cluster (the run's OpenSearch node, or `ES_URL`'s): a segmented drift query reads its top
 * segments and `other` in one search per read (`src/backend/elasticsearch/segmentSets.ts`). On the same documents it
 * gives the same frames and notices as reading each segment in a search of its own, and the number of searches it
 * costs does not grow with `segmentLimit`. Searches are counted on the upstream client (an `_msearch` counts each of
 * its searches).
 */
import { withCheckedCounts } from '../../src/backend/sources/checkedCounts';
import type { LiveSource, ModelRef, SegmentFilter } from '../../src/backend/sources/types';
import { boundElasticsearchSourceFor } from '../../src/backend/elasticsearch';
import type { Frame } from '../../src/backend/frames';
import { driftQuery } from '../../src/backend/queries/drift';
import type { QueryContext, QueryHandler } from '../../src/backend/queries/types';
import { DatasourceCaches } from '../../src/backend/cache/completedStepCache';
import { BackendMetrics } from '../../src/backend/metrics';
import type { UpstreamClient, UpstreamRequest } from '../../src/backend/upstream/client';
import type { DriftQuery } from '../../src/shared/queryModel';
import { baselineDocument, categoricalFeature, createBackend, normalFeature, type Backend } from '../prometheus/fixtures';
import { handlerFor } from '../harness/cacheRefreshes';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

const INDEX = `mlops-segment-sets-test-${process.pid}-${Date.now()}`;
const MINUTE = 60_000;
const TO = Math.floor(Date.now() / MINUTE) * MINUTE;
const FROM = TO - 180 * MINUTE;
const BOUNDS = [18, 30.5, 65];
const PLANS = ['free', 'pro', 'team'];
/** Segment values (undefined: no field), most documents first, so the ranking is the same on every run. */
/** Top segments asked for: the largest leaves one value and the documents without the field to `other`. */
const LIMITS = [1, 4, 7];
const REGIONS: Array<string | undefined> = ['eu', 'a"b{c}|.*\n"}]} or *', '', '(.*)|x', 'a\\b', '{"k":"v"}', 'us', 'ap', undefined];

const BASELINE = baselineDocument('sets', '1', [normalFeature('age', BOUNDS, 1000, 40, 15), categoricalFeature('plan', PLANS, [5, 3, 2], 1000)]);

interface Doc {
  '@timestamp': number;
  model: string;
  version: string;
  region?: string;
  features: { age: number; plan: string };
}

/** Spread over the three hours in a shuffled order (37 is prime to every count). */
const docs: Doc[] = REGIONS.flatMap((region, r, _, count = 180 - 15 * r) =>
  Array.from({ length: count }, (_, i) => ({
    '@timestamp': FROM + 1 + Math.floor((((i * 37 + r * 11) % count) / count) * (180 * MINUTE - 2)),
    model: 'sets',
    version: '1',
    ...(region === undefined ? {} : { region }),
    features: { age: 10 + ((i * (r + 3) * 13) % 80), plan: PLANS[(i + r) % (r % 3 === 0 ? 2 : 3)] },
  }))
);

/** A source whose segments are each read in a search of their own: the set a filter names is dropped. */
function segmentsAlone(source: LiveSource): LiveSource {
  const alone = (model: ModelRef): ModelRef => {
    const segment = model.segment;
    if (!segment) {
      return model;
    }
    const own: SegmentFilter = 'value' in segment ? { label: segment.label, value: segment.value } : { label: segment.label, except: segment.except };
    return { ...model, segment: own };
  };
  return { ...source, featureWindows: (model, ...rest) => source.featureWindows(alone(model), ...rest), featureTotals: (model, ...rest) => source.featureTotals(alone(model), ...rest) };
}

/** Searches an upstream request runs: one per `_search`, one per body line pair of an `_msearch`. */
function searchesIn(request: UpstreamRequest): number {
  if (request.path.endsWith('/_search')) {
    return 1;
  }
  if (request.path.endsWith('/_msearch')) {
    return String(request.body).split('\n').filter((line) => line !== '').length / 2;
  }
  return 0;
}

/** The upstream client, counting the searches sent through it. */
function countingUpstream(upstream: UpstreamClient): { upstream: UpstreamClient; searches: number[] } {
  const searches: number[] = [];
  const counting = Object.create(upstream) as UpstreamClient;
  counting.request = (target, request) => {
    searches.push(searchesIn(request));
    return upstream.request(target, request);
  };
  return { upstream: counting, searches };
}

/** Frames without the executed query (a set's search is one query, each segment alone is one of its own). */
function withoutQueries(frames: Frame[]): Frame[] {
  return frames.map((frame) => {
    const { executedQueryString: _, ...meta } = frame.meta ?? {};
    return { ...frame, meta };
  });
}

describe('segment sets on a real cluster', () => {
  let cluster: LiveCluster;
  let backend: Backend;
  const together = handlerFor('drift', 'elasticsearch');
  const alone: QueryHandler = driftQuery((context) => withCheckedCounts(segmentsAlone(boundElasticsearchSourceFor(context))));
  const base: Partial<DriftQuery> = { queryType: 'drift', method: 'psi', window: '30m', baseline: 'sets@1', features: ['age', 'plan'], segmentBy: 'region' };

  beforeAll(async () => {
    cluster = await liveCluster();
    const properties = { '@timestamp': { type: 'date' }, model: { type: 'keyword' }, version: { type: 'keyword' }, region: { type: 'keyword' }, features: { properties: { age: { type: 'double' }, plan: { type: 'keyword' } } } };
    await admin(cluster, 'PUT', `/${INDEX}`, { mappings: { properties } });
    await bulk(cluster, docs.flatMap((d) => [JSON.stringify({ index: { _index: INDEX } }), JSON.stringify(d)]), INDEX);
    backend = await createBackend({ ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: INDEX, timeoutSeconds: 30 }, cluster.secrets as Record<string, string>);
    await backend.store.put(BASELINE);
  }, 180_000);

  afterAll(async () => {
    await admin(cluster, 'DELETE', `/${INDEX}`);
    await backend?.cleanup();
  });

  /** A query's answer and the searches it cost. */
  async function run(handler: QueryHandler, query: Partial<DriftQuery>, extra: Partial<QueryContext> = {}): Promise<{ frames: Frame[]; searches: number }> {
    const { upstream, searches } = countingUpstream(backend.upstream);
    const result = await handler(backend.context(query, { fromMs: FROM + 60 * MINUTE, toMs: TO }, { source: 'elasticsearch', intervalMs: 10 * MINUTE, upstream, ...extra }));
    return { frames: result.frames, searches: searches.reduce((a, b) => a + b, 0) };
  }

  /** Name, query options, and whether the query has series (else only notices). */
  const cases: Array<[string, Partial<DriftQuery>, boolean]> = [
    ['instant', { instant: true }, true],
    ['over time', { instant: false }, true],
    ['instant, against the hour before', { instant: true, reference: { kind: 'offset', offset: '1h' } }, true],
    ['over time, against the hour before', { instant: false, reference: { kind: 'offset', offset: '1h' } }, true],
    // Every segment's reference is empty, and says what the index holds there.
    ['instant, against a day without documents', { instant: true, reference: { kind: 'offset', offset: '1d' } }, false],
    ['without other', { instant: false, segmentOther: false }, true],
  ];

  it.each(cases)('%s: the same frames and notices as each segment read alone', async (_, options, hasSeries) => {
    for (const segmentLimit of LIMITS) {
      const query = { ...base, ...options, segmentLimit };
      const [set, each] = [await run(together, query), await run(alone, query)];
      expect(withoutQueries(set.frames)).toEqual(withoutQueries(each.frames));
      // Every top value has its series (hostile ones and the empty string included), and other when asked for.
      const segments = new Set(set.frames.flatMap((f) => f.fields).flatMap((f) => (f.labels?.segment === undefined ? [] : [f.labels.segment])));
      const notices = set.frames.flatMap((f) => f.meta?.notices ?? []);
      if (hasSeries) {
        expect(segments.size).toBe(segmentLimit + (options.segmentOther === false ? 0 : 1));
      } else {
        expect(segments.size).toBe(0);
        expect(notices.map((n) => n.text)).toContainEqual(expect.stringMatching(/^region="eu": reference \(1d earlier\): no document in /));
      }
    }
  });

  it('a small search.max_buckets splits a set over searches (time slices, feature groups, chunks of segments): the same frames', async () => {
    const small = await createBackend({ ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: INDEX, elasticsearchMaxBuckets: 60, timeoutSeconds: 30 }, cluster.secrets as Record<string, string>);
    try {
      await small.store.put(BASELINE);
      for (const [, options, hasSeries] of cases) {
        const query = { ...base, ...options, segmentLimit: 7 };
        const answer = (handler: QueryHandler) => handler(small.context(query, { fromMs: FROM + 60 * MINUTE, toMs: TO }, { source: 'elasticsearch', intervalMs: 10 * MINUTE }));
        const [set, each] = [await answer(together), await answer(alone)];
        expect(withoutQueries(set.frames)).toEqual(withoutQueries(each.frames));
        expect(set.frames.flatMap((f) => f.fields).length > 0).toBe(hasSeries);
      }
    } finally {
      await small.cleanup();
    }
  });

  it('through the completed-bucket cache: the same frames, and a refresh searches less', async () => {
    for (const [, options] of cases.filter(([, o]) => o.instant === false)) {
      // An hour after the data: every time bucket is final, so the first answer fills the cache.
      const cache = new DatasourceCaches(new BackendMetrics(), () => TO + 60 * MINUTE).forSettings(backend.context({}, { fromMs: 0, toMs: 0 }).settings);
      const query = { ...base, ...options, segmentLimit: 4 };
      const direct = await run(together, query);
      const [first, refresh] = [await run(together, query, { cache }), await run(together, query, { cache })];
      expect(first.frames).toEqual(direct.frames);
      expect(refresh.frames).toEqual(direct.frames);
      // The live and the reference windows share time buckets, which the cache may already hold for the second.
      expect(first.searches).toBeLessThanOrEqual(direct.searches);
      // The ranking, and only what the cache does not hold (its one run per plan is the last written, live or reference).
      expect(refresh.searches).toBeLessThan(first.searches);
    }
  });

  it('the searches a query costs do not grow with segmentLimit; alone, they grow by one per segment and read', async () => {
    for (const [, options] of cases) {
      const costs = await Promise.all(LIMITS.map(async (segmentLimit) => (await run(together, { ...base, ...options, segmentLimit })).searches));
      expect(new Set(costs).size).toBe(1);
      const [few, many] = [await run(alone, { ...base, ...options, segmentLimit: 1 }), await run(alone, { ...base, ...options, segmentLimit: 7 })];
      expect(many.searches - few.searches).toBeGreaterThanOrEqual(6);
      expect(costs[0]).toBeLessThan(many.searches);
    }
    // The ranking and one search for the live windows: two in all.
    expect((await run(together, { ...base, instant: true, segmentLimit: 7 })).searches).toBe(2);
  });
});
