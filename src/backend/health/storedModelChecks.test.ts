import type { LiveSource } from '../../shared/queryModel';
import { planModelCheck } from './storedModelChecks';

const BOTH: readonly LiveSource[] = ['prometheus', 'elasticsearch'];
const urls = (...configured: LiveSource[]) => (source: LiveSource) => configured.includes(source);

describe('planModelCheck', () => {
  it('checks a model without a binding on the source queries read by default, and says why not on the other', () => {
    const plan = planModelCheck([], { sources: BOTH, named: false }, urls(...BOTH));
    expect(plan.on).toEqual(['prometheus']);
    expect(plan.notChecked).toEqual([
      {
        source: 'elasticsearch',
        reason: expect.stringMatching(/^not checked: it has no binding, so it is read from Prometheus, .*ask for source=elasticsearch/),
      },
    ]);
  });

  it('says why when the default source is configured but not among those checked (unreachable in Save & test)', () => {
    const plan = planModelCheck([], { sources: ['elasticsearch'], named: false }, urls(...BOTH));
    expect(plan.on).toEqual([]);
    expect(plan.notChecked.map((n) => n.source)).toEqual(['elasticsearch']);
  });

  it('reads a model without a binding from Elasticsearch when the datasource has only an Elasticsearch URL', () => {
    expect(planModelCheck([], { sources: ['elasticsearch'], named: false }, urls('elasticsearch'))).toEqual({ on: ['elasticsearch'], notChecked: [] });
  });

  it('checks a model without a binding on every source the caller named, as a query naming its source reads there', () => {
    expect(planModelCheck([], { sources: BOTH, named: true }, urls(...BOTH))).toEqual({ on: BOTH, notChecked: [] });
    expect(planModelCheck([], { sources: ['elasticsearch'], named: true }, urls(...BOTH))).toEqual({ on: ['elasticsearch'], notChecked: [] });
  });

  it('checks a model bound to one source there only, whatever the default', () => {
    expect(planModelCheck(['elasticsearch'], { sources: BOTH, named: false }, urls(...BOTH))).toEqual({ on: ['elasticsearch'], notChecked: [] });
    expect(planModelCheck(['elasticsearch'], { sources: ['prometheus'], named: false }, urls('prometheus'))).toEqual({
      on: [],
      notChecked: [{ source: 'elasticsearch', reason: 'not checked: its binding names Elasticsearch only, and the datasource has no URL for it' }],
    });
    expect(planModelCheck(['prometheus'], { sources: ['elasticsearch'], named: true }, urls(...BOTH)).notChecked).toEqual([
      { source: 'prometheus', reason: 'not checked: its binding names Prometheus only, which this check was not asked for' },
    ]);
  });

  it('checks a model bound to both sources on each one checked', () => {
    expect(planModelCheck(BOTH, { sources: BOTH, named: false }, urls(...BOTH))).toEqual({ on: BOTH, notChecked: [] });
  });
});
