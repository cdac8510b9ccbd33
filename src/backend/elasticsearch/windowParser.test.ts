/**
 * Window counts from time buckets, against a direct sum of the buckets each window covers, for answers read
 * from bytes (packed columns) and from plain JSON alike.
 */
import type { CategoricalWindowCounts, FeatureSpec, NumericWindowCounts } from '../sources/types';
import type { JsonObject } from './json';
import { aggName } from './requestBuilder';
import { TimeBucketColumns } from './timeBucketColumns';
import { layoutTimeBuckets, type TimeBucketLayout } from './timeBuckets';
import { parseAnswer } from './transport';
import { featureWindows, readTimeBuckets } from './windowParser';

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
    const windows = specs.map((spec, f) => featureWindows(spec, f, buckets, layout).windows);
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
