import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';
import { BaselineClient, buildQueryString, type UploadProgress, type XhrLike } from './baselineClient';
import { serveGrafanaUnder } from './testing/grafanaSubPath';

/** Records requests and answers them like the datasource backend would; no Grafana runs in unit tests. */
function mockBackendSrv(answer: (request: BackendSrvRequest) => { status: number; data: unknown }) {
  const requests: BackendSrvRequest[] = [];
  const fetch = <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> => {
    requests.push(request);
    const { status, data } = answer(request);
    if (status >= 400) {
      return throwError(() => ({ status, statusText: 'Bad Request', data, config: request }));
    }
    return of({ status, data: data as T, ok: true } as FetchResponse<T>);
  };
  return { requests, backendSrv: () => ({ fetch }) };
}

/** An XMLHttpRequest stand-in whose upload progress and answer the test drives. */
class MockXhr {
  readonly upload = new EventTarget();
  private readonly events = new EventTarget();
  status = 0;
  responseText = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {}
  addEventListener(type: string, listener: EventListener) {
    this.events.addEventListener(type, listener);
  }
  progress(loaded: number, total: number) {
    this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded, total, lengthComputable: true }));
  }
  finishUpload() {
    this.upload.dispatchEvent(new Event('load'));
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.events.dispatchEvent(new Event('load'));
  }
}

function clientWith(answer: Parameters<typeof mockBackendSrv>[0], xhr = new MockXhr()) {
  const backend = mockBackendSrv(answer);
  const client = new BaselineClient('ds/1', {
    backendSrv: backend.backendSrv,
    createXhr: () => xhr as unknown as XhrLike,
  });
  return { client, requests: backend.requests, xhr };
}

describe('BaselineClient', () => {
  serveGrafanaUnder('/grafana');

  it('lists baselines from the resource path of the datasource', async () => {
    const { client, requests } = clientWith(() => ({
      status: 200,
      data: {
        baselines: [
          {
            id: 'churn@3',
            model: 'churn',
            version: '3',
            features: ['age', 7],
            created: '2026-01-01T00:00:00Z',
            provisioned: true,
          },
        ],
      },
    }));
    await expect(client.listBaselines()).resolves.toEqual([
      {
        id: 'churn@3',
        model: 'churn',
        version: '3',
        features: ['age'],
        created: '2026-01-01T00:00:00Z',
        provisioned: true,
      },
    ]);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: 'api/datasources/uid/ds%2F1/resources/baselines',
      showErrorAlert: false,
    });
  });

  it('reports a corrupt file with its reason', async () => {
    const { client } = clientWith(() => ({
      status: 200,
      data: [
        {
          id: 'x@1',
          model: 'x',
          version: '1',
          features: [],
          created: '',
          provisioned: false,
          corrupt: 'Unexpected end of JSON',
        },
      ],
    }));
    expect((await client.listBaselines())[0].corrupt).toBe('Unexpected end of JSON');
  });

  it('turns a malformed answer into a clear error', async () => {
    const { client } = clientWith(() => ({ status: 200, data: { nope: true } }));
    await expect(client.listBaselines()).rejects.toThrow(
      'The datasource answered GET baselines with something that is not a list'
    );
  });

  it('surfaces the error text of the backend', async () => {
    const { client } = clientWith(() => ({ status: 400, data: { error: 'feature "age" has no bins' } }));
    await expect(client.uploadBaseline({})).rejects.toThrow('feature "age" has no bins');
  });

  it('encodes the id when deleting and getting', async () => {
    const { client, requests } = clientWith((r) => ({
      status: 200,
      data: r.method === 'GET' ? { model: 'a b', version: '1', features: [] } : {},
    }));
    await client.deleteBaseline('a b@1');
    await client.getBaseline('a b@1');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE api/datasources/uid/ds%2F1/resources/baselines/a%20b%401',
      'GET api/datasources/uid/ds%2F1/resources/baselines/a%20b%401',
    ]);
  });

  it('posts capture parameters as JSON and returns the new id', async () => {
    const { client, requests } = clientWith(() => ({ status: 201, data: { id: 'churn@4' } }));
    const params = { model: 'churn', version: '4', source: 'prometheus' as const, from: 1000, to: 2000 };
    await expect(client.captureBaseline(params)).resolves.toEqual({ id: 'churn@4' });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: 'api/datasources/uid/ds%2F1/resources/baselines/capture',
      data: params,
    });
  });

  it('sends the segment column and its limit as query parameters', () => {
    expect(buildQueryString({ model: 'churn', version: '3', format: 'csv', segment: 'region x', segmentLimit: 5 })).toBe('model=churn&version=3&format=csv&segmentLimit=5&segment=region+x');
  });

  it('uploads a training file with progress and the parameters in the query string', async () => {
    const { client, xhr } = clientWith(() => ({ status: 500, data: {} }));
    const progress: UploadProgress[] = [];
    const file = new Blob(['age,income\n1,2\n'], { type: 'text/csv' });
    const done = client.buildBaseline(file, { model: 'churn', version: '3', format: 'csv', bins: 20 }, (p) =>
      progress.push(p)
    );
    xhr.progress(50, 200);
    xhr.progress(200, 200);
    xhr.finishUpload();
    xhr.respond(201, { id: 'churn@3' });
    await expect(done).resolves.toEqual({ id: 'churn@3' });
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(
      '/grafana/api/datasources/uid/ds%2F1/resources/baselines/build?model=churn&version=3&format=csv&bins=20'
    );
    expect(xhr.headers['Content-Type']).toBe('text/csv');
    expect(xhr.body).toBe(file);
    expect(progress).toEqual([
      { phase: 'uploading', fraction: 0.25 },
      { phase: 'uploading', fraction: 1 },
      { phase: 'building' },
    ]);
  });

  it('rejects a failed build with the reason from the backend', async () => {
    const { client, xhr } = clientWith(() => ({ status: 500, data: {} }));
    const done = client.buildBaseline(
      new Blob(['{"a":1}\n{']),
      { model: 'm', version: '1', format: 'jsonl' },
      () => undefined
    );
    xhr.respond(400, { error: 'cannot build a baseline from this input', details: ['line 2: unexpected end of JSON'] });
    await expect(done).rejects.toThrow('cannot build a baseline from this input: line 2: unexpected end of JSON');
    expect(xhr.headers['Content-Type']).toBe('application/x-ndjson');
  });
});
