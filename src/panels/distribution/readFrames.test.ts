import { createDataFrame, FieldType } from '@grafana/data';

import { MIN_NORMALIZED_P_VALUE } from '../../drift';
import { DistributionFrameCustom } from '../../shared/frameContract';
import { expectedShapes, readDistributionFrames } from './readFrames';
import { decumulate, parseBucketBound } from './readPrometheusHistograms';
import { binnedInput, driftSeverity, sortFeatures } from './statistics';
import { FeatureDistribution } from './model';

function datasourceFrame(custom: Partial<DistributionFrameCustom>, baseline: number[], current?: number[]) {
  const uppers = [1, 2, 3, null].slice(0, baseline.length);
  return createDataFrame({
    meta: { custom: { feature: 'age', kind: 'numeric', model: 'churn', version: '3', ...custom } },
    fields: [
      { name: 'bin', type: FieldType.string, values: baseline.map((_, i) => `bin ${i}`) },
      { name: 'lower', type: FieldType.number, values: [null, 1, 2, 3].slice(0, baseline.length) },
      { name: 'upper', type: FieldType.number, values: uppers },
      { name: 'baseline', type: FieldType.number, values: baseline },
      ...(current ? [{ name: 'current', type: FieldType.number, values: current }] : []),
    ],
  });
}

describe('datasource distribution frames', () => {
  it('reads bins, counts and the statistics the backend computed', () => {
    const result = readDistributionFrames(
      [datasourceFrame({ method: 'psi', statistic: 0.3, threshold: 0.1, drift: true, notices: [{ severity: 'info', text: 'merged 2 bins' }] }, [10, 20, 30, 40], [40, 30, 20, 10])],
      'B',
      {}
    );
    if (!result.ok) {
      throw new Error(result.reason);
    }
    const [age] = result.features;
    expect(result.source).toBe('datasource');
    expect(age.bins[0]).toEqual({ label: 'bin 0', lower: -Infinity, upper: 1 });
    expect(age.bins[3]).toEqual({ label: 'bin 3', lower: 3, upper: Infinity });
    expect(age.stats).toEqual({ method: 'psi', statistic: 0.3, threshold: 0.1, drift: true, notices: [{ severity: 'info', text: 'merged 2 bins' }], computedInBrowser: false, pValue: undefined, statisticUpperBound: undefined });
    expect(age.notices).toEqual(['merged 2 bins']);
  });

  it('computes PSI in the browser when the frame has both sides but no statistic (hand-checked)', () => {
    // PSI of (0.5, 0.5) → (0.8, 0.2) = 0.3·ln(1.6) + 0.3·ln(2.5) = 0.4158883…
    const result = readDistributionFrames([datasourceFrame({}, [50, 50], [80, 20])], 'B', { method: 'psi' });
    const stats = result.ok ? result.features[0].stats : undefined;
    expect(stats?.computedInBrowser).toBe(true);
    expect(stats?.statistic).toBeCloseTo(0.3 * Math.log(1.6) + 0.3 * Math.log(2.5), 10);
    expect(stats?.drift).toBe(true);
  });

  it('leaves a baseline-only frame without a comparison', () => {
    const result = readDistributionFrames([datasourceFrame({}, [1, 2, 3])], 'B', {});
    expect(result.ok && result.features[0].current).toBeUndefined();
    expect(result.ok && result.features[0].stats).toBeUndefined();
  });
});

