/**
 * Window counts from time buckets, against a direct sum of the buckets each window covers, for answers read
 * from bytes (packed columns) and from plain JSON alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateBaseline } from '../../drift/baseline/validate';
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { silentLogger } from '../log';
import { BackendMetrics } from '../metrics';
import { driftQuery } from '../queries/drift';
import { liveInput } from '../queries/comparison';
import type { QueryContext } from '../queries/types';
import { parseInstanceSettings } from '../settings';
import type { CategoricalWindowCounts, FeatureSpec, FeatureWindowSeries, LiveSource, NumericWindowCounts, WindowGrid } from '../sources/types';
import { BaselineStore } from '../store/baselineStore';
import { KeyedQueue } from '../store/keyedQueue';
import { UpstreamClient } from '../upstream/client';
import type { JsonObject } from './json';
import { aggName } from './requestBuilder';
import { TimeBucketColumns } from './timeBucketColumns';
import { layoutTimeBuckets, type TimeBucketLayout } from './timeBuckets';
import { parseAnswer } from './transport';
import { featureWindowRows, readTimeBuckets, seriesOfRows, type TimeBucket, windowsOf } from './windowParser';

/** Every window of a feature as `WindowCounts`, as readers other than the drift query get them. */
const windowsOfFeature = (spec: FeatureSpec, f: number, buckets: TimeBucket[], layout: TimeBucketLayout) => windowsOf(featureWindowRows(spec, f, buckets, layout).rows);

const numeric: Extract<FeatureSpec, { kind: 'numeric' }> = { name: 'age', kind: 'numeric', upperBounds: [18, 30.5, 65], observedRange: { min: 1, max: 99 } };
const plainNumeric: Extract<FeatureSpec, { kind: 'numeric' }> = { name: 'score', kind: 'numeric', upperBounds: [0.5] };
const categorical: FeatureSpec = { name: 'country', kind: 'categorical', categories: ['de', 'fr'] };
const specs = [numeric, plainNumeric, categorical];
const grid = { fromMs: 1_700_000_000_000, toMs: 1_700_000_000_000 + 6 * 300_000, stepMs: 300_000, windowMs: 900_000 };

/** Deterministic counts (a small linear congruential generator). */
function counter(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % 7;
  };
}

interface BucketCounts {
  bins: number[][];
  outOfRange: number[];
  missing: number[];
  terms: Array<[string, number]>;
  other: number;
}

/** Counts per time bucket; categories other than the baseline's only when `liveOnly`. */
function bucketCounts(layout: TimeBucketLayout, liveOnly: boolean): BucketCounts[] {
  const next = counter(liveOnly ? 7 : 3);
  return Array.from({ length: layout.bucketCount }, (_, b) => ({
    bins: [numeric, plainNumeric].map((spec) => [...spec.upperBounds, Infinity].map(next)),
    outOfRange: [next(), next()],
    missing: specs.map(next),
    terms: [['fr', next()], ['de', next()], ...(liveOnly && b % 3 === 1 ? ([['it', next() + 1]] as Array<[string, number]>) : [])],
    other: next(),
  }));
}

function answerText(layout: TimeBucketLayout, counts: BucketCounts[]): string {
  const keyed = (bins: number[]) => ({ buckets: Object.fromEntries(bins.map((count, i) => [`b${i}`, { doc_count: count }])) });
  const buckets = counts.map((c, b): JsonObject => ({
    key: layout.firstKey + b * layout.intervalMs,
    doc_count: 100,
    [aggName.feature(0)]: keyed(c.bins[0]),
    [aggName.outOfRange(0)]: keyed(c.outOfRange),
    [aggName.feature(1)]: keyed(c.bins[1]),
    [aggName.feature(2)]: { doc_count_error_upper_bound: 0, sum_other_doc_count: c.other, buckets: c.terms.map(([key, count]) => ({ key, doc_count: count })) },
    ...Object.fromEntries(specs.map((_, f) => [aggName.missing(f), { doc_count: c.missing[f] }])),
  }));
  return JSON.stringify({ aggregations: { [aggName.time]: { buckets } } });
}

