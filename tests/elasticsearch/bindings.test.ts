/**
 * An Elasticsearch binding end to end: prediction logs with flat field names, a `model_version` field and no
 * model field, the score under a path of its own, another service's logs in the same index, read through the
 * built executable from a provisioned binding file against the run's real OpenSearch node (or `ES_URL`'s).
 * Every expected count is computed here from the indexed documents. Build first: `npm run build:backend`.
 */
import type { Table } from 'apache-arrow';
import { mulberry32 } from '../../src/drift/prng';
import type { BindingDocument } from '../../src/shared/bindingModel';
import type { DatasourceConfig, DecodedResponse, PluginHost } from '../harness/pluginHost';
import { numbersOf } from '../harness/answerSeries';
import { baselineDocument, categoricalFeature } from '../prometheus/fixtures';
import { boundIndex, LOG_PROPERTIES, serviceLogs, type BoundIndex } from './boundIndex';

const MINUTE = 60_000;
const END = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = END - 60 * MINUTE;
const BOUNDS = [0.25, 0.5, 0.75];
const CHANNELS = ['web', 'app', 'store'];
const INDEX = `mlops-byo-${process.pid}`;

interface Log {
  ts: number;
  service: string;
  model_version: string;
  channel?: string;
  outputs: { score: number };
  predicted: string;
  /** The true label, once known (absent for every fifth prediction). */
  actual?: string;
}

/** The prediction follows the score; the label agrees with it five times in seven. */
function outcome(i: number, score: number): Pick<Log, 'predicted' | 'actual'> {
  const predicted = score > 0.3 ? 'fraud' : 'ok';
  const other = predicted === 'fraud' ? 'ok' : 'fraud';
  return { predicted, ...(i % 5 === 0 ? {} : { actual: i % 7 < 5 ? predicted : other }) };
}

function logs(): Log[] {
  const random = mulberry32(12);
  const out: Log[] = [];
  for (let i = 0; i < 900; i++) {
    const u = random();
    const channel = u < 0.1 ? 'missing' : u < 0.15 ? 'None' : u < 0.2 ? undefined : CHANNELS[Math.floor(random() * 3)];
    const ts = START + Math.floor(random() * 60 * MINUTE) + 1;
    const score = random() ** 2;
    out.push({
      ts,
      // A third is another service in the same index; a sixth is version 2 of this one.
      service: i % 3 === 0 ? 'billing-api' : 'pydata-api',
      model_version: i % 6 === 1 ? '2' : '1',
      ...(channel === undefined ? {} : { channel }),
      outputs: { score },
      ...outcome(i, score),
    });
  }
  return out;
}

const BINDING: BindingDocument = {
  model: 'pydata',
  elasticsearch: {
    ...serviceLogs(INDEX),
    featurePrefix: '',
    features: { response: 'outputs.score' },
    missingValues: ['missing', 'None'],
    predictionField: 'predicted',
    labelField: 'actual',
  },
};

function frameNamed(answer: DecodedResponse, name: string): Table {
  const frame = answer.frames.find((f) => f.schema.metadata.get('name') === name);
  if (!frame) {
    throw new Error(`no frame ${name}`);
  }
  return frame;
}