describe('Prometheus histogram buckets', () => {
  it('parses bounds and de-cumulates, counting decreases instead of drawing negative bars', () => {
    expect(parseBucketBound('+Inf')).toBe(Infinity);
    expect(parseBucketBound('0.25')).toBe(0.25);
    expect(
      decumulate([
        { le: Infinity, cumulative: 100 },
        { le: 1, cumulative: 10 },
        { le: 5, cumulative: 70 },
        { le: 2, cumulative: 30 },
      ])
    ).toEqual({ upperBounds: [1, 2, 5], counts: [10, 20, 40, 30], negativeBuckets: 0 });
    expect(decumulate([{ le: 1, cumulative: 5 }, { le: 2, cumulative: 3 }, { le: Infinity, cumulative: 3 }]).negativeBuckets).toBe(1);
  });

  const bucketFrame = (refId: string, le: string, values: number[]) =>
    createDataFrame({
      refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
        { name: 'Value', type: FieldType.number, values, labels: { __name__: 'request_size_bucket', le, model: 'churn' } },
      ],
    });

  it('pairs the reference query with the current one and computes the statistic in the browser', () => {
    const frames = [
      bucketFrame('A', '1', [0, 40]),
      bucketFrame('A', '2', [0, 80]),
      bucketFrame('A', '+Inf', [0, 100]),
      bucketFrame('B', '1', [50]),
      bucketFrame('B', '2', [80]),
      bucketFrame('B', '+Inf', [100]),
    ];
    const result = readDistributionFrames(frames, 'B', { method: 'psi' });
    if (!result.ok) {
      throw new Error(result.reason);
    }
    expect(result.source).toBe('prometheus');
    const [feature] = result.features;
    expect(feature.feature).toBe('request_size');
    expect(feature.bins.map((bin) => bin.label)).toEqual(['≤ 1', '(1, 2]', '> 2']);
    expect(feature.baseline).toEqual([50, 30, 20]);
    expect(feature.current).toEqual([40, 40, 20]);
    const expected = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.4 - 0.3) * Math.log(0.4 / 0.3);
    expect(feature.stats?.statistic).toBeCloseTo(expected, 10);
  });

  it('tells apart histograms of one metric by their other labels', () => {
    const frame = (instance: string, le: string, value: number) =>
      createDataFrame({
        refId: 'A',
        fields: [
          { name: 'Time', type: FieldType.time, values: [0] },
          { name: 'Value', type: FieldType.number, values: [value], labels: { __name__: 'size_bucket', le, instance } },
        ],
      });
    const result = readDistributionFrames([frame('a', '1', 2), frame('a', '+Inf', 3), frame('b', '1', 1), frame('b', '+Inf', 4)], 'B', {});
    expect(result.ok && result.features.map((f) => f.feature)).toEqual(['size{instance="a"}', 'size{instance="b"}']);
    expect(result.ok && result.features.map((f) => f.current)).toEqual([
      [2, 1],
      [1, 3],
    ]);
  });
});

