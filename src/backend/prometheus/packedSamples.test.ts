import { parseJsonBytes } from '../upstream/byteJson';
import { MATRIX_ANSWER_PACKERS } from './packedSamples';
import { parseMatrixResponse, SampleColumns, type MatrixSeries } from './response';

const answer = (values: string) => `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"le":"1"},"values":${values}}]}}`;

function packedValues(text: string): unknown {
  const body = parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS) as { data: { result: Array<{ values: unknown }> } };
  return body.data.result[0].values;
}

/** Series as plain arrays, so that NaN, -0 and every other value compare exactly (toEqual tells -0 from 0). */
function plainSeries(series: MatrixSeries[]) {
  return series.map((s) => ({ labels: s.labels, timesMs: Array.from(s.samples.timesMs), values: Array.from(s.samples.values) }));
}

/** What parseMatrixResponse makes of the answer: its series, or the message it (or the JSON parser) refused it with. */
function outcome(parse: () => unknown): { series: ReturnType<typeof plainSeries> } | { error: string } {
  try {
    return { series: plainSeries(parseMatrixResponse(parse()).data) };
  } catch (error) {
    return { error: error instanceof SyntaxError ? 'invalid JSON' : (error as Error).message };
  }
}

/** Packed and plain parsing of the same answer must read the same series or fail the same way. */
function expectSameAsPlain(text: string): void {
  const packed = outcome(() => parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS));
  expect(packed).toEqual(outcome(() => JSON.parse(text)));
}

describe('packed range samples', () => {
  it('pack the pairs Prometheus writes into time and value columns', () => {
    const packed = packedValues(answer('[[1795227600,"1200"],[1795227900.5,"-0.25"],[1795228200,"NaN"]]'));
    expect(packed).toBeInstanceOf(SampleColumns);
    const columns = packed as SampleColumns;
    expect(Array.from(columns.timesMs)).toEqual([1_795_227_600_000, 1_795_227_900_500, 1_795_228_200_000]);
    expect(Array.from(columns.values)).toEqual([1200, -0.25, NaN]);
  });

  it('allow whitespace between tokens', () => {
    expect(packedValues(answer('[ [ 1 , "2" ] ,\n [2,"3"] ]'))).toBeInstanceOf(SampleColumns);
    expectSameAsPlain(answer('[ [ 1 , "2" ] ,\n [2,"3"] ]'));
  });

  it('read every spelling of a value as parseSampleValue does', () => {
    const spellings = ['0', '-0', '-0.0', '1', '1.5', '0.1', '0.30000000000000004', '123456789012345', '1234567890123456', '99999999999999999999',
      '0.000000000000001', '12345678.9012345', '1e3', '1E-7', '-2.5e+300', '1e400', 'NaN', '+Inf', '-Inf', 'Inf', 'Infinity', '007', '.5', '1.', '+1',
      ' 1', '1 ', '0x10', '\\u0031', '5e-324'];
    const text = answer(`[${spellings.map((v, i) => `[${1700000000 + i},"${v}"]`).join(',')}]`);
    expect(packedValues(text)).toBeInstanceOf(SampleColumns);
    expectSameAsPlain(text);
  });

  it('read every spelling of a time as JSON.parse does, in milliseconds', () => {
    const times = ['0', '-1', '1700000000', '1700000000.5', '1700000000.123', '1700000000.1235', '1.7e9', '17E8', '1795227600.000', '123456789012345678', '0.0005'];
    const text = answer(`[${times.map((t) => `[${t},"1"]`).join(',')}]`);
    expect(packedValues(text)).toBeInstanceOf(SampleColumns);
    expectSameAsPlain(text);
  });

  it.each([
    ['a value that is not a string', '[[1,"2"],[2,3]]'],
    ['a time that is a string', '[["1","2"]]'],
    ['a pair with three members', '[[1,"2","3"]]'],
    ['a pair with one member', '[[1]]'],
    ['a value no number reads', '[[1,"2"],[2,"abc"]]'],
    ['a blank value', '[[1,""]]'],
    ['an object instead of pairs', '{"1":"2"}'],
    ['a null pair', '[null]'],
    ['no pairs', '[]'],
  ])('leave %s to the plain parser, which reports it as before', (_, values) => {
    const text = answer(values);
    expect(packedValues(text)).not.toBeInstanceOf(SampleColumns);
    expectSameAsPlain(text);
  });

  it.each([
    ['a time with a leading zero', '[[01,"2"]]'],
    ['a time with a bare point', '[[1.,"2"]]'],
    ['a trailing comma', '[[1,"2"],]'],
    ['an unterminated value', '[[1,"2]]'],
    ['an unterminated list', '[[1,"2"]'],
    ['a control character in a value', '[[1,"2\u0001"]]'],
  ])('reject %s as JSON.parse does', (_, values) => {
    const text = answer(values);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS)).toThrow(SyntaxError);
  });

  it('keep the other series, labels and envelope members as they are', () => {
    const text =
      '{"status":"success","warnings":["w"],"data":{"resultType":"matrix","result":[' +
      '{"metric":{"feature":"a\\"b","values":"x"},"values":[[1,"2"]]},{"metric":{},"values":[[3,"4"],[5,"6"]]}]}}';
    expectSameAsPlain(text);
    expect(parseMatrixResponse(parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS)).warnings).toEqual(['w']);
  });

  it('still explain a native histogram answer', () => {
    const text = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,{"count":"1","sum":"1"}]]}]}}';
    expect(outcome(() => parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS))).toEqual({ error: expect.stringMatching(/native histograms/) });
    expectSameAsPlain(text);
  });

  it('read series longer than a block, and series that cross from one block into the next, without mixing them up', () => {
    const series = (offset: number, n: number) => `[${Array.from({ length: n }, (_, i) => `[${1700000000 + i * 15},"${offset + i}"]`).join(',')}]`;
    const lengths = [70_000, 40_000, 40_000, 3];
    const result = lengths.map((n, s) => `{"metric":{"s":"${s}"},"values":${series(s * 7, n)}}`);
    const text = `{"status":"success","data":{"resultType":"matrix","result":[${result.join(',')}]}}`;
    expectSameAsPlain(text);
    const parsed = parseMatrixResponse(parseJsonBytes(Buffer.from(text), MATRIX_ANSWER_PACKERS)).data;
    expect(parsed.map((s) => s.samples.length)).toEqual(lengths);
  });

  it('agree with the plain parser on 300 random answers', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const value = () =>
      pick([
        () => digits(1 + Math.floor(random() * 17)).replace(/^0+(?=\d)/, ''),
        () => `${pick(['', '-'])}${digits(1 + Math.floor(random() * 9)).replace(/^0+(?=\d)/, '')}.${digits(1 + Math.floor(random() * 12))}`,
        () => String(random() * 10 ** Math.floor(random() * 20)),
        () => pick(['NaN', '+Inf', '-Inf', '1e5', '-0', '0']),
      ])();
    const time = () => pick([() => String(1700000000 + Math.floor(random() * 1e6)), () => `1700000000.${digits(1 + Math.floor(random() * 4))}`])();
    const space = () => pick(['', '', '', ' ', '\n']);
    for (let doc = 0; doc < 300; doc++) {
      const result = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, s) => {
        const pairs = Array.from({ length: Math.floor(random() * 20) }, () => `${space()}[${time()},${space()}"${value()}"]`);
        return `{"metric":{"s":"${s}"},"values":[${pairs.join(',')}]}`;
      });
      expectSameAsPlain(`{"status":"success","data":{"resultType":"matrix","result":[${result.join(',')}]}}`);
    }
  });
});
