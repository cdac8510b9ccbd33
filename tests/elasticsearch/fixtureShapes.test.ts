/**
 * Response-shape parity: the requests recorded in the hand-written fixtures
 * (`src/backend/elasticsearch/__fixtures__/`) are sent to a real cluster (the run's OpenSearch node, or
 * `ES_URL`'s) over indices laid out as the fixtures describe, and the shape of each JSON answer (every member
 * path with its value type; array positions do not count) is compared with the fixture's. Where a fixture
 * shows something this node does not produce (another version's variant, a failure the node cannot be made to
 * have), the difference is listed below with its reason; any other difference fails.
 */
import { loadErrorFixtures, loadFixture, type SearchFixture } from '../../src/backend/elasticsearch/fixtures';
import type { JsonObject } from '../../src/backend/elasticsearch/json';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

const PREFIX = `mlops-shapes-${process.pid}`;
const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

type Shape = Set<string>;

/** Every member path with the type of its value: `aggregations.f0.buckets[].doc_count:number`. */
function shapeOf(value: unknown, path = '', into: Shape = new Set()): Shape {
  if (Array.isArray(value)) {
    into.add(`${path}:array`);
    value.forEach((item) => shapeOf(item, `${path}[]`, into));
  } else if (value !== null && typeof value === 'object') {
    into.add(`${path}:object`);
    for (const [key, item] of Object.entries(value)) {
      shapeOf(item, path ? `${path}.${key}` : key, into);
    }
  } else {
    into.add(`${path}:${value === null ? 'null' : typeof value}`);
  }
  return into;
}

function difference(a: Shape, b: Shape): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

let cluster: LiveCluster;

const index = (settings: { shards: number }, properties: Record<string, unknown>) => ({
  settings: { number_of_shards: settings.shards, number_of_replicas: 0 },
  mappings: { properties: { '@timestamp': { type: 'date', format: 'epoch_millis' }, model: { type: 'keyword' }, version: { type: 'keyword' }, ...properties } },
});
const keyword = { type: 'keyword' };

/**
 * The indices the fixtures were written for: daily prediction indices (`day-*`; `tenure` mapped but never
 * logged, as the profile fixture's empty field), one with numeric labels and predictions (the confusion
 * fixture's), one where `premium` is text so its shard fails a terms aggregation (the partial fixture's), and
 * two whose fields are those of the field-caps fixture, mapped differently in each.
 */
async function createIndices(): Promise<void> {
  const features = (premium: string) => ({
    properties: { age: { type: 'double' }, tenure: { type: 'long' }, plan: keyword, country: keyword, premium: { type: premium } },
  });
  await admin(cluster, 'PUT', `/${PREFIX}-day-2023.11.14`, index({ shards: 2 }, { features: features('boolean'), prediction: keyword, label: keyword }));
  await admin(cluster, 'PUT', `/${PREFIX}-day-2023.11.15`, index({ shards: 1 }, { features: features('boolean'), prediction: keyword, label: keyword }));
  await admin(cluster, 'PUT', `/${PREFIX}-numeric`, index({ shards: 1 }, { prediction: { type: 'long' }, label: { type: 'long' } }));
  await admin(cluster, 'PUT', `/${PREFIX}-broken`, index({ shards: 1 }, { features: features('text') }));
  const caps = (score: string, zip: string) =>
    index({ shards: 1 }, {
      features: {
        properties: {
          age: { type: 'double' },
          plan: keyword,
          premium: { type: 'boolean' },
          score: { type: score },
          zip: { type: zip },
          comment: { type: 'text' },
          address: { properties: { city: keyword } },
        },
      },
      prediction: keyword,
      label: keyword,
    });
  await admin(cluster, 'PUT', `/${PREFIX}-caps-2023.11.13`, caps('long', 'keyword'));
  await admin(cluster, 'PUT', `/${PREFIX}-caps-2023.11.14`, caps('float', 'long'));

  const ages = [12, 18, 18.000000000000004, 25, 30.5, 40, 65, 65.00000000000001, 80];
  const lines = Array.from({ length: 90 }, (_, i) => {
    const base = { '@timestamp': T0 + 1 + Math.floor((i * 3 * HOUR) / 90), model: 'churn', version: 'v1' };
    const labelled = i % 3 !== 0;
    return [
      JSON.stringify({ index: { _index: `${PREFIX}-day-2023.11.${i % 2 === 0 ? 14 : 15}` } }),
      JSON.stringify({
        ...base,
        features: { ...(i % 10 === 0 ? {} : { age: ages[i % ages.length] }), plan: ['free', 'pro', 'team'][i % 3], country: ['de', 'fr', 'it', 'es', 'pl'][i % 5], premium: i % 4 === 0 },
        prediction: i % 2 === 0 ? 'churn' : 'stay',
        ...(labelled ? { label: i % 5 === 0 ? 'churn' : 'stay' } : {}),
      }),
      JSON.stringify({ index: { _index: `${PREFIX}-numeric` } }),
      JSON.stringify({ ...base, prediction: i % 2, ...(labelled ? { label: i % 5 === 0 ? 1 : 0 } : {}) }),
      JSON.stringify({ index: { _index: `${PREFIX}-broken` } }),
      JSON.stringify({ ...base, features: { premium: `yes ${i}` } }),
    ];
  });
  await bulk(cluster, lines.flat(), `${PREFIX}-*`);
}