describe('raw values from two queries', () => {
  const values = (refId: string, numbers: number[], labels: string[]) =>
    createDataFrame({
      refId,
      fields: [
        { name: 'amount', type: FieldType.number, values: numbers },
        { name: 'country', type: FieldType.string, values: labels },
      ],
    });

  it('computes the statistic on the samples (exact KS, hand-checked) and bins them for display', () => {
    const result = readDistributionFrames([values('B', [1, 2, 3, 4, 5], ['fr', 'fr', 'de', 'de', 'es']), values('A', [6, 7, 8, 9, 10], ['fr', 'de', 'de', 'de', ''])], 'B', {
      method: 'ks',
    });
    if (!result.ok) {
      throw new Error(result.reason);
    }
    const amount = result.features.find((f) => f.feature === 'amount')!;
    // completely separated samples of 5 and 5: D = 1, exact two-sided p = 2 / C(10, 5) = 2 / 252
    expect(amount.stats?.statistic).toBe(1);
    expect(amount.stats?.pValue).toBeCloseTo(2 / 252, 10);
    expect(amount.baseline!.reduce((a, b) => a + b, 0)).toBe(5);
    expect(amount.current!.reduce((a, b) => a + b, 0)).toBe(5);
    expect(amount.bins[0].lower).toBe(1);
    expect(amount.bins[amount.bins.length - 1].upper).toBe(10);
    const country = result.features.find((f) => f.feature === 'country')!;
    expect(country.kind).toBe('categorical');
    expect(country.bins.map((bin) => bin.label)).toEqual(['de', 'fr', 'es']);
    expect(country.baseline).toEqual([2, 2, 1]);
    expect(country.current).toEqual([3, 1, 0]);
    expect(country.notices).toEqual(['1 empty value(s) left out']);
  });

  it('turns an engine refusal into a sentence instead of a number', () => {
    const result = readDistributionFrames([values('B', [Number.NaN], ['']), values('A', [1, 2], ['a', 'b'])], 'B', { method: 'ks' });
    const amount = result.ok ? result.features.find((f) => f.feature === 'amount') : undefined;
    expect(amount?.stats).toBeUndefined();
    expect(amount?.statsError).toEqual(expect.any(String));
  });

  it('says when only one side is present', () => {
    const result = readDistributionFrames([values('A', [1, 2, 3], ['a', 'b', 'c'])], 'B', {});
    expect(result.ok && result.notices).toEqual(['2 feature(s) have only one side: set the reference query (refId "B") to compare']);
  });

  it('names the fields that came when there is nothing to read', () => {
    const result = readDistributionFrames([createDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }] })], 'B', {});
    expect(result).toEqual({ ok: false, reason: 'shape', fields: 'Time (time)' });
    expect(expectedShapes()).toMatch(/"distribution" or "baseline" query.*"bin", "baseline", "current".*"le"/);
  });
});

describe('statistics helpers', () => {
  const feature = (name: string, stats?: FeatureDistribution['stats']): FeatureDistribution => ({ feature: name, kind: 'numeric', bins: [], notices: [], stats });
  const stats = (method: 'psi' | 'ks', statistic: number, threshold: number, pValue?: number) => ({
    method,
    statistic,
    threshold,
    pValue,
    drift: method === 'ks' ? pValue! < threshold : statistic >= threshold,
    notices: [],
    computedInBrowser: false,
  });

  it('pads finite outer bounds with empty under- and overflow buckets', () => {
    const input = binnedInput({ ...feature('x'), bins: [{ label: 'a', lower: 0, upper: 1 }, { label: 'b', lower: 1, upper: 2 }] }, [3, 4]);
    expect(input).toEqual({ kind: 'numeric', binned: { upperBounds: [0, 1, 2], counts: [0, 3, 4, 0] } });
  });

  it('orders drifting features first by severity, comparable across methods', () => {
    expect(driftSeverity(stats('psi', 0.3, 0.1))).toBeCloseTo(3, 12);
    expect(driftSeverity(stats('ks', 0.2, 0.05, 0.01))).toBeCloseTo(5, 12);
    const sorted = sortFeatures(
      [feature('none'), feature('calm', stats('psi', 0.01, 0.1)), feature('psi', stats('psi', 0.3, 0.1)), feature('ks', stats('ks', 0.2, 0.05, 0.01))],
      'drift'
    );
    expect(sorted.map((f) => f.feature)).toEqual(['ks', 'psi', 'calm', 'none']);
    expect(sortFeatures(sorted, 'name').map((f) => f.feature)).toEqual(['calm', 'ks', 'none', 'psi']);
  });

  it('scores severity as the backend normalises it, threshold 0 and an underflowed p-value included', () => {
    expect(driftSeverity(stats('psi', 0.3, 0))).toBe(Infinity);
    expect(driftSeverity(stats('ks', 0.2, 0, 0.01))).toBe(0);
    expect(driftSeverity(stats('ks', 0.9, 0.05, 0))).toBe(0.05 / MIN_NORMALIZED_P_VALUE);
    expect(driftSeverity({ ...stats('ks', 0.2, 0.05, 0.01), pValue: undefined })).toBeNaN();
    expect(driftSeverity({ ...stats('psi', 0.2, 0.1), threshold: undefined })).toBeNaN();
  });
});
