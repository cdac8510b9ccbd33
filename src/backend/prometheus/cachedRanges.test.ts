import { DatasourceCaches, type CompletedStepCache } from '../cache/completedStepCache';
import type { StepRange } from '../cache/stepCoverage';
import { BackendMetrics } from '../metrics';
import { parseInstanceSettings } from '../settings';
import type { QueryResult } from './client';
import { compareLabels, withRangeCache, type PrometheusQueries } from './cachedRanges';
import type { NativeSeries } from './native';
import { SampleColumns, type Labels, type MatrixSeries } from './response';

const STEP = 60_000;
const MARGIN = 2 * STEP;

/**
 * A scripted Prometheus (a unit-test stand-in; the integration tests use the real one): series `a`, `b` and, from
 * step 30 on, `c`; each value is a function of the step and of `revision` for steps that are not final yet, as
 * when late samples change the last steps of a range.
 */
class ScriptedPrometheus implements PrometheusQueries {
  revision = 0;
  ranges: StepRange[] = [];
  constructor(private readonly now: () => number) {}

  private valueAt(series: string, t: number): number {
    const late = t > this.now() - MARGIN ? this.revision * 1000 : 0;
    return series.charCodeAt(0) * 10 + t / STEP + late;
  }

  async queryRange(expr: string, range: StepRange): Promise<QueryResult<MatrixSeries[]>> {
    this.ranges.push(range);
    const data: MatrixSeries[] = [];
    for (const name of ['a', 'b', 'c']) {
      const times: number[] = [];
      for (let t = range.startMs; t <= range.endMs; t += range.stepMs) {
        // `b` has no sample at steps divisible by 7 (a series can miss steps); `c` starts at step 30.
        if ((name === 'b' && (t / STEP) % 7 === 0) || (name === 'c' && t < 30 * STEP)) {
          continue;
        }
        times.push(t);
      }
      if (times.length > 0) {
        const values = times.map((t) => this.valueAt(name, t));
        data.push({ labels: { feature: name, query: expr }, samples: new SampleColumns(Float64Array.from(times), Float64Array.from(values)) });
      }
    }
    return { data, warnings: [], infos: ['PromQL info: example'], timing: { httpMs: 1, attempts: 1 } };
  }

  async query(): Promise<never> {
    throw new Error('not used');
  }

  async queryNative(_expr: string, at: StepRange | number): Promise<QueryResult<NativeSeries[]>> {
    const range = typeof at === 'number' ? { startMs: at, endMs: at, stepMs: STEP } : at;
    this.ranges.push(range);
    const samples = [];
    for (let t = range.startMs; t <= range.endMs; t += range.stepMs) {
      samples.push({ timeMs: t, histogram: { count: this.valueAt('n', t), sum: 0, buckets: [] } });
    }
    return { data: [{ labels: { feature: 'n' }, samples }], warnings: [], infos: [], timing: { httpMs: 1, attempts: 1 } };
  }
}

function plain(series: MatrixSeries[]): Array<{ labels: Labels; times: number[]; values: number[] }> {
  return series.map((s) => ({ labels: s.labels, times: Array.from(s.samples.timesMs), values: Array.from(s.samples.values) }));
}

function setup(jsonData: Record<string, unknown> = {}) {
  let nowMs = 100 * STEP;
  const metrics = new BackendMetrics();
  const caches = new DatasourceCaches(metrics, () => nowMs);
  const settings = parseInstanceSettings({ uid: 'ds', jsonData: new TextEncoder().encode(JSON.stringify({ cacheCompleteAfter: '2m', ...jsonData })) });
  const cache = caches.forSettings(settings) as CompletedStepCache;
  const upstream = new ScriptedPrometheus(() => nowMs);
  const uncached = new ScriptedPrometheus(() => nowMs);
  return {
    cache,
    caches,
    settings,
    metrics,
    upstream,
    uncached,
    api: withRangeCache(upstream, cache),
    advance: (ms: number) => (nowMs += ms),
    now: () => nowMs,
  };
}

