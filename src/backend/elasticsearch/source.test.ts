/**
 * The Elasticsearch source on the hand-written fixtures of each supported version. The transport here is a
 * stand-in that answers with the fixture (named `FixtureTransport`); the HTTP path is tested against a fake
 * Elasticsearch server in `tests/elasticsearch/`.
 */
import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import { BackendError } from '../errors';
import type { CategoricalWindowCounts, FeatureSpec, NumericWindowCounts } from '../sources/types';
import { loadErrorFixtures, loadFixture, type SearchFixture } from './fixtures';
import { elasticsearchError } from './errors';
import type { JsonObject } from './json';
import { ElasticsearchSource } from './source';
import { parseAnswer, type SearchTransport } from './transport';

const model = { model: 'churn', version: 'v1' };
const hour = 3_600_000;
const t0 = 1_700_000_000_000;
const range = { fromMs: t0, toMs: t0 + hour };
const grid = { fromMs: t0 + hour, toMs: t0 + 3 * hour, stepMs: hour, windowMs: hour };
const features: FeatureSpec[] = [
  { name: 'age', kind: 'numeric', upperBounds: [18, 30.5, 65] },
  { name: 'country', kind: 'categorical', categories: ['de', 'fr'] },
];

/** A fixture answer as the HTTP transport hands it over: its bytes parsed, with range buckets packed. */
const asReceived = (answer: unknown): unknown => parseAnswer(Buffer.from(JSON.stringify(answer)));

class FixtureTransport implements SearchTransport {
  readonly sent: JsonObject[] = [];
  constructor(private readonly answers: unknown[]) {}
  async search(_index: string, body: JsonObject): Promise<unknown> {
    this.sent.push(body);
    return asReceived(this.answers.shift());
  }
  async msearch(_index: string, bodies: JsonObject[]): Promise<unknown[]> {
    this.sent.push(...bodies);
    return this.answers.splice(0, bodies.length).map(asReceived);
  }
  async fieldCaps(): Promise<unknown> {
    return this.answers.shift();
  }
}

function sourceFor(...fixtures: SearchFixture[]): { source: ElasticsearchSource; transport: FixtureTransport } {
  const transport = new FixtureTransport(fixtures.map((f) => f.response));
  return { source: new ElasticsearchSource(transport, { index: 'predictions', mapping, maxBuckets: 65_535 }), transport };
}

interface RangeBucket {
  doc_count: number;
}
interface TermsBucket {
  key: string | number;
  doc_count: number;
}
type TimeBucketJson = {
  key: number;
  doc_count: number;
  f0: { buckets: Record<string, RangeBucket> };
  f0_missing: { doc_count: number };
  f1: { buckets: TermsBucket[]; sum_other_doc_count: number };
  f1_missing: { doc_count: number };
};

function timeBucketsOf(fixture: SearchFixture): TimeBucketJson[] {
  return (fixture.response.aggregations as unknown as { t: { buckets: TimeBucketJson[] } }).t.buckets;
}

describe.each(['es-8-windows', 'opensearch-2-windows'])('featureWindows on %s', (name) => {
  const fixture = loadFixture(name);

  it('sends the recorded request', async () => {
    const { source, transport } = sourceFor(fixture);
    await source.featureWindows(model, features, grid);
    expect(transport.sent).toEqual([fixture.request.body]);
  });

  it('gives each window the counts of its time bucket, in baseline order, with documents without the field as missing', async () => {
    const { source } = sourceFor(fixture);
    const { data } = await source.featureWindows(model, features, grid);
    const [age, country] = data;
    expect(age.times).toEqual([grid.fromMs, grid.fromMs + hour, grid.fromMs + 2 * hour]);
    timeBucketsOf(fixture).forEach((bucket, i) => {
      const numeric = age.windows[i] as NumericWindowCounts;
      expect(numeric.binned.counts).toEqual(Object.values(bucket.f0.buckets).map((b) => b.doc_count));
      expect(numeric.binned.upperBounds).toEqual([18, 30.5, 65]);
      expect(numeric.missing).toBe(bucket.f0_missing.doc_count);
      expect(age.observations[i]).toBe(bucket.doc_count);
      const categorical = country.windows[i] as CategoricalWindowCounts;
      expect(categorical.distribution.categories.slice(0, 2)).toEqual(['de', 'fr']);
      const counted = categorical.distribution.counts.reduce((a, b) => a + b, 0);
      expect(counted + categorical.unlisted + categorical.missing).toBe(bucket.doc_count);
      expect(categorical.unlisted).toBe(bucket.f1.sum_other_doc_count);
      for (const term of bucket.f1.buckets) {
        const at = categorical.distribution.categories.indexOf(String(term.key));
        expect(categorical.distribution.counts[at]).toBe(term.doc_count);
      }
    });
  });

  it('shows a live-only category by name in the window where it occurs', async () => {
    const { source } = sourceFor(fixture);
    const { data } = await source.featureWindows(model, features, grid);
    const windows = data[1].windows as CategoricalWindowCounts[];
    expect(windows[2].distribution.categories).toContain('it');
    expect(windows[0].distribution.categories).not.toContain('it');
  });
});

