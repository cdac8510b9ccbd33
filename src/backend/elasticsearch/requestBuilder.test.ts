import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import type { FeatureSpec } from '../sources/types';
import { loadFixture } from './fixtures';
import type { Json } from './json';
import { bucketCost, confusionBody, planFeatureGroups, planTimeSlices, planWindowSearches, sliceRange, totalsBody, windowBodies, wholeLayout } from './requestBuilder';
import { layoutTimeBuckets } from './timeBuckets';

const model = { model: 'churn', version: 'v1' };
const features: FeatureSpec[] = [
  { name: 'age', kind: 'numeric', upperBounds: [18, 30.5, 65] },
  { name: 'country', kind: 'categorical', categories: ['de', 'fr'] },
];
const hour = 3_600_000;
const range = { fromMs: 1_700_000_000_000, toMs: 1_700_000_000_000 + hour };
const grid = { fromMs: 1_700_000_000_000 + hour, toMs: 1_700_000_000_000 + 3 * hour, stepMs: hour, windowMs: hour };

/** Every string value anywhere in a JSON value, and every object key. */
function strings(value: Json, keys: string[] = [], values: string[] = []): { keys: string[]; values: string[] } {
  if (typeof value === 'string') {
    values.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => strings(item, keys, values));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.push(key);
      strings(item, keys, values);
    }
  }
  return { keys, values };
}

