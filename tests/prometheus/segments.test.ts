/**
 * Segments on a real Prometheus: one model whose `age` histogram carries a `region` label with six values of
 * different traffic and distributions (a hostile value and series without the label among them), and beside it a
 * twin model per value holding the same observations without the label. Each segment's score must equal the
 * comparison of its twin's counts with the baseline; `other` must equal the comparison of the rest's summed counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from '../../src/backend/frames';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { featureComparer, liveInput } from '../../src/backend/queries/comparison';
import { driftQuery } from '../../src/backend/queries/drift';
import { featureSpec } from '../../src/backend/queries/namedBaseline';
import type { FeatureSpec, NumericWindowCounts, SegmentFilter, WindowCounts } from '../../src/backend/sources/types';
import { MAX_POINTS_PER_QUERY, PrometheusSource } from '../../src/backend/prometheus/source';
import { PrometheusApi } from '../../src/backend/prometheus/client';
import type { BaselineFeature } from '../../src/drift/types';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';
import { DISTRIBUTION_FIELDS } from '../../src/shared/frameContract';
import { baselineDocument, createBackend, normalFeature, type Backend } from './fixtures';
import { counterFamily, familyOf, histogramFamily, normal, openMetrics } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { expectSameFramesOverRefreshes } from '../harness/cacheRefreshes';
import { FIXTURE_SEGMENTS, SEGMENT_HOSTILE, segmentedDriftFrames } from '../browser/fixtures/segmentedDrift';
import { PluginHost } from '../harness/pluginHost';
import { BackendMetrics } from '../../src/backend/metrics';
import { UpstreamClient } from '../../src/backend/upstream/client';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const BOUNDS = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
const MODEL = { model: 'seg', version: '1' };
const HOSTILE = 'a"b{c}|.*\n} or vector(1)';
/** Region value, observations per scrape, mean of age; '' is series without the label. */
const REGIONS: Array<{ region: string; perScrape: number; mean: number }> = [
  { region: 'eu', perScrape: 20, mean: 0 },
  { region: 'us', perScrape: 12, mean: 1 },
  { region: HOSTILE, perScrape: 6, mean: 0.5 },
  { region: '', perScrape: 3, mean: -0.5 },
  { region: 'x1', perScrape: 2, mean: -1 },
  { region: 'x2', perScrape: 1, mean: 2 },
];
const twin = (i: number) => ({ model: `seg-twin-${i}`, version: MODEL.version });
/** A model of several features segmented alike, whose reads are counted. */
const MULTI = { model: 'seg-multi', version: '1' };
const MULTI_FEATURES = ['age', 'income', 'tenure'];
/** The categorical feature of the multi model, whose mix of plans differs by region. */
const PLANS = ['free', 'pro', 'team'];

function history(): string {
  const span = { startMs: NOW - 2 * HOUR, endMs: NOW, intervalMs: 15_000 };
  const family = (model: { model: string; version: string }, i: number, labels?: Record<string, string>) =>
    histogramFamily(model, [{ name: 'age', upperBounds: BOUNDS, draw: (_t, r) => normal(r, REGIONS[i].mean) }], span, REGIONS[i].perScrape, 100 + i, NAMES.featureHistogram, labels && (() => labels));
  const multi = (i: number) =>
    histogramFamily(
      MULTI,
      MULTI_FEATURES.map((name) => ({ name, upperBounds: BOUNDS, draw: (_t: number, r: () => number) => normal(r, REGIONS[i].mean) })),
      span,
      REGIONS[i].perScrape,
      200 + i,
      NAMES.featureHistogram,
      (feature) => ({ [NAMES.modelLabel]: MULTI.model, [NAMES.versionLabel]: MULTI.version, [NAMES.featureLabel]: feature, ...(REGIONS[i].region === '' ? {} : { region: REGIONS[i].region }) })
    );
  const parts = REGIONS.flatMap(({ region }, i) => [
    family(MODEL, i, { [NAMES.modelLabel]: MODEL.model, [NAMES.versionLabel]: MODEL.version, [NAMES.featureLabel]: 'age', ...(region === '' ? {} : { region }) }),
    family(twin(i), i),
    multi(i),
  ]);
  const regionOf = (random: () => number): { index: number; labels: Record<string, string> } => {
    const index = Math.floor(random() * REGIONS.length);
    return { index, labels: REGIONS[index].region === '' ? {} : { region: REGIONS[index].region } };
  };
  const selection = { [NAMES.modelLabel]: MULTI.model, [NAMES.versionLabel]: MULTI.version };
  const plans = counterFamily(familyOf(NAMES.featureCategoryCounter), span, 6, 300, (_t, random) => {
    const { index, labels } = regionOf(random);
    return { ...selection, [NAMES.featureLabel]: 'plan', [NAMES.categoryLabel]: PLANS[Math.min(PLANS.length - 1, Math.floor(random() * (1 + index / 2)))], ...labels };
  });
  const missing = counterFamily(familyOf(NAMES.missingCounter), span, 2, 301, (_t, random) => ({
    ...selection,
    [NAMES.featureLabel]: 'age',
    [NAMES.reasonLabel]: random() < 0.3 ? 'nan' : 'null',
    ...regionOf(random).labels,
  }));
  // One histogram family: its type line once.
  return openMetrics([parts.map((text, i) => (i === 0 ? text : text.split('\n').slice(1).join('\n'))).join('\n'), plans, missing]);
}

