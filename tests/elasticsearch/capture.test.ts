/**
 * `baselines/capture` from Elasticsearch against a real cluster (the run's OpenSearch node, or `ES_URL`'s):
 * field discovery, bins chosen as the file builder chooses them, exact counts on those bins, thresholds from
 * chunks, and the errors a user can cause.
 */
import { validateBaseline } from '../../src/drift/baseline/validate';
import type { BaselineDocument } from '../../src/drift/types';
import { liveCapturer, parseCaptureParams } from '../../src/backend/sources/capture';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';
import { datasourceSettings, upstreamFor } from './settings';

const MINUTE = 60_000;
const TO = 1_767_229_200_000;
const FROM = TO - 60 * MINUTE;
const PLANS = ['free', 'pro', 'team'];

const INDEX = `mlops-capture-${process.pid}`;

interface Doc {
  '@timestamp': number;
  model: string;
  version: string;
  features: { income?: number; plan: string; note: string };
  prediction: string;
  label: string;
}

const documents: Doc[] = Array.from({ length: 1000 }, (_, i) => ({
  '@timestamp': FROM + Math.floor((i * 60 * MINUTE) / 1000) + 1,
  model: 'churn',
  version: 'v1',
  features: {
    // A skewed numeric feature with repeated values (ties on edges) and some missing values.
    ...(i % 13 === 0 ? {} : { income: Math.round(((i * 7919) % 1000) ** 1.5) / 10 }),
    plan: PLANS[(i * 31) % 7 < 4 ? 0 : (i * 31) % 7 < 6 ? 1 : 2],
    note: `free text ${i}`,
  },
  prediction: i % 3 === 0 ? 'churn' : 'stay',
  label: i % 4 === 0 ? 'churn' : 'stay',
}));

let cluster: LiveCluster;

beforeAll(async () => {
  cluster = await liveCluster();
  const keyword = { type: 'keyword' };
  await admin(cluster, 'PUT', `/${INDEX}`, {
    mappings: {
      properties: {
        '@timestamp': { type: 'date', format: 'epoch_millis' },
        model: keyword,
        version: keyword,
        // `note` is a text field: not aggregatable.
        features: { properties: { income: { type: 'double' }, plan: keyword, note: { type: 'text' } } },
        prediction: keyword,
        label: keyword,
      },
    },
  });
  await bulk(cluster, documents.flatMap((d) => [JSON.stringify({ index: { _index: INDEX } }), JSON.stringify(d)]), INDEX);
}, 180_000);

afterAll(async () => {
  if (cluster) {
    await admin(cluster, 'DELETE', `/${INDEX}`);
  }
});

function capturer() {
  const settings = datasourceSettings(cluster.url, { ...cluster.jsonData, elasticsearchIndex: INDEX }, cluster.secrets);
  return liveCapturer({ settings, upstream: upstreamFor(settings) }, () => new Date('2026-12-01T00:00:00Z'));
}

function inWindow(): Doc[] {
  return documents.filter((d) => d['@timestamp'] > FROM && d['@timestamp'] <= TO);
}

describe('capture from Elasticsearch', () => {
  let baseline: BaselineDocument;
  let notes: string[];

  beforeEach(async () => {
    ({ baseline, notes } = await capturer()({ model: 'churn', version: 'v1', source: 'elasticsearch', from: FROM, to: TO }));
  });

  it('builds a valid baseline of the usable fields, with predictions, labels and classes', () => {
    expect(validateBaseline(baseline).ok).toBe(true);
    expect(baseline.features.map((f) => [f.name, f.kind])).toEqual([
      ['income', 'numeric'],
      ['plan', 'categorical'],
    ]);
    expect(baseline.prediction?.kind).toBe('categorical');
    expect(baseline.label?.kind).toBe('categorical');
    expect(baseline.classNames).toEqual(['churn', 'stay']);
    expect(baseline.source).toMatchObject({ kind: 'elasticsearch', rows: inWindow().length });
    expect(notes.some((n) => /"note" skipped.*text/.test(n))).toBe(true);
    expect(baseline.notes).toEqual(expect.arrayContaining([expect.stringMatching(/TDigest/)]));
  });

  it('counts exactly on its bins, right-closed, with missing values apart', () => {
    const income = baseline.features[0];
    if (income.kind !== 'numeric') {
      throw new Error('income should be numeric');
    }
    const values = inWindow()
      .map((d) => d.features.income)
      .filter((v): v is number => v !== undefined);
    const { upperBounds, counts } = income.histogram;
    expect(upperBounds.length).toBeGreaterThanOrEqual(5);
    const expected = [...upperBounds, Infinity].map((b, i) => values.filter((v) => v <= b && (i === 0 || v > upperBounds[i - 1])).length);
    expect(counts).toEqual(expected);
    expect(income.missing).toBe(inWindow().length - values.length);
    expect(income.summary.n).toBe(values.length);
    expect(income.summary.min).toBe(Math.min(...values));
    expect(income.summary.max).toBe(Math.max(...values));
  });

  it('stores data-driven thresholds from the chunks of the window', () => {
    for (const feature of baseline.features) {
      expect(feature.thresholds && Object.keys(feature.thresholds).length).toBeGreaterThan(0);
    }
  });

  it('keeps the categories it saw, most frequent first', () => {
    const plan = baseline.features[1];
    if (plan.kind !== 'categorical') {
      throw new Error('plan should be categorical');
    }
    const docs = inWindow();
    plan.distribution.categories.forEach((category, i) => {
      expect(plan.distribution.counts[i]).toBe(docs.filter((d) => d.features.plan === category).length);
    });
    expect([...plan.distribution.counts].sort((a, b) => b - a)).toEqual(plan.distribution.counts);
  });
});

describe('capture errors', () => {
  it('refuses a named feature the index cannot aggregate, saying why', async () => {
    await expect(capturer()({ model: 'churn', version: 'v1', source: 'elasticsearch', from: FROM, to: TO, features: ['note', 'nope'] })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/"note" \(mapped as text.*"nope" \(not mapped/),
    });
  });

  it('says so when the model has no documents in the window', async () => {
    await expect(capturer()({ model: 'other', version: 'v1', source: 'elasticsearch', from: FROM, to: TO })).rejects.toMatchObject({
      status: 400,
      source: 'downstream',
    });
  });

  it('lists every problem of a malformed request at once', () => {
    try {
      parseCaptureParams({ model: '', source: 'graphite', from: 'yesterday', to: 1 });
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as { details: string[] }).details).toEqual([
        '"model" must be a non-empty string',
        '"version" must be a non-empty string',
        '"source" must be one of prometheus, elasticsearch',
        '"from" must be epoch milliseconds (an integer within ±9223372036854)',
      ]);
    }
  });
});
