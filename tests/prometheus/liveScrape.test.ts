/**
 * End to end through the built backend executable (plugin protocol harness): a test exporter serves a
 * feature histogram with prom-client, a real Prometheus scrapes it every second, the backend answers drift
 * queries over gRPC. While the exporter draws from the baseline distribution there is no drift; after the
 * test shifts it, the same query reports drift. Needs `npm run build:backend` first.
 */
import { existsSync } from 'node:fs';
import { Histogram, Registry } from 'prom-client';
import { dataFrames } from '../harness/answerSeries';
import { executablePath, type DecodedResponse, type PluginHost } from '../harness/pluginHost';
import { eventually } from './eventually';
import { baselineDocument, normalFeature } from './fixtures';
import { startLiveStack, type LiveStack } from './liveStack';
import { prometheusAvailable } from './promServer';
import { startShiftingExporter, type ShiftingExporter } from './shiftingExporter';

// No bound at -1: prom-client 15 files observations above the largest bound under the key -1, so a real
// le="-1" bucket would silently receive them (seen while writing this test).
const BOUNDS = [-2, -1.5, -0.75, -0.25, 0.25, 0.75, 1.5, 2];
/** The exporter's feature histogram with prom-client, as a model server would expose it. */
function startExporter(): Promise<ShiftingExporter> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'model_feature_value',
    help: 'Feature values seen by the model.',
    labelNames: ['model', 'version', 'feature'],
    buckets: BOUNDS,
    registers: [registry],
  });
  return startShiftingExporter(42, {
    observe: (value) => histogram.observe({ model: 'live', version: 'v1', feature: 'x' }, value),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runnable = prometheusAvailable() && existsSync(executablePath());
const describeLive = runnable ? describe : describe.skip;

describeLive('live scrape → Prometheus → backend executable', () => {
  let exporter: ShiftingExporter;
  let stack: LiveStack;
  let host: PluginHost;
  let datasource: LiveStack['datasource'];

  beforeAll(async () => {
    exporter = await startExporter();
    stack = await startLiveStack(exporter, baselineDocument('live', 'v1', [normalFeature('x', BOUNDS, 100_000)]));
    ({ host, datasource } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const driftAnswer = () => stack.instantDrift();

  /** The normalised score of the answer's one data frame, or undefined while the window holds no data yet. */
  function scoreOf(A: DecodedResponse): { value: number; labels: Record<string, string> } | undefined {
    expect(A).toMatchObject({ status: 200, error: '' });
    const frames = dataFrames(A);
    if (frames.length === 0) {
      return undefined;
    }
    expect(frames).toHaveLength(1);
    const frame = frames[0];
    expect(JSON.parse(frame.schema.metadata.get('meta')!)).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
    const field = frame.schema.fields[0];
    expect(field.name).toBe('normalized_score');
    return { value: frame.getChildAt(0)!.get(0) as number, labels: JSON.parse(field.metadata.get('labels')!) };
  }

  /** Prometheus needs two scrapes inside the window before `increase` has a value, later on a loaded machine. */
  async function scoreWhen(accept: (value: number) => boolean, timeoutMs: number) {
    const answer = await eventually(driftAnswer, (A) => dataFrames(A).length > 0 && accept(scoreOf(A)!.value), timeoutMs);
    return scoreOf(answer);
  }

  it('answers NoData (no frame with fields) for a model without traffic, and a downstream error per refId when Prometheus is unreachable', async () => {
    const now = Date.now();
    const timeRange = { fromEpochMS: now - 60_000, toEpochMS: now };
    const json = { queryType: 'drift', baseline: 'live@v1', window: '5s', instant: true };
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineDocument('quiet', 'v1', [normalFeature('x', BOUNDS, 1000)]), datasource: datasource() });
    const answers = await host.queryData(
      [
        { refId: 'Q', json: { ...json, baseline: 'quiet@v1' }, timeRange },
        { refId: 'L', json, timeRange },
      ],
      { datasource: datasource() }
    );
    // NoData: no frame with fields; one without fields carries the notice saying what the query matched.
    expect(answers.Q).toMatchObject({ status: 200, error: '' });
    expect(answers.Q.frames.map((frame) => frame.numCols)).toEqual([0]);
    expect(answers.L.status).toBe(200);
    const offline = { uid: 'mlops-drift', jsonData: { prometheusUrl: 'http://127.0.0.1:1', timeoutSeconds: 2 } };
    const { A } = await host.queryData([{ refId: 'A', json, timeRange }], { datasource: offline });
    expect(A).toMatchObject({ status: 502, errorSource: 'downstream', frames: [] });
    expect(A.error).toMatch(/unreachable|ECONNREFUSED|failed/i);
  });

  it('reports no drift on the baseline distribution, then drift after the exporter shifts', async () => {
    // A full window of scrapes first, so the score is not read off a single pair of them.
    await sleep(6500);
    const before = await scoreWhen(() => true, 20_000);
    expect(before?.labels).toEqual({ model: 'live', version: 'v1', feature: 'x', method: 'psi' });
    expect(before?.value).toBeLessThan(0.5);

    exporter.shiftTo(1.5);
    // The 5 s window holds only shifted traffic after about 6.5 s; slower scrapes get more time, not a failure.
    const after = await scoreWhen((value) => value > 5, 20_000);
    expect(after?.value).toBeGreaterThan(5);
  }, 60_000);
});
