import type { Labels } from '../backend/prometheus/response';
import { parseOptions } from './args';
import { EDGES_FROM_OPTIONS, bucketSelector, edgesBySeries, edgesFromOptions } from './edgesFrom';

const parse = (argv: string[]) => edgesFromOptions(parseOptions(argv, { ...EDGES_FROM_OPTIONS }, 'baseline build'));

describe('--edges-from options', () => {
  it('reads the URL, histogram, matchers and feature label, with an escaped selector', () => {
    const spec = parse(['--edges-from', 'http://prom:9090/', '--edges-metric', 'model_feature_value', '--edges-match', 'job=fraud "api"', '--edges-match', 'env=prod']);
    expect(spec).toMatchObject({ url: 'http://prom:9090', metric: 'model_feature_value', featureLabel: 'feature', windowMs: 3_600_000 });
    expect(bucketSelector(spec!)).toBe('model_feature_value_bucket{job="fraud \\"api\\"",env="prod"}');
  });

  it('maps a histogram without a feature label to one column', () => {
    expect(parse(['--edges-from', 'http://prom:9090', '--edges-metric', 'response_distribution', '--edges-column', 'score', '--edges-window', '6h'])).toMatchObject({
      column: 'score',
      windowMs: 6 * 3_600_000,
    });
  });

  it.each([
    [['--edges-metric', 'x'], '--edges-metric needs --edges-from'],
    [['--edges-from', 'prom:9090', '--edges-metric', 'x'], 'not supported'],
    [['--edges-from', 'nonsense', '--edges-metric', 'x'], 'not a URL'],
    [['--edges-from', 'http://p'], 'needs --edges-metric'],
    [['--edges-from', 'http://p', '--edges-metric', 'x_bucket'], 'without the _bucket suffix'],
    [['--edges-from', 'http://p', '--edges-metric', 'x', '--edges-match', '1a=b'], 'expected label=value'],
    [['--edges-from', 'http://p', '--edges-metric', 'x', '--edges-column', 'a', '--edges-feature-label', 'f'], 'not both'],
    [['--edges-from', 'http://p', '--edges-metric', 'x', '--edges-window', 'soon'], '--edges-window'],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });
});

describe('edgesBySeries', () => {
  const spec = { url: 'http://p', metric: 'm', matchers: [], featureLabel: 'feature', windowMs: 1 };

  it('collects the finite le values per feature, sorted, series of several instances merged', () => {
    const series: Labels[] = [
      { feature: 'age', le: '30', instance: 'a' },
      { feature: 'age', le: '+Inf', instance: 'a' },
      { feature: 'age', le: '20.0', instance: 'a' },
      { feature: 'age', le: '20', instance: 'b' },
      { feature: 'income', le: '1e3' },
      { le: '5' },
      { feature: 'broken', le: 'x' },
    ];
    expect(edgesBySeries(series, spec)).toEqual(
      new Map([
        ['age', [20, 30]],
        ['income', [1000]],
      ])
    );
  });

  it('gives every edge to the one column of a histogram without a feature label', () => {
    expect(edgesBySeries([{ le: '0.2' }, { le: '0.1' }], { ...spec, featureLabel: undefined, column: 'score' })).toEqual(new Map([['score', [0.1, 0.2]]]));
  });
});
