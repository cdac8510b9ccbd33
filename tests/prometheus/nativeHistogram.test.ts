/**
 * Native histograms end to end: a test exporter serves a native (exponential, schema 3) feature histogram in
 * the protobuf exposition format, a real Prometheus 2.42 started with `--enable-feature=native-histograms`
 * scrapes it every second (so there are no classic `_bucket` series at all), and the built backend
 * executable answers drift queries: with the default `prometheusHistogramKind: 'auto'` it finds no classic
 * buckets, reads the native histograms and converts them onto the baseline's buckets. The baseline's bounds
 * mix powers of two (native bucket edges in every schema) with 1.5 and 0, which fall inside a native bucket
 * and inside the zero bucket, so both the exact and the interpolated paths run. Needs `npm run build:backend`.
 */
import { existsSync } from 'node:fs';
import { dataFrames, notices } from '../harness/answerSeries';
import { executablePath } from '../harness/pluginHost';
import { eventually } from './eventually';
import { baselineDocument, normalFeature } from './fixtures';
import { emptyNativeHistogram, encodeNativeFamily, observeNative, PROTOBUF_CONTENT_TYPE } from './nativeExposition';
import { startLiveStack, type LiveStack } from './liveStack';
import { prometheusAvailable } from './promServer';
import { startShiftingExporter, type ShiftingExporter } from './shiftingExporter';

const BOUNDS = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
/** The exporter's feature histogram as a native (schema 3) histogram in the protobuf exposition format. */
function startNativeExporter(): Promise<ShiftingExporter> {
  const histogram = emptyNativeHistogram(3, 2 ** -8);
  return startShiftingExporter(7, {
    observe: (value) => observeNative(histogram, value),
    render: async () => ({
      contentType: PROTOBUF_CONTENT_TYPE,
      body: encodeNativeFamily('model_feature_value', 'Feature values seen by the model.', [
        { labels: { model: 'native', version: 'v1', feature: 'x' }, histogram },
      ]),
    }),
  });
}

const runnable = prometheusAvailable() && existsSync(executablePath());
const describeLive = runnable ? describe : describe.skip;

describeLive('native histograms: protobuf scrape → Prometheus → backend executable', () => {
  let exporter: ShiftingExporter;
  let stack: LiveStack;

  beforeAll(async () => {
    exporter = await startNativeExporter();
    stack = await startLiveStack(exporter, baselineDocument('native', 'v1', [normalFeature('x', BOUNDS, 100_000)]), ['--enable-feature=native-histograms']);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function normalisedScore(jsonData: Record<string, unknown> = {}): Promise<{ value: number; labels: Record<string, string> } | undefined> {
    const A = await stack.instantDrift(jsonData);
    expect(A.error).toBe('');
    expect(A.status).toBe(200);
    // No data: no frame, or only the one that carries notices (e.g. why no series matched).
    const [frame] = dataFrames(A);
    if (frame === undefined) {
      return undefined;
    }
    const field = frame.schema.fields[0];
    expect(field.name).toBe('normalized_score');
    return { value: frame.getChildAt(0)!.get(0) as number, labels: JSON.parse(field.metadata.get('labels')!) };
  }

  it('has only native series in Prometheus (no classic buckets to fall back on)', async () => {
    const query = async (expr: string) => {
      const response = await fetch(`${stack.prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      return ((await response.json()) as { data: { result: Array<Record<string, unknown>> } }).data.result;
    };
    const native = await eventually(() => query('model_feature_value'), (series) => series.length > 0, 15_000);
    expect(await query('model_feature_value_bucket')).toEqual([]);
    expect(native).toHaveLength(1);
    expect(native[0]).toHaveProperty('histogram');
  }, 30_000);

  it('reports no drift on the baseline distribution, then drift after the exporter shifts; classic-only finds nothing', async () => {
    const before = await eventually(() => normalisedScore(), (score) => score !== undefined, 20_000);
    expect(before?.labels).toEqual({ model: 'native', version: 'v1', feature: 'x', method: 'psi' });
    expect(before!.value).toBeLessThan(0.5);
    expect((await normalisedScore({ prometheusHistogramKind: 'native' }))!.value).toBeLessThan(0.5);
    expect(await normalisedScore({ prometheusHistogramKind: 'classic' })).toBeUndefined();

    const now = Date.now();
    const { N } = await stack.host.queryData(
      [{ refId: 'N', json: { queryType: 'drift', baseline: 'native@v1', method: 'psi', window: '5s', instant: true }, timeRange: { fromEpochMS: now - 5000, toEpochMS: now } }],
      { datasource: stack.datasource() }
    );
    expect(N.status).toBe(200);
    // 1.5 lies inside a schema-3 bucket and 0 inside the zero bucket: both were split, and the answer says so.
    expect(notices(N)).toContainEqual(expect.stringMatching(/^x: native histogram buckets straddling baseline edges were split by exponential/));

    exporter.shiftTo(1.5);
    // The 5 s window holds only shifted traffic after about 6.5 s; slower scrapes get more time, not a failure.
    const after = await eventually(() => normalisedScore(), (score) => score !== undefined && score.value > 5, 20_000);
    expect(after!.value).toBeGreaterThan(5);
  }, 60_000);
});
