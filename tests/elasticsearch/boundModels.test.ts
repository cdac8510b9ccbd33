/**
 * Elasticsearch bindings checked (`GET check-bindings`, "Save & test") through the built executable against the
 * run's real OpenSearch node (or `ES_URL`'s): prediction logs with flat field names, a `model_version` field and
 * no model field, a score under a path of its own, a channel dynamically mapped as text, another service in the
 * same index. Every expected count is computed here from the indexed documents. Build first:
 * `npm run build:backend`.
 */
import { mulberry32 } from '../../src/drift/prng';
import type { BaselineDocument, BaselineFeature } from '../../src/drift/types';
import type { BindingDocument } from '../../src/shared/bindingModel';
import type { CheckBindingsResponse, FeatureCheck, ModelCheck } from '../../src/shared/resourceModel';
import { dataFrames } from '../harness/answerSeries';
import type { DatasourceConfig, PluginHost } from '../harness/pluginHost';
import { baselineDocument, categoricalFeature } from '../prometheus/fixtures';
import { boundIndex, LOG_PROPERTIES, serviceLogs, type BoundIndex } from './boundIndex';

const MINUTE = 60_000;
const END = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = END - 50 * MINUTE;
const INDEX = `mlops-bound-${process.pid}`;
const REGIONS = ['eu', 'us', 'apac'];

interface Log {
  ts: number;
  service: string;
  model_version: string;
  region?: string;
  channel: string;
  latency_ms: number;
  outputs: { score?: number };
}

function logs(): Log[] {
  const random = mulberry32(31);
  return Array.from({ length: 600 }, (_, i) => ({
    ts: START + Math.floor(random() * 50 * MINUTE) + 1,
    service: i % 4 === 0 ? 'billing-api' : 'pydata-api',
    model_version: i % 5 === 1 ? '2' : '1',
    ...(i % 7 === 0 ? {} : { region: REGIONS[Math.floor(random() * 3)] }),
    channel: random() < 0.5 ? 'web' : 'app',
    latency_ms: 100 + Math.floor(random() * 400),
    // Every tenth log has no score: the check counts documents with a value.
    outputs: i % 10 === 3 ? {} : { score: random() },
  }));
}

const BINDINGS: BindingDocument[] = [
  {
    model: 'pydata',
    elasticsearch: {
      ...serviceLogs(INDEX),
      featurePrefix: '',
      features: { response: 'outputs.score', latency: 'latency_ms', ghost: 'no_such_field' },
    },
  },
  // Version 2 has a binding of its own, listing the features a capture takes.
  {
    model: 'pydata',
    version: '2',
    elasticsearch: {
      ...serviceLogs(INDEX),
      features: { response: 'outputs.score', region: 'region', latency: 'latency_ms' },
    },
  },
  { model: 'nowhere', elasticsearch: { index: `mlops-nothing-${process.pid}-*`, timeField: 'ts', model: 'none', version: 'none' } },
];

function numeric(name: string, upperBounds: number[], min: number, max: number): BaselineFeature {
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds, counts: [...upperBounds.map(() => 10), 10] },
    summary: {
      n: 10 * (upperBounds.length + 1),
      min,
      max,
      mean: (min + max) / 2,
      std: (max - min) / 4,
      quantiles: { levels: [0.5], values: [(min + max) / 2] },
    },
    missing: 0,
    nonFinite: 0,
  };
}

const FEATURES: BaselineFeature[] = [
  numeric('response', [0.25, 0.5, 0.75], 0, 1),
  categoricalFeature('region', ['eu', 'us'], [1, 1], 100),
  categoricalFeature('channel', ['web', 'app'], [1, 1], 100),
  numeric('ghost', [1, 2], 0, 3),
  // The baseline was recorded in seconds, the logs say milliseconds: the ranges do not meet.
  numeric('latency', [0.2, 0.3], 0.1, 0.5),
];

function field(check: ModelCheck | undefined, name: string): FeatureCheck {
  const found = check?.features.find((f) => f.feature === name);
  if (!found) {
    throw new Error(`no check of ${name} in ${JSON.stringify(check)}`);
  }
  return found;
}

