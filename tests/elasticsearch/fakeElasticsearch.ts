/**
 * FakeElasticsearch: a stand-in Elasticsearch for tests, since no real cluster runs where they run. An HTTP
 * server on 127.0.0.1 that speaks `_search` and `_msearch` for the subset of the query DSL our backend sends
 * (bool.filter with term/range/exists; date_histogram, range, terms, missing, filter and stats aggregations),
 * evaluated over an in-memory list of documents, with the documented response shapes. Tests can replace any
 * answer (status codes, error bodies, delays, partial shard failures) to drive the error paths. Like Elasticsearch (whose
 * `http.compression` is on by default), it gzips its JSON answers when the request accepts gzip, errors
 * included, unless `compresses` is switched off.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { applyFilterPath } from './filterPath';

export type Doc = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Override {
  status: number;
  /** Sent as JSON unless a string. */
  body: unknown;
  delayMs?: number;
}

/** Returns an answer to send instead of evaluating the search, or undefined to evaluate it. */
export type Behaviour = (request: RecordedRequest, attempt: number) => Override | undefined;

function valueAt(doc: Doc, field: string): unknown {
  if (field in doc) {
    return doc[field];
  }
  // Object fields: `features.age` reads { features: { age } } (as Elasticsearch flattens objects).
  let current: unknown = doc;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as JsonObject)[part];
  }
  return current;
}

const present = (value: unknown) => value !== undefined && value !== null;

function timeOf(value: unknown): number {
  return typeof value === 'number' ? value : Date.parse(String(value));
}

function matches(doc: Doc, clause: JsonObject, timeField: string): boolean {
  const [kind, spec] = Object.entries(clause)[0] as [string, JsonObject];
  const [field, condition] = Object.entries(spec)[0];
  const value = valueAt(doc, field);
  switch (kind) {
    case 'term':
      return present(value) && String(value) === String(condition);
    case 'exists':
      return present(valueAt(doc, String(condition)));
    case 'range': {
      const c = condition as { gt?: number; gte?: number; lt?: number; lte?: number };
      const v = field === timeField ? timeOf(value) : Number(value);
      return (
        present(value) &&
        (c.gt === undefined || v > c.gt) &&
        (c.gte === undefined || v >= c.gte) &&
        (c.lt === undefined || v < c.lt) &&
        (c.lte === undefined || v <= c.lte)
      );
    }
    default:
      throw new Error(`FakeElasticsearch does not know query clause ${kind}`);
  }
}

function ms(text: string): number {
  const match = /^(\d+)ms$/.exec(text);
  if (!match) {
    throw new Error(`FakeElasticsearch only knows intervals in ms, got ${text}`);
  }
  return Number(match[1]);
}

function termKey(value: unknown): { key: string | number; key_as_string?: string } {
  if (typeof value === 'boolean') {
    return { key: value ? 1 : 0, key_as_string: String(value) };
  }
  return { key: typeof value === 'number' ? value : String(value) };
}

