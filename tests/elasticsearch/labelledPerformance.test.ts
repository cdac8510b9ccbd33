/**
 * Performance once labels arrive on Elasticsearch (issue 13, parts 2 and 3), through the built executable against
 * the run's OpenSearch node, checked against scikit-learn on the same documents
 * (`scripts/reference/live_performance_reference.py`, fixture `__fixtures__/live-performance-reference.json`):
 * ROC AUC and average precision are exact (every distinct score has its own bucket), and so is the ECE: the
 * search sums each bucket's scores, so its bounds equal it. Build first: `npm run build:backend`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { rocAuc } from '../../src/drift/performance/auc';
import type { BaselineDocument } from '../../src/drift/types';
import { PERFORMANCE_CURVES, type PerformanceCurveCustom } from '../../src/shared/frameContract';
import { find, notices, seriesOf, type Series } from '../harness/answerSeries';
import { PluginHost, type DecodedResponse } from '../harness/pluginHost';
import reference from './__fixtures__/live-performance-reference.json';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

const HOUR = 3_600_000;
const END = Math.floor(Date.now() / HOUR) * HOUR;
const HOURS = reference.classifier.length;
const START = END - HOURS * HOUR;
/** The end of hour h of the fixture: its documents are in (end − 1 h, end]. */
const endOf = (hour: number) => START + (hour + 1) * HOUR;
const CLASSIFIER_INDEX = `mlops-labelled-clf-${process.pid}`;
const REGRESSION_INDEX = `mlops-labelled-reg-${process.pid}`;
const EDGES = reference.edges;

/** The fixture's documents as `clf`; the last hour's also as `three` (a third label) and `wide` (scores up to 1.5). */
function classifierDocuments(): string[] {
  const line = (time: number, model: string, prediction: number, label: string) => [
    JSON.stringify({ index: { _index: CLASSIFIER_INDEX } }),
    JSON.stringify({ '@timestamp': new Date(time).toISOString(), model, version: '1', prediction, label }),
  ];
  return reference.classifier.flatMap((hour, h) =>
    hour.documents.flatMap((d, i) => {
      const time = START + h * HOUR + d.second * 1000;
      const broken = h === HOURS - 1 ? [...line(time, 'three', d.score, i % 7 === 0 ? 'unsure' : d.label), ...line(time, 'wide', d.score * 1.5, d.label)] : [];
      return [...line(time, 'clf', d.score, d.label), ...broken];
    })
  );
}

/**
 * The regression model's documents, twice: `reg` with the prediction and the label only (errors by scripts), and
 * `reg-logged` with the errors the logger precomputed (no percentage error where the label is 0).
 */
function regressionDocuments(): string[] {
  return reference.regression.flatMap((hour, h) =>
    hour.documents.flatMap((d) => {
      const time = new Date(START + h * HOUR + d.second * 1000).toISOString();
      const error = d.prediction - d.label;
      const logged = { abs_error: Math.abs(error), sq_error: error * error, error, ...(d.label === 0 ? {} : { ape: Math.abs(error) / Math.abs(d.label) }) };
      return [
        JSON.stringify({ index: { _index: REGRESSION_INDEX } }),
        JSON.stringify({ '@timestamp': time, model: 'reg', version: '1', prediction: d.prediction, label: d.label }),
        JSON.stringify({ index: { _index: REGRESSION_INDEX } }),
        JSON.stringify({ '@timestamp': time, model: 'reg-logged', version: '1', errors: logged }),
      ];
    })
  );
}

/** The baseline's score histograms: the first hour's documents. */
function baselineScores(): NonNullable<BaselineDocument['scores']> {
  const positives = new Array<number>(EDGES.length + 1).fill(0);
  const negatives = new Array<number>(EDGES.length + 1).fill(0);
  for (const d of reference.classifier[0].documents) {
    const bucket = EDGES.findIndex((b) => d.score <= b);
    (d.label === '1' ? positives : negatives)[bucket < 0 ? EDGES.length : bucket]++;
  }
  return { score: 'prediction', label: 'label', positiveClass: '1', upperBounds: EDGES, positives, negatives };
}

function curve(answer: DecodedResponse, frameName: string, side: 'live' | 'baseline'): PerformanceCurveCustom {
  const frame = answer.frames.find((f: Table) => f.schema.metadata.get('name') === frameName && (JSON.parse(f.schema.metadata.get('meta') ?? '{}') as { custom?: PerformanceCurveCustom }).custom?.side === side);
  if (!frame) {
    throw new Error(`no ${side} ${frameName} frame`);
  }
  return (JSON.parse(frame.schema.metadata.get('meta')!) as { custom: PerformanceCurveCustom }).custom;
}

