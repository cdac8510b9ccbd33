/**
 * The Elasticsearch source against a real cluster (the test run's OpenSearch node, or `ES_URL`'s): indexes
 * prediction logs into a temporary index with an explicit mapping, then checks every source call against
 * counts computed from the same documents here.
 */
import { elasticsearchSourceFor } from '../../src/backend/elasticsearch';
import { liveCapturer } from '../../src/backend/sources/capture';
import type { CategoricalWindowCounts, FeatureSpec, NumericWindowCounts } from '../../src/backend/sources/types';
import { validateBaseline } from '../../src/drift/baseline/validate';
import { datasourceSettings, upstreamFor } from './settings';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

let cluster: LiveCluster;

const INDEX = `mlops-drift-test-${process.pid}-${Date.now()}`;
const MINUTE = 60_000;
const TO = Math.floor(Date.now() / MINUTE) * MINUTE;
const FROM = TO - 60 * MINUTE;
const BOUNDS = [18, 30.5, 65];
const AGES = [17.9, 18, 18.000000000000004, 25, 30.5, 64, 65, 65.5, 90];
const PLANS = ['free', 'pro', 'team'];
const MODEL = { model: 'churn "live"', version: 'v1' };

interface LiveDoc {
  '@timestamp': number;
  model: string;
  version: string;
  features: { age?: number; plan: string };
  prediction: string;
  label?: string;
}

const docs: LiveDoc[] = Array.from({ length: 600 }, (_, i) => ({
  '@timestamp': FROM + Math.floor((i * 60 * MINUTE) / 600) + 1,
  model: MODEL.model,
  version: MODEL.version,
  features: i % 9 === 0 ? { plan: PLANS[i % 3] } : { age: AGES[i % AGES.length], plan: PLANS[(i * 7) % 3] },
  prediction: i % 2 === 0 ? 'churn' : 'stay',
  ...(i % 5 === 0 ? {} : { label: i % 3 === 0 ? 'churn' : 'stay' }),
}));

function settings() {
  const s = datasourceSettings(cluster.url, { ...cluster.jsonData, elasticsearchIndex: INDEX, timeoutSeconds: 30 }, cluster.secrets);
  return { settings: s, upstream: upstreamFor(s) };
}

describe('Elasticsearch source against a live cluster', () => {
  beforeAll(async () => {
    cluster = await liveCluster();
    const mapping = {
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          model: { type: 'keyword' },
          version: { type: 'keyword' },
          features: { properties: { age: { type: 'double' }, plan: { type: 'keyword' } } },
          prediction: { type: 'keyword' },
          label: { type: 'keyword' },
        },
      },
    };
    await admin(cluster, 'PUT', `/${INDEX}`, mapping);
    await bulk(cluster, docs.flatMap((d) => [JSON.stringify({ index: { _index: INDEX } }), JSON.stringify(d)]), INDEX);
  }, 180_000);

  afterAll(async () => {
    await admin(cluster, 'DELETE', `/${INDEX}`);
  });

  const features: FeatureSpec[] = [
    { name: 'age', kind: 'numeric', upperBounds: BOUNDS },
    { name: 'plan', kind: 'categorical', categories: PLANS },
  ];

  it('counts on the baseline edges exactly, right-closed', async () => {
    const { data, notices } = await elasticsearchSourceFor(settings()).featureTotals(MODEL, features, { fromMs: FROM, toMs: TO });
    const ages = docs.map((d) => d.features.age).filter((a): a is number => a !== undefined);
    const expected = [...BOUNDS, Infinity].map((b, i) => ages.filter((a) => a <= b && (i === 0 || a > BOUNDS[i - 1])).length);
    expect((data[0].counts as NumericWindowCounts).binned.counts).toEqual(expected);
    expect(data[0].counts.missing).toBe(docs.length - ages.length);
    const plan = data[1].counts as CategoricalWindowCounts;
    PLANS.forEach((p, i) => expect(plan.distribution.counts[i]).toBe(docs.filter((d) => d.features.plan === p).length));
    expect(notices.filter((n) => n.severity !== 'info')).toEqual([]);
  });

  it('counts rolling windows (t - W, t]', async () => {
    const grid = { fromMs: FROM + 10 * MINUTE, toMs: TO, stepMs: 5 * MINUTE, windowMs: 10 * MINUTE };
    const { data } = await elasticsearchSourceFor(settings()).featureWindows(MODEL, features, grid);
    data[0].times.forEach((t, i) => {
      expect([t, data[0].observations[i]]).toEqual([t, docs.filter((d) => d['@timestamp'] > t - grid.windowMs && d['@timestamp'] <= t).length]);
    });
  });

  it('reads the confusion matrix of labelled documents', async () => {
    const { data } = await elasticsearchSourceFor(settings()).confusion(MODEL, { fromMs: FROM, toMs: TO }, ['churn', 'stay']);
    data.actual.forEach((a, j) => {
      expect(data.counts[j]).toBe(docs.filter((d) => d.label === a && d.prediction === data.predicted[j]).length);
    });
  });

  it('captures a valid baseline from the window', async () => {
    const { baseline } = await liveCapturer(settings())({ model: MODEL.model, version: MODEL.version, source: 'elasticsearch', from: FROM, to: TO });
    expect(validateBaseline(baseline).ok).toBe(true);
    expect(baseline.features.map((f) => f.name)).toEqual(['age', 'plan']);
  });

  it('reports a missing index as such', async () => {
    const missing = datasourceSettings(cluster.url, { ...cluster.jsonData, elasticsearchIndex: `${INDEX}-absent` }, cluster.secrets);
    await expect(elasticsearchSourceFor({ settings: missing, upstream: upstreamFor(missing) }).featureTotals(MODEL, features, { fromMs: FROM, toMs: TO })).rejects.toMatchObject({ status: 404 });
  });

  it('says what the range holds when no document is the model version\'s', async () => {
    const source = elasticsearchSourceFor(settings());
    const ghost = await source.featureTotals({ model: 'ghost', version: 'v1' }, features, { fromMs: FROM, toMs: TO });
    const text = ghost.notices.map((n) => n.text).join('\n');
    expect(text).toContain(`no document in "${INDEX}" has model="ghost", version="v1"`);
    expect(text).toContain(`it has ${docs.length} document(s) there; model values: ${JSON.stringify(MODEL.model)} (${docs.length})`);
    const wrongVersion = await source.featureWindows({ model: MODEL.model, version: 'v9' }, features, { fromMs: FROM + 10 * MINUTE, toMs: TO, stepMs: 10 * MINUTE, windowMs: 10 * MINUTE });
    expect(wrongVersion.notices.map((n) => n.text).join('\n')).toMatch(/version values of that model: "v1" \(\d+\)/);
    const quiet = await source.featureTotals(MODEL, features, { fromMs: FROM - 60 * MINUTE, toMs: FROM - 30 * MINUTE });
    expect(quiet.notices.map((n) => n.text).join('\n')).toContain('the index has no documents at all there');
    const served = await source.featureTotals(MODEL, features, { fromMs: FROM, toMs: TO });
    expect(served.notices.map((n) => n.text).join('\n')).not.toContain('no document in');
  });
});
