/**
 * The mistakes a new user makes when pointing the datasource at prediction logs, on the run's real OpenSearch
 * node (or `ES_URL`'s) through the built executable: each answer names the setting or mapping to fix, not only
 * what Elasticsearch said. Build first: `npm run build:backend`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BaselineDocument } from '../../src/drift/types';
import { notices } from '../harness/answerSeries';
import type { DatasourceConfig, DecodedResponse, PluginHost } from '../harness/pluginHost';
import { baselineDocument } from '../prometheus/fixtures';
import { admin, bulk } from './liveCluster';
import { categoricalFeature, numericFeature } from './predictionLogs';
import { scratchStack, type ScratchStack } from './scratchStack';

const PREFIX = `mlops-newuser-${process.pid}`;
/** Logged without an index template: dynamic mapping makes every string a text field with a `.keyword` sub-field. */
const DYNAMIC = `${PREFIX}-dynamic`;
/** Mapped as the README says, except that the time is in `timestamp`, not the default `@timestamp`. */
const TIMESTAMP = `${PREFIX}-timestamp`;
/** Flat field names, a `model_version` field and no model field, read through a binding (as in the README). */
const FLAT = `${PREFIX}-flat`;
/** A binary classifier's logs: the score as `prediction` (double), the actual class as a keyword "0" / "1". */
const SCORES = `${PREFIX}-scores`;
const END = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;
const API_KEY = 'bmV3LXVzZXI6c2VjcmV0LWtleS12YWx1ZQ==';

const BASELINE: BaselineDocument = baselineDocument('churn', 'v1', [
  numericFeature('age', [25, 35, 45, 55], [30, 50]),
  categoricalFeature('plan', ['basic', 'pro', 'pro'], ['basic', 'pro']),
]);

/** What `mldrift baseline build --score p --label y` writes for a y column of 0 and 1: a numeric label, and scores. */
const CLASSIFIER: BaselineDocument = baselineDocument('upsell', 'v1', [numericFeature('p', [0.1, 0.3, 0.6, 0.9], [0.5])], {
  schemaVersion: 2,
  label: numericFeature('y', [0, 0, 0, 1, 1], [0.5]),
  scores: { score: 'p', label: 'y', positiveClass: '1', upperBounds: [0.5], positives: [2, 8], negatives: [8, 2], meanScores: [0.25, 0.75] },
});

let stack: ScratchStack;
let host: PluginHost;

function logs(timeField: string): string[] {
  return Array.from({ length: 60 }, (_, i) => [
    JSON.stringify({ index: {} }),
    JSON.stringify({ [timeField]: new Date(END - i * 60_000).toISOString(), model: 'churn', version: 'v1', features: { age: 20 + i, plan: i % 2 ? 'basic' : 'pro' }, prediction: 'stay', label: 'stay' }),
  ]).flat();
}

function datasource(index: string, jsonData: Record<string, unknown> = {}, secrets: Record<string, string> = {}): DatasourceConfig {
  return stack.datasource(index, jsonData, secrets);
}

async function drift(config: DatasourceConfig): Promise<DecodedResponse> {
  const { A } = await host.queryData(
    [{ refId: 'A', json: { queryType: 'drift', source: 'elasticsearch', baseline: 'churn@v1', window: '1h', instant: true }, timeRange: { fromEpochMS: END - HOUR, toEpochMS: END } }],
    { datasource: config }
  );
  return A;
}

beforeAll(async () => {
  stack = await scratchStack(PREFIX, async (cluster, bindingDirectory) => {
    await admin(cluster, 'PUT', `/${TIMESTAMP}`, {
      mappings: {
        properties: {
          timestamp: { type: 'date' },
          model: { type: 'keyword' },
          version: { type: 'keyword' },
          features: { properties: { age: { type: 'double' }, plan: { type: 'keyword' } } },
          prediction: { type: 'keyword' },
          label: { type: 'keyword' },
        },
      },
    });
    await bulk(cluster, logs('@timestamp').map((line) => line.replace('{"index":{}}', JSON.stringify({ index: { _index: DYNAMIC } }))), DYNAMIC);
    await bulk(cluster, logs('timestamp').map((line) => line.replace('{"index":{}}', JSON.stringify({ index: { _index: TIMESTAMP } }))), TIMESTAMP);
    await admin(cluster, 'PUT', `/${FLAT}`, {
      mappings: { properties: { timestamp: { type: 'date' }, service: { type: 'keyword' }, model_version: { type: 'keyword' }, age: { type: 'double' }, predicted: { type: 'keyword' } } },
    });
    const flat = Array.from({ length: 40 }, (_, i) => ({ timestamp: END - i * 60_000, service: 'churn-api', model_version: '1', age: 20 + i, predicted: i % 2 ? 'churn' : 'stay' }));
    await bulk(cluster, flat.flatMap((doc) => [JSON.stringify({ index: { _index: FLAT } }), JSON.stringify(doc)]), FLAT);
    await admin(cluster, 'PUT', `/${SCORES}`, {
      mappings: { properties: { '@timestamp': { type: 'date' }, model: { type: 'keyword' }, version: { type: 'keyword' }, prediction: { type: 'double' }, label: { type: 'keyword' } } },
    });
    const scored = Array.from({ length: 40 }, (_, i) => ({ '@timestamp': END - i * 60_000, model: 'upsell', version: 'v1', prediction: (i % 10) / 10 + 0.05, label: i % 10 >= 5 === (i % 7 !== 0) ? '1' : '0' }));
    await bulk(cluster, scored.flatMap((doc) => [JSON.stringify({ index: { _index: SCORES } }), JSON.stringify(doc)]), SCORES);
    const binding = { model: 'flat', elasticsearch: { index: FLAT, timeField: 'timestamp', filter: 'service:"churn-api"', model: 'none', version: { field: 'model_version' }, featurePrefix: '', predictionField: 'predicted' } };
    await writeFile(path.join(bindingDirectory, 'flat.json'), JSON.stringify(binding));
  });
  host = stack.host;
  for (const baseline of [BASELINE, CLASSIFIER]) {
    const created = await host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource: datasource(DYNAMIC) });
    expect(created.code).toBe(201);
  }
}, 300_000);

