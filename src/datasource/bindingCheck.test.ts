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
});

describe('checkModelBindings', () => {
  const answer = { window: '1h', models: [{ baseline: 'fraud@v1', features: [], problems: 0, unchecked: 0 }] };

  it('asks check-bindings for the one baseline and returns its check', async () => {
    const requests: Array<{ url: string; params?: unknown }> = [];
    const backendSrv = () => ({
      fetch: <T,>(options: { url: string; params?: unknown }) => {
        requests.push(options);
        return of({ data: answer as T } as FetchResponse<T>);
      },
    });
    await expect(checkModelBindings('ds/1', 'fraud@v1', backendSrv)).resolves.toEqual(answer.models[0]);
    expect(requests).toEqual([expect.objectContaining({ url: 'api/datasources/uid/ds%2F1/resources/check-bindings', params: { baseline: 'fraud@v1' } })]);
  });

  it('turns the backend’s error body into the message', async () => {
    const backendSrv = () => ({
      fetch: () => throwError(() => ({ status: 400, data: { error: 'the datasource has no Prometheus URL' }, config: {}, statusText: 'Bad Request' })),
    });
    await expect(checkModelBindings('ds', 'fraud@v1', backendSrv)).rejects.toThrow('the datasource has no Prometheus URL');
  });
});