/** The points of a series that end an hour of the fixture (a window of exactly that hour's documents). */
function hourlyPoints(series: Series): Array<{ hour: number; value: number }> {
  const hourly = series.times.map((t, i) => ({ hour: (t - START) / HOUR - 1, value: series.values[i] })).filter((p) => Number.isInteger(p.hour));
  expect(hourly.length).toBeGreaterThanOrEqual(2);
  return hourly;
}

let cluster: LiveCluster;
let host: PluginHost;
let directory: string;

beforeAll(async () => {
  cluster = await liveCluster();
  await admin(cluster, 'PUT', `/${CLASSIFIER_INDEX}`, {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { properties: { '@timestamp': { type: 'date' }, model: { type: 'keyword' }, version: { type: 'keyword' }, prediction: { type: 'double' }, label: { type: 'keyword' } } },
  });
  await bulk(cluster, classifierDocuments(), CLASSIFIER_INDEX);
  const double = { type: 'double' };
  await admin(cluster, 'PUT', `/${REGRESSION_INDEX}`, {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        model: { type: 'keyword' },
        version: { type: 'keyword' },
        prediction: double,
        label: double,
        errors: { properties: { abs_error: double, sq_error: double, error: double, ape: double } },
      },
    },
  });
  await bulk(cluster, regressionDocuments(), REGRESSION_INDEX);
  directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-es-labelled-'));
  await mkdir(path.join(directory, 'baselines'));
  await mkdir(path.join(directory, 'bindings'));
  const logged = { absolute: 'errors.abs_error', squared: 'errors.sq_error', signed: 'errors.error', absolutePercentage: 'errors.ape' };
  await writeFile(path.join(directory, 'bindings', 'reg-logged.json'), JSON.stringify({ model: 'reg-logged', elasticsearch: { errorFields: logged } }));
  const feature = { name: 'x', kind: 'numeric', histogram: { upperBounds: [0.5], counts: [1, 1] }, summary: { n: 2, min: 0, max: 1, mean: 0.5, std: 0.5, quantiles: { levels: [0.5], values: [0.5] } }, missing: 0, nonFinite: 0 };
  const baselines: Array<[string, Partial<BaselineDocument>]> = [
    ['clf.json', { model: 'clf', version: '1', scores: baselineScores() }],
    ['clf-2.json', { model: 'clf', version: '2' }],
    ['three.json', { model: 'three', version: '1' }],
    ['wide.json', { model: 'wide', version: '1' }],
    ['reg.json', { model: 'reg', version: '1' }],
    ['reg-logged.json', { model: 'reg-logged', version: '1' }],
  ];
  for (const [file, extra] of baselines) {
    await writeFile(path.join(directory, 'baselines', file), JSON.stringify({ schemaVersion: 2, createdAt: '2026-12-01T00:00:00Z', features: [feature], ...extra }));
  }
  host = await PluginHost.start({ dataDir: path.join(directory, 'grafana') });
}, 300_000);

afterAll(async () => {
  await host?.dispose();
  if (cluster) {
    await admin(cluster, 'DELETE', `/${CLASSIFIER_INDEX}`);
    await admin(cluster, 'DELETE', `/${REGRESSION_INDEX}`);
  }
  if (directory) {
    await rm(directory, { recursive: true, force: true });
  }
});

async function query(index: string, json: Record<string, unknown>, fromMs: number, toMs: number): Promise<DecodedResponse> {
  const datasource = {
    jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: index, provisionedBaselineDirectory: path.join(directory, 'baselines'), provisionedBindingDirectory: path.join(directory, 'bindings') },
    secrets: { ...cluster.secrets },
  };
  const { A } = await host.queryData([{ refId: 'A', json: { source: 'elasticsearch', queryType: 'performance', window: '1h', ...json }, timeRange: { fromEpochMS: fromMs, toEpochMS: toMs } }], { datasource });
  return A;
}

