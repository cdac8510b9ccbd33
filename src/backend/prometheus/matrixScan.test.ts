import { scanMatrixResponse } from './matrixScan';
import { parseMatrixResponse } from './response';

/** Prometheus writes compact JSON, which is what JSON.stringify produces for the same objects. */
const answer = (result: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ status: 'success', data: { resultType: 'matrix', result }, ...extra });

const checked = (text: string) => parseMatrixResponse(JSON.parse(text));

describe('scanMatrixResponse', () => {
  const cases: Record<string, string> = {
    'bucket series': answer([
      { metric: { feature: 'age', le: '0.5' }, values: [[1700000000, '3'], [1700000060.5, '4.25']] },
      { metric: { feature: 'age', le: '+Inf' }, values: [[1700000000, '7.000000000000001'], [1700000060.5, '1e-3']] },
    ]),
    'NaN, infinities and negative zero': answer([{ metric: {}, values: [[1.5, 'NaN'], [2, '+Inf'], [3, '-Inf'], [4, '-0']] }]),
    'label values with quotes, braces, escapes and non-ASCII': answer([
      { metric: { feature: 'a"}{b\\c', category: 'naïve ✓\n' }, values: [[1, '1']] },
    ]),
    'no series': answer([]),
    'a series without samples': answer([{ metric: { feature: 'x' }, values: [] }]),
    'warnings and infos': answer([{ metric: { le: '1' }, values: [[1, '2']] }], { warnings: ['partial'], infos: ['note'] }),
    'exponent and fraction in the timestamp': answer([{ metric: {}, values: [[1.7e9, '1'], [1700000000.123, '2']] }]),
  };

  it.each(Object.entries(cases))('gives the same series as the checked path: %s', (_, text) => {
    const scanned = scanMatrixResponse(text);
    expect(scanned).toBeDefined();
    expect(scanned).toEqual(checked(text));
  });

  const declined: Record<string, string> = {
    'whitespace (not how Prometheus writes)': JSON.stringify(JSON.parse(cases['bucket series']), null, 1),
    'an error envelope': JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }),
    'a vector answer': JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }),
    'native histograms': answer([{ metric: {}, histograms: [[1, { count: '1', sum: '1', buckets: [] }]] }]),
    'a value that is not a number': answer([{ metric: {}, values: [[1, 'abc']] }]),
    'a blank value': answer([{ metric: {}, values: [[1, ' ']] }]),
    'an escaped value': answer([{ metric: {}, values: [[1, '1\t']] }]),
    'a non-string label value': answer([{ metric: { le: 1 }, values: [[1, '1']] }]),
    'a timestamp as a string': answer([{ metric: {}, values: [['1', '1']] }]),
    'a pair with three elements': answer([{ metric: {}, values: [[1, '1', 2]] }]),
    'an unexpected key after the data': answer([], { errorType: 'execution' }),
    'truncated text': cases['bucket series'].slice(0, -10),
    'trailing text': `${cases['no series']} x`,
  };

  it.each(Object.entries(declined))('leaves %s to the checked path', (_, text) => {
    expect(scanMatrixResponse(text)).toBeUndefined();
  });
});
