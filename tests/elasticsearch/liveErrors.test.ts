/**
 * Error paths against a real cluster, through the plugin executable: each failure is the failing query's own
 * `downstream` error with the documented status and cause, and the other query of the same request is answered
 * as usual. The node is made slow for real (its JVM paused with SIGSTOP) and taken away for real (a second,
 * short-lived node killed mid-query); those two need a node this run started, so they skip with `ES_URL`.
 * Build first: `npm run build:backend`.
 */
import type { DecodedResponse, PluginHost } from '../harness/pluginHost';
import { admin, type LiveCluster } from './liveCluster';
import { startLiveStack, type LiveStack } from './liveStack';
import { startOpenSearch } from './openSearchNode';
import { baselineOfV2, categoricalFeature, END, HOUR, indexPredictionLogs, numericFeature, START } from './predictionLogs';

const PREFIX = `mlops-errors-${process.pid}`;
/** Only a node this run started can be paused or killed. */
const OWN_NODE = !process.env.ES_URL?.trim();
const itOwnNode = OWN_NODE ? it : it.skip;

let stack: LiveStack;
let cluster: LiveCluster;
let host: PluginHost;

beforeAll(async () => {
  stack = await startLiveStack({
    prefix: PREFIX,
    count: 4_000,
    timeoutSeconds: 10,
    // The baseline knows two features the index cannot serve: `note` (mapped as text) and `absent` (not mapped).
    baseline: (docs) => {
      const baseline = baselineOfV2(docs);
      baseline.features.push(categoricalFeature('note', ['a', 'b'], ['a', 'b']), numericFeature('absent', [1, 2, 3], [2]));
      return baseline;
    },
  });
  ({ cluster, host } = stack);
}, 300_000);

afterAll(async () => {
  await stack?.dispose();
});

const datasource = (jsonData?: Record<string, unknown>) => stack.datasource(jsonData);

/** Drift of the features the index serves, unless the query names others. */
const drift = (model: Record<string, unknown> = {}) => ({
  queryType: 'drift',
  source: 'elasticsearch',
  baseline: 'churn@v2',
  instant: true,
  window: '12h',
  features: ['age', 'sessions', 'plan', 'mobile'],
  ...model,
});
/** A query that reads only the stored baseline: whatever the cluster does, it must be answered. */
const baselineQuery = { queryType: 'baseline', baseline: 'churn@v2' };

/** Sends the failing query as A beside B in one request; B must come back as if A were not there. */
async function failingBeside(failing: Record<string, unknown>, other: Record<string, unknown>, config = datasource(), range = { fromEpochMS: END - 12 * HOUR, toEpochMS: END }): Promise<DecodedResponse> {
  const answers = await host.queryData(
    [
      { refId: 'A', json: failing, timeRange: range, intervalMs: HOUR },
      { refId: 'B', json: other, timeRange: range, intervalMs: HOUR },
    ],
    { datasource: config }
  );
  expect(answers.B).toMatchObject({ status: 200, error: '' });
  expect(answers.B.frames.length).toBeGreaterThan(0);
  expect(answers.A.errorSource).toBe('downstream');
  return answers.A;
}

/** Shard-level query phases the cluster has run so far (a search over n shards adds n). */
async function shardQueries(): Promise<number> {
  const stats = (await admin(cluster, 'GET', '/_nodes/stats/indices/search')) as { nodes: Record<string, { indices: { search: { query_total: number } } }> };
  return Object.values(stats.nodes).reduce((sum, node) => sum + node.indices.search.query_total, 0);
}

