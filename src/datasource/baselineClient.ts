/**
 * Typed client of the datasource's baseline resource API. Answers are checked before use: a malformed answer
 * becomes a clear error, never a page that renders `undefined`.
 */
import { locationUtil } from '@grafana/data';
import { getBackendSrv, isFetchError, type BackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { BaselineDocument } from '../drift/types';
import type { BindingDocument } from '../shared/bindingModel';
import { LIVE_SOURCES } from '../shared/queryModel';
import {
  BASELINE_RESOURCE,
  BINDING_RESOURCE,
  type BaselineCreated,
  type BaselineSummary,
  type BindingSummary,
  type BuildBaselineParams,
  type CaptureBaselineParams,
} from '../shared/resourceModel';

export interface UploadProgress {
  /** `uploading` while the browser sends the file, `building` while the backend reads it. */
  phase: 'uploading' | 'building';
  /** 0..1 of the upload; undefined when the browser cannot tell. */
  fraction?: number;
}

/** The part of XMLHttpRequest an upload uses, so tests can pass their own. */
export type XhrLike = Pick<
  XMLHttpRequest,
  'open' | 'send' | 'setRequestHeader' | 'status' | 'responseText' | 'upload' | 'addEventListener' | 'abort'
>;

export interface BaselineClientDeps {
  backendSrv: () => Pick<BackendSrv, 'fetch'>;
  createXhr: () => XhrLike;
}

const DEFAULT_DEPS: BaselineClientDeps = {
  backendSrv: getBackendSrv,
  createXhr: () => new XMLHttpRequest(),
};

export const BUILD_CONTENT_TYPES: Record<BuildBaselineParams['format'], string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  jsonl: 'application/x-ndjson',
};

export function baselineResourcePath(datasourceUid: string, ...segments: string[]): string {
  return resourcePath(datasourceUid, BASELINE_RESOURCE, ...segments);
}