describe('Elasticsearch bindings checked through the executable on a real node', () => {
  let stack: BoundIndex;
  let host: PluginHost;
  let datasource: DatasourceConfig;
  const docs = logs();

  beforeAll(async () => {
    stack = await boundIndex({
      index: INDEX,
      mappings: {
        properties: {
          ...LOG_PROPERTIES,
          region: { type: 'keyword' },
          // As dynamic mapping makes it: text, with a keyword sub-field.
          channel: { type: 'text', fields: { keyword: { type: 'keyword' } } },
          latency_ms: { type: 'long' },
        },
      },
      docs,
      bindings: BINDINGS,
      uid: `es-bound-${process.pid}`,
    });
    ({ host, datasource } = stack);
    for (const baseline of [
      baselineDocument('pydata', '1', FEATURES),
      baselineDocument('pydata', '9', FEATURES.slice(0, 1)),
      baselineDocument('nowhere', '1', FEATURES.slice(0, 1)),
    ]) {
      const created = await host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource });
      expect(created.code).toBe(201);
    }
  }, 300_000);

  afterAll(async () => {
    await stack?.dispose();
  });

  const ours = () => docs.filter((d) => d.service === 'pydata-api' && d.model_version === '1');

  async function check(query: string): Promise<CheckBindingsResponse> {
    const answer = await host.callResource({ method: 'GET', path: `check-bindings?${query}`, datasource });
    expect(answer.code).toBe(200);
    return answer.json<CheckBindingsResponse>();
  }

  it('counts each bound field of the model documents, with its mapped types and its range against the baseline', async () => {
    const { models } = await check('baseline=pydata@1&window=1h');
    expect(models.map((m) => [m.baseline, m.source])).toEqual([['pydata@1', 'elasticsearch']]);
    const [model] = models;
    const withScore = ours().filter((d) => d.outputs.score !== undefined);
    const scores = withScore.map((d) => d.outputs.score!);
    expect(field(model, 'response')).toEqual({
      feature: 'response',
      role: 'feature',
      series: withScore.length,
      documents: ours().length,
      labels: [],
      field: 'outputs.score',
      types: ['double'],
      valueRange: { live: { min: Math.min(...scores), max: Math.max(...scores) }, baseline: { min: 0, max: 1 } },
    });
    expect(withScore.length).toBeLessThan(ours().length);
    const region = field(model, 'region');
    expect(region).toMatchObject({ series: ours().filter((d) => d.region !== undefined).length, types: ['keyword'] });
    expect(region.note).toBe('live categories the baseline never saw: "apac" (values that mean missing belong in the binding\'s missingValues)');
    expect(region.problem).toBeUndefined();
  });

  it('names the first problem of a text field, a field that does not exist and values on another scale', async () => {
    const [model] = (await check('baseline=pydata@1')).models;
    expect(field(model, 'channel')).toMatchObject({
      types: ['text'],
      problem: expect.stringMatching(/^field "channel" is mapped as text \(not aggregatable\); .*bind "channel.keyword" instead$/),
    });
    expect(field(model, 'ghost')).toMatchObject({
      field: 'no_such_field',
      types: [],
      problem: expect.stringMatching(/^field "no_such_field" is not mapped in any index of the pattern/),
    });
    const latencies = ours().map((d) => d.latency_ms);
    expect(field(model, 'latency').problem).toBe(
      `live values [${Math.min(...latencies)}, ${Math.max(...latencies)}], baseline [0.1, 0.5] do not overlap at all: ` +
        "a different field, or another unit than the baseline's?"
    );
    expect(model.problems).toBe(3);
  });

  it('says which versions the window holds when the model version has no document, and when the index pattern matches nothing', async () => {
    const { models } = await check('baseline=pydata@9&baseline=nowhere@1');
    const versions = [...new Set(docs.filter((d) => d.service === 'pydata-api').map((d) => d.model_version))].sort();
    expect(versions).toEqual(['1', '2']);
    expect(field(models[0], 'response').problem).toMatch(
      new RegExp(`^no document in "${INDEX}" has model_version="9" .*model_version values: "1" \\(\\d+\\), "2" \\(\\d+\\)`)
    );
    expect(field(models[1], 'response').problem).toBe(
      `the index pattern "mlops-nothing-${process.pid}-*" matches no index (check the binding's or the datasource's index)`
    );
  });

  it('Save & test checks every model on Elasticsearch and names the first problem of each', async () => {
    const health = await host.checkHealth(datasource);
    expect(health.status).toBe('OK');
    expect(health.message).toMatch(
      new RegExp(
        String.raw`Bindings \(live data in the last hour\): .*` +
          String.raw`pydata@1 \(Elasticsearch\): 2 of 5 fields read as bound; first problem, "channel": field "channel" is mapped as text`
      )
    );
    const models = (health.details.bindings as { models: ModelCheck[] }).models;
    expect(models.map((m) => `${m.baseline} ${m.source}`).sort()).toEqual([
      'nowhere@1 elasticsearch',
      'pydata@1 elasticsearch',
      'pydata@9 elasticsearch',
    ]);
    expect(health.details.verboseMessage).toMatch(/ghost \(feature\): field "no_such_field" is not mapped/);
  }, 60_000);

  it('reads a query that names no source where the model is bound, even beside a Prometheus URL', async () => {
    const json = { queryType: 'distribution', baseline: 'pydata@1', features: ['response'] };
    for (const jsonData of [datasource.jsonData, { ...datasource.jsonData, prometheusUrl: 'http://127.0.0.1:1' }]) {
      const { A } = await host.queryData([{ refId: 'A', json, timeRange: { fromEpochMS: START, toEpochMS: END } }], { datasource: { ...datasource, jsonData } });
      expect(A).toMatchObject({ status: 200, error: '' });
      expect(dataFrames(A)).toHaveLength(1);
    }
    // Named, the source is read even where the model is not bound (here: an unreachable Prometheus).
    const named = await host.queryData([{ refId: 'A', json: { ...json, source: 'prometheus' }, timeRange: { fromEpochMS: START, toEpochMS: END } }], {
      datasource: { ...datasource, jsonData: { ...datasource.jsonData, prometheusUrl: 'http://127.0.0.1:1' } },
    });
    expect(named.A).toMatchObject({ status: 502, errorSource: 'downstream' });
  }, 60_000);

  it('refuses a source that is not configured, or not a source', async () => {
    for (const [query, error] of [
      ['source=prometheus', /no Prometheus URL/],
      ['source=graphite', /"graphite" is not one of prometheus, elasticsearch/],
    ] as const) {
      const answer = await host.callResource({ method: 'GET', path: `check-bindings?${query}`, datasource });
      expect(answer.code).toBe(400);
      expect(answer.json<{ error: string }>().error).toMatch(error);
    }
  });

  it('captures a baseline from the fields the version\'s binding lists, counting its documents only', async () => {
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'pydata', version: '2', source: 'elasticsearch', from: START, to: END },
      datasource,
    });
    expect({ code: answer.code, body: answer.code === 201 ? '' : answer.body.toString() }).toEqual({ code: 201, body: '' });
    const baseline = (await host.callResource({ method: 'GET', path: 'baselines/pydata@2', datasource })).json<BaselineDocument>();
    expect(baseline.features.map((f) => f.name).sort()).toEqual(['latency', 'region', 'response']);
    const versionTwo = docs.filter((d) => d.service === 'pydata-api' && d.model_version === '2' && d.ts > START && d.ts <= END);
    const response = baseline.features.find((f) => f.name === 'response')!;
    expect(response.kind === 'numeric' && response.histogram.counts.reduce((a, b) => a + b, 0)).toBe(
      versionTwo.filter((d) => d.outputs.score !== undefined).length
    );
    const region = baseline.features.find((f) => f.name === 'region')!;
    expect(region.kind === 'categorical' && region.distribution.categories.slice().sort()).toEqual(
      [...new Set(versionTwo.flatMap((d) => (d.region ? [d.region] : [])))].sort()
    );
    expect(region.missing).toBe(versionTwo.filter((d) => d.region === undefined).length);
    expect(baseline.source?.description).toMatch(new RegExp(`^Elasticsearch index "${INDEX}"`));
  }, 60_000);

  it('refuses to capture a binding whose listed field is not mapped, naming it', async () => {
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'pydata', version: '1', source: 'elasticsearch', from: START, to: END },
      datasource,
    });
    expect(answer.code).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(/cannot capture "ghost" \(not mapped in any index\)/);
  });
});