describe('request builder', () => {
  it('builds exactly the recorded requests of the fixtures', () => {
    expect(totalsBody(mapping, model, features, range)).toEqual(loadFixture('es-7.17-totals').request.body);
    const layout = layoutTimeBuckets(grid);
    expect(windowBodies(mapping, model, features, layout, [{ slice: wholeLayout(layout), group: [0, 1] }])).toEqual([loadFixture('es-8-windows').request.body]);
    expect(planWindowSearches(features, layout, 65_535)).toEqual([{ slice: wholeLayout(layout), group: [0, 1] }]);
    expect(confusionBody(mapping, model, range, ['churn', 'stay'])).toEqual(loadFixture('es-9-confusion').request.body);
  });

  it('asks for no documents, exact totals and a non-scoring filter on model, version and time', () => {
    const body = totalsBody(mapping, model, features, range);
    expect(body.size).toBe(0);
    expect(body.track_total_hits).toBe(true);
    expect(body.query).toEqual({
      bool: {
        filter: [
          { term: { model: 'churn' } },
          { term: { version: 'v1' } },
          { range: { '@timestamp': { gt: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } },
        ],
      },
    });
  });

  it('keeps hostile user text in values: it never becomes structure or an aggregation name', () => {
    const hostile = '"}},{"match_all":{}},{"x":"\\u0000]>[';
    const hostileMapping = { ...mapping, featurePrefix: 'f."]}' };
    const hostileFeatures: FeatureSpec[] = [
      { name: hostile, kind: 'numeric', upperBounds: [1] },
      { name: `${hostile}2`, kind: 'categorical', categories: [hostile] },
    ];
    const body = totalsBody(hostileMapping, { model: hostile, version: hostile }, hostileFeatures, range);
    const roundTrip = JSON.parse(JSON.stringify(body)) as Json;
    expect(roundTrip).toEqual(body);
    const { values, keys } = strings(roundTrip);
    expect(values).toContain(hostile);
    expect(values).toContain(`f."]}${hostile}`);
    // User text may be a term query's field key (the model/version field names come from the mapping), but no
    // aggregation is named after it.
    expect(Object.keys(body.aggs as object).sort()).toEqual(['f0', 'f0_missing', 'f1', 'f1_missing']);
    expect(keys.filter((key) => key.includes(hostile))).toEqual([]);
  });

  it('sizes terms to cover the baseline categories with a margin for new ones', () => {
    const body = totalsBody(mapping, model, [{ name: 'c', kind: 'categorical', categories: Array.from({ length: 40 }, (_, i) => `c${i}`) }], range);
    const terms = (body.aggs as { f0: { terms: { size: number } } }).f0.terms;
    expect(terms.size).toBeGreaterThan(40);
  });

  it('adds out-of-range counting when the baseline range is known', () => {
    const body = totalsBody(mapping, model, [{ name: 'age', kind: 'numeric', upperBounds: [30], observedRange: { min: 18, max: 90 } }], range);
    const outOfRange = (body.aggs as { f0_range: { range: { keyed: boolean; ranges: Array<{ key: string; from?: number; to?: number }> } } }).f0_range.range;
    // Keyed as bins 0 and 1, in ascending order, as the bins are.
    expect(outOfRange.keyed).toBe(true);
    expect(outOfRange.ranges[0]).toEqual({ key: 'b0', to: 18 });
    expect(outOfRange.ranges[1].key).toBe('b1');
    expect(outOfRange.ranges[1].from).toBeGreaterThan(90);
  });
});

describe('planFeatureGroups', () => {
  const many: FeatureSpec[] = Array.from({ length: 100 }, (_, i) =>
    i % 4 === 0 ? { name: `c${i}`, kind: 'categorical', categories: ['a', 'b', 'c'] } : { name: `n${i}`, kind: 'numeric', upperBounds: Array.from({ length: 19 }, (_, j) => j) }
  );

  it('keeps every search under the bucket budget and every feature in exactly one search', () => {
    const timeBuckets = 288;
    const budget = 65_535;
    const groups = planFeatureGroups(many, timeBuckets, budget);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(many.map((_, i) => i));
    for (const group of groups) {
      const buckets = timeBuckets * (1 + group.reduce((sum, i) => sum + bucketCost(many[i]), 0));
      expect(buckets).toBeLessThanOrEqual(budget);
    }
  });

  it('uses one search when everything fits', () => {
    expect(planFeatureGroups(many.slice(0, 3), 10, 65_535)).toEqual([[0, 1, 2]]);
  });

  it('explains what to change when one feature alone is too big', () => {
    expect(() => planFeatureGroups(many, 10_000, 65_535)).toThrow(/search.max_buckets/);
  });
});

describe('planTimeSlices and planWindowSearches', () => {
  const layout = layoutTimeBuckets({ fromMs: 1_700_000_000_000, toMs: 1_700_000_000_000 + 1439 * 60_000, stepMs: 60_000, windowMs: 60_000 });
  const tenBins: FeatureSpec = { name: 'x', kind: 'numeric', upperBounds: Array.from({ length: 200 }, (_, i) => i) };

  it('slices the time axis into consecutive runs that tile it, each within the budget', () => {
    const slices = planTimeSlices(layout, 110, 65_535);
    expect(slices.length).toBeGreaterThan(1);
    let next = 0;
    for (const slice of slices) {
      expect(slice.first).toBe(next);
      expect(slice.count * 111).toBeLessThanOrEqual(65_535);
      next += slice.count;
    }
    expect(next).toBe(layout.bucketCount);
    // Slices' document ranges tile the whole range, (start, end] after (start, end].
    expect(sliceRange(layout, slices[0]).fromMs).toBe(layout.startMs);
    expect(sliceRange(layout, slices[slices.length - 1]).toMs).toBe(layout.endMs);
    slices.slice(1).forEach((slice, i) => expect(sliceRange(layout, slice).fromMs).toBe(sliceRange(layout, slices[i]).toMs));
  });

  it('makes a feature too big for the whole range fit by slicing time, with every feature in every slice once', () => {
    const specs = [tenBins, features[0], features[1]];
    expect(() => planFeatureGroups(specs, layout.bucketCount, 65_535)).toThrow(/search.max_buckets/);
    const searches = planWindowSearches(specs, layout, 65_535);
    const slices = new Set(searches.map((s) => s.slice.first));
    for (const first of slices) {
      const inSlice = searches.filter((s) => s.slice.first === first);
      expect(inSlice.flatMap((s) => s.group).sort()).toEqual([0, 1, 2]);
      for (const { slice, group } of inSlice) {
        expect(slice.count * (1 + group.reduce((sum, i) => sum + bucketCost(specs[i]), 0))).toBeLessThanOrEqual(65_535);
      }
    }
  });

  it('refuses when one time bucket alone is over the budget', () => {
    expect(() => planTimeSlices(layout, 70_000, 65_535)).toThrow(/one time bucket alone/);
  });
});
