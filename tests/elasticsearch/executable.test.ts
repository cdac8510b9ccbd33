/**
 * Elasticsearch queries through the built plugin executable (as Grafana runs it), against FakeElasticsearch:
 * drift on the baseline's own distribution vs after a shift, and each error path as a per-query error with
 * `errorSource: downstream` (or a warning notice for partial results). Build first: `npm run build:backend`.
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

function labelsOf(frame: Table): Record<string, string> {
  return JSON.parse(frame.schema.fields[frame.schema.fields.length - 1].metadata.get('labels') ?? '{}');
}

async function query(queryType: string, model: Record<string, unknown>, toMs = END, config = datasource()) {
  const answers = await host.queryData(
    [{ refId: 'A', json: { queryType, source: 'elasticsearch', baseline: 'churn@v1', ...model }, timeRange: { fromEpochMS: START, toEpochMS: toMs } }],
    { datasource: config }
  );
  return answers.A;
}

const drift = (model: Record<string, unknown>, toMs = END, config = datasource()) => query('drift', { normalizeByThreshold: true, ...model }, toMs, config);

/** Documents the fake holds in (from, to]. */
function docsIn(fromMs: number, toMs: number): Doc[] {
  return fake.documents.filter((d) => (d['@timestamp'] as number) > fromMs && (d['@timestamp'] as number) <= toMs);
}

function column(frame: Table, name: string): unknown[] {
  const index = frame.schema.fields.findIndex((f) => f.name === name);
  expect(index).toBeGreaterThanOrEqual(0);
  return [...frame.getChildAt(index)!.toArray()].map((v) => (typeof v === 'bigint' ? Number(v) : v));
}

function lastValue(frame: Table): number {
  const column = frame.getChildAt(frame.numCols - 1)!;
  return Number(column.get(column.length - 1));
}