/** Where each fixture's request goes instead of `/predictions`, and any query parameter its variant needs. */
const TARGETS: Record<string, { index: string; parameter?: string }> = {
  'es-8-windows': { index: `${PREFIX}-day-*` },
  'opensearch-2-windows': { index: `${PREFIX}-day-*` },
  // The plain-number `hits.total` this fixture shows is what a cluster answers when asked for it.
  'es-7.17-totals': { index: `${PREFIX}-day-*`, parameter: 'rest_total_hits_as_int=true' },
  'es-7.17-array-range': { index: `${PREFIX}-day-*` },
  'es-7.17-profile': { index: `${PREFIX}-day-*` },
  'es-9-confusion': { index: `${PREFIX}-numeric` },
  'es-8-partial': { index: `${PREFIX}-day-*,${PREFIX}-broken` },
  'es-8-no-index': { index: `${PREFIX}-nothing-*` },
  'opensearch-2-field-caps': { index: `${PREFIX}-caps-*` },
};

async function send(method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const response = await fetch(cluster.url + path, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': contentType } : {}) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: await response.json() };
}

async function answerTo(name: string, fixture: SearchFixture): Promise<{ status: number; json: unknown }> {
  const { index, parameter } = TARGETS[name];
  let path = fixture.request.path.replace(/^\/predictions(-\*)?/, `/${index}`);
  if (parameter) {
    path += (path.includes('?') ? '&' : '?') + parameter;
  }
  return send(fixture.request.method, path, fixture.request.body && JSON.stringify(fixture.request.body));
}

beforeAll(async () => {
  cluster = await liveCluster();
  await createIndices();
}, 180_000);

afterAll(async () => {
  if (cluster) {
    await admin(cluster, 'DELETE', `/${PREFIX}-*`);
  }
});

function expectSameShape(answer: unknown, fixture: unknown): void {
  const node = shapeOf(answer);
  const written = shapeOf(fixture);
  expect({ onlyOnTheNode: difference(node, written), onlyInTheFixture: difference(written, node) }).toEqual({ onlyOnTheNode: [], onlyInTheFixture: [] });
}

const windows = () => loadFixture('es-8-windows').request.body!;
/** es-8-windows' search with a range aggregation on a keyword field instead: every shard fails it. */
const rangeOnKeyword = (): JsonObject => ({ ...windows(), aggs: { f0: { range: { field: 'features.plan', ranges: [{ to: 1 }] } } } });

/** How each error fixture's scenario is made on the node; the others cannot be (see `NOT_ON_THIS_NODE`). */
const ERROR_SCENARIOS: Record<string, () => Promise<{ status: number; json: unknown }>> = {
  'index not found': () => send('POST', `/${PREFIX}-absent/_search`, JSON.stringify(windows())),
  'terms on a text field': () => send('POST', `/${PREFIX}-broken/_search`, JSON.stringify({ size: 0, aggs: { f0: { terms: { field: 'features.premium' } } } })),
  'range aggregation on a keyword field': () => send('POST', `/${PREFIX}-day-*/_search`, JSON.stringify(rangeOnKeyword())),
  'too many buckets': async () => {
    await admin(cluster, 'PUT', '/_cluster/settings', { transient: { 'search.max_buckets': 5 } });
    try {
      return await send('POST', `/${PREFIX}-day-*/_search`, JSON.stringify(windows()));
    } finally {
      await admin(cluster, 'PUT', '/_cluster/settings', { transient: { 'search.max_buckets': null } });
    }
  },
};

/** Error fixtures this node cannot be made to answer, and why: they stay hand-written. */
const NOT_ON_THIS_NODE: Record<string, string> = {
  'wrong credentials': 'needs the security plugin, which is not part of the node',
  'no read privilege': 'needs the security plugin, which is not part of the node',
  'search thread pool full': 'a full search queue cannot be caused reliably in a test',
  'cluster unavailable': 'the node answers only once its state is recovered',
  'proxy in front of the cluster, plain-text error': 'a proxy\'s answer, not the cluster\'s',
};

describe('the hand-written fixtures have the shapes a real node answers', () => {
  it.each(Object.keys(TARGETS))('%s', async (name) => {
    const fixture = loadFixture(name);
    const answer = await answerTo(name, fixture);
    expect(answer.status).toBe(fixture.status);
    expectSameShape(answer.json, fixture.response);
  });

  it('es-8-msearch: one search answered, one failed on its own', async () => {
    const fixture = loadFixture('es-8-msearch');
    // As in the fixture, the first search finds no document (a version never logged).
    const nothing = JSON.parse(JSON.stringify(windows()).replace('{"term":{"version":"v1"}}', '{"term":{"version":"v0"}}')) as JsonObject;
    const body = [{}, nothing, {}, rangeOnKeyword()].map((line) => JSON.stringify(line)).join('\n') + '\n';
    const answer = await send('POST', `/${PREFIX}-day-*/_msearch`, body, 'application/x-ndjson');
    expect(answer.status).toBe(fixture.status);
    expectSameShape(answer.json, fixture.response);
  });

  const errorCases = loadErrorFixtures();
  it('every error fixture is either made on the node or listed as not possible here', () => {
    expect(errorCases.map((c) => c.name).sort()).toEqual([...Object.keys(ERROR_SCENARIOS), ...Object.keys(NOT_ON_THIS_NODE)].sort());
  });

  it.each(Object.keys(ERROR_SCENARIOS))('errors.json: %s', async (name) => {
    const fixture = errorCases.find((c) => c.name === name)!;
    const answer = await ERROR_SCENARIOS[name]();
    expect(answer.status).toBe(fixture.status);
    expectSameShape(answer.json, fixture.response);
  });
});
