/**
 * The Elasticsearch source over real HTTP (the backend's upstream client and our transport) against
 * FakeElasticsearch, which evaluates our searches over in-memory documents: the edge and time conventions,
 * `_msearch` splitting, auth headers, retries and every error path.
 */
import { elasticsearchSourceFor } from '../../src/backend/elasticsearch';
import type { CategoricalWindowCounts, FeatureSpec, NumericWindowCounts } from '../../src/backend/sources/types';
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../../src/shared/settingsModel';
import { FakeElasticsearch, type Doc } from './fakeElasticsearch';
import { datasourceSettings, upstreamFor } from './settings';

const MODEL = { model: 'churn "prod"', version: 'v1' };
const MINUTE = 60_000;
const T0 = 1_700_000_000_000;
const BOUNDS = [18, 30.5, 65];
const FEATURES: FeatureSpec[] = [
  { name: 'age', kind: 'numeric', upperBounds: BOUNDS },
  { name: 'country', kind: 'categorical', categories: ['de', 'fr'] },
];

let fake: FakeElasticsearch;

beforeEach(async () => {
  fake = await FakeElasticsearch.start();
});

afterEach(async () => {
  await fake.stop();
});

function source(jsonData: DriftDataSourceOptions = {}, secrets: DriftSecureJsonData = {}, url = fake.url) {
  const settings = datasourceSettings(url, jsonData, secrets);
  return elasticsearchSourceFor({ settings, upstream: upstreamFor(settings) });
}

/** Right-closed bucket of a value: (-Inf, b1], (b1, b2], …, (bm, +Inf). */
function bucketOf(value: number): number {
  const i = BOUNDS.findIndex((b) => value <= b);
  return i === -1 ? BOUNDS.length : i;
}

function documents(count: number, fromMs: number, toMs: number, extra: (i: number) => Doc = () => ({})): Doc[] {
  const values = [17.9, 18, 18.000000000000004, 25, 30.5, 30.500000000000004, 64, 65, 65.00000000000001, 90];
  const countries = ['de', 'fr', 'it', 'de'];
  return Array.from({ length: count }, (_, i) => ({
    '@timestamp': fromMs + Math.floor(((toMs - fromMs) * i) / count) + 1,
    model: MODEL.model,
    version: MODEL.version,
    features: i % 11 === 0 ? { country: countries[i % 4] } : { age: values[i % values.length], country: countries[i % 4] },
    ...extra(i),
  }));
}