/** The window of evaluation time i: the sum of its buckets, value by value. */
function direct(layout: TimeBucketLayout, i: number, value: (c: BucketCounts) => number[], counts: BucketCounts[]): number[] {
  const covered = counts.slice(i * layout.stride, i * layout.stride + layout.span).map(value);
  return covered[0].map((_, j) => covered.reduce((sum, row) => sum + row[j], 0));
}

describe.each([false, true])('window counts (live-only categories: %s)', (liveOnly) => {
  const layout = layoutTimeBuckets(grid);
  const counts = bucketCounts(layout, liveOnly);
  const text = answerText(layout, counts);
  const packed = parseAnswer(Buffer.from(text)) as JsonObject;
  const plain = JSON.parse(text) as JsonObject;

  it('reads the answer as packed columns (the fast path) or as plain buckets', () => {
    expect((packed.aggregations as { t: { buckets: unknown } }).t.buckets).toBeInstanceOf(TimeBucketColumns);
    expect(Array.isArray((plain.aggregations as { t: { buckets: unknown } }).t.buckets)).toBe(true);
  });

  it.each([
    ['packed', packed],
    ['plain', plain],
  ])('sums each window from its time buckets (%s)', (_, answer) => {
    const buckets = readTimeBuckets(answer.aggregations as JsonObject, layout);
    const windows = specs.map((spec, f) => windowsOfFeature(spec, f, buckets, layout));
    layout.times.forEach((_, i) => {
      const age = windows[0][i] as NumericWindowCounts;
      const [missingAge, missingScore, missingCountry] = direct(layout, i, (c) => c.missing, counts);
      const [below, above] = direct(layout, i, (c) => c.outOfRange, counts);
      expect(age).toEqual({ kind: 'numeric', binned: { upperBounds: numeric.upperBounds, counts: direct(layout, i, (c) => c.bins[0], counts) }, missing: missingAge, nonFinite: 0, belowRange: below, aboveRange: above });
      // Without an observed range, no out-of-range counts at all (not zeros).
      expect(windows[1][i]).toStrictEqual({ kind: 'numeric', binned: { upperBounds: [0.5], counts: direct(layout, i, (c) => c.bins[1], counts) }, missing: missingScore, nonFinite: 0 });
      const country = windows[2][i] as CategoricalWindowCounts;
      const [fr, de, it] = direct(layout, i, (c) => [...c.terms.map(([, n]) => n), ...(c.terms.length === 2 ? [0] : [])], counts);
      // The baseline's categories always, in baseline order; a live-only one only where it occurred.
      expect(country.distribution).toEqual(it > 0 ? { categories: ['de', 'fr', 'it'], counts: [de, fr, it] } : { categories: ['de', 'fr'], counts: [de, fr] });
      expect(country.unlisted).toBe(direct(layout, i, (c) => [c.other], counts)[0]);
      expect(country.missing).toBe(missingCountry);
    });
  });
});

describe.each([false, true])('window rows (live-only categories: %s)', (liveOnly) => {
  const layout = layoutTimeBuckets(grid);
  const buckets = readTimeBuckets((parseAnswer(Buffer.from(answerText(layout, bucketCounts(layout, liveOnly)))) as JsonObject).aggregations as JsonObject, layout);

  it.each(specs.map((spec, f) => [spec.name, spec, f] as const))('give the windows of %s row by row, and their distributions in reused objects', (_, spec, f) => {
    const windows = windowsOfFeature(spec, f, buckets, layout);
    const { rows } = featureWindowRows(spec, f, buckets, layout);
    expect(rows.length).toBe(windows.length);
    // Distributions read one after the other, each checked before the next call refills it.
    windows.forEach((window, i) => {
      expect(rows.windowAt(i)).toStrictEqual(window);
      expect(rows.distributionAt(i)).toEqual(liveInput(window));
      expect(rows.missing(i)).toBe(window.missing);
      expect(rows.unlisted(i)).toBe(window.kind === 'categorical' ? window.unlisted : 0);
    });
  });

  it('make a series whose windows are built on first read only', () => {
    const { rows } = featureWindowRows(numeric, 0, buckets, layout);
    const windowAt = jest.spyOn(rows, 'windowAt');
    const series = seriesOfRows({ feature: 'age', role: 'feature', times: layout.times, observations: [], notices: [] }, rows);
    expect(series.rows).toBe(rows);
    expect(windowAt).not.toHaveBeenCalled();
    expect(series.windows).toEqual(windowsOfFeature(numeric, 0, buckets, layout));
    expect(series.windows).toBe(series.windows);
    expect(windowAt).toHaveBeenCalledTimes(layout.times.length);
  });
});