const AGE = normalFeature('age', BOUNDS, 100_000);

function scores(frames: Frame[]): Map<string, number> {
  const fields = frames.flatMap((f) => f.fields).filter((f) => f.name === 'score');
  return new Map(fields.map((f) => [f.labels!.segment, f.values[f.values.length - 1] as number]));
}

describeWithPrometheus('segments on a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;
  const drift = driftQuery(prometheusSourceFor);
  const live = { fromMs: NOW - HOUR, toMs: NOW };
  const instant = { queryType: 'drift' as const, method: 'psi' as const, window: '1h', instant: true, features: ['age'], baseline: 'seg@1', segmentBy: 'region' };

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s' });
    await backend.store.put(baselineDocument(MODEL.model, MODEL.version, [AGE]));
    await backend.store.put(baselineDocument(MULTI.model, MULTI.version, MULTI_FEATURES.map((name) => normalFeature(name, BOUNDS, 100_000))));
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  /** The engine's score of counts read from the twin models (summed), against the stored baseline. */
  async function expectedScore(twins: number[], reference: BaselineFeature = AGE): Promise<number> {
    const source = prometheusSourceFor(backend.context({}, live));
    const counts = await Promise.all(twins.map(async (i) => ((await source.featureTotals(twin(i), [featureSpec(AGE)], live)).data[0].counts as NumericWindowCounts).binned.counts));
    const summed = counts.reduce((sum, c) => sum.map((v, k) => v + c[k]));
    const comparison = featureComparer(reference, 'psi')(liveInput({ kind: 'numeric', binned: { upperBounds: BOUNDS, counts: summed }, missing: 0, nonFinite: 0 }));
    if (!comparison.ok) {
      throw new Error(comparison.reason);
    }
    return comparison.result.statistic;
  }

  it('scores each of the top segments as its own data, and the rest summed as other', async () => {
    const result = await drift(backend.context({ ...instant, segmentLimit: 3 }, live));
    const bySegment = scores(result.frames);
    expect([...bySegment.keys()]).toEqual(['eu', 'us', HOSTILE, 'other']);
    expect(bySegment.get('eu')).toBeCloseTo(await expectedScore([0]), 10);
    expect(bySegment.get('us')).toBeCloseTo(await expectedScore([1]), 10);
    expect(bySegment.get(HOSTILE)).toBeCloseTo(await expectedScore([2]), 10);
    expect(bySegment.get('other')).toBeCloseTo(await expectedScore([3, 4, 5]), 10);
    // The generated shifts: us moved by one standard deviation, eu not at all.
    expect(bySegment.get('us')).toBeGreaterThan(0.2);
    expect(bySegment.get('eu')).toBeLessThan(0.05);
    const notices = JSON.stringify(result.frames[0].meta?.notices);
    expect(notices).toContain('region: 6 segment values in the range; the 3 with the most traffic have their own series, the other 3');
    const executed = result.frames[0].meta?.executedQueryString ?? '';
    expect(executed).toContain('sort_desc(sum by (region) (increase(model_feature_value_count{');
    // The top segments in one query, grouped by the label, each value escaped; the rest in one more.
    expect(executed).toContain('sum by (feature, le, region) (increase(model_feature_value_bucket{');
    // In code-unit order, not traffic order, so a refresh after two segments swap ranks reads the same queries.
    expect(executed).toContain('region=~"a\\"b\\\\{c\\\\}\\\\|\\\\.\\\\*\\n\\\\} or vector\\\\(1\\\\)|eu|us"');
    expect(executed).toContain('region!~"a\\"b\\\\{c\\\\}\\\\|\\\\.\\\\*\\n\\\\} or vector\\\\(1\\\\)|eu|us"');
  });

  it('series without the label are the segment "", and every series keeps the query labels', async () => {
    const result = await drift(backend.context({ ...instant, segmentLimit: 10 }, live));
    const bySegment = scores(result.frames);
    expect(bySegment.size).toBe(6);
    expect(bySegment.has('other')).toBe(false);
    expect(bySegment.get('')).toBeCloseTo(await expectedScore([3]), 10);
    const labels = result.frames[0].fields[0].labels;
    expect(labels).toEqual({ model: 'seg', version: '1', feature: 'age', method: 'psi', segment: 'eu' });
  });

  it('reads each metric once for the top segments and once for other, whatever segmentLimit', async () => {
    const read = async (segmentLimit: number) => {
      const metrics = new BackendMetrics();
      const context = backend.context({ ...instant, instant: false, baseline: 'seg-multi@1', features: MULTI_FEATURES, segmentLimit }, live, { intervalMs: 15 * 60_000 });
      const result = await drift({ ...context, upstream: new UpstreamClient(context.settings, metrics) });
      const labels = result.frames.flatMap((f) => f.fields).flatMap((f) => (f.labels ? [f.labels] : []));
      return {
        requests: metrics.upstreamCalls.value({ target: 'prometheus', status: '200' }),
        segments: new Set(labels.map((l) => l.segment)).size,
        features: new Set(labels.map((l) => l.feature)).size,
      };
    };
    const few = await read(2);
    const many = await read(5);
    expect([few.segments, few.features, many.segments, many.features]).toEqual([3, 3, 6, 3]);
    expect(many.requests).toBe(few.requests);
    // The ranking, then the buckets and the missing counter of the top segments, and of other.
    expect(many.requests).toBeGreaterThanOrEqual(3);
    expect(many.requests).toBeLessThanOrEqual(1 + 2 + 2);
  });

  describe('each segment of a set read together gets what it reads alone', () => {
    const top = ['eu', HOSTILE, ''];
    const specs: FeatureSpec[] = [featureSpec(normalFeature('age', BOUNDS, 100_000)), { name: 'plan', kind: 'categorical', categories: PLANS }];
    const grid = { fromMs: NOW - HOUR, toMs: NOW, stepMs: 15 * 60_000, windowMs: 15 * 60_000 };
    const asRead = (source: PrometheusSource, segment: SegmentFilter) => source.featureWindows({ ...MULTI, segment }, specs, grid);
    const total = (windows: WindowCounts[], of: (w: WindowCounts) => number) => windows.reduce((sum, w) => sum + of(w), 0);

    it('categorical counters and the missing counter', async () => {
      const source = prometheusSourceFor(backend.context({}, live));
      const together = await Promise.all(top.map((value) => asRead(source, { label: 'region', value, readWith: top })));
      const alone = await Promise.all(top.map((value) => asRead(source, { label: 'region', value })));
      expect(together.map((r) => r.data)).toEqual(alone.map((r) => r.data));
      for (const { data } of together) {
        const [age, plan] = data;
        expect(total(age.windows, (w) => w.missing + w.nonFinite)).toBeGreaterThan(0);
        expect(total(plan.windows, (w) => (w.kind === 'categorical' ? w.distribution.counts.reduce((a, b) => a + b, 0) : 0))).toBeGreaterThan(0);
      }
      // The segments differ, so a wrong split would show.
      expect(together[0].data[1].windows).not.toEqual(together[2].data[1].windows);
    });

    it("a binding's raw expression is read per segment, with the segment's own matcher", async () => {
      const context = backend.context({}, live);
      const binding = {
        features: {
          plan: { kind: 'promql' as const, expr: `sum by (category) (increase(${NAMES.featureCategoryCounter}{$__matchers, feature="plan"}[$__window]))`, by: 'category' },
        },
      };
      const source = new PrometheusSource(new PrometheusApi(context.upstream), NAMES, MAX_POINTS_PER_QUERY, 'auto', () => Promise.resolve(binding));
      const together = await Promise.all(top.map((value) => asRead(source, { label: 'region', value, readWith: top })));
      const alone = await Promise.all(top.map((value) => asRead(prometheusSourceFor(context), { label: 'region', value })));
      expect(together.map((r) => r.data)).toEqual(alone.map((r) => r.data));
      together.forEach((result, i) => {
        const raw = result.executedQuery!.split('\n').filter((q) => q.includes('feature="plan"'));
        expect(raw).toEqual([expect.stringContaining(`region=${JSON.stringify(top[i])}`)]);
      });
    });
  });

  it('over time: one series per segment, and a drift share per segment', async () => {
    const result = await drift(
      backend.context({ ...instant, instant: false, segmentLimit: 2, segmentOther: false, includeDriftShare: true }, { fromMs: NOW - HOUR, toMs: NOW }, { intervalMs: 15 * 60_000 })
    );
    const series = result.frames.flatMap((f) => f.fields.slice(1));
    expect(series.map((f) => [f.name, f.labels?.segment])).toEqual([
      ['score', 'eu'],
      ['drift_share', 'eu'],
      ['score', 'us'],
      ['drift_share', 'us'],
    ]);
    const share = (segment: string) => series.find((f) => f.name === 'drift_share' && f.labels?.segment === segment)!.values as number[];
    expect(share('us').every((v) => v === 1)).toBe(true);
    expect(share('eu').every((v) => v === 0)).toBe(true);
    expect(JSON.stringify(result.frames[0].meta?.notices)).toContain('are left out (segmentOther: false)');
  });

  it('against a baseline with per-segment distributions, each segment with its own and the rest with the shared ones', async () => {
    // us was generated one standard deviation up: against its own reference it does not drift.
    const usOwn = normalFeature('age', BOUNDS, 100_000, 1);
    await backend.store.put(baselineDocument('seg', '1', [AGE], { segments: { by: 'region', values: [{ value: 'us', rows: 100_000, features: [usOwn] }] } }));
    try {
      const result = await drift(backend.context({ ...instant, segmentLimit: 3 }, live));
      const bySegment = scores(result.frames);
      expect(bySegment.get('us')).toBeCloseTo(await expectedScore([1], usOwn), 10);
      expect(bySegment.get('us')).toBeLessThan(0.05);
      expect(bySegment.get('eu')).toBeCloseTo(await expectedScore([0]), 10);
      const notices = JSON.stringify(result.frames[0].meta?.notices);
      expect(notices).toContain('region=\\"eu\\": the baseline has no distributions of its own for this segment: compared with the shared ones');
      expect(notices).toContain('region=\\"other\\": the baseline has no distributions of its own');
      expect(notices).not.toContain('region=\\"us\\": the baseline has no distributions');
    } finally {
      await backend.store.put(baselineDocument(MODEL.model, MODEL.version, [AGE]));
    }
  });

  it("writes the frames the browser harness's segmented heatmap is drawn from", async () => {
    const result = await drift(backend.context({ ...instant, instant: false, segmentLimit: 4, includeDriftShare: true }, live, { intervalMs: 15 * 60_000 }));
    const fixture = segmentedDriftFrames(NOW, 4, HOUR);
    expect(SEGMENT_HOSTILE).toBe(HOSTILE);
    // Every frame's name, type, fields, labels and config keys, without the numbers.
    const shape = (frame: Frame) => ({
      name: frame.name,
      meta: { type: frame.meta?.type, typeVersion: frame.meta?.typeVersion },
      fields: frame.fields.map((f) => ({ name: f.name, type: f.type, labels: Object.entries(f.labels ?? {}), config: JSON.stringify(f.config ?? {}, (_key, value: unknown) => (typeof value === 'number' ? 0 : value)) })),
    });
    const segmentOf = (frame: Frame) => frame.fields[1].labels?.segment;
    expect([...new Set(result.frames.map(segmentOf))]).toEqual(FIXTURE_SEGMENTS);
    for (const segment of FIXTURE_SEGMENTS) {
      const written = result.frames.filter((frame) => segmentOf(frame) === segment).map(shape);
      const drawn = fixture.filter((frame) => segmentOf(frame) === segment && ['age', 'drift_share'].includes(frame.name!)).map(shape);
      expect(written).toEqual(drawn);
    }
    // the rest's count depends on where the range falls on the scrapes; the sentence must be the same
    const withoutCount = (text: string | undefined) => text?.replace(/\(\d+ observations\)/, '(N observations)');
    expect(withoutCount(result.frames[0].meta?.notices?.[0].text)).toBe(withoutCount(fixture[0].meta?.notices?.[0].text));
  });

  it('explain and a p-value correction work per segment', async () => {
    const explained = await drift(backend.context({ ...instant, segmentLimit: 2, segmentOther: false, explain: true }, live));
    const tops = explained.frames.flatMap((f) => f.fields).map((f) => [f.name, f.labels?.segment, typeof f.labels?.bin]);
    expect(tops).toEqual([
      ['top_contribution', 'eu', 'string'],
      ['top_contribution', 'us', 'string'],
    ]);
    const corrected = await drift(backend.context({ ...instant, method: 'chi2', segmentLimit: 2, segmentOther: false, correction: 'bonferroni', includePValue: true }, live));
    const custom = corrected.frames.flatMap((f) => f.fields).filter((f) => f.name === 'p_value').map((f) => [f.labels?.segment, (f.config?.custom as Record<string, unknown>).correction]);
    expect(custom).toEqual([
      ['eu', 'bonferroni'],
      ['us', 'bonferroni'],
    ]);
  });

  it('the same frames with and without the completed-bucket cache, over refreshes, each ranking the segments again', async () => {
    const cached = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s', cacheCompleteAfter: '2m' });
    try {
      await cached.store.put(baselineDocument(MODEL.model, MODEL.version, [AGE]));
      const query = { baseline: 'seg@1', queryType: 'drift' as const, method: 'psi' as const, window: '30m', features: ['age'], segmentBy: 'region', segmentLimit: 3 };
      await expectSameFramesOverRefreshes({ backend: cached, source: 'prometheus', query, startMs: NOW - 40 * 60_000, endMs: NOW, seed: 16, intervalsMs: [60_000, 5 * 60_000] }, true);
    } finally {
      await cached.cleanup();
    }
  }, 120_000);

  it('a label the series do not have: no series, and a notice naming the labels they have', async () => {
    const result = await drift(backend.context({ ...instant, segmentBy: 'regoin' }, live));
    expect(result.frames.flatMap((f) => f.fields)).toHaveLength(0);
    expect(JSON.stringify(result.frames[0].meta?.notices)).toContain('no observation of age in the range has a value for \\"regoin\\"; the labels (fields) there are: feature, model, region, version');
  });

  it('through the built executable, an alert rule gets one number per feature and segment, labelled segment', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-segments-'));
    const host = await PluginHost.start({ dataDir });
    try {
      const datasource = { uid: 'mlops-drift', jsonData: { prometheusUrl: prometheus.url, minStep: '15s' } };
      const created = await host.callResource({ method: 'POST', path: 'baselines', body: baselineDocument(MODEL.model, MODEL.version, [AGE]), datasource });
      expect(created.code).toBe(201);
      const answers = await host.queryData(
        [{ refId: 'A', json: { ...instant, instant: undefined, segmentLimit: 3, normalizeByThreshold: true }, timeRange: { fromEpochMS: live.fromMs, toEpochMS: live.toMs } }],
        { datasource, headers: { FromAlert: 'true' } }
      );
      expect(answers.A).toMatchObject({ status: 200, error: '' });
      const numbers = answers.A.frames.map((frame) => ({
        labels: JSON.parse(frame.schema.fields[0].metadata.get('labels') ?? '{}') as Record<string, string>,
        value: frame.getChildAt(0)!.get(0) as number,
      }));
      expect(numbers.map((n) => n.labels.segment)).toEqual(['eu', 'us', HOSTILE, 'other']);
      // The same numbers as the handler answers in process (there checked against each segment's own data).
      const inProcess = (await drift(backend.context({ ...instant, segmentLimit: 3, normalizeByThreshold: true }, live))).frames.flatMap((f) => f.fields);
      numbers.forEach((n) => expect(n.value).toBeCloseTo(inProcess.find((f) => f.labels?.segment === n.labels.segment)!.values[0] as number, 10));
    } finally {
      await host.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a segmentBy that is no label name is a 400', async () => {
    await expect(drift(backend.context({ ...instant, segmentBy: 'region"}' }, live))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('segmentBy') });
  });

  it('through the built executable, a distribution of one segment is the distribution of its own observations', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-segment-distribution-'));
    const host = await PluginHost.start({ dataDir });
    try {
      const datasource = { uid: 'mlops-drift', jsonData: { prometheusUrl: prometheus.url, minStep: '15s' } };
      // us keeps distributions of its own (it was generated one standard deviation up); the others use the shared ones.
      const usOwn = normalFeature('age', BOUNDS, 100_000, 1);
      const document = baselineDocument(MODEL.model, MODEL.version, [AGE], { segments: { by: 'region', values: [{ value: 'us', rows: 100_000, features: [usOwn] }] } });
      expect((await host.callResource({ method: 'POST', path: 'baselines', body: document, datasource })).code).toBe(201);
      const distribution = async (segment: Record<string, string>) => {
        const json = { queryType: 'distribution', method: 'psi', baseline: 'seg@1', features: ['age'], ...segment };
        const answers = await host.queryData([{ refId: 'A', json, timeRange: { fromEpochMS: live.fromMs, toEpochMS: live.toMs } }], { datasource });
        return answers.A;
      };
      const column = (answer: Awaited<ReturnType<typeof distribution>>, name: string) => Array.from(answer.frames[0].getChild(name)!.toArray() as ArrayLike<number>);
      const meta = (answer: Awaited<ReturnType<typeof distribution>>) => answer.frames[0].schema.metadata.get('meta') ?? '';
      const source = prometheusSourceFor(backend.context({}, live));
      const twinCounts = async (i: number) => ((await source.featureTotals(twin(i), [featureSpec(AGE)], live)).data[0].counts as NumericWindowCounts).binned.counts;

      const whole = await distribution({});
      expect(whole).toMatchObject({ status: 200, error: '' });
      // The hostile value, us and "" (the series without the label), each as the twin that holds its observations alone.
      for (const [i, baselineCounts] of [[2, AGE], [1, usOwn], [3, AGE]] as const) {
        const answer = await distribution({ segmentBy: 'region', segment: REGIONS[i].region });
        expect(answer).toMatchObject({ status: 200, error: '' });
        const current = column(answer, DISTRIBUTION_FIELDS.currentCount);
        const expected = await twinCounts(i);
        expect(current).toHaveLength(expected.length);
        current.forEach((count, k) => expect(count).toBeCloseTo(expected[k], 6));
        expect(current).not.toEqual(column(whole, DISTRIBUTION_FIELDS.currentCount));
        expect(column(answer, DISTRIBUTION_FIELDS.baselineCount)).toEqual(baselineCounts.kind === 'numeric' ? baselineCounts.histogram.counts : []);
        const own = meta(answer).includes('the baseline has no distributions of its own for this segment');
        expect(own).toBe(i !== 1);
      }
      const hostile = await distribution({ segmentBy: 'region', segment: HOSTILE });
      // The value is one escaped string of an equality matcher, never a regular expression or more PromQL.
      expect(meta(hostile)).toContain(JSON.stringify('region="a\\"b{c}|.*\\n} or vector(1)"').slice(1, -1));
      expect(meta(hostile)).not.toContain('region=~');

      const refused = await distribution({ segment: 'us' });
      expect(refused.status).toBe(400);
      expect(refused.error).toContain('segment: "us" needs segmentBy');
      const badLabel = await distribution({ segmentBy: 'region"}', segment: 'us' });
      expect(badLabel.status).toBe(400);
      expect(badLabel.error).toContain('segmentBy: "region\\"}" is not a Prometheus label name');
    } finally {
      await host.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