describe('counts over HTTP', () => {
  it('counts values on the edges in the lower, right-closed bucket, like a Prometheus histogram', async () => {
    fake.documents = documents(300, T0, T0 + 60 * MINUTE);
    const { data } = await source().featureTotals(MODEL, FEATURES, { fromMs: T0, toMs: T0 + 60 * MINUTE });
    const expected = [0, 0, 0, 0];
    let missing = 0;
    for (const doc of fake.documents) {
      const age = (doc.features as { age?: number }).age;
      if (age === undefined) {
        missing++;
      } else {
        expected[bucketOf(age)]++;
      }
    }
    const age = data[0].counts as NumericWindowCounts;
    expect(age.binned.counts).toEqual(expected);
    expect(age.missing).toBe(missing);
    const country = data[1].counts as CategoricalWindowCounts;
    expect(country.distribution.categories).toEqual(['de', 'fr', 'it']);
    expect(country.distribution.counts.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('counts values outside the baseline range [min, max], the bounds themselves inside, in totals and in every window', async () => {
    const ranged: FeatureSpec[] = [{ name: 'age', kind: 'numeric', upperBounds: BOUNDS, observedRange: { min: 18, max: 65 } }];
    fake.documents = documents(300, T0, T0 + 60 * MINUTE);
    const ageOf = (doc: Doc) => (doc.features as { age?: number }).age;
    const outside = (docs: Doc[]) => ({
      below: docs.filter((d) => (ageOf(d) ?? 18) < 18).length,
      above: docs.filter((d) => (ageOf(d) ?? 65) > 65).length,
    });
    const totals = (await source().featureTotals(MODEL, ranged, { fromMs: T0, toMs: T0 + 60 * MINUTE })).data[0].counts as NumericWindowCounts;
    const expected = outside(fake.documents);
    expect(expected.below).toBeGreaterThan(0);
    expect({ below: totals.belowRange, above: totals.aboveRange }).toEqual(expected);
    const grid = { fromMs: T0 + 10 * MINUTE, toMs: T0 + 60 * MINUTE, stepMs: 5 * MINUTE, windowMs: 10 * MINUTE };
    const series = (await source().featureWindows(MODEL, ranged, grid)).data[0];
    series.times.forEach((t, i) => {
      const window = series.windows[i] as NumericWindowCounts;
      const inWindow = fake.documents.filter((d) => (d['@timestamp'] as number) > t - grid.windowMs && (d['@timestamp'] as number) <= t);
      expect([t, { below: window.belowRange, above: window.aboveRange }]).toEqual([t, outside(inWindow)]);
    });
  });

  it('counts each document in the rolling windows (t - W, t] that contain it, boundaries included', async () => {
    const grid = { fromMs: T0 + 10 * MINUTE, toMs: T0 + 40 * MINUTE, stepMs: 5 * MINUTE, windowMs: 10 * MINUTE };
    const docs = documents(200, T0 - 5 * MINUTE, T0 + 45 * MINUTE);
    // Documents exactly on window boundaries belong to the window that ends there.
    for (let t = grid.fromMs - grid.windowMs; t <= grid.toMs; t += grid.stepMs) {
      docs.push({ ...docs[1], '@timestamp': t }, { ...docs[2], '@timestamp': t + 1 });
    }
    fake.documents = docs;
    const { data } = await source().featureWindows(MODEL, FEATURES.slice(0, 1), grid);
    const series = data[0];
    series.times.forEach((t, i) => {
      const inWindow = docs.filter((d) => (d['@timestamp'] as number) > t - grid.windowMs && (d['@timestamp'] as number) <= t);
      expect([t, series.observations[i]]).toEqual([t, inWindow.length]);
      const window = series.windows[i] as NumericWindowCounts;
      expect(window.binned.counts.reduce((a, b) => a + b, 0) + window.missing).toBe(inWindow.length);
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('splits a time series over several searches in one _msearch when the bucket budget requires, with the same counts', async () => {
    const grid = { fromMs: T0 + 10 * MINUTE, toMs: T0 + 60 * MINUTE, stepMs: MINUTE, windowMs: 10 * MINUTE };
    fake.documents = documents(500, T0, T0 + 60 * MINUTE);
    const whole = await source().featureWindows(MODEL, FEATURES, grid);
    const paths = () => fake.requests.map((r) => r.path.split('?')[0]);
    expect(paths()).toEqual(['/predictions/_search']);
    const split = await source({ elasticsearchMaxBuckets: 1000 }).featureWindows(MODEL, FEATURES, grid);
    expect(paths()).toEqual(['/predictions/_search', '/predictions/_msearch']);
    // Both answers were filtered (FakeElasticsearch applies filter_path), the _msearch one per item.
    expect(new URL(fake.requests[0].path, fake.url).searchParams.get('filter_path')).toMatch(/^took,.*aggregations\.\*\*\.doc_count/);
    expect(new URL(fake.requests[1].path, fake.url).searchParams.get('filter_path')).toMatch(/responses\.aggregations\.\*\*\.doc_count.*responses\.error/);
    expect(fake.requests[1].headers['content-type']).toBe('application/x-ndjson');
    expect(split.data).toEqual(whole.data);
  });

  it('asks for gzipped answers and reads them; uncompressed answers give the same counts', async () => {
    const grid = { fromMs: T0 + 10 * MINUTE, toMs: T0 + 60 * MINUTE, stepMs: 5 * MINUTE, windowMs: 10 * MINUTE };
    const range = { fromMs: T0, toMs: T0 + 60 * MINUTE };
    fake.documents = documents(400, T0, T0 + 60 * MINUTE, (i) => ({ prediction: i % 3 === 0 ? 'churn' : 'stay', label: i % 2 === 0 ? 'churn' : 'stay' }));
    const read = async () => ({
      windows: await source().featureWindows(MODEL, FEATURES, grid),
      split: await source({ elasticsearchMaxBuckets: 200 }).featureWindows(MODEL, FEATURES, grid),
      totals: await source().featureTotals(MODEL, FEATURES, range),
      confusion: await source().confusion(MODEL, range, ['churn', 'stay']),
    });
    const gzipped = await read();
    expect(fake.requests.every((r) => r.headers['accept-encoding'] === 'gzip')).toBe(true);
    expect(fake.requests.some((r) => new URL(r.path, fake.url).searchParams.has('format'))).toBe(false);
    // A cluster with `http.compression: false` (or a proxy that decompresses) answers plain JSON: the same counts.
    fake.compresses = false;
    expect(await read()).toEqual(gzipped);
    expect(gzipped.windows.data[0].windows.some((w) => (w as NumericWindowCounts).binned.counts.some((c) => c > 0))).toBe(true);
  });

  it('reads the confusion matrix of labelled documents only', async () => {
    fake.documents = documents(120, T0, T0 + 60 * MINUTE, (i) => ({
      prediction: i % 3 === 0 ? 'churn' : 'stay',
      ...(i % 4 === 0 ? {} : { label: i % 2 === 0 ? 'churn' : 'stay' }),
    }));
    const { data } = await source().confusion(MODEL, { fromMs: T0, toMs: T0 + 60 * MINUTE }, ['churn', 'stay']);
    const labelled = fake.documents.filter((d) => d.label !== undefined);
    data.actual.forEach((actual, j) => {
      const expected = labelled.filter((d) => d.label === actual && d.prediction === data.predicted[j]).length;
      expect(data.counts[j]).toBe(expected);
    });
    expect(data.counts.reduce((a, b) => a + b, 0)).toBe(labelled.length);
  });
});

describe('time slicing under a small bucket budget', () => {
  it('gives the same window counts and confusion matrices as one search, from one _msearch', async () => {
    const grid = { fromMs: T0 + 10 * MINUTE, toMs: T0 + 60 * MINUTE, stepMs: MINUTE, windowMs: 10 * MINUTE };
    fake.documents = documents(500, T0, T0 + 60 * MINUTE, (i) => ({ prediction: i % 3 === 0 ? 'churn' : 'stay', label: i % 2 === 0 ? 'churn' : 'stay' }));
    const whole = await source().featureWindows(MODEL, FEATURES, grid);
    const wholeConfusion = await source().confusionWindows(MODEL, grid, ['churn', 'stay']);
    fake.requests.length = 0;
    // 60 time buckets; country needs 14 buckets per time bucket: 300 forces slices of 21 time buckets.
    const sliced = await source({ elasticsearchMaxBuckets: 300 }).featureWindows(MODEL, FEATURES, grid);
    const slicedConfusion = await source({ elasticsearchMaxBuckets: 100 }).confusionWindows(MODEL, grid, ['churn', 'stay']);
    expect(fake.requests.map((r) => r.path.split('?')[0])).toEqual(['/predictions/_msearch', '/predictions/_msearch']);
    expect(fake.requests[0].body.split('\n').filter(Boolean).length / 2).toBeGreaterThan(3);
    expect(sliced.data).toEqual(whole.data);
    expect(slicedConfusion.data).toEqual(wholeConfusion.data);
  });
});

describe('confusion per window', () => {
  it('counts label x prediction in each rolling window', async () => {
    fake.documents = documents(240, T0, T0 + 60 * MINUTE, (i) => ({ prediction: i % 3 === 0 ? 'churn' : 'stay', ...(i % 4 === 0 ? {} : { label: i % 2 === 0 ? 'churn' : 'stay' }) }));
    const grid = { fromMs: T0 + 20 * MINUTE, toMs: T0 + 60 * MINUTE, stepMs: 10 * MINUTE, windowMs: 20 * MINUTE };
    const { data } = await source().confusionWindows(MODEL, grid, ['churn', 'stay']);
    expect(data.times).toHaveLength(5);
    data.times.forEach((t, i) => {
      const window = data.windows[i];
      const labelled = fake.documents.filter((d) => d.label !== undefined && (d['@timestamp'] as number) > t - grid.windowMs && (d['@timestamp'] as number) <= t);
      window.actual.forEach((a, j) => {
        expect(window.counts[j]).toBe(labelled.filter((d) => d.label === a && d.prediction === window.predicted[j]).length);
      });
      expect(window.counts.reduce((x, y) => x + y, 0)).toBe(labelled.length);
    });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('connection settings', () => {
  it('sends basic auth or an API key in the Authorization header, plain JSON, and no secret in the URL', async () => {
    fake.documents = documents(10, T0, T0 + MINUTE);
    const range = { fromMs: T0, toMs: T0 + MINUTE };
    await source({ elasticsearchAuth: 'basic', elasticsearchUser: 'grafana' }, { elasticsearchPassword: 'pa:ss' }).featureTotals(MODEL, FEATURES, range);
    await source({ elasticsearchAuth: 'apiKey' }, { elasticsearchApiKey: 'a2V5OnNlY3JldA==' }).featureTotals(MODEL, FEATURES, range);
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('grafana:pa:ss').toString('base64')}`);
    expect(fake.requests[1].headers.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
    for (const request of fake.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.path).not.toMatch(/pa:ss|a2V5/);
    }
  });

  it('explains a missing URL or index as a settings problem', async () => {
    const settings = datasourceSettings('', {});
    expect(() => elasticsearchSourceFor({ settings, upstream: upstreamFor(settings) })).toThrow(/no Elasticsearch URL/);
    const noIndex = datasourceSettings(fake.url, { elasticsearchIndex: ' ' });
    expect(() => elasticsearchSourceFor({ settings: noIndex, upstream: upstreamFor(noIndex) })).toThrow(/no Elasticsearch index/);
  });
});

describe('errors, each a clear per-query error from downstream', () => {
  const range = { fromMs: T0, toMs: T0 + MINUTE };

  it('401: the credentials, without echoing them', async () => {
    fake.behaviour = () => ({ status: 401, body: { error: { type: 'security_exception', reason: 'unable to authenticate user [grafana]' }, status: 401 } });
    const attempt = source({ elasticsearchAuth: 'basic', elasticsearchUser: 'grafana' }, { elasticsearchPassword: 'hunter2' }).featureTotals(MODEL, FEATURES, range);
    await expect(attempt).rejects.toMatchObject({ status: 401, source: 'downstream', message: expect.stringMatching(/credentials/) });
    await attempt.catch((error: Error) => expect(error.message).not.toContain('hunter2'));
  });

  it('404: the missing index by name', async () => {
    fake.behaviour = () => ({
      status: 404,
      body: { error: { root_cause: [{ type: 'index_not_found_exception', reason: 'no such index [predictions]' }], type: 'index_not_found_exception', reason: 'no such index [predictions]' }, status: 404 },
    });
    await expect(source().featureTotals(MODEL, FEATURES, range)).rejects.toMatchObject({ status: 404, source: 'downstream', message: expect.stringMatching(/"predictions" not found/) });
  });

  it('429 once, then an answer: one retry after a pause', async () => {
    fake.documents = documents(10, T0, T0 + MINUTE);
    fake.behaviour = (_request, attempt) => (attempt === 1 ? { status: 429, body: { error: { type: 'es_rejected_execution_exception', reason: 'queue full' }, status: 429 } } : undefined);
    const { data } = await source().featureTotals(MODEL, FEATURES, range);
    expect(data[0].observations).toBe(10);
    expect(fake.requests).toHaveLength(2);
  });

  it('5xx twice: an upstream error naming the cause', async () => {
    fake.behaviour = () => ({ status: 503, body: { error: { type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];' }, status: 503 } });
    await expect(source().featureTotals(MODEL, FEATURES, range)).rejects.toMatchObject({ status: 502, source: 'downstream', message: expect.stringMatching(/cluster_block_exception/) });
    expect(fake.requests).toHaveLength(2);
  });

  it('a slow cluster: a timeout after the configured seconds', async () => {
    fake.behaviour = () => ({ status: 200, body: {}, delayMs: 3_000 });
    const started = Date.now();
    await expect(source({ timeoutSeconds: 0.5 }).featureTotals(MODEL, FEATURES, range)).rejects.toMatchObject({ status: 504, source: 'downstream', message: expect.stringMatching(/did not answer in time/) });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('an unreachable cluster', async () => {
    const url = fake.url;
    await fake.stop();
    await expect(source({}, {}, url).featureTotals(MODEL, FEATURES, range)).rejects.toMatchObject({ status: 502, source: 'downstream', message: expect.stringMatching(/Elasticsearch request failed.*ECONNREFUSED/) });
    fake = await FakeElasticsearch.start();
  });

  it('partial results (a failed shard) arrive with a warning, never as complete', async () => {
    fake.documents = documents(10, T0, T0 + MINUTE);
    fake.behaviour = (request) => {
      const answer = fake.search(JSON.parse(request.body) as Record<string, unknown>);
      return {
        status: 200,
        body: { ...answer, _shards: { total: 2, successful: 1, skipped: 0, failed: 1, failures: [{ shard: 0, index: 'predictions', reason: { type: 'node_not_connected_exception', reason: 'node gone' } }] } },
      };
    };
    const result = await source().featureTotals(MODEL, FEATURES, range);
    expect(result.notices).toContainEqual({ severity: 'warning', text: expect.stringMatching(/1 of 2 Elasticsearch shards failed; counts are partial/) });
  });

  it('a body that is not Elasticsearch\'s: an unexpected-shape error, not a wrong number', async () => {
    fake.behaviour = () => ({ status: 200, body: { took: 1, hits: { total: 'many' } } });
    await expect(source().featureTotals(MODEL, FEATURES, range)).rejects.toMatchObject({ status: 502, source: 'downstream', message: expect.stringMatching(/unexpected shape.*hits\.total/) });
  });
});
