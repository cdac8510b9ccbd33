import type { BaselineFeature } from '../../drift/types';
import { mappingVerdict, rangeVerdict } from './checkElasticsearchBindings';

const numeric: Extract<BaselineFeature, { kind: 'numeric' }> = {
  name: 'amount',
  kind: 'numeric',
  histogram: { upperBounds: [10, 100], counts: [1, 1, 1] },
  summary: { n: 3, min: 0, max: 500, mean: 100, std: 50, quantiles: { levels: [0.5], values: [50] } },
  missing: 0,
  nonFinite: 0,
};
const categorical: BaselineFeature = { name: 'plan', kind: 'categorical', distribution: { categories: ['a'], counts: [1] }, n: 1, missing: 0, nonFinite: 0 };

describe('rangeVerdict', () => {
  it('says nothing inside the baseline range, notes values beyond it, and calls disjoint ranges a problem', () => {
    expect(rangeVerdict(numeric, { min: 1, max: 400 })).toEqual({});
    expect(rangeVerdict(numeric, { min: -5, max: 400 }).note).toBe('live values [-5, 400], baseline [0, 500]: values beyond the baseline\'s range fall in its first or last bucket');
    expect(rangeVerdict(numeric, { min: 600, max: 900 }).problem).toMatch(/^live values \[600, 900\], baseline \[0, 500\] do not overlap at all/);
  });
});

describe('mappingVerdict', () => {
  const caps = {
    amount: { long: { aggregatable: true } },
    plan: { keyword: { aggregatable: true } },
    note: { text: { aggregatable: false } },
    'note.keyword': { keyword: { aggregatable: true } },
    body: { text: { aggregatable: false } },
  };
  it('reads numeric fields with stats and keyword fields with terms', () => {
    expect(mappingVerdict(caps, 'amount', numeric, 'feature')).toEqual({ detail: 'stats' });
    expect(mappingVerdict(caps, 'plan', categorical, 'feature')).toEqual({ detail: 'terms' });
  });
  it('names the keyword sub-field of a text field when there is one', () => {
    expect(mappingVerdict(caps, 'note', categorical, 'feature').mappingProblem).toMatch(/mapped as text \(not aggregatable\).*; bind "note.keyword" instead$/);
    expect(mappingVerdict(caps, 'body', categorical, 'feature').mappingProblem).toMatch(/; map it as keyword \(or bind a keyword sub-field\)$/);
  });
  it('refuses a numeric baseline feature on a keyword field, and an unmapped field', () => {
    expect(mappingVerdict(caps, 'plan', numeric, 'feature').mappingProblem).toMatch(/the baseline's feature is numeric but field "plan" is mapped as keyword/);
    expect(mappingVerdict(caps, 'nope', numeric, 'feature').mappingProblem).toMatch(/field "nope" is not mapped in any index/);
  });
});
