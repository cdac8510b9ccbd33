import { DEFAULT_PROMETHEUS_MAPPING } from '../../shared/settingsModel';
import type { FeatureSpec, ModelRef, NumericWindowCounts } from '../sources/types';
import type { PrometheusQueries } from './cachedRanges';
import { renderMatchers } from './promql';
import type { NativeSeries } from './native';
import type { Labels, VectorSample } from './response';
import { segmentInSet, setMatcher, splitBySegment } from './segmentReads';
import { MAX_POINTS_PER_QUERY, PrometheusSource } from './source';

const HOSTILE = 'a"b{c}|.*\n} or vector(1)';

describe('setMatcher', () => {
  it('selects exactly the listed values, hostile ones and "" included, as one escaped alternation', () => {
    const values = ['eu', HOSTILE, '', 'a.b', '(x)+', '^$\\'];
    const matcher = setMatcher({ label: 'region', value: 'eu', values });
    expect(matcher.op).toBe('=~');
    // Prometheus anchors the pattern; JavaScript's regexes read these escapes as RE2 does.
    const pattern = new RegExp(`^(?:${matcher.value})$`);
    values.forEach((value) => expect(pattern.test(value)).toBe(true));
    ['aXb', 'x', 'xx)', 'eu|us', 'a"b{c}', 'EU'].forEach((other) => expect(pattern.test(other)).toBe(false));
    // As a string literal the newline and the quote are escaped: the value cannot end the selector.
    expect(renderMatchers([matcher])).toBe('region=~"eu|a\\"b\\\\{c\\\\}\\\\|\\\\.\\\\*\\n\\\\} or vector\\\\(1\\\\)||a\\\\.b|\\\\(x\\\\)\\\\+|\\\\^\\\\$\\\\\\\\"');
  });
});

describe('segmentInSet', () => {
  it('reads a value of a set of two or more together, anything else alone', () => {
    expect(segmentInSet({ label: 'region', value: 'eu', readWith: ['eu', 'us'] })).toEqual({ label: 'region', value: 'eu', values: ['eu', 'us'] });
    expect(segmentInSet({ label: 'region', value: 'eu', readWith: ['eu'] })).toBeUndefined();
    expect(segmentInSet({ label: 'region', value: 'eu' })).toBeUndefined();
    expect(segmentInSet({ label: 'region', except: ['eu', 'us'] })).toBeUndefined();
    expect(segmentInSet(undefined)).toBeUndefined();
  });
});

describe('splitBySegment', () => {
  it('groups series by the label in one pass; series without it are the segment ""', () => {
    const series: Array<{ labels: Labels }> = [{ labels: { region: 'eu', le: '1' } }, { labels: { le: '1' } }, { labels: { region: 'eu', le: '+Inf' } }, { labels: { region: '', le: '2' } }];
    const split = splitBySegment(series, 'region');
    expect([...split.keys()]).toEqual(['eu', '']);
    expect(split.get('eu')).toEqual([series[0], series[2]]);
    expect(split.get('')).toEqual([series[1], series[3]]);
  });
});

describe('a set of segments through the Prometheus source', () => {
  const NOW = 1_800_000_000_000;
  const age: FeatureSpec = { name: 'age', kind: 'numeric', upperBounds: [1] };
  /** Cumulative buckets (le 1, le +Inf) per region; '' is series without the label. */
  const buckets: Record<string, [number, number]> = { eu: [3, 5], '': [1, 2], us: [0, 4], ap: [7, 7] };

  function fakePrometheus(): { api: PrometheusQueries; queries: string[] } {
    const queries: string[] = [];
    const answer = <T>(data: T) => ({ data, warnings: [], infos: [], timing: { httpMs: 0, attempts: 1 } });
    const api: PrometheusQueries = {
      query: (expr, timeMs) => {
        queries.push(expr);
        const series: VectorSample[] = !expr.includes('_bucket')
          ? []
          : Object.entries(buckets).flatMap(([region, [le1, inf]]) =>
              [['1', le1] as const, ['+Inf', inf] as const].map(([le, value]) => ({ labels: { feature: 'age', le, ...(region === '' ? {} : { region }) }, timeMs, value }))
            );
        return Promise.resolve(answer(series));
      },
      queryRange: () => Promise.reject(new Error('not asked in this test')),
      // Native histograms: one bucket (0, 1] holding the region's observations up to 1.
      queryNative: (expr, at) => {
        queries.push(expr);
        const timeMs = typeof at === 'number' ? at : at.endMs;
        const series: NativeSeries[] = Object.entries(buckets).map(([region, [le1]]) => ({
          labels: { feature: 'age', ...(region === '' ? {} : { region }) },
          samples: [{ timeMs, histogram: { count: le1, sum: le1 / 2, buckets: [{ boundaryRule: 0, lower: 0, upper: 1, count: le1 }] } }],
        }));
        return Promise.resolve(answer(series));
      },
    };
    return { api, queries };
  }

  it('reads every metric once for the whole set, and each segment gets exactly its own counts', async () => {
    const { api, queries } = fakePrometheus();
    const source = new PrometheusSource(api, DEFAULT_PROMETHEUS_MAPPING);
    const top = ['eu', '', 'us'];
    const model = (value: string): ModelRef => ({ model: 'churn', version: '2', segment: { label: 'region', value, readWith: top } });
    const results = await Promise.all(top.map((value) => source.featureTotals(model(value), [age], { fromMs: NOW - 3_600_000, toMs: NOW })));
    const counts = results.map((r) => (r.data[0].counts as NumericWindowCounts).binned.counts);
    expect(counts).toEqual([
      [3, 2],
      [1, 1],
      [0, 4],
    ]);
    // One query for the buckets and one for the missing counter, whatever the number of segments.
    expect(queries).toHaveLength(2);
    const bucketQuery = queries.find((q) => q.includes('_bucket'))!;
    expect(bucketQuery).toContain('sum by (feature, le, region)');
    expect(bucketQuery).toContain('region=~"eu||us"');
    expect(results.every((r) => r.executedQuery === results[0].executedQuery)).toBe(true);
  });

  it('groups native histograms the same way', async () => {
    const { api, queries } = fakePrometheus();
    const source = new PrometheusSource(api, DEFAULT_PROMETHEUS_MAPPING, MAX_POINTS_PER_QUERY, 'native');
    const top = ['us', 'eu', ''];
    const results = await Promise.all(
      top.map((value) => source.featureTotals({ model: 'churn', version: '2', segment: { label: 'region', value, readWith: top } }, [age], { fromMs: NOW - 3_600_000, toMs: NOW }))
    );
    expect(results.map((r) => (r.data[0].counts as NumericWindowCounts).binned.counts)).toEqual([
      [0, 0],
      [3, 0],
      [1, 0],
    ]);
    const nativeQueries = queries.filter((q) => q.includes('model_feature_value{'));
    expect(nativeQueries).toEqual(['sum by (feature, region) (increase(model_feature_value{model="churn",version="2",region=~"us|eu|",feature="age"}[3600s]))']);
  });

  it('reads a segment alone, by its own matcher, when it is no part of a set', async () => {
    const { api, queries } = fakePrometheus();
    const source = new PrometheusSource(api, DEFAULT_PROMETHEUS_MAPPING);
    await source.featureTotals({ model: 'churn', version: '2', segment: { label: 'region', except: ['eu', 'us'] } }, [age], { fromMs: NOW - 3_600_000, toMs: NOW });
    expect(queries.find((q) => q.includes('_bucket'))).toContain('sum by (feature, le) (increase(model_feature_value_bucket{model="churn",version="2",region!~"eu|us",feature="age"}');
  });
});