describe('Elasticsearch bindings through the executable on a real node', () => {
  let stack: BoundIndex;
  let host: PluginHost;
  let datasource: DatasourceConfig;
  const docs = logs();

  beforeAll(async () => {
    stack = await boundIndex({
      index: INDEX,
      mappings: {
        properties: { ...LOG_PROPERTIES, channel: { type: 'keyword' }, predicted: { type: 'keyword' }, actual: { type: 'keyword' } },
      },
      docs,
      bindings: [BINDING],
    });
    ({ host, datasource } = stack);
    const baseline = baselineDocument('pydata', '1', [
      {
        name: 'response',
        kind: 'numeric',
        histogram: { upperBounds: BOUNDS, counts: [500, 207, 159, 134] },
        summary: { n: 1000, min: 0, max: 1, mean: 1 / 3, std: 0.3, quantiles: { levels: [0.5], values: [0.25] } },
        missing: 0,
        nonFinite: 0,
      },
      categoricalFeature('channel', CHANNELS, [1, 1, 1], 900),
    ]);
    const created = await host.callResource({ method: 'POST', path: 'baselines', body: baseline, datasource });
    expect(created.code).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await stack?.dispose();
  });

  async function query(json: Record<string, unknown>): Promise<DecodedResponse> {
    const { A } = await host.queryData(
      [{ refId: 'A', json: { source: 'elasticsearch', baseline: 'pydata@1', window: '2h', ...json }, timeRange: { fromEpochMS: START, toEpochMS: END } }],
      { datasource }
    );
    expect(A).toMatchObject({ status: 200, error: '' });
    return A;
  }

  const ours = () => docs.filter((d) => d.service === 'pydata-api' && d.model_version === '1');

  it('counts the score at its path and the flat channel, from the binding index, service and version only', async () => {
    const answer = await query({ queryType: 'distribution', features: ['response', 'channel'] });
    const expectedBins = [0, 0, 0, 0];
    for (const doc of ours()) {
      const bin = BOUNDS.findIndex((b) => doc.outputs.score <= b);
      expectedBins[bin < 0 ? BOUNDS.length : bin]++;
    }
    expect(numbersOf(frameNamed(answer, 'response'), 'current')).toEqual(expectedBins);
    const channel = frameNamed(answer, 'channel');
    // `missing` and `None` are not categories: only the baseline's three appear.
    expect(channel.schema.fields.some((f) => f.name === 'bin')).toBe(true);
    expect([...channel.getChildAt(channel.schema.fields.findIndex((f) => f.name === 'bin'))!.toArray()]).toEqual(CHANNELS);
    expect(numbersOf(channel, 'current')).toEqual(CHANNELS.map((c) => ours().filter((d) => d.channel === c).length));
  });

  it('counts the values that mean missing, with absent fields, as the missing rate', async () => {
    const answer = await query({ queryType: 'dataQuality', instant: true, features: ['channel'] });
    const frame = answer.frames.find((f) => f.schema.fields.some((x) => x.name === 'missing_rate'))!;
    const rate = numbersOf(frame, 'missing_rate')[0];
    const missing = ours().filter((d) => d.channel === undefined || d.channel === 'missing' || d.channel === 'None').length;
    expect(rate).toBeCloseTo(missing / ours().length, 10);
    expect(missing).toBeGreaterThan(20);
  });

  /** Each `name` field's values by its `feature` label. */
  function byFeature(answer: DecodedResponse, name: string): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const frame of answer.frames) {
      frame.schema.fields.forEach((field, i) => {
        if (field.name === name) {
          const feature = (JSON.parse(field.metadata.get('labels') ?? '{}') as { feature?: string }).feature ?? '';
          out[feature] = [...(out[feature] ?? []), ...[...frame.getChildAt(i)!.toArray()].map(Number)];
        }
      });
    }
    return out;
  }

  it('drift over time and instant, normalised by threshold: every bound feature, no drift over the hour of logs drawn like the baseline', async () => {
    for (const instant of [false, true]) {
      const scores = byFeature(await query({ queryType: 'drift', method: 'psi', instant, normalizeByThreshold: true }), 'normalized_score');
      expect({ instant, features: Object.keys(scores).sort() }).toEqual({ instant, features: ['channel', 'response'] });
      for (const [feature, values] of Object.entries(scores)) {
        // Over time the first windows hold a few documents (scores far above 1); the last one holds the whole hour.
        expect({ feature, instant, points: instant ? values.length : values.length > 10 }).toEqual({ feature, instant, points: instant ? 1 : true });
        expect({ feature, instant, last: values[values.length - 1] < 1 }).toEqual({ feature, instant, last: true });
      }
    }
  });

  it('confusion and accuracy from the bound prediction and label fields, labelled documents only', async () => {
    const labelled = ours().filter((d) => d.actual !== undefined);
    const confusion = (await query({ queryType: 'confusion' })).frames[0];
    const names = confusion.schema.fields.map((f) => f.name);
    const cells = new Map<string, number>();
    const text = (name: string) => [...confusion.getChildAt(names.indexOf(name))!.toArray()].map(String);
    const counts = numbersOf(confusion, 'count');
    text('actual').forEach((actual, i) => cells.set(`${actual}|${text('predicted')[i]}`, counts[i]));
    for (const actual of ['fraud', 'ok']) {
      for (const predicted of ['fraud', 'ok']) {
        expect({ actual, predicted, count: cells.get(`${actual}|${predicted}`) ?? 0 }).toEqual({
          actual,
          predicted,
          count: labelled.filter((d) => d.actual === actual && d.predicted === predicted).length,
        });
      }
    }
    const performance = await query({ queryType: 'performance', instant: true, performanceMetrics: ['accuracy'] });
    const accuracy = performance.frames.flatMap((frame) => (frame.schema.fields.some((f) => f.name === 'accuracy') ? numbersOf(frame, 'accuracy') : []));
    expect(accuracy).toHaveLength(1);
    expect(accuracy[0]).toBeCloseTo(labelled.filter((d) => d.actual === d.predicted).length / labelled.length, 10);
  });
});
