import type { FetchResponse } from '@grafana/runtime';
import { of, throwError } from 'rxjs';
import { checkModelBindings, featureCheckText, parseCheckBindings } from './bindingCheck';

describe('parseCheckBindings', () => {
  it('reads models and fields, recounting problems from the fields', () => {
    const parsed = parseCheckBindings({
      window: '1h',
      models: [
        {
          baseline: 'fraud@v1',
          problems: 7,
          unchecked: 0,
          features: [
            { feature: 'score', role: 'feature', selector: 'x_bucket{model="fraud"}', series: 11, labels: ['le', 'model'], edges: { live: [0.1, 0.2], baseline: [0.15], shared: 0 }, note: 're-binned' },
            { feature: 'label', role: 'label', series: 0, labels: [], problem: 'no series matched' },
          ],
        },
      ],
    });
    expect(parsed.models[0].problems).toBe(1);
    expect(parsed.models[0].features[0].edges).toEqual({ live: [0.1, 0.2], baseline: [0.15], shared: 0 });
    expect(parsed.models[0].features[1]).toEqual({ feature: 'label', role: 'label', series: 0, labels: [], problem: 'no series matched' });
  });

  it('reads an Elasticsearch check: its source, field, types, documents and range; an answer without source is Prometheus', () => {
    const parsed = parseCheckBindings({
      window: '1h',
      models: [
        {
          baseline: 'fraud@v1',
          source: 'elasticsearch',
          unchecked: 0,
          features: [{ feature: 'amount', role: 'feature', series: 40, labels: [], field: 'inputs.amount', types: ['double'], documents: 50, valueRange: { live: { min: 1, max: 9 }, baseline: { min: 0, max: 10 } } }],
        },
        { baseline: 'fraud@v1', features: [] },
      ],
    });
    expect(parsed.models.map((m) => m.source)).toEqual(['elasticsearch', 'prometheus']);
    expect(parsed.models[0].features[0]).toEqual({
      feature: 'amount',
      role: 'feature',
      series: 40,
      labels: [],
      field: 'inputs.amount',
      types: ['double'],
      documents: 50,
      valueRange: { live: { min: 1, max: 9 }, baseline: { min: 0, max: 10 } },
    });
  });

  it.each([[null], [{ models: 'x' }], [{ models: [{ baseline: 'a@b' }] }], [{ models: [{ baseline: 'a@b', features: [{ feature: 'x' }] }] }]])('refuses %j', (data) => {
    expect(() => parseCheckBindings(data)).toThrow(/The datasource answered/);
  });
});

describe('featureCheckText', () => {
  it('says where, what and why', () => {
    expect(
      featureCheckText({ feature: 'score', role: 'feature', selector: 'm_bucket{model="a"}', series: 3, labels: ['le', 'model'], edges: { live: [1, 2], baseline: [1, 3], shared: 1 }, note: 'merged' })
    ).toEqual({ found: '3 series of m_bucket{model="a"} with labels {le, model}; le 1, 2 (1 of the baseline\'s 2 edges shared)', detail: 'merged' });
    expect(featureCheckText({ feature: 'x', role: 'feature', series: 0, labels: [], problem: 'none' })).toEqual({ found: '0 series', detail: 'none' });
  });

  it('says which field, its types, how many documents have it and their range, on Elasticsearch', () => {
    expect(featureCheckText({ feature: 'a', role: 'feature', series: 4, labels: [], field: 'in.a', types: ['long'], documents: 5, valueRange: { live: { min: 1, max: 2 }, baseline: { min: 0, max: 3 } } })).toEqual({
      found: '4 of 5 documents with field in.a (long); values 1 to 2 (baseline 0 to 3)',
      detail: undefined,
    });
    expect(featureCheckText({ feature: 'b', role: 'feature', series: 0, labels: [], field: 'b', types: [], problem: 'not mapped' })).toEqual({ found: '0 documents with field b (not mapped)', detail: 'not mapped' });
  });
});

describe('checkModelBindings', () => {
  const answer = {
    window: '1h',
    models: [
      { baseline: 'fraud@v1', source: 'prometheus', features: [], problems: 0, unchecked: 0 },
      { baseline: 'fraud@v1', source: 'elasticsearch', features: [], problems: 0, unchecked: 0 },
    ],
  };

  it('asks check-bindings for the one baseline and returns its check on each source', async () => {
    const requests: Array<{ url: string; params?: unknown }> = [];
    const backendSrv = () => ({
      fetch: <T,>(options: { url: string; params?: unknown }) => {
        requests.push(options);
        return of({ data: answer as T } as FetchResponse<T>);
      },
    });
    await expect(checkModelBindings('ds/1', 'fraud@v1', backendSrv)).resolves.toEqual(answer.models);
    expect(requests).toEqual([expect.objectContaining({ url: 'api/datasources/uid/ds%2F1/resources/check-bindings', params: { baseline: 'fraud@v1' } })]);
  });

  it('turns the backend’s error body into the message', async () => {
    const backendSrv = () => ({
      fetch: () => throwError(() => ({ status: 400, data: { error: 'the datasource has no Prometheus URL' }, config: {}, statusText: 'Bad Request' })),
    });
    await expect(checkModelBindings('ds', 'fraud@v1', backendSrv)).rejects.toThrow('the datasource has no Prometheus URL');
  });
});