function aggregate(docs: Doc[], aggs: JsonObject, timeField: string): JsonObject {
  const out: JsonObject = {};
  for (const [name, definition] of Object.entries(aggs)) {
    const { aggs: sub, ...rest } = definition as JsonObject;
    const [kind, spec] = Object.entries(rest)[0] as [string, JsonObject];
    const field = String(spec.field);
    switch (kind) {
      case 'missing':
        out[name] = { doc_count: docs.filter((d) => !present(valueAt(d, field))).length };
        break;
      case 'range': {
        const buckets = (spec.ranges as Array<{ key: string; from?: number; to?: number }>).map((r) => {
          const inside = docs.filter((d) => {
            const v = valueAt(d, field);
            return typeof v === 'number' && (r.from === undefined || v >= r.from) && (r.to === undefined || v < r.to);
          });
          return { key: r.key, ...(r.from !== undefined ? { from: r.from } : {}), ...(r.to !== undefined ? { to: r.to } : {}), doc_count: inside.length, ...(sub ? aggregate(inside, sub as JsonObject, timeField) : {}) };
        });
        // `keyed: true` answers an object by range key, each bucket without its key, as Elasticsearch does.
        out[name] = { buckets: spec.keyed === true ? Object.fromEntries(buckets.map(({ key, ...bucket }) => [key, bucket])) : buckets };
        break;
      }
      case 'terms': {
        const groups = new Map<string, { value: unknown; docs: Doc[] }>();
        for (const d of docs) {
          const v = valueAt(d, field);
          if (present(v)) {
            const key = JSON.stringify(v);
            const group = groups.get(key) ?? { value: v, docs: [] };
            group.docs.push(d);
            groups.set(key, group);
          }
        }
        const sorted = [...groups.values()].sort((a, b) => b.docs.length - a.docs.length || String(a.value).localeCompare(String(b.value)));
        const size = Number(spec.size ?? 10);
        const kept = sorted.slice(0, size);
        out[name] = {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: sorted.slice(size).reduce((sum, g) => sum + g.docs.length, 0),
          buckets: kept.map((g) => ({ ...termKey(g.value), doc_count: g.docs.length, ...(sub ? aggregate(g.docs, sub as JsonObject, timeField) : {}) })),
        };
        break;
      }
      case 'filter': {
        // `filter: { exists: { field } }`: the spec is a query clause, not a field.
        const inside = docs.filter((d) => matches(d, spec, timeField));
        out[name] = { doc_count: inside.length, ...(sub ? aggregate(inside, sub as JsonObject, timeField) : {}) };
        break;
      }
      case 'stats':
      case 'extended_stats': {
        const values = docs.map((d) => valueAt(d, field)).filter((v): v is number => typeof v === 'number');
        const n = values.length;
        const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : null;
        const stats = { count: n, min: n > 0 ? Math.min(...values) : null, max: n > 0 ? Math.max(...values) : null, avg: mean, sum: values.reduce((a, b) => a + b, 0) };
        if (kind === 'stats') {
          out[name] = stats;
          break;
        }
        const variance = mean === null ? null : values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / n;
        out[name] = { ...stats, variance, std_deviation: variance === null ? null : Math.sqrt(variance) };
        break;
      }
      case 'percentiles': {
        // Exact linear-interpolation percentiles; Elasticsearch estimates them with TDigest (exact for small sets).
        const sorted = docs
          .map((d) => valueAt(d, field))
          .filter((v): v is number => typeof v === 'number')
          .sort((a, b) => a - b);
        const at = (p: number) => {
          if (sorted.length === 0) {
            return null;
          }
          const rank = (p / 100) * (sorted.length - 1);
          const low = Math.floor(rank);
          return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
        };
        out[name] = { values: (spec.percents as number[]).map((p) => ({ key: p, value: at(p) })) };
        break;
      }
      case 'date_histogram': {
        const interval = ms(String(spec.fixed_interval));
        const offset = ms(String(spec.offset ?? '0ms'));
        const keyOf = (t: number) => Math.floor((t - offset) / interval) * interval + offset;
        const byKey = new Map<number, Doc[]>();
        for (const d of docs) {
          const key = keyOf(timeOf(valueAt(d, field)));
          byKey.set(key, [...(byKey.get(key) ?? []), d]);
        }
        const bounds = spec.extended_bounds as { min: number; max: number } | undefined;
        const keys = [...byKey.keys(), ...(bounds ? [keyOf(bounds.min), keyOf(bounds.max)] : [])];
        const buckets: JsonObject[] = [];
        if (keys.length > 0) {
          for (let key = Math.min(...keys); key <= Math.max(...keys); key += interval) {
            const inside = byKey.get(key) ?? [];
            buckets.push({ key_as_string: new Date(key).toISOString(), key, doc_count: inside.length, ...(sub ? aggregate(inside, sub as JsonObject, timeField) : {}) });
          }
        }
        out[name] = { buckets };
        break;
      }
      default:
        throw new Error(`FakeElasticsearch does not know aggregation ${kind}`);
    }
  }
  return out;
}

