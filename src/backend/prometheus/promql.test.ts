import {
  checkLabelName,
  checkMetricName,
  equals,
  escapeRegex,
  increase,
  oneOf,
  PromQLError,
  quoteString,
  render,
  selector,
  sumBy,
} from './promql';

describe('quoteString', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['"}', '"\\"}"'],
    ['x"} or vector(1) #', '"x\\"} or vector(1) #"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['cr\rtab\t', '"cr\\rtab\\t"'],
    ['bell\u0007del\u007f', '"bell\\u0007del\\u007f"'],
    ['ünï©ødé 🚀', '"ünï©ødé 🚀"'],
    ['', '""'],
  ])('escapes %j', (value, expected) => {
    expect(quoteString(value)).toBe(expected);
  });

  it('rejects a lone surrogate, which UTF-8 cannot carry', () => {
    expect(() => quoteString('a\ud800b')).toThrow(PromQLError);
    expect(() => quoteString('\udc00')).toThrow(PromQLError);
    expect(quoteString('\ud83d\ude80')).toBe('"🚀"');
  });
});

describe('regex matchers', () => {
  it('escapes every RE2 metacharacter so values match literally', () => {
    expect(escapeRegex('a.b*c+d?(e)|[f]{g}^$\\')).toBe('a\\.b\\*c\\+d\\?\\(e\\)\\|\\[f\\]\\{g\\}\\^\\$\\\\');
    const matcher = oneOf('feature', ['a.b', 'c|d']);
    expect(matcher).toEqual({ label: 'feature', op: '=~', value: 'a\\.b|c\\|d' });
    // The escaped regex is itself quoted as a string literal: each backslash doubled again.
    expect(render(selector('m', [matcher]))).toBe('m{feature=~"a\\\\.b|c\\\\|d"}');
  });

  it('uses plain equality for one value and refuses none', () => {
    expect(oneOf('feature', ['.*'])).toEqual({ label: 'feature', op: '=', value: '.*' });
    expect(() => oneOf('feature', [])).toThrow(PromQLError);
  });
});

describe('names', () => {
  it.each(['model_feature_value', 'job:rate5m', '_x', 'A1'])('accepts metric name %s', (name) => {
    expect(checkMetricName(name)).toBe(name);
  });

  it.each(['', '1abc', 'a-b', 'a b', 'a{b}', 'métrique', 'a"b'])('rejects metric name %j', (name) => {
    expect(() => checkMetricName(name)).toThrow(PromQLError);
  });

  it.each(['a:b', '__name__', '1x', 'le-1', ''])('rejects label name %j', (name) => {
    expect(() => checkLabelName(name)).toThrow(PromQLError);
  });
});

describe('render', () => {
  it('builds one aggregated range-function query', () => {
    const expr = sumBy(
      ['feature', 'le'],
      increase(selector('model_feature_value_bucket', [equals('model', 'm'), equals('version', 'v"1'), oneOf('feature', ['age', 'income'])]), 3600)
    );
    expect(render(expr)).toBe('sum by (feature, le) (increase(model_feature_value_bucket{model="m",version="v\\"1",feature=~"age|income"}[3600s]))');
  });

  it('refuses invalid names and ranges instead of printing them', () => {
    expect(() => render(selector('bad-name', []))).toThrow(PromQLError);
    expect(() => render(selector('m', [equals('bad label', 'x')]))).toThrow(PromQLError);
    expect(() => render(sumBy(['x}'], selector('m', [])))).toThrow(PromQLError);
    expect(() => render(increase(selector('m', []), 0))).toThrow(PromQLError);
    expect(() => render(increase(selector('m', []), 1.5))).toThrow(PromQLError);
  });
});