describe('featureWindows with rolling windows longer than the step', () => {
  it('sums consecutive time buckets into each window', async () => {
    const fixture = loadFixture('es-8-windows');
    // Two-hour windows every hour over the same three one-hour buckets: the grid then starts one hour later.
    const rolling = { fromMs: t0 + 2 * hour, toMs: t0 + 3 * hour, stepMs: hour, windowMs: 2 * hour };
    const { source } = sourceFor(fixture);
    const { data } = await source.featureWindows(model, features.slice(0, 1), rolling);
    const buckets = timeBucketsOf(fixture);
    const perBucket = buckets.map((b) => Object.values(b.f0.buckets).map((r) => r.doc_count));
    const windows = data[0].windows as NumericWindowCounts[];
    expect(windows).toHaveLength(2);
    expect(windows[0].binned.counts).toEqual(perBucket[0].map((c, j) => c + perBucket[1][j]));
    expect(windows[1].binned.counts).toEqual(perBucket[1].map((c, j) => c + perBucket[2][j]));
  });
});

describe('notices', () => {
  it('flags categories beyond the terms size and approximate counts (OpenSearch fixture)', async () => {
    const { source } = sourceFor(loadFixture('opensearch-2-windows'));
    const { data } = await source.featureWindows(model, features, grid);
    const texts = data[1].notices.map((n) => `${n.severity}: ${n.text}`);
    expect(texts.some((t) => t.startsWith('warning') && /unlisted/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('info') && /approximate/.test(t))).toBe(true);
  });

  it('flags failed shards and timeouts as warnings: partial counts are never presented as complete', async () => {
    const { source } = sourceFor(loadFixture('es-8-partial'));
    const result = await source.featureTotals(model, [{ name: 'premium', kind: 'categorical', categories: ['true', 'false'] }], range);
    const warnings = result.notices.filter((n) => n.severity === 'warning').map((n) => n.text);
    expect(warnings.some((t) => /1 of 3 .*shards failed.*partial.*node_not_connected_exception/.test(t))).toBe(true);
    expect(warnings.some((t) => /timed out.*partial/.test(t))).toBe(true);
    // Boolean keys come back as 1/0 with key_as_string: categories are the strings.
    const counts = result.data[0].counts as CategoricalWindowCounts;
    expect(counts.distribution.categories).toEqual(['true', 'false']);
  });

  it('reports a field that no document has (unmapped or misspelt) and fails when no field has values', async () => {
    const fixture = loadFixture('es-7.17-totals');
    const response = JSON.parse(JSON.stringify(fixture.response)) as { aggregations: Record<string, unknown>; hits: { total: number } };
    // What Elasticsearch answers for an unmapped field: empty ranges, every document "missing".
    response.aggregations.f0_missing = { doc_count: response.hits.total };
    response.aggregations.f0 = { buckets: Object.fromEntries([0, 1, 2, 3].map((i) => [`b${i}`, { doc_count: 0 }])) };
    const partly = sourceFor({ ...fixture, response: response as unknown as JsonObject }).source;
    const result = await partly.featureTotals(model, features, range);
    expect(result.data[0].notices.some((n) => n.severity === 'warning' && n.text.includes('"features.age"'))).toBe(true);
    expect(result.data[1].notices).toEqual([]);

    const onlyAge = sourceFor({ ...fixture, response: response as unknown as JsonObject }).source;
    await expect(onlyAge.featureTotals(model, features.slice(0, 1), range)).rejects.toMatchObject({
      source: 'downstream',
      message: expect.stringMatching(/features\.age.*mapping/),
    });
  });
});

describe('featureTotals across versions', () => {
  it('reads hits.total as a number (7.17) and range buckets in keyed or array form alike', async () => {
    const keyed = await sourceFor(loadFixture('es-7.17-totals')).source.featureTotals(model, features, range);
    const arrayForm = await sourceFor(loadFixture('es-7.17-array-range')).source.featureTotals(model, features.slice(0, 1), range);
    expect(keyed.data[0].observations).toBe(20);
    expect(arrayForm.data[0].counts).toEqual(keyed.data[0].counts);
    const country = keyed.data[1].counts as CategoricalWindowCounts;
    // Elasticsearch orders terms by count; we keep the baseline's order.
    expect(country.distribution.categories).toEqual(['de', 'fr']);
  });

  it.each([
    ['a key that is not one of our bins', { b0: { doc_count: 2 }, x1: { doc_count: 5 } }, /unexpected range bucket key "x1"/],
    ['a bin beyond the requested ones', { b0: { doc_count: 2 }, b4: { doc_count: 5 } }, /unexpected range bucket key "b4"/],
    ['a bucket that is not an object', { b0: 2 }, /expected an object at aggregations\.f0\.buckets\.b0/],
    ['a count that is not a count', { b0: { doc_count: -1 } }, /non-negative count at aggregations\.f0\.buckets\.b0\.doc_count/],
  ])('rejects keyed range buckets with %s as an unexpected shape', async (_case, buckets, message) => {
    const fixture = loadFixture('es-7.17-totals');
    const response = JSON.parse(JSON.stringify(fixture.response)) as { aggregations: Record<string, unknown> };
    response.aggregations.f0 = { buckets };
    const { source } = sourceFor({ ...fixture, response: response as unknown as JsonObject });
    await expect(source.featureTotals(model, features, range)).rejects.toMatchObject({ status: 502, source: 'downstream', message: expect.stringMatching(message) });
  });

  it('treats an index pattern that matches nothing as a missing index', async () => {
    const { source } = sourceFor(loadFixture('es-8-no-index'));
    await expect(source.featureTotals(model, features, range)).rejects.toMatchObject({ status: 404, source: 'downstream' });
  });
});