export class FakeElasticsearch {
  readonly requests: RecordedRequest[] = [];
  documents: Doc[] = [];
  behaviour: Behaviour = () => undefined;
  timeField = '@timestamp';
  /** Index names that exist; one index holds every document. A search on another name is a 404. */
  readonly indices = new Set(['predictions']);
  /** Gzip answers when the request accepts it (Elasticsearch's `http.compression`). */
  compresses = true;
  private attempts = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeElasticsearch> {
    let fake: FakeElasticsearch | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => fake!.answer(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    fake = new FakeElasticsearch(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** One search body as evaluated here (shared by `_search` and each `_msearch` item). */
  search(body: JsonObject): JsonObject {
    const filters = ((body.query as { bool?: { filter?: JsonObject[] } } | undefined)?.bool?.filter ?? []) as JsonObject[];
    const docs = this.documents.filter((d) => filters.every((clause) => matches(d, clause, this.timeField)));
    return {
      took: 1,
      timed_out: false,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: { total: { value: docs.length, relation: 'eq' }, max_score: null, hits: [] },
      aggregations: aggregate(docs, (body.aggs ?? {}) as JsonObject, this.timeField),
    };
  }

  private hasIndex(pattern: string): boolean {
    const names = pattern.split(',');
    return names.every((name) => name.includes('*') || this.indices.has(name));
  }

  /** Field types as dynamic mapping would infer them from the documents (text fields get a `.keyword`). */
  fieldTypes: Record<string, string> = {};

  fieldCaps(patterns: string[]): JsonObject {
    const types = new Map<string, string>();
    const visit = (value: unknown, prefix: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (prefix) {
          types.set(prefix.slice(0, -1), 'object');
        }
        Object.entries(value as JsonObject).forEach(([key, item]) => visit(item, `${prefix}${key}.`));
      } else if (value !== undefined && value !== null) {
        const name = prefix.slice(0, -1);
        const inferred = typeof value === 'number' ? (Number.isInteger(value) ? 'long' : 'float') : typeof value === 'boolean' ? 'boolean' : 'keyword';
        types.set(name, this.fieldTypes[name] ?? (types.get(name) === 'float' ? 'float' : inferred));
      }
    };
    this.documents.forEach((d) => visit(d, ''));
    const wanted = patterns.map((p) => new RegExp(`^${p.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
    const fields: JsonObject = {};
    for (const [name, type] of types) {
      if (wanted.some((re) => re.test(name))) {
        fields[name] = { [type]: { type, metadata_field: false, searchable: type !== 'object', aggregatable: type !== 'object' && type !== 'text' } };
      }
    }
    return { indices: ['predictions'], fields };
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    this.requests.push(request);
    this.attempts++;
    const override = this.behaviour(request, this.attempts);
    const query = new URL(req.url ?? '', 'http://fake.invalid').searchParams;
    const filterPath = query.get('filter_path');
    const gzip = this.compresses && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const send = (status: number, payload: unknown) => {
      const filtered = filterPath && typeof payload === 'object' ? applyFilterPath(payload as never, filterPath.split(',')) : payload;
      const headers = { 'X-Elastic-Product': 'Elasticsearch' };
      if (typeof filtered === 'string') {
        res.writeHead(status, { ...headers, 'Content-Type': 'text/plain' });
        res.end(filtered);
      } else if (gzip) {
        res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify(filtered)));
      } else {
        res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(filtered));
      }
    };
    if (override) {
      const timer = setTimeout(() => send(override.status, override.body), override.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    try {
      const path = (req.url ?? '').split('?')[0];
      const index = decodeURIComponent(path.split('/')[1] ?? '');
      if (path === '/' && req.method === 'GET') {
        send(200, { name: 'fake', cluster_name: 'fake', version: { number: '8.15.0' }, tagline: 'You Know, for Search' });
      } else if ((req.method === 'PUT' || req.method === 'DELETE') && path === `/${encodeURIComponent(index)}`) {
        if (req.method === 'PUT') {
          this.indices.add(index);
        } else {
          this.indices.delete(index);
        }
        send(200, { acknowledged: true });
      } else if (!this.hasIndex(index)) {
        const reason = `no such index [${index}]`;
        send(404, { error: { root_cause: [{ type: 'index_not_found_exception', reason, index }], type: 'index_not_found_exception', reason, index }, status: 404 });
      } else if (path.endsWith('/_bulk')) {
        // Index requests only: an action line, then the document.
        const lines = body.split('\n').filter((line) => line.trim() !== '');
        for (let i = 1; i < lines.length; i += 2) {
          this.documents.push(JSON.parse(lines[i]) as Doc);
        }
        send(200, { took: 1, errors: false, items: [] });
      } else if (path.endsWith('/_search')) {
        send(200, this.search(JSON.parse(body) as JsonObject));
      } else if (path.endsWith('/_field_caps')) {
        const fields = new URL(req.url ?? '', 'http://fake.invalid').searchParams.get('fields') ?? '*';
        send(200, this.fieldCaps(fields.split(',')));
      } else if (path.endsWith('/_msearch')) {
        const lines = body.split('\n').filter((line) => line.trim() !== '');
        const responses = [];
        for (let i = 1; i < lines.length; i += 2) {
          responses.push({ ...this.search(JSON.parse(lines[i]) as JsonObject), status: 200 });
        }
        send(200, { took: 1, responses });
      } else {
        send(404, { error: { root_cause: [{ type: 'no_handler', reason: `no handler for ${path}` }], type: 'no_handler', reason: `no handler for ${path}` }, status: 404 });
      }
    } catch (error) {
      send(400, { error: { type: 'parsing_exception', reason: (error as Error).message }, status: 400 });
    }
  }
}
