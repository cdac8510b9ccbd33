import { detectInterpolation, nativeConversionNotices, nativeToBaselineBuckets, parseNativeHistogram, parseNativeResponse, type NativeHistogram } from './native';
import { PrometheusResponseError } from './response';
import { resolveHistogramKind } from './mapping';

type RawBucket = [number, string, string, string];
const histogram = (buckets: RawBucket[]): NativeHistogram => {
  const total = buckets.reduce((sum, b) => sum + Number(b[3]), 0);
  return parseNativeHistogram({ count: String(total), sum: '0', buckets });
};

describe('parseNativeHistogram', () => {
  it('reads count, sum and buckets with their boundary rules and infinite bounds', () => {
    expect(parseNativeHistogram({ count: '5', sum: '7.5', buckets: [[0, '-Inf', '1', '2'], [3, '-0.001', '0.001', '3']] })).toEqual({
      count: 5,
      sum: 7.5,
      buckets: [
        { boundaryRule: 0, lower: -Infinity, upper: 1, count: 2 },
        { boundaryRule: 3, lower: -0.001, upper: 0.001, count: 3 },
      ],
    });
  });

  it('accepts a histogram without buckets (no observations)', () => {
    expect(parseNativeHistogram({ count: '0', sum: '0' }).buckets).toEqual([]);
  });

  it.each([
    ['a boundary rule outside 0..3', [[4, '0', '1', '1']]],
    ['bounds in the wrong order', [[0, '2', '1', '1']]],
    ['a negative count', [[0, '0', '1', '-1']]],
    ['a bucket with three fields', [[0, '0', '1']]],
    ['a count that is not a number', [[0, '0', '1', 'x']]],
  ])('rejects %s', (_name, buckets) => {
    expect(() => parseNativeHistogram({ count: '1', sum: '0', buckets })).toThrow(PrometheusResponseError);
  });

  it('rejects a histogram that is not an object', () => {
    expect(() => parseNativeHistogram([1, 2])).toThrow('native histogram is not an object');
  });
});

