/**
 * The PyData 2022 FastAPI example's instrumentation, live: the real `prometheus_client` from PyPI (in a virtual
 * environment the test makes) serves the metrics, a real Prometheus scrapes them every second, and the built
 * executable answers through a provisioned binding only, with no relabelling. The predictions follow the
 * baseline, then drift when the test says so; the `missing` category and the imputer counter are missing values.
 * Needs `npm run build:backend` first, and python3 with venv (pip reaches PyPI).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { notices } from '../harness/answerSeries';
import { executablePath, type DecodedResponse } from '../harness/pluginHost';
import { eventually } from './eventually';
import { startLiveStack, type LiveStack } from './liveStack';
import { pythonAvailable, startPydataExporter } from './pydata/exporter';
import type { BaselineDocument } from '../../src/drift/types';
import { CHANNELS, PYDATA_BINDING, RESPONSE_BOUNDS, pydataBaseline } from './pydata/model';
import { prometheusAvailable } from './promServer';
import type { ShiftingExporter } from './shiftingExporter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runnable = prometheusAvailable() && existsSync(executablePath()) && pythonAvailable();
const describeLive = runnable ? describe : describe.skip;

/** Value of each field named `name`, by its `feature` label, from an instant answer. */
function byFeature(answer: DecodedResponse, name: string): Record<string, number> {
  return Object.fromEntries(
    answer.frames.flatMap((frame: Table) =>
      frame.schema.fields
        .map((field, i) => ({ field, i }))
        .filter(({ field }) => field.name === name)
        .map(({ field, i }) => [JSON.parse(field.metadata.get('labels')!).feature as string, Number(frame.getChildAt(i)!.get(0))])
    )
  );
}

describeLive('PyData exporter (prometheus_client) → Prometheus → executable, bound by a provisioned file', () => {
  let stack: LiveStack;
  let exporter: ShiftingExporter;
  let bindings: string;
  let bindingSettings: Record<string, unknown>;

  beforeAll(async () => {
    bindings = await mkdtemp(path.join(os.tmpdir(), 'mlops-pydata-bindings-'));
    await mkdir(bindings, { recursive: true });
    await writeFile(path.join(bindings, 'pydata.json'), JSON.stringify(PYDATA_BINDING));
    bindingSettings = { provisionedBindingDirectory: bindings };
    exporter = await startPydataExporter();
    stack = await startLiveStack(exporter, pydataBaseline());
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(bindings, { recursive: true, force: true });
  });

  /**
   * Prometheus needs two scrapes inside the window before `increase` has a value: asks again until each of the
   * three features has a `name` value, bounded.
   */
  async function withData(ask: () => Promise<DecodedResponse>, name: string, timeoutMs: number): Promise<DecodedResponse> {
    const answer = await eventually(ask, (candidate) => Object.keys(byFeature(candidate, name)).length === 3, timeoutMs);
    expect(answer).toMatchObject({ status: 200, error: '' });
    return answer;
  }

  const driftWithData = (timeoutMs: number) => withData(() => stack.instantDrift(bindingSettings), 'normalized_score', timeoutMs);

  it('finds nothing without the binding, every feature with it, and drift once the predictions shift', async () => {
    const unbound = await stack.instantDrift();
    // Read through the datasource mapping, nothing matches (and the answer says which query found no series).
    expect(unbound).toMatchObject({ status: 200, error: '' });
    expect(byFeature(unbound, 'normalized_score')).toEqual({});
    expect(notices(unbound).join('\n')).toContain('model_feature_value_bucket');

    await sleep(6500);
    const before = await driftWithData(20_000);
    const scores = byFeature(before, 'normalized_score');
    expect(Object.keys(scores).sort()).toEqual(['channel', 'region', 'response']);
    expect(scores.response).toBeLessThan(1);
    expect(scores.channel).toBeLessThan(1);
    expect(notices(before).filter((text) => text.includes('not in the baseline'))).toEqual([]);

    exporter.shiftTo(1);
    // The 5 s window holds only shifted traffic after about 6.5 s; slower scrapes get more time, not a failure.
    const shifted = (answer: DecodedResponse) => (byFeature(answer, 'normalized_score').response ?? 0) > 5;
    const after = byFeature(await eventually(() => stack.instantDrift(bindingSettings), shifted, 20_000), 'normalized_score');
    expect(after.response).toBeGreaterThan(5);
    expect(after.region).toBeLessThan(1);
  }, 90_000);

  it('counts the `missing` category and the imputer as missing values', async () => {
    const ask = async () => {
      const now = Date.now();
      const { A } = await stack.host.queryData(
        [{ refId: 'A', json: { queryType: 'dataQuality', baseline: 'pydata@1', window: '5s', instant: true }, timeRange: { fromEpochMS: now - 5000, toEpochMS: now } }],
        { datasource: stack.datasource(bindingSettings) }
      );
      return A;
    };
    const missing = byFeature(await withData(ask, 'missing_rate', 20_000), 'missing_rate');
    // 1 in 11 channel values is "missing"; 1 in 10 regions is imputed.
    expect(missing.channel).toBeGreaterThan(0.05);
    expect(missing.channel).toBeLessThan(0.14);
    expect(missing.region).toBeGreaterThan(0.06);
    expect(missing.region).toBeLessThan(0.15);
  });

  it('captures a baseline through the binding: the exporter buckets, the categories without `missing`, the imputer as missing', async () => {
    const to = Date.now();
    const answer = await stack.host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'pydata', version: '1', source: 'prometheus', from: to - 20_000, to },
      datasource: stack.datasource(bindingSettings),
    });
    expect({ code: answer.code, body: answer.code === 201 ? '' : answer.body.toString() }).toEqual({ code: 201, body: '' });
    const stored = await stack.host.callResource({ method: 'GET', path: 'baselines/pydata@1', datasource: stack.datasource() });
    const baseline = stored.json<BaselineDocument>();
    expect(baseline.features.map((f) => f.name).sort()).toEqual(['channel', 'region', 'response']);
    const response = baseline.features.find((f) => f.name === 'response')!;
    expect(response.kind === 'numeric' && response.histogram.upperBounds).toEqual(RESPONSE_BOUNDS);
    const channel = baseline.features.find((f) => f.name === 'channel')!;
    expect(channel.kind === 'categorical' && [...channel.distribution.categories].sort()).toEqual([...CHANNELS].sort());
    // "missing" is a value that means missing in the binding, and the region's imputer counts are its missing values.
    expect(channel.missing).toBeGreaterThan(0);
    expect(baseline.features.find((f) => f.name === 'region')!.missing).toBeGreaterThan(0);
  }, 30_000);
});
