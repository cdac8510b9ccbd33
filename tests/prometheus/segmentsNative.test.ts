/**
 * Segments over native histograms on a real Prometheus: an exporter serves the feature histogram as native
 * (schema 3) histograms, one per region (a hostile value and one without the label among them), Prometheus 2.42
 * scrapes it every second, and the source reads the top segments together: one grouped native query per metric,
 * split by region, each segment's counts equal to its own read alone.
 */
import { BackendMetrics } from '../../src/backend/metrics';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { featureSpec } from '../../src/backend/queries/namedBaseline';
import type { NumericWindowCounts, SegmentFilter } from '../../src/backend/sources/types';
import { UpstreamClient } from '../../src/backend/upstream/client';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';
import { eventually } from './eventually';
import { createBackend, normalFeature, type Backend } from './fixtures';
import { emptyNativeHistogram, encodeNativeFamily, observeNative, PROTOBUF_CONTENT_TYPE, type NativeHistogramState } from './nativeExposition';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { startShiftingExporter, type ShiftingExporter } from './shiftingExporter';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

const HOSTILE = 'a"b{c}|.*\n} or vector(1)';
/** Where an observation goes, by its value: each region sees its own part of the distribution. */
const REGIONS: Array<{ region: string; below: number }> = [
  { region: 'eu', below: -0.5 },
  { region: HOSTILE, below: 0.5 },
  { region: '', below: 1 },
  { region: 'us', below: Infinity },
];
const BOUNDS = [-2, -1, -0.5, 0, 0.5, 1, 2];
const MODEL = { model: 'seg-native', version: '1' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPrometheus('segments over native histograms on a real Prometheus', () => {
  let exporter: ShiftingExporter;
  let prometheus: PromServer;
  let backend: Backend;

  beforeAll(async () => {
    const histograms: NativeHistogramState[] = REGIONS.map(() => emptyNativeHistogram(3, 2 ** -8));
    exporter = await startShiftingExporter(11, {
      observe: (value) => observeNative(histograms[REGIONS.findIndex((r) => value < r.below)], value),
      render: async () => ({
        contentType: PROTOBUF_CONTENT_TYPE,
        body: encodeNativeFamily(
          NAMES.featureHistogram,
          'Feature values seen by the model.',
          REGIONS.map(({ region }, i) => ({
            labels: { [NAMES.modelLabel]: MODEL.model, [NAMES.versionLabel]: MODEL.version, [NAMES.featureLabel]: 'x', ...(region === '' ? {} : { region }) },
            histogram: histograms[i],
          }))
        ),
      }),
    });
    prometheus = await startPrometheus({ scrapeTargets: [{ address: exporter.address }], scrapeIntervalSeconds: 1, extraFlags: ['--enable-feature=native-histograms'] });
    backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '1s' });
    // From the first scrape on, enough scrapes for a window of several.
    const scraped = async () => ((await (await fetch(`${prometheus.url}/api/v1/query?query=${NAMES.featureHistogram}`)).json()) as { data: { result: unknown[] } }).data.result.length > 0;
    // Asserted: a setup that timed out would otherwise fail later as a wrong count, or pass on no data.
    expect(await eventually(scraped, (found) => found, 20_000)).toBe(true);
    await sleep(6000);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await backend?.cleanup();
  });

  it('reads the set in one native query per metric, each segment counting what it counts alone', async () => {
    // Ended in the past: scrapes still arriving change nothing the reads see.
    const toMs = Math.floor(Date.now() / 1000) * 1000 - 2000;
    const range = { fromMs: toMs - 4000, toMs };
    const spec = featureSpec(normalFeature('x', BOUNDS, 10_000));
    const read = async (segments: SegmentFilter[]) => {
      const metrics = new BackendMetrics();
      const context = backend.context({}, range);
      const source = prometheusSourceFor({ ...context, upstream: new UpstreamClient(context.settings, metrics) });
      const results = await Promise.all(segments.map((segment) => source.featureTotals({ ...MODEL, segment }, [spec], range)));
      return {
        counts: results.map((r) => (r.data[0].counts as NumericWindowCounts).binned.counts),
        requests: metrics.upstreamCalls.value({ target: 'prometheus', status: '200' }),
        queries: [...new Set(results.flatMap((r) => r.executedQuery?.split('\n') ?? []))],
      };
    };
    const top = REGIONS.map((r) => r.region);
    const together = await read(top.map((value) => ({ label: 'region', value, readWith: top })));
    const alone = await read(top.map((value) => ({ label: 'region', value })));
    const pair = await read(top.slice(0, 2).map((value) => ({ label: 'region', value, readWith: top.slice(0, 2) })));

    expect(together.counts).toEqual(alone.counts);
    together.counts.forEach((counts) => expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0));
    // eu holds the values below -0.5 only, us those above 1.
    expect(together.counts[0].slice(BOUNDS.indexOf(-0.5) + 1).every((c) => c === 0)).toBe(true);
    expect(together.counts[3].slice(0, BOUNDS.indexOf(1) + 1).every((c) => c === 0)).toBe(true);
    const native = together.queries.filter((q) => q.startsWith('sum by (feature, region) (increase(model_feature_value{'));
    expect(native).toEqual([expect.stringContaining('region=~"eu|a\\"b\\\\{c\\\\}\\\\|\\\\.\\\\*\\n\\\\} or vector\\\\(1\\\\)||us"')]);
    // The classic query finds nothing, the native one answers, the missing counter: the same for two segments or four.
    expect(together.requests).toBe(pair.requests);
    expect(together.requests).toBeLessThan(alone.requests);
  }, 30_000);
});
