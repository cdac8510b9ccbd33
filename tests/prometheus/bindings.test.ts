/**
 * Bring-your-own instrumentation (issue 12, parts 1 and 2), end to end: two teams' metrics, named and labelled
 * their own way, in one real Prometheus; one datasource whose provisioned binding files say where each model's
 * signals are; queries through the built executable over the plugin protocol. No relabelling anywhere.
 *
 * - `pydata@1`, as the PyData 2022 FastAPI example instruments it: `request_count_total{model_version}`, a
 *   `response_distribution` histogram `{model_version}` with buckets 0.1 … 1.0, a categorical counter
 *   `{feature, category}` without model or version labels and with a category literally `missing`, and an
 *   imputer counter `{feature, method}`.
 * - `fraud@v3`, the second team: histograms with `model` and `feature` but no version, a prediction counter
 *   whose class label is `class`, an outcome counter whose is `predicted`, all under `job="fraud-api"` (a
 *   shadow deployment writes the same metrics under another job, drifted, and must not be read).
 *
 * Needs `npm run build:backend` first.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BindingDocument } from '../../src/shared/bindingModel';
import type { BindingSummary } from '../../src/shared/resourceModel';
import { columnOf, find, notices, numbersOf, seriesOf, type Series } from '../harness/answerSeries';
import { executablePath, PluginHost, type DecodedResponse } from '../harness/pluginHost';
import { mulberry32 } from '../../src/drift/prng';
import { baselineDocument, categoricalFeature } from './fixtures';
import { counterFamily, histogramFamily, openMetrics, type Random } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { CHANNELS, PYDATA_BINDING, pydataBaseline, REGIONS, RESPONSE_BOUNDS, responseBaseline } from './pydata/model';
import { pick } from './scenario';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = NOW - 180 * MINUTE;
const SHIFT = NOW - 90 * MINUTE;
const SPAN = { startMs: START, endMs: NOW, intervalMs: 15_000 };

const AMOUNT_BOUNDS = [10, 50, 100, 500];
const CLASSES = ['legit', 'fraud'];

/** Before the shift the predicted probability is X² (X uniform), P(X² ≤ b) = √b; after it, 1 − X². */
const response = (t: number, r: Random) => (t > SHIFT ? 1 - r() ** 2 : r() ** 2);
/** Amounts: lognormal-ish around 40, ten times larger in the shadow deployment. */
const amount = (scale: number) => (_t: number, r: Random) => 40 * scale * Math.exp(1.5 * (r() + r() + r() - 1.5));

