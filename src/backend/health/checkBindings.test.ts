import type { NumericBaselineFeature } from '../../drift/types';
import type { ModelLayout } from '../prometheus/layout';
import { checkModel, edgeVerdict, summarizeCheck } from './checkBindings';

const feature: NumericBaselineFeature = {
  name: 'score',
  kind: 'numeric',
  histogram: { upperBounds: [1, 2, 3, 4, 5, 6, 7, 8, 9], counts: new Array<number>(10).fill(100) },
  summary: { n: 1000, min: 0, max: 10, mean: 5, std: 2.89, quantiles: { levels: [0.5], values: [5] } },
  missing: 0,
  nonFinite: 0,
};

describe('edgeVerdict', () => {
  it('is silent for the baseline’s own or finer edges', () => {
    expect(edgeVerdict(feature, [1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({});
    expect(edgeVerdict(feature, [0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9, 20])).toEqual({});
  });

  it('notes merged edges when enough are shared, re-binning when too few are', () => {
    expect(edgeVerdict(feature, [2, 4, 6, 8]).note).toMatch(/^edges differ: both sides are merged to the 4 edges they share/);
    expect(edgeVerdict(feature, [2.5, 7.5]).note).toMatch(/^edges differ \(live le: 2\.5, 7\.5; baseline: 1, 2, .*\): the baseline is re-binned onto the live edges, off by up to 10 % at an edge$/);
  });

  it('is a problem when the baseline cannot be re-binned or the histogram has no finite bucket', () => {
    const coarse = { ...feature, histogram: { upperBounds: [5], counts: [500, 500] }, summary: { ...feature.summary, quantiles: { levels: [], values: [] } } };
    expect(edgeVerdict(coarse, [2, 8]).problem).toMatch(/cannot be re-binned: .*misplace up to 50 %.*mldrift baseline build --edges-from/);
    expect(edgeVerdict(feature, []).problem).toMatch(/no finite le bucket/);
  });
});

describe('summarizeCheck', () => {
  it('counts the fields and quotes the first problem', () => {
    const check = {
      baseline: 'fraud@v1',
      source: 'prometheus' as const,
      problems: 1,
      unchecked: 2,
      features: [
        { feature: 'amount', role: 'feature' as const, series: 11, labels: ['le'] },
        { feature: 'country', role: 'feature' as const, series: 0, labels: [], problem: 'no series matched …' },
      ],
    };
    expect(summarizeCheck(check)).toBe('fraud@v1 (Prometheus): 1 of 2 fields read as bound (2 not checked); first problem, "country": no series matched …');
  });
});

describe('checkModel', () => {
  const api = {
    series: () => Promise.reject(new Error('no request expected')),
    labelNames: () => Promise.reject(new Error('no request expected')),
  };

  it('reports a kind the binding cannot read before asking Prometheus anything', async () => {
    const layout: ModelLayout = {
      matchers: [],
      signalFor: (_name, _role, kind) =>
        kind === 'numeric'
          ? { kind: 'counter', metric: 'm_total', matchers: [], categoryLabel: 'c', missingValues: new Set() }
          : { kind: 'histogram', metric: 'h', matchers: [], histogramKind: 'classic' },
      missingFor: () => undefined,
      outcome: { metric: 'o_total', matchers: [], actualLabel: 'actual', predictedLabel: 'predicted' },
      score: { metric: 's', matchers: [], actualLabel: 'actual', histogramKind: 'classic' },
      regression: { metrics: { absoluteError: 'a', squaredError: 'b', positiveError: 'c', absolutePercentageError: 'd' }, matchers: [] },
    };
    const baseline = {
      schemaVersion: 1 as const,
      model: 'm',
      version: 'v',
      createdAt: '2026-01-01T00:00:00Z',
      features: [feature, { name: 'plan', kind: 'categorical' as const, distribution: { categories: ['a'], counts: [1] }, n: 1, missing: 0, nonFinite: 0 }],
    };
    const check = await checkModel(api, () => Promise.resolve(layout), baseline, { fromMs: 0, toMs: 1 });
    expect(check.problems).toBe(2);
    expect(check.features.map((f) => f.problem)).toEqual([
      "the baseline's feature is numeric but it is bound to a counter of categories; bind a histogram (or make it categorical in the baseline)",
      "the baseline's feature is categorical but it is bound to a histogram; bind a counter by category",
    ]);
  });
});
