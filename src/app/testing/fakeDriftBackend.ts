/**
 * A FAKE of Grafana's services and of the drift datasource's backend, for unit tests and browser screenshots
 * where no Grafana runs. It answers the resource API in memory (same paths, payloads and error shape as the real
 * backend in src/backend/resources/router.ts), answers instant drift queries with given scores, and records
 * every request so tests can check what the pages sent. Never imported by the plugin itself.
 */
import {
  FieldType,
  toDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import type { BackendSrv, BackendSrvRequest, DataSourceSrv, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';
import { bindingFileName } from '../../backend/bindings/fileName';
import { validateBinding } from '../../backend/bindings/validate';
import type { BaselineDocument } from '../../drift/types';
import type { DriftQuery } from '../../shared/queryModel';
import type { BaselineSummary, BindingSummary, ModelCheck } from '../../shared/resourceModel';
import type { DriftDataSourceOptions } from '../../shared/settingsModel';
import { DRIFT_DATASOURCE_TYPE } from '../constants';
import { readText } from '../files';

export interface RecordedRequest {
  method: string;
  url: string;
  data?: unknown;
  contentType?: string;
}

const BINDINGS_PATH = /^\/?api\/datasources\/uid\/[^/]+\/resources\/bindings(?:\/(.+))?$/;
const CHECK_BINDINGS_PATH = /^\/?api\/datasources\/uid\/[^/]+\/resources\/check-bindings$/;
const RESOURCE_PATH = /^\/?api\/datasources\/uid\/([^/]+)\/resources\/baselines(?:\/(.+?))?(?:\?.*)?$/;

function answer<T>(request: BackendSrvRequest, status: number, data: unknown): Observable<FetchResponse<T>> {
  if (status >= 400) {
    return throwError(() => ({ status, statusText: 'error', data, config: request }));
  }
  return of({ status, data: data as T, ok: true, config: request } as FetchResponse<T>);
}

export class FakeDriftBackend {
  readonly requests: RecordedRequest[] = [];
  readonly documents = new Map<string, BaselineDocument>();
  readonly provisioned = new Set<string>();
  readonly corrupt = new Map<string, string>();
  /** Normalised drift score per baseline id and feature, answered by instant drift queries. */
  readonly scores = new Map<string, Record<string, number>>();
  /** Set to make the next calls of that kind fail with this message. */
  failures: { list?: string; query?: string; build?: string; delete?: string } = {};
  /** What `GET bindings` answers. */
  bindings: BindingSummary[] = [];
  /** What `GET check-bindings?baseline=<id>` answers per id; an id without one answers 400 as without Prometheus. */
  readonly checks = new Map<string, ModelCheck>();
  /** Set to keep list requests pending forever (to show loading states). */
  hangList = false;
  /** Time between the fake upload's progress events, so the progress bar can be seen (and found by tests). */
  uploadStepMs = 50;

  constructor(readonly datasources: Array<DataSourceInstanceSettings<DriftDataSourceOptions>>) {}

  addBaseline(
    document: BaselineDocument,
    options: { provisioned?: boolean; scores?: Record<string, number> } = {}
  ): this {
    const id = `${document.model}@${document.version}`;
    this.documents.set(id, document);
    if (options.provisioned) {
      this.provisioned.add(id);
    }
    if (options.scores) {
      this.scores.set(id, options.scores);
    }
    return this;
  }

  summaries(): BaselineSummary[] {
    const stored: BaselineSummary[] = [...this.documents.entries()].map(([id, doc]) => ({
      id,
      model: doc.model,
      version: doc.version,
      features: doc.features.map((f) => f.name),
      created: doc.createdAt,
      provisioned: this.provisioned.has(id),
    }));
    const broken: BaselineSummary[] = [...this.corrupt.entries()].map(([id, reason]) => {
      // As the store lists them: a name that is no model@version gives no model or version.
      const at = id.indexOf('@');
      const [model, version] = at > 0 && at < id.length - 1 ? [id.slice(0, at), id.slice(at + 1)] : ['', ''];
      return { id, model, version, features: [], created: '', provisioned: false, corrupt: reason };
    });
    return [...stored, ...broken].sort((a, b) => a.id.localeCompare(b.id));
  }

  readonly backendSrv = {
    fetch: <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> => {
      const method = (request.method ?? 'GET').toUpperCase();
      this.requests.push({ method, url: request.url, data: request.data });
      if (request.url.startsWith('api/plugins/')) {
        return answer(request, 200, { message: 'Plugin settings updated' });
      }
      const bindingPath = BINDINGS_PATH.exec(request.url);
      if (bindingPath) {
        return this.bindingRequest<T>(request, method, bindingPath[1] ? decodeURIComponent(bindingPath[1]) : undefined);
      }
      if (CHECK_BINDINGS_PATH.test(request.url) && method === 'GET') {
        const id = String((request.params as Record<string, unknown> | undefined)?.baseline ?? '');
        const check = this.checks.get(id);
        return check
          ? answer(request, 200, { window: '1h', models: [check] })
          : answer(request, 400, { error: 'the datasource has no Prometheus URL, so there are no Prometheus bindings to check' });
      }
      const match = RESOURCE_PATH.exec(request.url);
      if (!match) {
        return answer(request, 404, { error: `no resource "${request.url}"` });
      }
      const rest = match[2] ? decodeURIComponent(match[2]) : undefined;
      if (rest === undefined && method === 'GET') {
        if (this.hangList) {
          return new Observable<FetchResponse<T>>(() => undefined);
        }
        return this.failures.list
          ? answer(request, 500, { error: this.failures.list })
          : answer(request, 200, { baselines: this.summaries() });
      }
      if (rest === undefined && method === 'POST') {
        const doc = request.data as BaselineDocument;
        const id = `${doc.model}@${doc.version}`;
        this.documents.set(id, doc);
        return answer(request, 201, { id, replaced: false });
      }
      if (rest === 'capture' && method === 'POST') {
        const params = request.data as { model: string; version: string; features?: string[] };
        const id = `${params.model}@${params.version}`;
        this.documents.set(id, emptyBaseline(params.model, params.version, params.features ?? ['captured_feature']));
        return answer(request, 201, { id });
      }
      if (rest !== undefined && method === 'GET') {
        const doc = this.documents.get(rest);
        return doc ? answer(request, 200, doc) : answer(request, 404, { error: `baseline "${rest}" not found` });
      }
      if (rest !== undefined && method === 'DELETE') {
        if (this.failures.delete) {
          return answer(request, 500, { error: this.failures.delete });
        }
        if (this.provisioned.has(rest)) {
          return answer(request, 409, { error: `baseline "${rest}" is provisioned (read-only) and cannot be deleted` });
        }
        return this.documents.delete(rest)
          ? answer(request, 200, { deleted: rest })
          : answer(request, 404, { error: `baseline "${rest}" not found` });
      }
      return answer(request, 405, { error: 'method not allowed' });
    },
  };

  /** `GET`, `POST` and `DELETE` of bindings, checked by the backend's own validator as the backend does. */
  private bindingRequest<T>(request: BackendSrvRequest, method: string, file: string | undefined): Observable<FetchResponse<T>> {
    if (method === 'GET' && file === undefined) {
      return this.hangList ? new Observable<FetchResponse<T>>(() => undefined) : answer(request, 200, { bindings: this.bindings });
    }
    if (method === 'POST' && file === undefined) {
      const validation = validateBinding(request.data);
      if (!validation.ok) {
        return answer(request, 400, { error: 'invalid binding document', details: validation.errors });
      }
      const { binding } = validation;
      const saved = bindingFileName(binding);
      this.bindings = [
        ...this.bindings.filter((b) => b.file !== saved),
        { file: saved, model: binding.model, ...(binding.version === undefined ? {} : { version: binding.version }), sources: ['prometheus'], provisioned: false, binding },
      ];
      return answer(request, 201, { file: saved, replaced: false });
    }
    if (method === 'DELETE' && file !== undefined) {
      this.bindings = this.bindings.filter((b) => b.file !== file);
      return answer(request, 200, { deleted: file });
    }
    return answer(request, 405, { error: 'method not allowed' });
  }

  /** Answers an instant drift query with one normalised-score frame per feature that has a score. */
  query(request: DataQueryRequest<DriftQuery>): Observable<DataQueryResponse> {
    this.requests.push({ method: 'QUERY', url: 'query', data: request.targets });
    if (this.failures.query) {
      return of({ data: [], errors: [{ message: this.failures.query }] });
    }
    const frames = request.targets.flatMap((target) => {
      const scores = this.scores.get(target.baseline ?? '') ?? {};
      const [model, version] = (target.baseline ?? '@').split('@');
      return Object.entries(scores).map(([feature, score]) =>
        toDataFrame({
          refId: target.refId,
          fields: [
            { name: 'time', type: FieldType.time, values: [request.range.to.valueOf()] },
            {
              name: 'normalized_score',
              type: FieldType.number,
              values: [score],
              labels: { model, version, feature, method: 'psi' },
            },
          ],
        })
      );
    });
    return of({ data: frames });
  }

  readonly dataSourceSrv = {
    getList: (filters?: { pluginId?: string }) =>
      this.datasources.filter((ds) => !filters?.pluginId || ds.type === filters.pluginId),
    getInstanceSettings: (ref?: string | { uid?: string } | null) => {
      const uid = typeof ref === 'string' ? ref : ref?.uid;
      return this.datasources.find((ds) => ds.uid === uid);
    },
    get: async () => ({ query: (request: DataQueryRequest<DriftQuery>) => this.query(request) }),
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  };

  /** An XMLHttpRequest stand-in for training-file uploads, with upload progress in four steps. */
  xhrClass() {
    const backend = this;
    return class FakeXhr {
      readonly upload = new EventTarget();
      private readonly events = new EventTarget();
      status = 0;
      responseText = '';
      private method = '';
      private url = '';
      private contentType = '';
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
      }
      setRequestHeader(name: string, value: string) {
        if (name.toLowerCase() === 'content-type') {
          this.contentType = value;
        }
      }
      addEventListener(type: string, listener: EventListener) {
        this.events.addEventListener(type, listener);
      }
      abort() {}
      send(body: Blob) {
        backend.requests.push({ method: this.method, url: this.url, data: body, contentType: this.contentType });
        const params = new URL(this.url, 'http://grafana.invalid').searchParams;
        const total = body.size;
        const step = backend.uploadStepMs;
        [0.25, 0.5, 1].forEach((share, index) =>
          setTimeout(
            () =>
              this.upload.dispatchEvent(
                Object.assign(new Event('progress'), { loaded: total * share, total, lengthComputable: true })
              ),
            index * step
          )
        );
        setTimeout(() => this.upload.dispatchEvent(new Event('load')), 3 * step);
        setTimeout(async () => {
          if (backend.failures.build) {
            this.respond(400, { error: 'cannot build a baseline from this input', details: [backend.failures.build] });
            return;
          }
          const header = (await readText(body)).split(/\r?\n/)[0] ?? '';
          const model = params.get('model') ?? '';
          const version = params.get('version') ?? '';
          backend.documents.set(
            `${model}@${version}`,
            emptyBaseline(
              model,
              version,
              header.split(',').map((c) => c.trim())
            )
          );
          this.respond(201, { id: `${model}@${version}`, replaced: false, rows: 0 });
        }, 4 * step);
      }
      private respond(status: number, body: unknown) {
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.events.dispatchEvent(new Event('load'));
      }
    };
  }
}

function emptyBaseline(model: string, version: string, features: string[]): BaselineDocument {
  return {
    schemaVersion: 1,
    model,
    version,
    createdAt: '2026-11-01T00:00:00.000Z',
    features: features.map((name) => ({
      name,
      kind: 'categorical',
      distribution: { categories: [], counts: [] },
      n: 0,
      missing: 0,
      nonFinite: 0,
    })),
  };
}

export function fakeDatasourceSettings(
  uid: string,
  name: string,
  jsonData: DriftDataSourceOptions = { prometheusUrl: 'http://prometheus:9090' }
) {
  return {
    id: 1,
    uid,
    name,
    type: DRIFT_DATASOURCE_TYPE,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: DRIFT_DATASOURCE_TYPE },
  } as unknown as DataSourceInstanceSettings<DriftDataSourceOptions>;
}

/** Makes Grafana's service getters (`getBackendSrv`, `getDataSourceSrv`) and XMLHttpRequest answer from the fake. */
export function installFakeDriftBackend(
  backend: FakeDriftBackend,
  runtime: { setBackendSrv: (srv: BackendSrv) => void; setDataSourceSrv: (srv: DataSourceSrv) => void }
) {
  runtime.setBackendSrv(backend.backendSrv as unknown as BackendSrv);
  runtime.setDataSourceSrv(backend.dataSourceSrv as unknown as DataSourceSrv);
  Object.defineProperty(window, 'XMLHttpRequest', { configurable: true, writable: true, value: backend.xhrClass() });
}
