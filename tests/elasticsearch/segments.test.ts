/**
 * Segments on a real cluster (the run's OpenSearch node, or `ES_URL`'s), through the query registry as the plugin
 * runs it: a `region` keyword field with hostile values, an empty string and documents without it. Each segment's
 * score equals the comparison of its own documents' counts with the baseline; `other` holds the rest, documents
 * without the field included. A distribution restricted to one segment (`segmentBy` + `segment`), through the built
 * executable, counts that segment's documents alone, as does a dataQuality query (build first: `npm run build:backend`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from '../../src/backend/frames';
import { featureComparer, liveInput } from '../../src/backend/queries/comparison';
import type { BaselineFeature } from '../../src/drift/types';
import { DISTRIBUTION_FIELDS } from '../../src/shared/frameContract';
import { seriesOf } from '../harness/answerSeries';
import { PluginHost, type DecodedResponse } from '../harness/pluginHost';
import { baselineDocument, createBackend, normalFeature, type Backend } from '../prometheus/fixtures';
import { handlerFor } from '../harness/cacheRefreshes';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';
import { binCounts } from './predictionLogs';

const INDEX = `mlops-segments-test-${process.pid}-${Date.now()}`;
const MINUTE = 60_000;
const TO = Math.floor(Date.now() / MINUTE) * MINUTE;
const FROM = TO - 60 * MINUTE;
const BOUNDS = [18, 30.5, 65];
const HOSTILE = 'a"b{c}|.*\n"}]} or *';
/** Region (undefined: no field), documents, and the ages they cycle through. */
const GROUPS: Array<{ region: string | undefined; count: number; ages: number[] }> = [
  { region: 'eu', count: 300, ages: [20, 25, 40, 70] },
  { region: HOSTILE, count: 150, ages: [20, 20, 70] },
  { region: '', count: 100, ages: [40] },
  { region: 'x', count: 30, ages: [90, 17] },
  { region: undefined, count: 20, ages: [25] },
];
const AGE: BaselineFeature = normalFeature('age', BOUNDS, 1000, 40, 15);

interface Doc {
  '@timestamp': number;
  model: string;
  version: string;
  region?: string;
  features: { age: number };
}

const docs: Doc[] = GROUPS.flatMap(({ region, count, ages }, g) =>
  Array.from({ length: count }, (_, i) => ({
    '@timestamp': FROM + 1 + ((i * 97 + g * 13) % (60 * MINUTE - 1)),
    model: 'seg',
    version: '1',
    ...(region === undefined ? {} : { region }),
    features: { age: ages[i % ages.length] },
  }))
);

function expectedScore(of: (doc: Doc) => boolean): number {
  const counts = binCounts(docs.filter(of).map((d) => d.features.age), BOUNDS);
  const comparison = featureComparer(AGE, 'hellinger')(liveInput({ kind: 'numeric', binned: { upperBounds: BOUNDS, counts }, missing: 0, nonFinite: 0 }));
  if (!comparison.ok) {
    throw new Error(comparison.reason);
  }
  return comparison.result.statistic;
}

function scores(frames: Frame[]): Map<string, number> {
  return new Map(frames.flatMap((f) => f.fields).filter((f) => f.name === 'score').map((f) => [f.labels!.segment, f.values[0] as number]));
}