afterAll(() => stack?.dispose());

describe('what a new user gets wrong, answered with the fix', () => {
  it('strings logged without a mapping (text fields): 400 naming the field and its keyword sub-field', async () => {
    const answer = await drift(datasource(DYNAMIC));
    expect(answer).toMatchObject({ status: 400, errorSource: 'downstream' });
    expect(answer.error).toMatch(/^field "features\.plan" is mapped as text, .*map it as keyword.*"features\.plan\.keyword"/s);
  });

  it('documents whose time is not in the configured time field: the notice says so and names the setting', async () => {
    const answer = await drift(datasource(TIMESTAMP));
    expect(answer).toMatchObject({ status: 200, error: '' });
    expect(notices(answer)).toContainEqual(expect.stringMatching(/none of the index's 60 document\(s\) has the time field "@timestamp"; .*jsonData\.elasticsearch\.timeField/));
    // With the right field the same documents are read.
    const right = await drift(datasource(TIMESTAMP, { elasticsearch: { timeField: 'timestamp' } }));
    expect(right).toMatchObject({ status: 200, error: '' });
    expect(right.frames.map((frame) => frame.schema.metadata.get('name')).sort()).toEqual(['age', 'plan']);
  });

  it('an API key in jsonData instead of secureJsonData: 400 saying where it belongs, without echoing it', async () => {
    const misplaced = datasource(DYNAMIC, { elasticsearchAuth: 'apiKey', elasticsearchApiKey: API_KEY });
    const answer = await drift(misplaced);
    expect(answer.status).toBe(400);
    expect(answer.error).toMatch(/elasticsearchApiKey: secrets belong in secureJsonData .*move it to secureJsonData\.elasticsearchApiKey/);
    const health = await host.checkHealth(misplaced);
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/secureJsonData\.elasticsearchApiKey/);
    expect(`${answer.error}${health.message}${JSON.stringify(health.details)}`).not.toContain(API_KEY);
  });

  it('capturing flat logs through a binding without "features": the document\'s own fields, none of Elasticsearch\'s', async () => {
    const config = datasource(FLAT, { provisionedBindingDirectory: stack.bindingDirectory });
    const captured = await host.callResource({ method: 'POST', path: 'baselines/capture', body: { model: 'flat', version: '1', source: 'elasticsearch', from: END - HOUR, to: END }, datasource: config });
    expect(captured.code).toBe(201);
    expect(captured.json<{ notes: string[] }>().notes.filter((note) => note.startsWith('field "_'))).toEqual([]);
    const baseline = (await host.callResource({ method: 'GET', path: 'baselines/flat@1', datasource: config })).json<BaselineDocument>();
    expect(baseline.features.map((feature) => feature.name)).toEqual(['age', 'service']);
    expect(baseline.prediction?.name).toBe('predicted');
  });

  it('a classifier whose training labels were 0 / 1 numbers: performance asked for all series reads no regression errors', async () => {
    const config = datasource(SCORES);
    const { A } = await host.queryData(
      [{ refId: 'A', json: { queryType: 'performance', source: 'elasticsearch', baseline: 'upsell@v1', window: '1h', instant: true }, timeRange: { fromEpochMS: END - HOUR, toEpochMS: END } }],
      { datasource: config }
    );
    expect(A).toMatchObject({ status: 200, error: '' });
    const names = A.frames.map((frame) => frame.schema.fields[frame.schema.fields.length - 1].name);
    expect(names).toEqual(expect.arrayContaining(['roc_auc', 'expected_calibration_error']));
    expect(names).not.toContain('mae');
  });

  it('regression errors named on a keyword label: 400 saying the scripts need numeric fields', async () => {
    const { A } = await host.queryData(
      [{ refId: 'A', json: { queryType: 'performance', source: 'elasticsearch', baseline: 'upsell@v1', window: '1h', instant: true, performanceMetrics: ['mae'] }, timeRange: { fromEpochMS: END - HOUR, toEpochMS: END } }],
      { datasource: datasource(SCORES) }
    );
    expect(A).toMatchObject({ status: 400, errorSource: 'downstream' });
    expect(A.error).toMatch(/^the regression error scripts failed: .*prediction and label fields mapped as numbers/);
  });

  it('API key authentication chosen without a key: 400 naming the empty secure setting', async () => {
    const answer = await drift(datasource(DYNAMIC, { elasticsearchAuth: 'apiKey' }));
    expect(answer.status).toBe(400);
    expect(answer.error).toMatch(/elasticsearchAuth is "apiKey" but secureJsonData\.elasticsearchApiKey is empty/);
  });
});
