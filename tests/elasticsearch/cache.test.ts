/**
 * The completed-bucket cache against a real cluster (the run's OpenSearch node, or `ES_URL`'s): every live query
 * type answers the same frames with and without it over random ranges, steps and refresh sequences (with restarts,
 * which empty it), while refreshes of feature windows search only a few time buckets. Time is a clock the test
 * moves through the prediction log's days.
 */
import { DatasourceCaches } from '../../src/backend/cache/completedStepCache';
import { BackendMetrics } from '../../src/backend/metrics';
import { CACHE_QUERIES, expectCheapRefreshes, expectCheapZoom, expectSameFramesOverRefreshes } from '../harness/cacheRefreshes';
import { createBackend, type Backend } from '../prometheus/fixtures';
import { elasticsearchSourceFor } from '../../src/backend/elasticsearch';
import type { FeatureSpec } from '../../src/backend/sources/types';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';
import { baselineOfV2, DAY, indexPredictionLogs, START } from './predictionLogs';

const PREFIX = `mlops-cache-${process.pid}`;

let cluster: LiveCluster;
let backend: Backend;

beforeAll(async () => {
  cluster = await liveCluster();
  const docs = await indexPredictionLogs(cluster, PREFIX, 30_000);
  backend = await createBackend({ ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: `${PREFIX}-*`, timeoutSeconds: 30, cacheCompleteAfter: '2m' }, { ...cluster.secrets });
  await backend.store.put(baselineOfV2(docs));
}, 300_000);

afterAll(async () => {
  await admin(cluster, 'DELETE', `/${PREFIX}-*`);
  await backend?.cleanup();
});

describe('the completed-bucket cache on a real cluster', () => {
  it.each(CACHE_QUERIES)('%s: the same frames with and without the cache over random refreshes', async (name, query, cachedBySteps) => {
    const plan = { backend, source: 'elasticsearch' as const, query: { baseline: 'churn@v2', ...query }, startMs: START + 2.2 * DAY, endMs: START + 2.6 * DAY, seed: 2000 + name.length };
    await expectSameFramesOverRefreshes({ ...plan, intervalsMs: [60_000, 5 * 60_000, 15 * 60_000] }, cachedBySteps);
  }, 120_000);

  // The reference an hour earlier reads the live side's searches over other times, in a cache lane of its own.
  it('drift against an offset: the same frames with and without the cache over random refreshes', async () => {
    const query = { queryType: 'drift' as const, method: 'psi' as const, window: '1h', baseline: 'churn@v2', reference: { kind: 'offset' as const, offset: '1h' } };
    const plan = { backend, source: 'elasticsearch' as const, query, startMs: START + 2.2 * DAY, endMs: START + 2.6 * DAY, seed: 2077 };
    await expectSameFramesOverRefreshes({ ...plan, intervalsMs: [60_000, 5 * 60_000] }, true);
  }, 120_000);

  it('zooming in to the last part of a panel and back out reads a few steps, not the whole range again', async () => {
    await expectCheapZoom(backend, 'elasticsearch', 'churn@v2', START + 2.5 * DAY, 6 * 3_600_000);
  }, 120_000);

  it('a refresh of a 6-hour drift panel searches a few time buckets, not the whole range', async () => {
    await expectCheapRefreshes(backend, 'elasticsearch', 'churn@v2', START + 2.5 * DAY, 6 * 3_600_000);
  }, 120_000);

  it('sees documents that arrive within the margin, and keeps buckets older than it', async () => {
    const metrics = new BackendMetrics();
    const nowMs = START + 2.5 * DAY + 7_000;
    const cache = new DatasourceCaches(metrics, () => nowMs).forSettings(backend.context({}, { fromMs: 0, toMs: 0 }).settings);
    const source = elasticsearchSourceFor({ ...backend.context({}, { fromMs: 0, toMs: 0 }), cache });
    const plan: FeatureSpec[] = [{ name: 'plan', kind: 'categorical', categories: ['free', 'pro', 'team'] }];
    const grid = { fromMs: nowMs - 3_600_000 - 7_000, toMs: nowMs - 7_000, stepMs: 60_000, windowMs: 60_000 };
    const observations = async () => (await source.featureWindows({ model: 'churn', version: 'v2' }, plan, grid)).data[0].observations;
    const before = await observations();
    const late = (t: number, id: string) => [
      JSON.stringify({ index: { _index: `${PREFIX}-2026.11.26`, _id: id } }),
      JSON.stringify({ '@timestamp': t, model: 'churn', version: 'v2', features: { plan: 'pro' }, prediction: 'stay' }),
    ];
    // One document in the last minute (inside the 2-minute margin), one an hour back (a bucket the cache holds).
    await bulk(cluster, [...late(grid.toMs - 1_000, 'late-recent'), ...late(grid.fromMs + 30 * 60_000 - 1_000, 'late-old')], `${PREFIX}-*`);
    const after = await observations();
    expect(after[after.length - 1]).toBe(before[before.length - 1] + 1);
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
  }, 60_000);
});
