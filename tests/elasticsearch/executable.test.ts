/**
 * Elasticsearch through the built plugin executable (as Grafana runs it) against FakeElasticsearch, a fake, only
 * for what the real OpenSearch node of `liveExecutable.test.ts` / `liveErrors.test.ts` cannot do: refuse
 * credentials (it has no security plugin), and time out a search inside the cluster (`timed_out` with a failed
 * shard). Also a cluster nobody listens for. Build first: `npm run build:backend`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { BaselineDocument } from '../../src/drift/types';
import { PluginHost, type DatasourceConfig } from '../harness/pluginHost';
import { FakeElasticsearch, type Doc } from './fakeElasticsearch';

const MINUTE = 60_000;
const END = 1_767_229_200_000;
const START = END - 60 * MINUTE;
const SHIFT = END - 30 * MINUTE;
const BOUNDS = [-2, -1, 0, 1, 2];
/** Bin values well inside each right-closed bucket. */
const INSIDE = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
const BASE_WEIGHTS = [1, 4, 10, 10, 4, 1];
const SHIFTED_WEIGHTS = [0, 1, 2, 8, 12, 7];
const PLANS = ['free', 'pro', 'team'];

const baseline: BaselineDocument = {
  schemaVersion: 1,
  model: 'churn',
  version: 'v1',
  createdAt: '2026-11-01T00:00:00Z',
  features: [
    {
      name: 'age',
      kind: 'numeric',
      histogram: { upperBounds: BOUNDS, counts: BASE_WEIGHTS.map((w) => w * 100) },
      summary: { n: 3000, min: -3, max: 3, mean: 0, std: 1, quantiles: { levels: [0.5], values: [0] } },
      missing: 0,
      nonFinite: 0,
    },
    { name: 'plan', kind: 'categorical', distribution: { categories: PLANS, counts: [600, 300, 100] }, n: 1000, missing: 0, nonFinite: 0 },
  ],
  label: { name: 'label', kind: 'categorical', distribution: { categories: ['churn', 'stay'], counts: [300, 700] }, n: 1000, missing: 0, nonFinite: 0 },
  classNames: ['churn', 'stay'],
};

/** Documents in (from, to], spread evenly, whose values follow the weights exactly per 30 documents. */
function traffic(fromMs: number, toMs: number, weights: number[], plans: number[]): Doc[] {
  const ages = weights.flatMap((w, bin) => Array.from({ length: w }, () => INSIDE[bin]));
  const planValues = plans.flatMap((w, i) => Array.from({ length: w }, () => PLANS[i]));
  const count = 600;
  return Array.from({ length: count }, (_, i) => ({
    '@timestamp': fromMs + Math.floor(((toMs - fromMs) * (i + 1)) / count),
    model: 'churn',
    version: 'v1',
    // Every 7th document lacks its age; every 3rd has no label yet; predictions are right 4 times in 5.
    features: i % 7 === 0 ? { plan: planValues[i % planValues.length] } : { age: ages[i % ages.length], plan: planValues[i % planValues.length] },
    prediction: i % 2 === 0 ? 'churn' : 'stay',
    ...(i % 3 === 0 ? {} : { label: i % 5 === 0 ? (i % 2 === 0 ? 'stay' : 'churn') : i % 2 === 0 ? 'churn' : 'stay' }),
  }));
}

let fake: FakeElasticsearch;
let host: PluginHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-es-'));
  fake = await FakeElasticsearch.start();
  host = await PluginHost.start({ dataDir });
  const created = await host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource: datasource() });
  expect(created.code).toBe(201);
});

afterAll(async () => {
  await host?.dispose();
  await fake?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.documents = [...traffic(START - 30 * MINUTE, SHIFT, BASE_WEIGHTS, [6, 3, 1]), ...traffic(SHIFT, END, SHIFTED_WEIGHTS, [1, 3, 6])];
  fake.behaviour = () => undefined;
  fake.requests.length = 0;
});

function datasource(jsonData: Record<string, unknown> = {}, secrets: Record<string, string> = {}): DatasourceConfig {
  return { jsonData: { elasticsearchUrl: fake.url, elasticsearchIndex: 'predictions', timeoutSeconds: 2, ...jsonData }, secrets };
}

function meta(frame: Table): { notices?: Array<{ severity: string; text: string }>; executedQueryString?: string } {
  return JSON.parse(frame.schema.metadata.get('meta') ?? '{}');
}

async function query(queryType: string, model: Record<string, unknown>, toMs = END, config = datasource()) {
  const answers = await host.queryData(
    [{ refId: 'A', json: { queryType, source: 'elasticsearch', baseline: 'churn@v1', ...model }, timeRange: { fromEpochMS: START, toEpochMS: toMs } }],
    { datasource: config }
  );
  return answers.A;
}

const drift = (model: Record<string, unknown>, toMs = END, config = datasource()) => query('drift', { normalizeByThreshold: true, ...model }, toMs, config);

describe('Elasticsearch errors only a fake can cause, through the plugin executable', () => {
  it('wrong credentials: HTTP 401 as a downstream error, the secret never in the message', async () => {
    fake.behaviour = () => ({ status: 401, body: { error: { type: 'security_exception', reason: 'unable to authenticate user [grafana]' }, status: 401 } });
    const answer = await drift({ instant: true }, END, datasource({ elasticsearchAuth: 'basic', elasticsearchUser: 'grafana' }, { elasticsearchPassword: 'hunter2' }));
    expect(answer).toMatchObject({ status: 401, errorSource: 'downstream' });
    expect(answer.error).toMatch(/credentials/);
    expect(answer.error).not.toContain('hunter2');
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('grafana:hunter2').toString('base64')}`);
  });

  it('an unreachable cluster: a downstream error', async () => {
    const answer = await drift({ instant: true }, END, datasource({ elasticsearchUrl: 'http://127.0.0.1:9' }));
    expect(answer).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(answer.error).toMatch(/Elasticsearch request failed/);
  });

  it('partial results: frames with a warning notice, never presented as complete', async () => {
    fake.behaviour = (request) => ({
      status: 200,
      body: {
        ...fake.search(JSON.parse(request.body) as Record<string, unknown>),
        timed_out: true,
        _shards: { total: 3, successful: 2, skipped: 0, failed: 1, failures: [{ shard: 2, index: 'predictions', reason: { type: 'node_not_connected_exception', reason: 'node gone' } }] },
      },
    });
    const answer = await drift({ instant: true });
    expect(answer.status).toBe(200);
    const notices = meta(answer.frames[0]).notices ?? [];
    expect(notices).toContainEqual({ severity: 'warning', text: expect.stringMatching(/1 of 3 Elasticsearch shards failed; counts are partial/) });
    expect(notices).toContainEqual({ severity: 'warning', text: expect.stringMatching(/timed out/) });
  });
});

describe('baselines/capture from Elasticsearch, through the plugin executable (fake)', () => {
  it('a capture from a cluster that refuses the credentials is a clear error', async () => {
    fake.behaviour = () => ({ status: 401, body: { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 } });
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'churn', version: 'v1', source: 'elasticsearch', from: START, to: SHIFT },
      datasource: datasource(),
    });
    expect(answer.code).toBe(401);
    expect(answer.json<{ error: string }>().error).toMatch(/credentials/);
  });
});