function resourcePath(datasourceUid: string, ...segments: string[]): string {
  return `api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources/${segments.map(encodeURIComponent).join('/')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The backend's `{ "error": …, "details"?: [...] }` as one sentence, or undefined for any other body. */
export function backendErrorText(body: unknown): string | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const message =
    typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : undefined;
  if (message === undefined) {
    return undefined;
  }
  const details = Array.isArray(body.details) ? body.details.filter((d): d is string => typeof d === 'string') : [];
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}

/** The backend's error text of a failed request, else the HTTP reason. */
export function errorMessageOf(error: unknown): string {
  if (isFetchError(error)) {
    return backendErrorText(error.data) ?? `${error.status} ${error.statusText ?? ''}`.trim();
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

export function parseBaselineSummary(entry: unknown): BaselineSummary {
  if (
    !isRecord(entry) ||
    typeof entry.id !== 'string' ||
    typeof entry.model !== 'string' ||
    typeof entry.version !== 'string'
  ) {
    throw new Error('The datasource answered a baseline entry without id, model and version');
  }
  const features = Array.isArray(entry.features)
    ? entry.features.filter((f): f is string => typeof f === 'string')
    : [];
  const corrupt =
    typeof entry.corrupt === 'string' && entry.corrupt !== ''
      ? entry.corrupt
      : entry.corrupt === true
        ? 'unreadable file'
        : undefined;
  return {
    id: entry.id,
    model: entry.model,
    version: entry.version,
    features,
    created: typeof entry.created === 'string' ? entry.created : '',
    provisioned: entry.provisioned === true,
    ...(corrupt ? { corrupt } : {}),
  };
}

export function parseBaselineList(data: unknown): BaselineSummary[] {
  const list = isRecord(data) && Array.isArray(data.baselines) ? data.baselines : data;
  if (!Array.isArray(list)) {
    throw new Error('The datasource answered GET baselines with something that is not a list');
  }
  return list.map(parseBaselineSummary);
}


/** One entry of `GET bindings`; the binding document itself is passed on as the backend checked it. */
export function parseBindingSummary(entry: unknown): BindingSummary {
  if (!isRecord(entry) || typeof entry.file !== 'string' || typeof entry.model !== 'string') {
    throw new Error('The datasource answered a binding entry without file and model');
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return {
    file: entry.file,
    model: entry.model,
    ...(typeof entry.version === 'string' ? { version: entry.version } : {}),
    sources: LIVE_SOURCES.filter((source) => strings(entry.sources).includes(source)),
    provisioned: entry.provisioned === true,
    ...(isRecord(entry.binding) ? { binding: entry.binding as unknown as BindingDocument } : {}),
    ...(Array.isArray(entry.invalid) ? { invalid: strings(entry.invalid) } : {}),
  };
}

export function parseBindingList(data: unknown): BindingSummary[] {
  if (!isRecord(data) || !Array.isArray(data.bindings)) {
    throw new Error('The datasource answered GET bindings with something that is not a list');
  }
  return data.bindings.map(parseBindingSummary);
}

export function parseSavedBinding(data: unknown): { file: string } {
  if (!isRecord(data) || typeof data.file !== 'string') {
    throw new Error('The datasource did not answer with the file of the saved binding');
  }
  return { file: data.file };
}

export function parseCreated(data: unknown): BaselineCreated {
  if (!isRecord(data) || typeof data.id !== 'string') {
    throw new Error('The datasource did not answer with the id of the new baseline');
  }
  return { id: data.id };
}

export function parseBaselineDocument(data: unknown): BaselineDocument {
  if (
    !isRecord(data) ||
    typeof data.model !== 'string' ||
    typeof data.version !== 'string' ||
    !Array.isArray(data.features)
  ) {
    throw new Error('The datasource answered a baseline that is not a baseline document');
  }
  return data as unknown as BaselineDocument;
}

/** The optional text parameters of a build, sent when given. */
const OPTIONAL_BUILD_PARAMS = ['columns', 'categorical', 'prediction', 'label', 'score', 'positiveClass', 'scoreEdges', 'segment'] as const;

export function buildQueryString(params: BuildBaselineParams): string {
  const query = new URLSearchParams({ model: params.model, version: params.version, format: params.format });
  if (params.bins !== undefined) {
    query.set('bins', String(params.bins));
  }
  if (params.segmentLimit !== undefined) {
    query.set('segmentLimit', String(params.segmentLimit));
  }
  for (const name of OPTIONAL_BUILD_PARAMS) {
    const value = params[name];
    if (value) {
      query.set(name, value);
    }
  }
  return query.toString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class BaselineClient {
  constructor(
    private readonly datasourceUid: string,
    private readonly deps: BaselineClientDeps = DEFAULT_DEPS
  ) {}

  private async request<T>(
    method: string,
    segments: string[],
    data: unknown,
    parse: (data: unknown) => T,
    resource = BASELINE_RESOURCE
  ): Promise<T> {
    try {
      const response = await lastValueFrom(
        this.deps.backendSrv().fetch<unknown>({
          url: resourcePath(this.datasourceUid, resource, ...segments),
          method,
          data,
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return parse(response.data);
    } catch (error) {
      throw new Error(errorMessageOf(error));
    }
  }

  listBaselines(): Promise<BaselineSummary[]> {
    return this.request('GET', [], undefined, parseBaselineList);
  }

  /** The provisioned binding files (`src/shared/bindingModel.ts`), valid or not. */
  listBindings(): Promise<BindingSummary[]> {
    return this.request('GET', [], undefined, parseBindingList, BINDING_RESOURCE);
  }

  /** Saves a binding (validated by the backend: its error names the path of each bad value). */
  saveBinding(document: unknown): Promise<{ file: string }> {
    return this.request('POST', [], document, parseSavedBinding, BINDING_RESOURCE);
  }

  deleteBinding(file: string): Promise<void> {
    return this.request('DELETE', [file], undefined, () => undefined, BINDING_RESOURCE);
  }

  getBaseline(id: string): Promise<BaselineDocument> {
    return this.request('GET', [id], undefined, parseBaselineDocument);
  }

  uploadBaseline(document: unknown): Promise<BaselineCreated> {
    return this.request('POST', [], document, parseCreated);
  }

  captureBaseline(params: CaptureBaselineParams): Promise<BaselineCreated> {
    return this.request('POST', ['capture'], params, parseCreated);
  }

  deleteBaseline(id: string): Promise<void> {
    return this.request('DELETE', [id], undefined, () => undefined);
  }

  /**
   * Sends a training file to be built into a baseline. Uses XMLHttpRequest because fetch (and so backendSrv)
   * reports no upload progress.
   */
  buildBaseline(
    file: Blob,
    params: BuildBaselineParams,
    onProgress: (progress: UploadProgress) => void
  ): Promise<BaselineCreated> {
    // Grafana served under a sub-path (`root_url`): raw XHR URLs need the prefix that backendSrv adds itself.
    const url = locationUtil.assureBaseUrl(
      `/${baselineResourcePath(this.datasourceUid, 'build')}?${buildQueryString(params)}`
    );
    const xhr = this.deps.createXhr();
    return new Promise((resolve, reject) => {
      xhr.upload.addEventListener('progress', (event) => {
        onProgress({ phase: 'uploading', fraction: event.lengthComputable ? event.loaded / event.total : undefined });
      });
      xhr.upload.addEventListener('load', () => onProgress({ phase: 'building' }));
      xhr.addEventListener('load', () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(parseCreated(body));
          } catch (error) {
            reject(error);
          }
          return;
        }
        reject(new Error(backendErrorText(body) ?? `HTTP ${xhr.status}`));
      });
      xhr.addEventListener('error', () => reject(new Error('The upload failed: Grafana could not be reached')));
      xhr.addEventListener('abort', () => reject(new Error('The upload was cancelled')));
      xhr.open('POST', url);
      xhr.setRequestHeader('Content-Type', BUILD_CONTENT_TYPES[params.format]);
      xhr.send(file);
    });
  }
}
