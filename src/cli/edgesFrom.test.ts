import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Labels } from '../backend/prometheus/response';
import { parseOptions } from './args';
import { EDGES_FROM_OPTIONS, bucketSelector, edgesBySeries, edgesFromOptions } from './edgesFrom';

const parse = (argv: string[]) => edgesFromOptions(parseOptions(argv, { ...EDGES_FROM_OPTIONS }, 'baseline build'), { model: 'fraud', version: 'v1' }, {})?.[0];

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

describe('--edges-from credentials and binding files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-edges-options-'));
  const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
  const options = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
    edgesFromOptions(parseOptions(['--edges-from', 'http://prom:9090', ...argv], { ...EDGES_FROM_OPTIONS }, 'baseline build'), { model: 'fraud', version: 'v1' }, env);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a bearer token from its file or the environment, and user:password for basic auth', () => {
    expect(options(['--edges-metric', 'x', '--edges-bearer-token-file', file('token', 's3cret\n')])?.[0].authorization).toBe('Bearer s3cret');
    expect(options(['--edges-metric', 'x'], { MLDRIFT_PROMETHEUS_TOKEN: 'from-env' })?.[0].authorization).toBe('Bearer from-env');
    expect(options(['--edges-metric', 'x', '--edges-basic-auth-file', file('basic', 'ann:pa:ss')])?.[0].authorization).toBe(`Basic ${Buffer.from('ann:pa:ss').toString('base64')}`);
    expect(options(['--edges-metric', 'x'])?.[0].authorization).toBeUndefined();
  });

  it.each([
    [['--edges-metric', 'x', '--edges-basic-auth-file', 'no-colon'], 'user:password'],
    [['--edges-metric', 'x', '--edges-bearer-token-file', '/nonexistent/token'], 'cannot read "/nonexistent/token": ENOENT'],
    [['--edges-metric', 'x', '--edges-bearer-token-file', 'empty'], 'is empty'],
    [['--edges-metric', 'x', '--edges-bearer-token-file', 'a', '--edges-basic-auth-file', 'b'], 'not both'],
  ])('refuses %j without quoting the secret', (argv, message) => {
    file('no-colon', 'justapassword');
    file('empty', '\n');
    const resolved = argv.map((a) => (['no-colon', 'empty'].includes(a) ? path.join(dir, a) : a));
    expect(() => options(resolved)).toThrow(message);
    expect(() => options(resolved)).not.toThrow('justapassword');
  });

  it('reads the histograms of a binding file: each bound feature, and the numeric histogram by its feature label', () => {
    const binding = file('b.json', JSON.stringify({
      model: 'fraud',
      prometheus: {
        matchers: { job: 'fraud-api' },
        features: { score: { kind: 'histogram', metric: 'response_distribution', version: { label: 'model_version' } }, plan: { kind: 'counter', metric: 'plans_total', categoryLabel: 'plan' } },
        numeric: { kind: 'histogram', metric: 'inputs', featureLabel: 'input' },
      },
    }));
    const specs = options(['--edges-binding', binding]) ?? [];
    expect(specs.map((spec) => [bucketSelector(spec), spec.column ?? spec.featureLabel])).toEqual([
      ['response_distribution_bucket{model="fraud",model_version="v1",job="fraud-api"}', 'score'],
      ['inputs_bucket{model="fraud",version="v1",job="fraud-api"}', 'input'],
    ]);
  });

  it.each([
    [{ model: 'fraud', prometheus: { features: { plan: { kind: 'counter', metric: 'p', categoryLabel: 'c' } } } }, 'binds no histogram'],
    [{ model: 'fraud', elasticsearch: { index: 'logs' } }, 'has no prometheus part'],
    [{ model: 'fraud', prometheus: { features: { score: { kind: 'histogram' } } } }, 'prometheus.features.score.metric'],
  ])('refuses the binding %j', (document, message) => {
    expect(() => options(['--edges-binding', file('bad.json', JSON.stringify(document))])).toThrow(message);
  });

  it('refuses a binding file with the options it replaces', () => {
    expect(() => options(['--edges-binding', 'b.json', '--edges-metric', 'x'])).toThrow('give --edges-binding or --edges-metric, not both');
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