describe('Prometheus range queries through the completed-bucket cache', () => {
  it('answers a refresh exactly as Prometheus would, fetching only the steps that were not final', async () => {
    const t = setup();
    const range = (now: number): StepRange => ({ startMs: Math.floor((now - 60 * STEP) / STEP) * STEP, endMs: Math.floor(now / STEP) * STEP, stepMs: STEP });
    const first = await t.api.queryRange('q', range(t.now()));
    expect(plain(first.data)).toEqual(plain((await t.uncached.queryRange('q', range(t.now()))).data));
    for (let refresh = 1; refresh <= 12; refresh++) {
      t.advance(30_000);
      t.upstream.revision = refresh;
      t.uncached.revision = refresh;
      t.upstream.ranges = [];
      const cached = await t.api.queryRange('q', range(t.now()));
      const direct = await t.uncached.queryRange('q', range(t.now()));
      expect(plain(cached.data)).toEqual(plain(direct.data));
      expect(cached.infos).toEqual(['PromQL info: example']);
      // Only the steps within the margin and the new ones: never the hour of history.
      const fetchedSteps = t.upstream.ranges.reduce((n, r) => n + (r.endMs - r.startMs) / STEP + 1, 0);
      expect(fetchedSteps).toBeLessThanOrEqual(3);
    }
    expect(t.metrics.render()).toMatch(/mlops_drift_cache_steps_total\{datasource="ds",result="hit",target="prometheus"\} \d{3}/);
  });

  it('fetches the steps before the cached run when the range widens, and joins series in Prometheus order', async () => {
    const t = setup();
    await t.api.queryRange('q', { startMs: 40 * STEP, endMs: 90 * STEP, stepMs: STEP });
    t.upstream.ranges = [];
    const wider = await t.api.queryRange('q', { startMs: 10 * STEP, endMs: 95 * STEP, stepMs: STEP });
    expect(t.upstream.ranges).toEqual([
      { startMs: 10 * STEP, endMs: 39 * STEP, stepMs: STEP },
      { startMs: 91 * STEP, endMs: 95 * STEP, stepMs: STEP },
    ]);
    // The cached run ends at the last final step, 90 (now is 100, margin 2): 91 onwards are fetched again.
    expect(plain(wider.data)).toEqual(plain((await t.uncached.queryRange('q', { startMs: 10 * STEP, endMs: 95 * STEP, stepMs: STEP })).data));
  });

  it('keeps grids apart: another step or phase or query never reads these steps', async () => {
    const t = setup();
    await t.api.queryRange('q', { startMs: 10 * STEP, endMs: 50 * STEP, stepMs: STEP });
    t.upstream.ranges = [];
    await t.api.queryRange('q', { startMs: 10 * STEP + 1000, endMs: 50 * STEP + 1000, stepMs: STEP });
    await t.api.queryRange('q', { startMs: 10 * STEP, endMs: 50 * STEP, stepMs: 2 * STEP });
    await t.api.queryRange('other', { startMs: 10 * STEP, endMs: 50 * STEP, stepMs: STEP });
    expect(t.upstream.ranges).toHaveLength(3);
  });

  it('caches native histogram range queries the same way and passes instant ones through', async () => {
    const t = setup();
    const range = { startMs: 10 * STEP, endMs: 99 * STEP, stepMs: STEP };
    await t.api.queryNative('n', range);
    t.upstream.revision = 5;
    t.uncached.revision = 5;
    t.upstream.ranges = [];
    const again = await t.api.queryNative('n', range);
    expect(t.upstream.ranges).toEqual([{ startMs: 99 * STEP, endMs: 99 * STEP, stepMs: STEP }]);
    expect(again.data).toEqual((await t.uncached.queryNative('n', range)).data);
    await t.api.queryNative('n', 50 * STEP);
    await t.api.queryNative('n', 50 * STEP);
    expect(t.upstream.ranges).toHaveLength(3);
  });

  it('never caches an answer with warnings (partial data)', async () => {
    const t = setup();
    const partial: PrometheusQueries = {
      ...t.upstream,
      queryRange: async (expr, range) => ({ ...(await t.upstream.queryRange(expr, range)), warnings: ['remote read failed'] }),
      query: t.upstream.query,
      queryNative: t.upstream.queryNative,
    };
    const api = withRangeCache(partial, t.cache);
    const range = { startMs: 10 * STEP, endMs: 50 * STEP, stepMs: STEP };
    expect((await api.queryRange('q', range)).warnings).toEqual(['remote read failed']);
    t.upstream.ranges = [];
    await api.queryRange('q', range);
    expect(t.upstream.ranges).toEqual([range]);
  });

  it('stays within its byte budget, evicting the least recently used queries', async () => {
    const t = setup({ cacheMaxMegabytes: 0.01 });
    for (let i = 0; i < 40; i++) {
      await t.api.queryRange(`q${i}`, { startMs: 10 * STEP, endMs: 90 * STEP, stepMs: STEP });
      expect(t.cache.bytes).toBeLessThanOrEqual(0.01 * 1024 * 1024);
    }
    expect(t.metrics.render()).toMatch(/mlops_drift_cache_evictions_total\{datasource="ds"\} [1-9]/);
    t.upstream.ranges = [];
    await t.api.queryRange('q39', { startMs: 10 * STEP, endMs: 90 * STEP, stepMs: STEP });
    expect(t.upstream.ranges).toEqual([]);
  });

  it('starts empty when the datasource settings change, and is absent when switched off', async () => {
    const t = setup();
    await t.api.queryRange('q', { startMs: 10 * STEP, endMs: 50 * STEP, stepMs: STEP });
    expect(t.cache.bytes).toBeGreaterThan(0);
    expect(t.caches.forSettings(t.settings)).toBe(t.cache);
    const changed = { ...t.settings, lastUpdatedMs: t.settings.lastUpdatedMs + 1 };
    const fresh = t.caches.forSettings(changed);
    expect(fresh).not.toBe(t.cache);
    expect(t.cache.bytes).toBe(0);
    expect(t.caches.forSettings({ ...changed, jsonData: { ...changed.jsonData, cacheEnabled: false } })).toBeUndefined();
    expect(withRangeCache(t.upstream, undefined)).toBe(t.upstream);
  });

  it('refuses bad cache settings with the name of the setting', () => {
    const t = setup();
    expect(() => t.caches.forSettings({ ...t.settings, uid: 'x', jsonData: { cacheMaxMegabytes: -1 } })).toThrow(/cacheMaxMegabytes: expected 0 to 4096, got -1/);
    expect(() => t.caches.forSettings({ ...t.settings, uid: 'y', jsonData: { cacheCompleteAfter: 'soon' } })).toThrow(/cacheCompleteAfter: invalid duration "soon"/);
  });

  it('orders label sets as Prometheus does', () => {
    const sets: Labels[] = [{ b: '1' }, { a: '2' }, { a: '1', b: '1' }, { a: '1' }];
    expect([...sets].sort(compareLabels)).toEqual([{ a: '1' }, { a: '1', b: '1' }, { a: '2' }, { b: '1' }]);
  });
});
