/**
 * Labelled reads and baseline captures that find nothing, on the run's real OpenSearch node (or `ES_URL`'s)
 * through the built executable: the answer says what the index holds instead (another version, documents
 * without labels or feature values, a time kept in another field), never an empty answer without a word.
 * Build first: `npm run build:backend`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataFrames, notices } from '../harness/answerSeries';
import type { DatasourceConfig, DecodedResponse } from '../harness/pluginHost';
import { baselineDocument } from '../prometheus/fixtures';
import { admin, bulk, type LiveCluster } from './liveCluster';
import { categoricalFeature, numericFeature } from './predictionLogs';
import { scratchStack, type ScratchStack } from './scratchStack';

const PREFIX = `mlops-emptylabelled-${process.pid}`;
/** Labelled logs whose version is "1", read through a binding that takes the version from `model_version`. */
const VERSIONS = `${PREFIX}-versions`;
/** Logs of churn@v1 without labels and without feature values (the mapping has both). */
const BARE = `${PREFIX}-bare`;
/** Labelled logs of churn@v1 whose time is in `timestamp`, not the default `@timestamp`. */
const TIMESTAMP = `${PREFIX}-timestamp`;
const END = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;
const DOCUMENTS = 30;
const CLASSES = ['churn', 'stay'];

let stack: ScratchStack;

function properties(timeField: string): Record<string, unknown> {
  return {
    [timeField]: { type: 'date' },
    model: { type: 'keyword' },
    version: { type: 'keyword' },
    model_version: { type: 'keyword' },
    features: { properties: { age: { type: 'double' }, plan: { type: 'keyword' } } },
    prediction: { type: 'keyword' },
    label: { type: 'keyword' },
  };
}

async function indexDocuments(cluster: LiveCluster, index: string, timeField: string, document: (i: number) => Record<string, unknown>): Promise<void> {
  await admin(cluster, 'PUT', `/${index}`, { mappings: { properties: properties(timeField) } });
  const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({ [timeField]: END - i * 60_000, model: 'churn', ...document(i) }));
  await bulk(cluster, docs.flatMap((doc) => [JSON.stringify({ index: { _index: index } }), JSON.stringify(doc)]), index);
}

/** The datasource whose binding reads the version of churn from `model_version`. */
function bound(): DatasourceConfig {
  return stack.datasource(VERSIONS, { provisionedBindingDirectory: stack.bindingDirectory });
}

async function query(config: DatasourceConfig, json: Record<string, unknown>): Promise<DecodedResponse> {
  const { A } = await stack.host.queryData([{ refId: 'A', json: { source: 'elasticsearch', baseline: 'churn@v1', ...json }, timeRange: { fromEpochMS: END - HOUR, toEpochMS: END } }], {
    datasource: config,
  });
  return A;
}

async function capture(config: DatasourceConfig): Promise<{ code: number; error: string }> {
  const answer = await stack.host.callResource({ method: 'POST', path: 'baselines/capture', body: { model: 'churn', version: 'v1', source: 'elasticsearch', from: END - HOUR, to: END }, datasource: config });
  return { code: answer.code, error: answer.json<{ error?: string }>().error ?? '' };
}

beforeAll(async () => {
  stack = await scratchStack(PREFIX, async (cluster, bindingDirectory) => {
    const labelled = (i: number) => ({ features: { age: 20 + i, plan: i % 2 ? 'basic' : 'pro' }, prediction: CLASSES[i % 2], label: CLASSES[i % 3 === 0 ? 1 : 0] });
    await indexDocuments(cluster, VERSIONS, '@timestamp', (i) => ({ model_version: '1', ...labelled(i) }));
    await indexDocuments(cluster, BARE, '@timestamp', (i) => ({ version: 'v1', prediction: CLASSES[i % 2] }));
    await indexDocuments(cluster, TIMESTAMP, 'timestamp', (i) => ({ version: 'v1', ...labelled(i) }));
    await writeFile(path.join(bindingDirectory, 'churn.json'), JSON.stringify({ model: 'churn', elasticsearch: { index: VERSIONS, version: { field: 'model_version' } } }));
  });
  // churn@v1, the version asked by mistake; churn@1, the version the logs have.
  for (const version of ['v1', '1']) {
    const baseline = baselineDocument('churn', version, [numericFeature('age', [25, 35, 45, 55], [30, 50]), categoricalFeature('plan', ['basic', 'pro', 'pro'], ['basic', 'pro'])], {
      prediction: categoricalFeature('prediction', ['churn', 'stay', 'stay'], CLASSES),
    });
    const created = await stack.host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource: stack.datasource(VERSIONS) });
    expect(created.code).toBe(201);
  }
}, 300_000);