describe('nativeToBaselineBuckets', () => {
  it('is exact when custom (NHCB, schema -53) buckets coincide with the baseline edges', () => {
    const native = histogram([
      [0, '-Inf', '1', '3'],
      [0, '1', '2', '4'],
      [0, '2', '5', '5'],
      [0, '5', '+Inf', '2'],
    ]);
    const result = nativeToBaselineBuckets(native, [1, 2, 5]);
    expect(result.binned).toEqual({ upperBounds: [1, 2, 5], counts: [3, 4, 5, 2] });
    expect(result).toMatchObject({ interpolatedMass: 0, unboundedMass: 0, lowerEdgeMass: 0, interpolation: 'linear' });
  });

  it('sums finer native buckets that lie wholly inside coarser baseline buckets, without interpolating', () => {
    const native = histogram([
      [0, '0.5', '1', '1'],
      [0, '1', '1.5', '2'],
      [0, '1.5', '2', '3'],
      [0, '2', '3', '4'],
    ]);
    const result = nativeToBaselineBuckets(native, [1, 2]);
    expect(result.binned.counts).toEqual([1, 5, 4]);
    expect(result.interpolatedMass).toBe(0);
  });

  it('splits a custom bucket straddling baseline edges linearly over its width', () => {
    // (1, 2] with 10 observations cut at 1.25 and 1.5: a quarter, a quarter, the remaining half.
    const result = nativeToBaselineBuckets(histogram([[0, '1', '2', '10'], [0, '2', '3.5', '1']]), [1.25, 1.5]);
    expect(result.binned.counts).toEqual([2.5, 2.5, 6]);
    expect(result).toMatchObject({ interpolatedMass: 10, interpolatedBuckets: 1, interpolation: 'linear' });
  });

  it('takes an edge a rounding away from a native bound as that bound, without splitting', () => {
    // Schema 2 around 2^(−1/4), as Prometheus writes it: 2 ** -0.25 is one ulp above, its neighbour one below.
    const native = histogram([[0, '0.7071067811865475', '0.8408964152537144', '3'], [0, '0.8408964152537144', '1', '5']]);
    const above = 2 ** -0.25;
    expect(above).toBeGreaterThan(0.8408964152537144);
    for (const edge of [above, 0.8408964152537143]) {
      const result = nativeToBaselineBuckets(native, [edge]);
      expect(result.binned.counts).toEqual([3, 5]);
      expect(result.interpolatedMass).toBe(0);
    }
  });

  it('splits a positive exponential bucket uniformly in log x', () => {
    // Schema 0: (1,2], (2,4]. Cutting (2,4] at 3 leaves ln(1.5)/ln 2 = 0.58496 of its 4 below.
    const native = histogram([[0, '1', '2', '8'], [0, '2', '4', '4']]);
    expect(detectInterpolation(native)).toBe('exponential');
    const result = nativeToBaselineBuckets(native, [3]);
    expect(result.binned.counts[0]).toBeCloseTo(10.3398500028846247, 12);
    expect(result.binned.counts[1]).toBeCloseTo(1.6601499971153753, 12);
    expect(result.interpolatedMass).toBe(4);
  });

  it('mirrors exponential interpolation for negative buckets [lower, upper)', () => {
    // [-4, -2) cut at -3: |x| in (3, 4] is ln(4/3)/ln 2 = 0.41504 of the bucket, and lies at or below -3.
    const native = histogram([[1, '-4', '-2', '4'], [1, '-2', '-1', '1']]);
    const result = nativeToBaselineBuckets(native, [-3]);
    expect(result.binned.counts[0]).toBeCloseTo(1.6601499971153748, 12);
    expect(result.binned.counts[1]).toBeCloseTo(3.3398500028846252, 12);
  });

  it('treats buckets with uneven steps as custom bounds even when some look exponential', () => {
    const native = histogram([[0, '1', '2', '1'], [0, '2', '3', '1']]);
    expect(detectInterpolation(native)).toBe('linear');
    expect(nativeToBaselineBuckets(native, [2.5]).binned.counts).toEqual([1.5, 0.5]);
  });

  it('lets the caller force linear interpolation on an exponential layout', () => {
    const native = histogram([[0, '1', '2', '8'], [0, '2', '4', '4']]);
    expect(nativeToBaselineBuckets(native, [3], 'linear').binned.counts).toEqual([10, 2]);
  });

  it('splits the zero bucket linearly across both signs when there are buckets on both sides', () => {
    const native = histogram([[1, '-2', '-1', '1'], [3, '-0.001', '0.001', '6'], [0, '1', '2', '1']]);
    const result = nativeToBaselineBuckets(native, [0]);
    expect(result.binned.counts).toEqual([4, 4]);
    expect(result.interpolatedMass).toBe(6);
  });

  it('narrows the zero bucket to [0, t] when every other bucket is positive', () => {
    const native = histogram([[3, '-0.001', '0.001', '6'], [0, '1', '2', '1']]);
    const result = nativeToBaselineBuckets(native, [0.0005]);
    expect(result.binned.counts[0]).toBeCloseTo(3, 12);
    expect(result.binned.counts[1]).toBeCloseTo(4, 12);
  });

  it('puts a zero bucket of width 0 on the baseline bucket that holds 0', () => {
    const native = histogram([[3, '0', '0', '5'], [0, '1', '2', '1']]);
    expect(nativeToBaselineBuckets(native, [0, 1]).binned.counts).toEqual([5, 0, 1]);
  });

  it('counts a bucket closed at its lower end on a baseline edge, without splitting it', () => {
    // [-2, -1): a value of exactly -2 belongs to (-Inf, -2] but is indistinguishable inside the native bucket.
    const native = histogram([[1, '-2', '-1', '3']]);
    const closed = nativeToBaselineBuckets(native, [-2, -1]);
    expect(closed.binned.counts).toEqual([0, 3, 0]);
    expect(closed).toMatchObject({ lowerEdgeMass: 3, interpolatedMass: 0 });
    const open = nativeToBaselineBuckets(histogram([[0, '-2', '-1', '3']]), [-2, -1]);
    expect(open.binned.counts).toEqual([0, 3, 0]);
    expect(open.lowerEdgeMass).toBe(0);
  });

  it('puts an open-ended bucket crossing an edge next to its finite end and reports it', () => {
    const native = histogram([[0, '-Inf', '1', '2'], [0, '5', '+Inf', '7']]);
    const result = nativeToBaselineBuckets(native, [0, 10]);
    expect(result.binned.counts).toEqual([0, 9, 0]);
    expect(result.unboundedMass).toBe(9);
    expect(result.interpolatedMass).toBe(0);
  });

  it('keeps the total of the native buckets whatever the baseline edges', () => {
    const native = histogram([
      [1, '-8', '-4', '2'],
      [3, '-0.5', '0.5', '1'],
      [0, '0.5', '1', '3'],
      [0, '1', '2', '5'],
      [0, '2', '4', '7'],
    ]);
    for (const bounds of [[-5, 0.7, 3], [-100], [0, 0.25, 0.5, 1, 1.9], [100]]) {
      const counts = nativeToBaselineBuckets(native, bounds).binned.counts;
      expect(counts.reduce((a, b) => a + b, 0)).toBeCloseTo(18, 12);
      expect(counts.every((c) => c >= 0)).toBe(true);
    }
  });
});