describe('confusion', () => {
  it('reads nested terms with numeric class keys and keeps unlisted outcomes (9.x)', async () => {
    const fixture = loadFixture('es-9-confusion');
    const { source, transport } = sourceFor(fixture);
    const result = await source.confusion(model, range, ['churn', 'stay']);
    expect(transport.sent).toEqual([fixture.request.body]);
    const { actual, predicted, counts, unlisted } = result.data;
    expect(actual.map((a, i) => `${a}->${predicted[i]}:${counts[i]}`).sort()).toEqual(['0->0:50', '0->1:10', '1->0:8', '1->1:32']);
    // 1 label beyond the size + 2 labelled documents without a prediction.
    const outer = (fixture.response.aggregations as { actual: { sum_other_doc_count: number; buckets: Array<{ doc_count: number }> } }).actual;
    const itemised = counts.reduce((a, b) => a + b, 0);
    expect(unlisted).toBe(outer.sum_other_doc_count + outer.buckets.reduce((a, b) => a + b.doc_count, 0) - itemised);
    expect(result.notices.some((n) => n.severity === 'warning')).toBe(true);
  });
});

describe('_msearch', () => {
  it('fails the query with the failed item\'s error rather than showing half the features', async () => {
    const items = (loadFixture('es-8-msearch').response as { responses: unknown[] }).responses;
    const transport = new FixtureTransport(items);
    const source = new ElasticsearchSource(transport, { index: 'predictions', mapping, maxBuckets: 3 * 6 + 3 });
    const numeric = (name: string): FeatureSpec => ({ name, kind: 'numeric', upperBounds: [1, 2, 3] });
    await expect(source.featureWindows(model, [numeric('a'), numeric('b')], grid)).rejects.toMatchObject({
      status: 400,
      source: 'downstream',
      message: expect.stringMatching(/features\.age.*keyword.*range/),
    });
    expect(transport.sent).toHaveLength(2);
  });
});

describe('error bodies', () => {
  it.each(loadErrorFixtures().map((c) => [c.name, c] as const))('%s: a clear downstream error', (_name, fixture) => {
    const error = elasticsearchError(fixture.status, fixture.response as JsonObject | string, 'predictions');
    expect(error).toBeInstanceOf(BackendError);
    expect(error.source).toBe('downstream');
    expect(error.message).toMatch(/Elasticsearch/);
    expect(error.status).toBeGreaterThanOrEqual(400);
    if (typeof fixture.response === 'object' && fixture.response !== null && !Array.isArray(fixture.response)) {
      // The most specific reason Elasticsearch gave is in the message.
      const root = JSON.stringify(fixture.response);
      const reason = /"caused_by":\{"type":"([a-z_]+)"/.exec(root)?.[1] ?? /"root_cause":\[\{"type":"([a-z_]+)"/.exec(root)?.[1];
      if (reason) {
        expect(error.message).toContain(reason);
      }
    }
  });

  it('tells 401, 403, 404, too many buckets and overload apart', () => {
    const byName = new Map(loadErrorFixtures().map((c) => [c.name, elasticsearchError(c.status, c.response as JsonObject | string, 'predictions')]));
    expect(byName.get('wrong credentials')?.status).toBe(401);
    expect(byName.get('no read privilege')?.message).toMatch(/"predictions".*403/);
    expect(byName.get('index not found')?.message).toMatch(/index "predictions" not found/);
    expect(byName.get('too many buckets')?.message).toMatch(/search\.max_buckets/);
    expect(byName.get('search thread pool full')?.status).toBe(429);
    expect(byName.get('terms on a text field')?.message).toMatch(/Fielddata is disabled on \[features\.country\]/);
    expect(byName.get('cluster unavailable')?.status).toBe(502);
    expect(byName.get('proxy in front of the cluster, plain-text error')?.message).toMatch(/HTTP 502.*Bad Gateway/);
  });
});