describe('a classifier score and its label on Elasticsearch, the built executable, the OpenSearch node', () => {
  const metrics = ['roc_auc', 'pr_auc', 'expected_calibration_error'];

  it("gives each hour scikit-learn's ROC AUC and average precision, and the exact ECE from the documents", async () => {
    for (let h = 0; h < HOURS; h++) {
      const answer = await query(CLASSIFIER_INDEX, { baseline: 'clf@1', performanceMetrics: metrics, instant: true }, endOf(h) - HOUR, endOf(h));
      expect(answer).toMatchObject({ status: 200, error: '' });
      const all = seriesOf(answer);
      const value = (name: string) => find(all, name, { model: 'clf' }).values[0];
      const expected = reference.classifier[h].expected;
      expect(value('roc_auc')).toBeCloseTo(expected.rocAuc, 12);
      expect(value('pr_auc')).toBeCloseTo(expected.averagePrecision, 12);
      expect(value('expected_calibration_error')).toBeCloseTo(expected.ece, 12);
      expect(value('expected_calibration_error_lower')).toBe(value('expected_calibration_error'));
      expect(value('expected_calibration_error_upper')).toBe(value('expected_calibration_error'));
      expect(notices(answer).join('\n')).toMatch(/expected calibration error is exact/);
    }
  });

  it('gives the same numbers as a series over the range, the curves of the last hour, and the baseline beside them', async () => {
    // Hour-long windows every 30 minutes: each sums two time buckets' counts and score sums.
    const seriesAndCurves = ['roc_auc', 'roc_curve', 'expected_calibration_error', 'calibration_curve'];
    const answer = await query(CLASSIFIER_INDEX, { baseline: 'clf@1', performanceMetrics: seriesAndCurves, interval: '30m' }, START + HOUR, END);
    expect(answer).toMatchObject({ status: 200, error: '' });
    const series = find(seriesOf(answer), 'roc_auc', { model: 'clf' });
    for (const { hour, value } of hourlyPoints(series)) {
      expect(value).toBeCloseTo(reference.classifier[hour].expected.rocAuc, 12);
    }
    for (const { hour, value } of hourlyPoints(find(seriesOf(answer), 'expected_calibration_error', { model: 'clf' }))) {
      expect(value).toBeCloseTo(reference.classifier[hour].expected.ece, 12);
    }
    expect(curve(answer, PERFORMANCE_CURVES.calibration.frameName, 'live').expectedCalibrationError).toBeCloseTo(reference.classifier[HOURS - 1].expected.ece, 12);
    const baselineAuc = rocAuc(baselineScores()).value;
    expect(series.config.custom?.mlopsBaselineValue).toBeCloseTo(baselineAuc, 12);
    expect(baselineAuc).toBeCloseTo(reference.classifier[0].expected.rocAuc, 12);
    expect(curve(answer, PERFORMANCE_CURVES.roc.frameName, 'live').auc).toBeCloseTo(reference.classifier[HOURS - 1].expected.rocAuc, 12);
    expect(curve(answer, PERFORMANCE_CURVES.roc.frameName, 'baseline').auc).toBeCloseTo(baselineAuc, 12);
  });

  it('refuses a third label and scores above 1, naming what it found', async () => {
    const three = await query(CLASSIFIER_INDEX, { baseline: 'three@1', performanceMetrics: ['roc_auc'], instant: true }, END - HOUR, END);
    expect(three).toMatchObject({ status: 400, error: expect.stringContaining('3 values ("0", "1", "unsure")') });
    const wide = await query(CLASSIFIER_INDEX, { baseline: 'wide@1', performanceMetrics: ['expected_calibration_error'], instant: true }, END - HOUR, END);
    expect(wide).toMatchObject({ status: 400, error: expect.stringMatching(/outside \[0, 1\]: the scores are not probabilities/) });
  });

  it('says what the range holds when the version has no documents', async () => {
    const answer = await query(CLASSIFIER_INDEX, { baseline: 'clf@2', performanceMetrics: ['roc_auc'], instant: true }, END - HOUR, END);
    expect(answer).toMatchObject({ status: 200, error: '' });
    expect(seriesOf(answer)).toHaveLength(0);
    expect(notices(answer).join('\n')).toMatch(/version/);
  });
});

describe('a regression model on Elasticsearch, the built executable, the OpenSearch node', () => {
  const metrics = ['mae', 'rmse', 'mean_error', 'mape'];
  const names: Array<[string, 'mae' | 'rmse' | 'meanError' | 'mape']> = [
    ['mae', 'mae'],
    ['rmse', 'rmse'],
    ['mean_error', 'meanError'],
    ['mape', 'mape'],
  ];

  it.each(['reg', 'reg-logged'])("gives each hour scikit-learn's errors (%s), and no MAPE where a label is 0", async (model) => {
    for (let h = 0; h < HOURS; h++) {
      const answer = await query(REGRESSION_INDEX, { baseline: `${model}@1`, performanceMetrics: metrics, instant: true }, endOf(h) - HOUR, endOf(h));
      expect(answer).toMatchObject({ status: 200, error: '' });
      const all = seriesOf(answer);
      const expected = reference.regression[h].expected;
      for (const [name, key] of names) {
        const value = expected[key];
        if (value === null) {
          expect(all.filter((s) => s.name === name)).toEqual([]);
          expect(notices(answer).join('\n')).toMatch(/MAPE is undefined/);
        } else {
          expect(find(all, name, { model }).values[0]).toBeCloseTo(value, 9);
        }
      }
    }
  });

  it('gives the same errors as a series over the range', async () => {
    const answer = await query(REGRESSION_INDEX, { baseline: 'reg@1', performanceMetrics: ['mae'], interval: '1h' }, START + HOUR, END);
    expect(answer).toMatchObject({ status: 200, error: '' });
    for (const { hour, value } of hourlyPoints(find(seriesOf(answer), 'mae', { model: 'reg' }))) {
      expect(value).toBeCloseTo(reference.regression[hour].expected.mae, 9);
    }
  });
});