describe('nativeConversionNotices', () => {
  it('says how much mass was interpolated, over all windows, and nothing when the conversion was exact', () => {
    const straddling = nativeToBaselineBuckets(histogram([[0, '1', '2', '10'], [0, '2', '3', '10']]), [1.5]);
    const aligned = nativeToBaselineBuckets(histogram([[0, '1', '2', '10']]), [2]);
    const notices = nativeConversionNotices('age', [straddling, aligned]);
    expect(notices).toEqual([
      { severity: 'info', text: 'age: native histogram buckets straddling baseline edges were split by linear interpolation; 10 observations affected (33.3 % of 30)' },
    ]);
    expect(nativeConversionNotices('age', [aligned])).toEqual([]);
  });

  it('names exponential interpolation for exponential layouts', () => {
    const result = nativeToBaselineBuckets(histogram([[0, '1', '2', '8'], [0, '2', '4', '4']]), [3]);
    expect(nativeConversionNotices('age', [result])[0].text).toContain('split by exponential (linear in the zero bucket) interpolation; 4 observations affected (33.3 % of 12)');
  });

  it('warns about open-ended buckets placed next to their finite end', () => {
    const result = nativeToBaselineBuckets(histogram([[0, '5', '+Inf', '4']]), [10]);
    expect(nativeConversionNotices('age', [result])).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringContaining('4 observations (100.0 % of 4)') }),
    ]);
  });
});

describe('parseNativeResponse', () => {
  const envelope = (resultType: string, result: unknown[]) => ({ status: 'success', data: { resultType, result } });
  const h = { count: '3', sum: '2.5', buckets: [[0, '0.5', '1', '3']] };

  it('reads the histograms of a range query per series', () => {
    const parsed = parseNativeResponse(envelope('matrix', [{ metric: { feature: 'age' }, histograms: [[1700000000, h], [1700000015.5, h]] }]), 'matrix');
    expect(parsed.data).toEqual([
      {
        labels: { feature: 'age' },
        samples: [
          { timeMs: 1_700_000_000_000, histogram: { count: 3, sum: 2.5, buckets: [{ boundaryRule: 0, lower: 0.5, upper: 1, count: 3 }] } },
          { timeMs: 1_700_000_015_500, histogram: { count: 3, sum: 2.5, buckets: [{ boundaryRule: 0, lower: 0.5, upper: 1, count: 3 }] } },
        ],
      },
    ]);
  });

  it('reads the histogram of an instant query', () => {
    const parsed = parseNativeResponse(envelope('vector', [{ metric: { feature: 'age' }, histogram: [1700000000, h] }]), 'vector');
    expect(parsed.data[0].samples.map((s) => s.histogram.count)).toEqual([3]);
  });

  it('says so when the metric answered plain floats instead of native histograms', () => {
    expect(() => parseNativeResponse(envelope('matrix', [{ metric: {}, values: [[1, '2']] }]), 'matrix')).toThrow(/float samples/);
    expect(() => parseNativeResponse(envelope('vector', [{ metric: {}, value: [1, '2'] }]), 'vector')).toThrow(/float samples/);
  });

  it('rejects malformed samples and envelopes with a message', () => {
    expect(() => parseNativeResponse(envelope('matrix', [{ metric: {}, histograms: {} }]), 'matrix')).toThrow(/not an array/);
    expect(() => parseNativeResponse(envelope('matrix', [{ metric: {}, histograms: [[1]] }]), 'matrix')).toThrow(/\[time, \{count, sum, buckets\}\]/);
    expect(() => parseNativeResponse(envelope('vector', []), 'matrix')).toThrow(/expected a matrix/);
  });
});

describe('resolveHistogramKind', () => {
  it('defaults to auto and keeps a known kind', () => {
    expect(resolveHistogramKind(undefined)).toBe('auto');
    expect(resolveHistogramKind('')).toBe('auto');
    expect(resolveHistogramKind('native')).toBe('native');
    expect(resolveHistogramKind('classic')).toBe('classic');
  });

  it('refuses an unknown kind instead of guessing', () => {
    expect(() => resolveHistogramKind('exponential')).toThrow(/prometheusHistogramKind/);
  });
});