describe('the drift query over window rows', () => {
  /** Baseline histograms on the specs' bounds (the summary matters only to methods the test does not pick by name). */
  const numericBaseline = ({ name, upperBounds }: typeof numeric, counts: number[]): BaselineFeature => {
    const n = counts.reduce((a, b) => a + b, 0);
    return { name, kind: 'numeric', histogram: { upperBounds, counts }, summary: { n, min: 0, max: 99, mean: 30, std: 20, quantiles: { levels: [0.5], values: [30] } }, missing: 0, nonFinite: 0 };
  };
  const features: BaselineFeature[] = [
    numericBaseline(numeric, [30, 50, 40, 20]),
    numericBaseline(plainNumeric, [70, 30]),
    { name: 'country', kind: 'categorical', distribution: { categories: ['de', 'fr'], counts: [60, 40] }, n: 100, missing: 0, nonFinite: 0 },
  ];
  const baseline: BaselineDocument = { schemaVersion: 1, model: 'churn', version: 'v1', createdAt: '2026-11-01T00:00:00Z', features };
  let directory: string;
  let store: BaselineStore;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'window-rows-'));
    store = new BaselineStore({ directory, validate: validateBaseline, queue: new KeyedQueue() });
    await store.put(baseline);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  /** A stand-in source (no Elasticsearch runs here): the series the Elasticsearch source reads from an answer, by row or not. */
  function standInSource(liveOnly: boolean, byRow: boolean): LiveSource {
    const unused = () => Promise.reject(new Error('not used by the drift query'));
    return {
      kind: 'elasticsearch',
      featureWindows: async (_model, features, windowGrid: WindowGrid) => {
        const layout = layoutTimeBuckets(windowGrid);
        const buckets = readTimeBuckets((parseAnswer(Buffer.from(answerText(layout, bucketCounts(layout, liveOnly)))) as JsonObject).aggregations as JsonObject, layout);
        const data = features.map((spec, f): FeatureWindowSeries => {
          const base = { feature: spec.name, role: 'feature' as const, times: layout.times, observations: layout.times.map(() => 100), notices: [] };
          return byRow ? seriesOfRows(base, featureWindowRows(spec, f, buckets, layout).rows) : { ...base, windows: windowsOfFeature(spec, f, buckets, layout) };
        });
        return { data, notices: [] };
      },
      featureTotals: unused,
      confusion: unused,
      confusionWindows: unused,
    };
  }

  function context(method: string): QueryContext {
    const settings = parseInstanceSettings({ uid: 'u', jsonData: new TextEncoder().encode('{}') });
    return {
      refId: 'A',
      query: { refId: 'A', queryType: 'drift', baseline: 'churn@v1', method: method as QueryContext['query']['method'], window: '15m', source: 'elasticsearch' },
      queryType: 'drift',
      source: 'elasticsearch',
      timeRange: { fromMs: grid.fromMs, toMs: grid.toMs },
      intervalMs: grid.stepMs,
      maxDataPoints: 1000,
      settings,
      baselines: store,
      upstream: new UpstreamClient(settings, new BackendMetrics()),
      signal: new AbortController().signal,
      fromAlert: false,
      headers: new Map(),
      logger: silentLogger,
    };
  }

  it.each([
    ['psi', false],
    ['psi', true],
    ['chi2', true],
    ['auto', true],
  ])('gives the same frames by row as from windows (%s, live-only categories: %s)', async (method, liveOnly) => {
    const byRow = await driftQuery(() => standInSource(liveOnly, true))(context(method));
    const fromWindows = await driftQuery(() => standInSource(liveOnly, false))(context(method));
    expect(byRow.frames).toHaveLength(3);
    expect(byRow).toEqual(fromWindows);
  });
});