describe('drift from Elasticsearch through the plugin executable', () => {
  it('finds no drift on the baseline\'s own distribution and drift after the shift, one search per query', async () => {
    const before = await drift({ instant: true, window: '20m' }, SHIFT);
    expect(before.status).toBe(200);
    const beforeScores = Object.fromEntries(before.frames.map((f) => [labelsOf(f).feature, lastValue(f)]));
    expect(beforeScores.age).toBeLessThan(1);
    expect(beforeScores.plan).toBeLessThan(1);

    const after = await drift({ instant: true, window: '20m' });
    const afterScores = Object.fromEntries(after.frames.map((f) => [labelsOf(f).feature, lastValue(f)]));
    expect(afterScores.age).toBeGreaterThan(1);
    expect(afterScores.plan).toBeGreaterThan(1);
    expect(fake.requests.map((r) => r.path.split('?')[0])).toEqual(['/predictions/_search', '/predictions/_search']);
    expect(meta(after.frames[0]).executedQueryString).toContain('"range"');
  });

  it('charts drift over time: below 1 before the shift, above 1 once the window holds only shifted traffic', async () => {
    const answer = await drift({ window: '10m' });
    expect(answer.status).toBe(200);
    const age = answer.frames.find((f) => labelsOf(f).feature === 'age')!;
    expect(labelsOf(age)).toMatchObject({ model: 'churn', version: 'v1', feature: 'age' });
    const times = age.getChildAt(0)!.toArray() as BigInt64Array;
    const values = age.getChildAt(1)!.toArray() as Float64Array;
    const checked = { before: 0, after: 0 };
    times.forEach((nanos, i) => {
      const t = Number(nanos / 1_000_000n);
      if (t <= SHIFT) {
        expect([t, values[i] < 1]).toEqual([t, true]);
        checked.before++;
      } else if (t - 10 * MINUTE >= SHIFT) {
        expect([t, values[i] > 1]).toEqual([t, true]);
        checked.after++;
      }
    });
    expect(checked.before).toBeGreaterThan(10);
    expect(checked.after).toBeGreaterThan(10);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('Elasticsearch errors through the plugin executable', () => {
  it('wrong credentials: HTTP 401 as a downstream error, the secret never in the message', async () => {
    fake.behaviour = () => ({ status: 401, body: { error: { type: 'security_exception', reason: 'unable to authenticate user [grafana]' }, status: 401 } });
    const answer = await drift({ instant: true }, END, datasource({ elasticsearchAuth: 'basic', elasticsearchUser: 'grafana' }, { elasticsearchPassword: 'hunter2' }));
    expect(answer).toMatchObject({ status: 401, errorSource: 'downstream' });
    expect(answer.error).toMatch(/credentials/);
    expect(answer.error).not.toContain('hunter2');
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('grafana:hunter2').toString('base64')}`);
  });

  it('missing index: 404 naming the index', async () => {
    fake.behaviour = () => ({ status: 404, body: { error: { type: 'index_not_found_exception', reason: 'no such index [predictions]' }, status: 404 } });
    const answer = await drift({ instant: true });
    expect(answer).toMatchObject({ status: 404, errorSource: 'downstream' });
    expect(answer.error).toMatch(/"predictions" not found/);
  });

  it('a cluster slower than the timeout: 504', async () => {
    fake.behaviour = () => ({ status: 200, body: {}, delayMs: 5_000 });
    const answer = await drift({ instant: true }, END, datasource({ timeoutSeconds: 1 }));
    expect(answer).toMatchObject({ status: 504, errorSource: 'downstream' });
    expect(answer.error).toMatch(/did not answer in time/);
  });

  it('an unreachable cluster: a downstream error', async () => {
    const answer = await drift({ instant: true }, END, datasource({ elasticsearchUrl: 'http://127.0.0.1:9' }));
    expect(answer).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(answer.error).toMatch(/Elasticsearch request failed/);
  });

  it('a field the index does not have: a clear error naming the field', async () => {
    fake.documents = fake.documents.map((d) => ({ ...d, features: {} }));
    const answer = await drift({ instant: true, features: ['age'] });
    expect(answer).toMatchObject({ status: 400, errorSource: 'downstream' });
    expect(answer.error).toMatch(/"features\.age"/);
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

describe('the other live queries from Elasticsearch, through the plugin executable', () => {
  it('distribution: the live counts over the dashboard range next to the baseline', async () => {
    const answer = await query('distribution', { features: ['age'] });
    expect(answer.status).toBe(200);
    const frame = answer.frames.find((f) => f.schema.metadata.get('name') === 'age')!;
    const ages = docsIn(START, END).map((d) => (d.features as { age?: number }).age).filter((a): a is number => a !== undefined);
    const expected = [...BOUNDS, Infinity].map((upper, i) => ages.filter((a) => a <= upper && (i === 0 || a > BOUNDS[i - 1])).length);
    expect(column(frame, 'current')).toEqual(expected);
    expect(column(frame, 'baseline')).toEqual(BASE_WEIGHTS.map((w) => w * 100));
  });

  it('confusion: the matrix of labelled predictions in the range', async () => {
    const answer = await query('confusion', {});
    expect(answer.status).toBe(200);
    const matrix = answer.frames.find((f) => f.schema.metadata.get('name') === 'confusion')!;
    const actual = column(matrix, 'actual');
    const predicted = column(matrix, 'predicted');
    const counts = column(matrix, 'count');
    const labelled = docsIn(START, END).filter((d) => d.label !== undefined);
    actual.forEach((a, i) => {
      expect(counts[i]).toBe(labelled.filter((d) => d.label === a && d.prediction === predicted[i]).length);
    });
    expect((counts as number[]).reduce((x, y) => x + y, 0)).toBe(labelled.length);
  });

  it('performance: accuracy of the window ending now', async () => {
    const answer = await query('performance', { instant: true, window: '20m', performanceMetrics: ['accuracy'] });
    expect(answer.status).toBe(200);
    const labelled = docsIn(END - 20 * MINUTE, END).filter((d) => d.label !== undefined);
    const correct = labelled.filter((d) => d.label === d.prediction).length;
    const frame = answer.frames.find((f) => f.schema.fields.some((field) => field.name === 'accuracy'))!;
    expect(column(frame, 'accuracy')[0]).toBeCloseTo(correct / labelled.length, 12);
  });

  it('dataQuality: the share of documents without the feature, per window', async () => {
    const answer = await query('dataQuality', { instant: true, window: '20m', features: ['age'] });
    expect(answer.status).toBe(200);
    const inWindow = docsIn(END - 20 * MINUTE, END);
    const missing = inWindow.filter((d) => (d.features as { age?: number }).age === undefined).length;
    const frame = answer.frames.find((f) => f.schema.fields.some((field) => field.name === 'missing_rate'))!;
    expect(column(frame, 'missing_rate')[0]).toBeCloseTo(missing / inWindow.length, 12);
  });
});

describe('baselines/capture from Elasticsearch, through the plugin executable', () => {
  it('captures the pre-shift window as the baseline; drift is then low before the shift and high after', async () => {
    const captured = await host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'churn', version: 'v1', source: 'elasticsearch', from: START - 30 * MINUTE, to: SHIFT },
      datasource: datasource(),
    });
    expect(captured.code).toBe(201);
    expect(captured.json()).toMatchObject({ id: 'churn@v1', replaced: true, notes: expect.arrayContaining([expect.stringMatching(/TDigest/)]) });
    const stored = (await host.callResource({ method: 'GET', path: 'baselines/churn@v1', datasource: datasource() })).json<BaselineDocument>();
    expect(stored.source?.kind).toBe('elasticsearch');

    const before = await drift({ instant: true, window: '20m' }, SHIFT);
    const after = await drift({ instant: true, window: '20m' });
    const score = (answer: Awaited<ReturnType<typeof drift>>, feature: string) => lastValue(answer.frames.find((f) => labelsOf(f).feature === feature)!);
    expect(score(before, 'age')).toBeLessThan(1);
    expect(score(before, 'plan')).toBeLessThan(1);
    expect(score(after, 'age')).toBeGreaterThan(1);
    expect(score(after, 'plan')).toBeGreaterThan(1);
  });

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