describe('segments on a real cluster', () => {
  let cluster: LiveCluster;
  let backend: Backend;
  const drift = handlerFor('drift', 'elasticsearch');
  const query = { queryType: 'drift' as const, method: 'hellinger' as const, window: '1h', instant: true, baseline: 'seg@1', features: ['age'], segmentBy: 'region' };

  beforeAll(async () => {
    cluster = await liveCluster();
    const mapping = { mappings: { properties: { '@timestamp': { type: 'date' }, model: { type: 'keyword' }, version: { type: 'keyword' }, region: { type: 'keyword' }, features: { properties: { age: { type: 'double' } } } } } };
    await admin(cluster, 'PUT', `/${INDEX}`, mapping);
    await bulk(cluster, docs.flatMap((d) => [JSON.stringify({ index: { _index: INDEX } }), JSON.stringify(d)]), INDEX);
    backend = await createBackend({ ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: INDEX, timeoutSeconds: 30 }, cluster.secrets as Record<string, string>);
    await backend.store.put(baselineDocument('seg', '1', [AGE]));
  }, 180_000);

  afterAll(async () => {
    await admin(cluster, 'DELETE', `/${INDEX}`);
    await backend?.cleanup();
  });

  it('hostile and empty values are segments of their own; other holds the rest, documents without the field too', async () => {
    const result = await drift(backend.context({ ...query, segmentLimit: 3 }, { fromMs: FROM, toMs: TO }, { source: 'elasticsearch' }));
    const bySegment = scores(result.frames);
    expect([...bySegment.keys()]).toEqual(['eu', HOSTILE, '', 'other']);
    expect(bySegment.get('eu')).toBeCloseTo(expectedScore((d) => d.region === 'eu'), 12);
    expect(bySegment.get(HOSTILE)).toBeCloseTo(expectedScore((d) => d.region === HOSTILE), 12);
    expect(bySegment.get('')).toBeCloseTo(expectedScore((d) => d.region === ''), 12);
    expect(bySegment.get('other')).toBeCloseTo(expectedScore((d) => d.region === 'x' || d.region === undefined), 12);
    const notices = (result.frames[0].meta?.notices ?? []).map((n) => n.text);
    expect(notices).toContainEqual('region: 4 segment values in the range; the 3 with the most traffic have their own series, the other 1 (30 observations) are summed into "other"');
    expect(notices).toContainEqual('region: 20 documents without a value are read as part of "other"');
  });

  describe('one segment read by distribution and dataQuality queries, through the built executable', () => {
    /** eu's own reference distribution (`mldrift baseline build --segment region`). */
    const EU_AGE: BaselineFeature = normalFeature('age', BOUNDS, 400, 30, 10);
    let host: PluginHost;
    let dataDir: string;
    const datasource = () => ({ uid: 'mlops-drift', jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: INDEX, timeoutSeconds: 30 }, secrets: { ...cluster.secrets } });
    const countsOf = (feature: BaselineFeature) => (feature.kind === 'numeric' ? feature.histogram.counts : feature.distribution.counts);
    const column = (answer: DecodedResponse, name: string) => Array.from(answer.frames[0].getChild(name)!.toArray() as ArrayLike<number>);
    const meta = (answer: DecodedResponse) => answer.frames[0].schema.metadata.get('meta') ?? '';

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-segment-distribution-'));
      host = await PluginHost.start({ dataDir });
      const document = baselineDocument('seg', '1', [AGE], { segments: { by: 'region', values: [{ value: 'eu', rows: 400, features: [EU_AGE] }] } });
      expect((await host.callResource({ method: 'POST', path: 'baselines', body: document, datasource: datasource() })).code).toBe(201);
    }, 60_000);

    afterAll(async () => {
      await host?.dispose();
      if (dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    async function distribution(segment: Record<string, string>): Promise<DecodedResponse> {
      const json = { queryType: 'distribution', source: 'elasticsearch', method: 'hellinger', baseline: 'seg@1', features: ['age'], ...segment };
      const answers = await host.queryData([{ refId: 'A', json, timeRange: { fromEpochMS: FROM, toEpochMS: TO } }], { datasource: datasource() });
      return answers.A;
    }

    it.each([
      ['eu', 'eu', EU_AGE],
      ['a hostile value', HOSTILE, AGE],
      ['the empty value', '', AGE],
    ])('%s: the counts of its own documents, against its own reference when the baseline keeps one', async (_, region, reference) => {
      const [whole, answer] = await Promise.all([distribution({}), distribution({ segmentBy: 'region', segment: region })]);
      expect(whole).toMatchObject({ status: 200, error: '' });
      expect(answer).toMatchObject({ status: 200, error: '' });
      expect(column(answer, DISTRIBUTION_FIELDS.currentCount)).toEqual(binCounts(docs.filter((d) => d.region === region).map((d) => d.features.age), BOUNDS));
      expect(column(whole, DISTRIBUTION_FIELDS.currentCount)).toEqual(binCounts(docs.map((d) => d.features.age), BOUNDS));
      expect(column(answer, DISTRIBUTION_FIELDS.currentCount)).not.toEqual(column(whole, DISTRIBUTION_FIELDS.currentCount));
      expect(column(answer, DISTRIBUTION_FIELDS.baselineCount)).toEqual(countsOf(reference));
      expect(meta(answer).includes('the baseline has no distributions of its own for this segment: compared with the shared ones')).toBe(reference === AGE);
      // The value is one JSON string of a term clause, never part of the search's structure.
      expect(meta(answer)).toContain(JSON.stringify(JSON.stringify({ term: { region } })).slice(1, -1));
    });

    it('a data quality query of one segment reads that segment alone, its series labelled with it', async () => {
      const json = { queryType: 'dataQuality', source: 'elasticsearch', window: '1h', instant: true, baseline: 'seg@1', features: ['age'], segmentBy: 'region', segment: HOSTILE };
      const answer = (await host.queryData([{ refId: 'A', json, timeRange: { fromEpochMS: FROM, toEpochMS: TO } }], { datasource: datasource() })).A;
      expect(answer).toMatchObject({ status: 200, error: '' });
      const missing = seriesOf(answer).find((s) => s.name === 'missing_rate');
      expect(missing).toMatchObject({ labels: { model: 'seg', version: '1', feature: 'age', segment: HOSTILE }, values: [0] });
      expect(meta(answer)).toContain(JSON.stringify(JSON.stringify({ term: { region: HOSTILE } })).slice(1, -1));
    });

    it('a segment value without segmentBy is a 400 naming segment', async () => {
      const refused = await distribution({ segment: 'eu' });
      expect(refused.status).toBe(400);
      expect(refused.error).toContain('segment: "eu" needs segmentBy, the label (field) it is a value of');
    });
  });

  it('a field no document has: no series, and the mapped fields named', async () => {
    const result = await drift(backend.context({ ...query, segmentBy: 'tenant' }, { fromMs: FROM, toMs: TO }, { source: 'elasticsearch' }));
    expect(result.frames.flatMap((f) => f.fields)).toHaveLength(0);
    expect((result.frames[0].meta?.notices ?? []).map((n) => n.text)).toContainEqual(
      'segmentBy: no observation of age in the range has a value for "tenant"; the labels (fields) there are: @timestamp, features.age, model, region, version'
    );
  });
});