describe('errors from a real cluster, each in its own query', () => {
  it('a missing index: 404 naming it', async () => {
    const answer = await failingBeside(drift(), baselineQuery, datasource({ elasticsearchIndex: `${PREFIX}-absent` }));
    expect(answer.status).toBe(404);
    expect(answer.error).toContain(`"${PREFIX}-absent" not found`);
  });

  it('an index pattern matching nothing: 404 saying so', async () => {
    const answer = await failingBeside(drift(), baselineQuery, datasource({ elasticsearchIndex: `${PREFIX}-nothing-*` }));
    expect(answer.status).toBe(404);
    expect(answer.error).toContain(`"${PREFIX}-nothing-*" matches no index`);
  });

  it('a feature no index maps: an error naming the field', async () => {
    const answer = await failingBeside(drift({ features: ['absent'] }), drift({ features: ['age'] }));
    expect(answer.status).toBe(400);
    expect(answer.error).toContain('"features.absent"');
  });

  it('a text field: 400 saying the mapping cannot be aggregated, naming the field', async () => {
    const answer = await failingBeside(drift({ features: ['note'] }), drift({ features: ['age'] }));
    expect(answer.status).toBe(400);
    expect(answer.error).toMatch(/cannot aggregate.*features\.note/s);
  });

  it('more buckets than the cluster\'s search.max_buckets: 422 saying what to change, the search not repeated', async () => {
    await admin(cluster, 'PUT', '/_cluster/settings', { transient: { 'search.max_buckets': 50 } });
    try {
      const before = await shardQueries();
      const answer = await failingBeside(drift({ instant: false, window: '1h' }), baselineQuery, datasource(), { fromEpochMS: START, toEpochMS: END });
      expect(answer.status).toBe(422);
      expect(answer.error).toMatch(/too_many_buckets_exception.*search\.max_buckets|search\.max_buckets.*too_many_buckets_exception/s);
      // OpenSearch refuses it with HTTP 503, which otherwise means "try again": another try would fail the same way.
      const shards = ((await admin(cluster, 'GET', `/${stack.pattern}/_search?size=0`)) as { _shards: { total: number } })._shards.total;
      // Our search ran once on each shard; the probe just above ran once more.
      expect((await shardQueries()) - before).toBe(shards + shards);
    } finally {
      await admin(cluster, 'PUT', '/_cluster/settings', { transient: { 'search.max_buckets': null } });
    }
  });

  it('a shard that fails (one index maps the feature as text): counts from the others, with a warning', async () => {
    const broken = `mlops-broken-${process.pid}`;
    await admin(cluster, 'PUT', `/${broken}`, { mappings: { properties: { model: { type: 'keyword' }, version: { type: 'keyword' }, features: { properties: { plan: { type: 'text' } } } } } });
    try {
      await admin(cluster, 'POST', `/${broken}/_doc?refresh=true`, { '@timestamp': END - HOUR, model: 'churn', version: 'v2', features: { plan: 'free' } });
      const answers = await host.queryData([{ refId: 'A', json: drift({ features: ['plan'] }), timeRange: { fromEpochMS: END - 12 * HOUR, toEpochMS: END } }], {
        datasource: datasource({ elasticsearchIndex: `${stack.pattern},${broken}` }),
      });
      expect(answers.A).toMatchObject({ status: 200, error: '' });
      const meta = JSON.parse(answers.A.frames[0].schema.metadata.get('meta') ?? '{}') as { notices?: Array<{ severity: string; text: string }> };
      expect(meta.notices).toContainEqual({ severity: 'warning', text: expect.stringMatching(/1 of \d+ Elasticsearch shards failed; counts are partial/) });
    } finally {
      await admin(cluster, 'DELETE', `/${broken}`);
    }
  });

  itOwnNode('a node slower than timeoutSeconds (its JVM paused): 504, and the node serves again afterwards', async () => {
    process.kill(cluster.pid!, 'SIGSTOP');
    let answer: DecodedResponse;
    try {
      answer = await failingBeside(drift(), baselineQuery, datasource({ timeoutSeconds: 2 }));
    } finally {
      process.kill(cluster.pid!, 'SIGCONT');
    }
    expect(answer.status).toBe(504);
    // The upstream request's timeout and the query's own deadline are both timeoutSeconds: either may say it.
    expect(answer.error).toMatch(/Elasticsearch did not answer in time|query did not finish within 2000 ms/);
    const again = await host.queryData([{ refId: 'A', json: drift(), timeRange: { fromEpochMS: END - 12 * HOUR, toEpochMS: END } }], { datasource: datasource() });
    expect(again.A).toMatchObject({ status: 200, error: '' });
  });

  itOwnNode('a node that goes away mid-query: a downstream error, the other query answered', async () => {
    const node = await startOpenSearch({ name: 'short-lived' });
    try {
      const docs = await indexPredictionLogs({ url: node.url, jsonData: {}, secrets: {} }, PREFIX, 2_000);
      expect(docs.length).toBe(2_000);
      // Paused, it accepts the connection and holds the search; killed, it drops it mid-request.
      process.kill(node.pid, 'SIGSTOP');
      setTimeout(() => process.kill(node.pid, 'SIGKILL'), 1_000);
      const answer = await failingBeside(drift(), baselineQuery, datasource({ elasticsearchUrl: node.url, timeoutSeconds: 30 }));
      expect(answer.status).toBe(502);
      expect(answer.error).toMatch(/Elasticsearch request failed/);
    } finally {
      await node.stop();
    }
  }, 180_000);
});
