import { parseMatrixResponse, parseSampleValue, parseVectorResponse, PrometheusResponseError } from './response';

describe('parseSampleValue', () => {
  it.each([
    ['1.5', 1.5],
    ['0', 0],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e-3', 0.001],
  ])('%s', (raw, value) => {
    expect(parseSampleValue(raw)).toBe(value);
  });

  it('keeps NaN and rejects what is not a number', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(() => parseSampleValue('abc')).toThrow(PrometheusResponseError);
    expect(() => parseSampleValue('')).toThrow(PrometheusResponseError);
    expect(() => parseSampleValue(1)).toThrow(PrometheusResponseError);
  });

  it('tells a zero from a blank value (both convert to 0)', () => {
    expect(parseSampleValue('0.0')).toBe(0);
    expect(parseSampleValue('-0')).toBe(-0);
    expect(() => parseSampleValue('   ')).toThrow(PrometheusResponseError);
  });
});

describe('parseMatrixResponse', () => {
  it('reads series, labels, samples and warnings', () => {
    const body = {
      status: 'success',
      warnings: ['partial data: store timed out'],
      infos: ['metric might not be a counter'],
      data: {
        resultType: 'matrix',
        result: [{ metric: { feature: 'a"b', le: '+Inf' }, values: [[1700000000, '3'], [1700000060.5, 'NaN']] }],
      },
    };
    const parsed = parseMatrixResponse(body);
    expect(parsed.warnings).toEqual(['partial data: store timed out']);
    expect(parsed.infos).toEqual(['metric might not be a counter']);
    expect(parsed.data[0].labels).toEqual({ feature: 'a"b', le: '+Inf' });
    expect(Array.from(parsed.data[0].samples.timesMs)).toEqual([1_700_000_000_000, 1_700_000_060_500]);
    expect(parsed.data[0].samples.values[0]).toBe(3);
    expect(parsed.data[0].samples.values[1]).toBeNaN();
  });

  it("turns status: error into an error carrying Prometheus' type and message", () => {
    const body = { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' };
    expect(() => parseMatrixResponse(body)).toThrow('bad_data: parse error at char 5');
    try {
      parseMatrixResponse(body);
    } catch (error) {
      expect((error as PrometheusResponseError).errorType).toBe('bad_data');
    }
  });

  it.each([
    ['not an object', 'nope'],
    ['no status', { data: { resultType: 'matrix', result: [] } }],
    ['wrong result type', { status: 'success', data: { resultType: 'vector', result: [] } }],
    ['no result', { status: 'success', data: { resultType: 'matrix' } }],
    ['bad pair', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1]] }] } }],
    ['non-string label', { status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: 1 }, values: [] }] } }],
  ])('rejects %s', (_name, body) => {
    expect(() => parseMatrixResponse(body)).toThrow(PrometheusResponseError);
  });

  it('explains native histograms instead of misreading them', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, histograms: [[1, { count: '1' }]] }] } };
    expect(() => parseMatrixResponse(body)).toThrow(/native histograms/);
  });
});

describe('parseVectorResponse', () => {
  it('reads one sample per series', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: { predicted: 'x' }, value: [1700000000, '7.25'] }] } };
    expect(parseVectorResponse(body).data).toEqual([{ labels: { predicted: 'x' }, timeMs: 1_700_000_000_000, value: 7.25 }]);
  });

  it('rejects a matrix where a vector is expected', () => {
    expect(() => parseVectorResponse({ status: 'success', data: { resultType: 'matrix', result: [] } })).toThrow(/expected a vector/);
  });
});