function history(): string {
  const pydataVersion = (version: string) => () => ({ model_version: version });
  return openMetrics([
    counterFamily('request_count', SPAN, 20, 1, pydataVersion('1')),
    histogramFamily({ model: '', version: '' }, [{ name: 'response', upperBounds: RESPONSE_BOUNDS, draw: response }], SPAN, 20, 2, 'response_distribution', () => ({
      model_version: '1',
    })),
    // Another version of the same service: selected away by the version label.
    histogramFamily({ model: '', version: '' }, [{ name: 'response', upperBounds: RESPONSE_BOUNDS, draw: (_t, r) => r() }], SPAN, 20, 3, 'response_distribution', () => ({
      model_version: '2',
    })).replace(/^# TYPE .*\n/, ''),
    counterFamily('categorical_feature', SPAN, 22, 4, (t, r) =>
      r() < 1 / 11 ? { feature: 'channel', category: 'missing' } : { feature: 'channel', category: CHANNELS[pick(r, t > SHIFT ? [2, 3, 5] : [5, 3, 2])] }
    ),
    counterFamily('categorical_feature', SPAN, 20, 5, (_t, r) => ({ feature: 'region', category: REGIONS[pick(r, [1, 1])] })).replace(/^# TYPE .*\n/, ''),
    counterFamily('imputer', SPAN, 2, 6, () => ({ feature: 'region', method: 'most_frequent' })),
    histogramFamily({ model: '', version: '' }, [{ name: 'amount', upperBounds: AMOUNT_BOUNDS, draw: amount(1) }], SPAN, 20, 7, 'fraud_feature_value', (feature) => ({
      model: 'fraud',
      feature,
      job: 'fraud-api',
    })),
    histogramFamily({ model: '', version: '' }, [{ name: 'amount', upperBounds: AMOUNT_BOUNDS, draw: amount(10) }], SPAN, 20, 8, 'fraud_feature_value', (feature) => ({
      model: 'fraud',
      feature,
      job: 'shadow-api',
    })).replace(/^# TYPE .*\n/, ''),
    counterFamily('fraud_predictions', SPAN, 20, 9, (t, r) => ({ model: 'fraud', job: 'fraud-api', class: CLASSES[pick(r, t > SHIFT ? [1, 1] : [9, 1])] })),
    counterFamily('fraud_outcomes', SPAN, 10, 10, (_t, r) => {
      const actual = CLASSES[pick(r, [9, 1])];
      return { model: 'fraud', job: 'fraud-api', actual, predicted: r() < 0.8 ? actual : CLASSES[1 - CLASSES.indexOf(actual)] };
    }),
  ]);
}

/** The fraud-api deployment's amounts, counted from 100,000 draws of the same generator. */
function amountBaseline() {
  const random = mulberry32(99);
  const counts = new Array<number>(AMOUNT_BOUNDS.length + 1).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const value = amount(1)(0, random);
    const bin = AMOUNT_BOUNDS.findIndex((b) => value <= b);
    counts[bin < 0 ? AMOUNT_BOUNDS.length : bin]++;
  }
  return {
    name: 'amount',
    kind: 'numeric' as const,
    histogram: { upperBounds: AMOUNT_BOUNDS, counts },
    summary: { n: 100_000, min: 0, max: 40 * Math.exp(2.25), mean: 45, std: 50, quantiles: { levels: [0.5], values: [40] } },
    missing: 0,
    nonFinite: 0,
  };
}

const FRAUD_BINDING: BindingDocument = {
  model: 'fraud',
  prometheus: {
    version: 'none',
    matchers: { job: 'fraud-api' },
    numeric: { kind: 'histogram', metric: 'fraud_feature_value', featureLabel: 'feature' },
    prediction: { kind: 'counter', metric: 'fraud_predictions_total', categoryLabel: 'class' },
    outcome: { metric: 'fraud_outcomes_total', actualLabel: 'actual', predictedLabel: 'predicted' },
    missing: 'none',
  },
};

/** A version as a dashboard variable might hand it over: quotes, a brace, a PromQL operator, regex metacharacters. */
const HOSTILE_VERSION = '1"} or vector(1) #|.*';

/** A raw-PromQL binding whose version comes from the query: hostile versions must stay one string literal. */
const RAW_BINDING: BindingDocument = {
  model: 'raw',
  prometheus: {
    features: { response: { kind: 'promql', expr: 'sum by (le) (increase(response_distribution_bucket{model_version=$__version}[$__window]))', by: 'le' } },
    missing: 'none',
  },
};

const before = (s: Series) => s.values.filter((_, i) => s.times[i] <= SHIFT);
const after = (s: Series) => s.values.filter((_, i) => s.times[i] >= SHIFT + 60 * MINUTE);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const runnable = prometheusAvailable() && existsSync(executablePath());
const describeBindings = runnable ? describe : describe.skip;

describeBindings('bindings: two teams instrumented their own way, one datasource, the built executable', () => {
  let prometheus: PromServer;
  let host: PluginHost;
  let directory: string;
  let bindingDirectory: string;
  let datasource: { uid: string; jsonData: Record<string, unknown> };
  const timeRange = { fromEpochMS: START + 60 * MINUTE, toEpochMS: NOW };

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-bindings-'));
    bindingDirectory = path.join(directory, 'bindings');
    const baselineDirectory = path.join(directory, 'baselines');
    await mkdir(bindingDirectory);
    await mkdir(baselineDirectory);
    await writeFile(path.join(bindingDirectory, 'pydata.json'), JSON.stringify({ $schema: '../../schemas/binding.schema.json', ...PYDATA_BINDING }));
    await writeFile(path.join(bindingDirectory, 'fraud.json'), JSON.stringify(FRAUD_BINDING));
    await writeFile(path.join(bindingDirectory, 'raw.json'), JSON.stringify(RAW_BINDING));
    await writeFile(path.join(bindingDirectory, 'broken.json'), JSON.stringify({ model: 'broken', prometheus: { numeric: { kind: 'histogram', metric: 'x_bucket' } } }));
    await writeFile(path.join(baselineDirectory, 'pydata.json'), JSON.stringify(pydataBaseline()));
    const fraud = baselineDocument('fraud', 'v3', [amountBaseline()], {
      prediction: categoricalFeature('prediction', CLASSES, [9, 1], 100_000),
      label: categoricalFeature('label', CLASSES, [9, 1], 100_000),
    });
    await writeFile(path.join(baselineDirectory, 'fraud.json'), JSON.stringify(fraud));
    await writeFile(path.join(baselineDirectory, 'broken.json'), JSON.stringify(baselineDocument('broken', '1', [responseBaseline()])));
    await writeFile(path.join(baselineDirectory, 'saved.json'), JSON.stringify(baselineDocument('saved', '1', [responseBaseline()])));
    await writeFile(path.join(baselineDirectory, 'raw.json'), JSON.stringify(baselineDocument('raw', '1', [responseBaseline()])));
    await writeFile(path.join(baselineDirectory, 'raw-hostile.json'), JSON.stringify(baselineDocument('raw', HOSTILE_VERSION, [responseBaseline()])));
    await writeFile(path.join(baselineDirectory, 'pydata-hostile.json'), JSON.stringify({ ...pydataBaseline(), version: HOSTILE_VERSION }));
    host = await PluginHost.start({ dataDir: path.join(directory, 'grafana') });
    datasource = {
      uid: 'byo',
      jsonData: { prometheusUrl: prometheus.url, minStep: '15s', provisionedBaselineDirectory: baselineDirectory, provisionedBindingDirectory: bindingDirectory },
    };
  }, 120_000);

  afterAll(async () => {
    await host?.dispose();
    await prometheus?.stop();
    if (directory) {
      await rm(directory, { recursive: true, force: true });
    }
  });

  async function query(json: Record<string, unknown>, range = timeRange): Promise<DecodedResponse> {
    const { A } = await host.queryData([{ refId: 'A', json, timeRange: range, intervalMs: 5 * MINUTE }], { datasource });
    expect(A.error).toBe('');
    expect(A.status).toBe(200);
    return A;
  }

  it('lists the provisioned bindings, the invalid one with the path of its bad value', async () => {
    const answer = await host.callResource({ method: 'GET', path: 'bindings', datasource });
    expect(answer.code).toBe(200);
    const { bindings } = answer.json<{ bindings: BindingSummary[] }>();
    expect(bindings.map((b) => [b.file, b.model, b.sources, b.invalid])).toEqual([
      ['broken.json', 'broken', [], ['prometheus.numeric.metric: give the histogram base name, without the _bucket suffix']],
      ['fraud.json', 'fraud', ['prometheus'], undefined],
      ['pydata.json', 'pydata', ['prometheus'], undefined],
      ['raw.json', 'raw', ['prometheus'], undefined],
    ]);
    expect(bindings[2].binding).toEqual(PYDATA_BINDING);
    const relative = await host.callResource({ method: 'GET', path: 'bindings', datasource: { uid: 'rel', jsonData: { provisionedBindingDirectory: 'bindings' } } });
    expect([relative.code, relative.json<{ error: string }>().error]).toEqual([
      400,
      'datasource jsonData has a value out of range: provisionedBindingDirectory: expected an absolute path, got "bindings"',
    ]);
  });

  it('fails the queries of a model whose binding file is invalid, naming the file and the bad value', async () => {
    const { A } = await host.queryData(
      [{ refId: 'A', json: { queryType: 'drift', baseline: 'broken@1', window: '30m' }, timeRange, intervalMs: 5 * MINUTE }],
      { datasource }
    );
    expect(A.status).toBe(400);
    expect(A.error).toContain('the binding file broken.json of model "broken" is invalid');
    expect(A.error).toContain('prometheus.numeric.metric: give the histogram base name');
  });

  it('pydata: drift over time on a histogram without a feature label and a counter without model or version labels', async () => {
    const answer = await query({ queryType: 'drift', baseline: 'pydata@1', method: 'psi', window: '30m', normalizeByThreshold: true });
    const all = seriesOf(answer);
    const responseScore = find(all, 'normalized_score', { feature: 'response' });
    const channel = find(all, 'normalized_score', { feature: 'channel' });
    const region = find(all, 'normalized_score', { feature: 'region' });
    expect(responseScore.times.length).toBeGreaterThan(20);
    expect(Math.max(...before(responseScore))).toBeLessThan(1);
    expect(Math.min(...after(responseScore))).toBeGreaterThan(5);
    expect(Math.max(...before(channel))).toBeLessThan(1);
    expect(Math.min(...after(channel))).toBeGreaterThan(1);
    expect(Math.max(...region.values)).toBeLessThan(1);
    // `missing` is a missing value, not a category the baseline never saw.
    expect(notices(answer).filter((text) => text.includes('not in the baseline'))).toEqual([]);
  });

  it('pydata: instant drift as one number per feature, and the version label keeps version 2 out', async () => {
    const answer = await query({ queryType: 'drift', baseline: 'pydata@1', method: 'psi', window: '30m', instant: true, normalizeByThreshold: true });
    const all = seriesOf(answer);
    expect(all.map((s) => s.labels.feature).sort()).toEqual(['channel', 'region', 'response']);
    expect(find(all, 'normalized_score', { feature: 'response' }).values[0]).toBeGreaterThan(5);
    expect(find(all, 'normalized_score', { feature: 'region' }).values[0]).toBeLessThan(1);
    const early = await query({ queryType: 'drift', baseline: 'pydata@1', method: 'psi', window: '30m', instant: true, normalizeByThreshold: true }, { fromEpochMS: START, toEpochMS: SHIFT });
    // Read together with version 2's uniform responses, this window scores about 0.87.
    expect(find(seriesOf(early), 'normalized_score', { feature: 'response' }).values[0]).toBeLessThan(0.3);
  });

  it('pydata: the `missing` category and the imputer counter are the missing rates of their features', async () => {
    const answer = await query({ queryType: 'dataQuality', baseline: 'pydata@1', window: '30m' });
    const all = seriesOf(answer);
    // 1 in 11 channel observations is `missing`; 2 imputed regions per 22 observations.
    expect(mean(find(all, 'missing_rate', { feature: 'channel' }).values)).toBeCloseTo(1 / 11, 1);
    expect(mean(find(all, 'missing_rate', { feature: 'region' }).values)).toBeCloseTo(2 / 22, 1);
    expect(Math.max(...find(all, 'missing_rate', { feature: 'region' }).values)).toBeLessThan(0.15);
  });

  it('fraud: prediction shares by `class`, confusion by `predicted`, only the fraud-api job, in the same datasource', async () => {
    const performance = await query({ queryType: 'performance', baseline: 'fraud@v3', window: '30m', instant: true, performanceMetrics: ['accuracy', 'prediction_share'] });
    const all = seriesOf(performance);
    expect(find(all, 'accuracy', {}).values[0]).toBeGreaterThan(0.7);
    expect(find(all, 'accuracy', {}).values[0]).toBeLessThan(0.9);
    expect(find(all, 'prediction_share', { class: 'fraud' }).values[0]).toBeCloseTo(0.5, 1);
    const confusion = await query({ queryType: 'confusion', baseline: 'fraud@v3', window: '30m' }, { fromEpochMS: NOW - 30 * MINUTE, toEpochMS: NOW });
    const matrix = confusion.frames[0];
    const names = matrix.schema.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['actual', 'predicted', 'count']));
    const count = Array.from(matrix.getChildAt(names.indexOf('count'))!.toArray() as ArrayLike<number>).reduce((a, b) => a + b, 0);
    // 10 outcomes per 15 s scrape over 30 minutes.
    expect(count).toBeGreaterThan(1000);
    expect(count).toBeLessThan(1400);
  });

  it('pydata: distribution of the response histogram and of the channel counter, `missing` left out', async () => {
    const answer = await query({ queryType: 'distribution', baseline: 'pydata@1', features: ['response', 'channel'] }, { fromEpochMS: SHIFT + 10 * MINUTE, toEpochMS: NOW });
    const [response, channel] = answer.frames;
    const ratios = numbersOf(response, 'current_ratio');
    // After the shift the probability is 1 − X²: P(1 − X² > 0.9) = P(X < √0.1) ≈ 0.32 in the bucket (0.9, 1.0].
    expect(ratios).toHaveLength(RESPONSE_BOUNDS.length + 1);
    expect(ratios[RESPONSE_BOUNDS.length - 1]).toBeCloseTo(Math.sqrt(0.1), 1);
    expect(columnOf(channel, 'bin')).toEqual(CHANNELS);
  });

  it('fraud: drift over time of the amounts of the fraud-api job, no drift', async () => {
    const all = seriesOf(await query({ queryType: 'drift', baseline: 'fraud@v3', method: 'psi', window: '30m', normalizeByThreshold: true }));
    const amount = find(all, 'normalized_score', { feature: 'amount' });
    expect(amount.values.length).toBeGreaterThan(20);
    expect(Math.max(...amount.values)).toBeLessThan(1);
  });

  it('fraud: feature drift reads the fraud-api job only (the drifted shadow deployment is not mixed in)', async () => {
    const answer = await query({ queryType: 'distribution', baseline: 'fraud@v3', window: '30m' });
    const frame = answer.frames[0];
    const names = frame.schema.fields.map((f) => f.name);
    const current = Array.from(frame.getChildAt(names.indexOf('current'))!.toArray() as ArrayLike<number>);
    // The shadow job's amounts are ten times larger: above 500 would hold a large share if it were read.
    expect(current[current.length - 1] / current.reduce((a, b) => a + b, 0)).toBeLessThan(0.05);
  });

  it('raw PromQL: the query version fills $__version as one string literal, a hostile one matches nothing', async () => {
    const raw = await query({ queryType: 'drift', baseline: 'raw@1', method: 'psi', window: '30m', instant: true, normalizeByThreshold: true });
    expect(find(seriesOf(raw), 'normalized_score', { feature: 'response' }).values[0]).toBeGreaterThan(5);
    const hostile = await query({ queryType: 'drift', baseline: `raw@${HOSTILE_VERSION}`, method: 'psi', window: '30m', instant: true });
    expect(hostile.frames.flatMap((f) => f.schema.fields.filter((field) => field.name === 'score'))).toEqual([]);
  });

  it('a binding saved from the app applies at once; a bad save is refused by path and changes nothing', async () => {
    const binding = { model: 'saved', prometheus: { model: 'none', version: 'none', features: { response: { kind: 'histogram', metric: 'response_distribution', matchers: { model_version: '1' } } } } };
    const instant = { queryType: 'drift', baseline: 'saved@1', method: 'psi', window: '30m', instant: true, normalizeByThreshold: true };
    const created = await host.callResource({ method: 'POST', path: 'bindings', body: binding, datasource });
    expect([created.code, created.json()]).toEqual([201, { file: 'saved.json', replaced: false }]);
    expect(find(seriesOf(await query(instant)), 'normalized_score', { feature: 'response' }).values[0]).toBeGreaterThan(5);

    const bad = await host.callResource({ method: 'POST', path: 'bindings', body: { ...binding, prometheus: { features: { response: { kind: 'histogram', metric: 'response_distribution_bucket' } } } }, datasource });
    expect([bad.code, bad.json()]).toEqual([400, { error: 'invalid binding document', details: ['prometheus.features.response.metric: give the histogram base name, without the _bucket suffix'] }]);
    expect(find(seriesOf(await query(instant)), 'normalized_score', { feature: 'response' }).values[0]).toBeGreaterThan(5);

    expect((await host.callResource({ method: 'POST', path: 'bindings', body: { model: 'fraud', prometheus: {} }, datasource })).code).toBe(409);
    expect((await host.callResource({ method: 'DELETE', path: 'bindings/saved.json', datasource })).code).toBe(200);
    expect(seriesOf(await query(instant))).toEqual([]);
  });

  it('structured signals: a hostile version selected by a label matches nothing, and breaks no query', async () => {
    const hostile = await query({ queryType: 'drift', baseline: `pydata@${HOSTILE_VERSION}`, method: 'psi', window: '30m', instant: true });
    // The categorical counters carry no version label, so they are read; the version-labelled histogram is not.
    expect(seriesOf(hostile).map((s) => s.labels.feature).sort()).toEqual(['channel', 'region']);
  });
});