afterAll(() => stack?.dispose());

/** The notice of a read whose version is not in the index: what was asked, and the versions there are. */
const OTHER_VERSION = new RegExp(`^no document in "${VERSIONS}" has model="churn", model_version="v1" in \\(.*\\]; it has ${DOCUMENTS} document\\(s\\) there; .*model_version values of that model: "1" \\(${DOCUMENTS}\\)`);

describe('labelled reads that match no document', () => {
  it('confusion of a version the logs do not have: no frames, a warning naming the version asked and those there are', async () => {
    const answer = await query(bound(), { queryType: 'confusion', includeClassMetrics: true });
    expect(answer).toMatchObject({ status: 200, error: '' });
    expect(dataFrames(answer)).toEqual([]);
    expect(notices(answer)).toContainEqual(expect.stringMatching(OTHER_VERSION));
    const meta = JSON.parse(answer.frames[0].schema.metadata.get('meta') ?? '{}') as { executedQueryString?: string; notices: Array<{ severity: string }> };
    expect(meta.executedQueryString).toContain('"model_version":"v1"');
    expect(meta.notices.map((n) => n.severity)).toContain('warning');
  });

  it('accuracy over time (confusion windows) and for the window ending now: the same warning', async () => {
    for (const instant of [false, true]) {
      const answer = await query(bound(), { queryType: 'performance', performanceMetrics: ['accuracy'], window: '30m', instant });
      expect(answer).toMatchObject({ status: 200, error: '' });
      expect(dataFrames(answer)).toEqual([]);
      expect(notices(answer)).toContainEqual(expect.stringMatching(OTHER_VERSION));
    }
  });

  it('the version there: frames and no such notice (the explanation is asked only of empty answers)', async () => {
    const answer = await query(bound(), { queryType: 'confusion', baseline: 'churn@1' });
    expect(answer).toMatchObject({ status: 200, error: '' });
    expect(answer.frames.map((frame) => frame.schema.metadata.get('name'))).toEqual(['confusion']);
    expect(notices(answer).filter((text) => text.includes('no document') || text.includes('none of them'))).toEqual([]);
  });

  it('documents of the version without labels: says the labels are missing, not the model', async () => {
    for (const json of [{ queryType: 'confusion' }, { queryType: 'performance', performanceMetrics: ['accuracy'], window: '30m' }]) {
      const answer = await query(stack.datasource(BARE), json);
      expect(answer).toMatchObject({ status: 200, error: '' });
      const texts = notices(answer);
      expect(texts).toContainEqual(
        expect.stringMatching(new RegExp(`^${DOCUMENTS} document\\(s\\) in "${BARE}" have model="churn", version="v1" in \\(.*\\], but none of them has a label \\(field "label"\\)`))
      );
      expect(texts.filter((text) => text.startsWith('no document'))).toEqual([]);
    }
  });
});

describe('baseline capture that finds no feature values', () => {
  it('documents whose time is in another field: 400 naming the time field and its setting', async () => {
    const answer = await capture(stack.datasource(TIMESTAMP));
    expect(answer.code).toBe(400);
    expect(answer.error).toMatch(new RegExp(`^cannot capture churn@v1: no document in "${TIMESTAMP}" has .*none of the index's ${DOCUMENTS} document\\(s\\) has the time field "@timestamp"; .*jsonData\\.elasticsearch\\.timeField`));
    // With the right field the same documents are captured.
    expect((await capture(stack.datasource(TIMESTAMP, { elasticsearch: { timeField: 'timestamp' } }))).code).toBe(201);
  });

  it('documents of the model without feature values: 400 counting them, not claiming there are none', async () => {
    const answer = await capture(stack.datasource(BARE));
    expect(answer.code).toBe(400);
    expect(answer.error).toMatch(new RegExp(`^none of the ${DOCUMENTS} document\\(s\\) of churn@v1 in the window has a value for the features "age", "plan"`));
  });
});
