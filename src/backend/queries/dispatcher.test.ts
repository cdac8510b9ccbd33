import { getMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { validateBaseline } from '../../drift/baseline/validate';
import { BackendError, downstreamError } from '../errors';
import { field } from '../frames';
import { silentLogger } from '../log';
import { BackendMetrics } from '../metrics';
import { parseInstanceSettings } from '../settings';
import { BaselineStore } from '../store/baselineStore';
import { KeyedQueue } from '../store/keyedQueue';
import { UpstreamClient } from '../upstream/client';
import { ConcurrencyLimit } from '../concurrencyLimit';
import { Datasource, RawDataQuery, dispatchQueries, isFromAlert, lowerCaseHeaders } from './dispatcher';
import { QueryRegistry } from './registry';
import type { QueryContext } from './types';

let root: string;
let datasource: Datasource;
let metrics: BackendMetrics;
const seen: QueryContext[] = [];

const registry = new QueryRegistry()
  .register({
    queryType: 'baseline',
    handler: async (context) => {
      seen.push(context);
      return { frames: [{ name: 'echo', fields: [field('value', 'number', [context.intervalMs])] }] };
    },
  })
  .register({ queryType: 'drift', source: 'prometheus', handler: async () => Promise.reject(downstreamError('prometheus answered HTTP 503', 502)) })
  .register({ queryType: 'confusion', handler: async () => Promise.reject(new Error('bug')) })
  .register({
    queryType: 'performance',
    // Never settles unless aborted: the dispatcher's time budget must answer for it.
    handler: (context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')))),
  })
  .register({ queryType: 'dataQuality', handler: async (context) => Promise.reject(new BackendError(400, `secret is ${context.settings.secrets.prometheusToken}`)) });

function query(refId: string, json: unknown, extra: Partial<RawDataQuery> = {}): RawDataQuery {
  return { refId, json: new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json)), intervalMS: 15000, ...extra };
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'dispatch-test-'));
  metrics = new BackendMetrics();
  seen.length = 0;
  const settings = parseInstanceSettings({
    uid: 'u',
    jsonData: new TextEncoder().encode(JSON.stringify({ timeoutSeconds: 0.05 })),
    decryptedSecureJsonData: { prometheusToken: 'tok-123' },
  });
  datasource = {
    ok: true,
    settings,
    store: new BaselineStore({ directory: root, validate: validateBaseline, queue: new KeyedQueue() }),
    upstream: new UpstreamClient(settings, metrics),
    liveQueries: new ConcurrencyLimit(1),
  };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = (queries: RawDataQuery[], headers: Record<string, string> = {}) =>
  dispatchQueries({ headers, queries }, datasource, { registry, metrics, logger: silentLogger });

describe('dispatchQueries', () => {
  it('answers every query on its own with a status and error source', async () => {
    const responses = await run([
      query('ok', { queryType: 'baseline' }),
      query('downstream', { queryType: 'drift' }),
      query('bug', { queryType: 'confusion' }),
      query('unknown', { queryType: 'astrology' }),
      query('notYet', { queryType: 'drift', source: 'elasticsearch' }),
      query('badJson', '{'),
      query('badType', { queryType: 5 }),
    ]);
    const summary = Object.fromEntries(Object.entries(responses).map(([k, r]) => [k, [r.status, r.errorSource ?? null, r.frames.length]]));
    expect(summary).toEqual({
      ok: [200, null, 1],
      downstream: [502, 'downstream', 0],
      bug: [500, 'plugin', 0],
      unknown: [400, 'plugin', 0],
      notYet: [501, 'plugin', 0],
      badJson: [400, 'plugin', 0],
      badType: [400, 'plugin', 0],
    });
    expect(responses.bug.error).toBe('internal error: bug');
  });

  it('sets the refId on frames and passes the query’s parameters to the handler', async () => {
    const responses = await run([query('Z', { queryType: 'baseline', baseline: 'm@1' }, { maxDataPoints: 42, timeRange: { fromEpochMS: 1, toEpochMS: 2 } })]);
    const table = tableFromIPC(responses.Z.frames[0]);
    expect(table.schema.metadata.get('refId')).toBe('Z');
    expect(table.getChild('value')!.get(0)).toBe(15000);
    expect(seen[0]).toMatchObject({ refId: 'Z', queryType: 'baseline', source: 'prometheus', maxDataPoints: 42, timeRange: { fromMs: 1, toMs: 2 }, fromAlert: false });
    expect(seen[0].query.baseline).toBe('m@1');
  });

  it('takes a field sent as null for one left out, as its type check does', async () => {
    const responses = await run([query('N', { queryType: 'baseline', baseline: 'm@1', source: null, segment: null, features: null })]);
    expect(responses.N.status).toBe(200);
    expect(seen[0].source).toBe('prometheus');
    expect(seen[0].query).toEqual({ refId: 'N', queryType: 'baseline', baseline: 'm@1' });
  });

  it('prefers the protocol queryType over the JSON one', async () => {
    const responses = await run([query('A', { queryType: 'astrology' }, { queryType: 'baseline' })]);
    expect(responses.A.status).toBe(200);
  });

  it('recognises FromAlert in any case', async () => {
    for (const name of ['FromAlert', 'fromalert', 'FROMALERT', 'Fromalert']) {
      await run([query('A', { queryType: 'baseline' })], { [name]: 'true' });
    }
    expect(seen.map((c) => c.fromAlert)).toEqual([true, true, true, true]);
    expect(isFromAlert(lowerCaseHeaders({ FromAlert: 'false' }))).toBe(false);
  });

  it('answers a handler that overruns its time budget with 504 and aborts it', async () => {
    const responses = await run([query('slow', { queryType: 'performance' }), query('fast', { queryType: 'baseline' })]);
    expect(responses.slow.status).toBe(504);
    expect(responses.slow.error).toMatch(/did not finish/);
    expect(responses.fast.status).toBe(200);
  }, 15_000);

  it('lets hundreds of a query\'s requests listen on its signal without Node\'s leak warning', async () => {
    await run([query('A', { queryType: 'baseline' })]);
    // Node warns of a possible leak past this many listeners (10 by default).
    expect(getMaxListeners(seen[0].signal)).toBeGreaterThanOrEqual(300);
  });

  it('never returns a secret in an error message', async () => {
    const responses = await run([query('A', { queryType: 'dataQuality' })]);
    expect(responses.A.error).toBe('secret is [redacted]');
  });

  it('fails every query with the settings error when settings are unreadable', async () => {
    datasource = { ok: false, error: new BackendError(400, 'datasource jsonData is not valid JSON') };
    const responses = await run([query('A', { queryType: 'baseline' }), query('B', { queryType: 'drift' })]);
    expect([responses.A.status, responses.B.status]).toEqual([400, 400]);
  });

  it('counts queries in the metrics', async () => {
    await run([query('A', { queryType: 'baseline' }), query('B', { queryType: 'astrology' })]);
    const text = metrics.render();
    expect(text).toContain('mlops_drift_queries_total{alert="false",query_type="baseline",status="200"} 1');
    expect(text).toContain('mlops_drift_queries_total{alert="false",query_type="unknown",status="400"} 1');
    expect(text).toContain('mlops_drift_errors_total{operation="query",source="plugin"} 1');
  });
});

describe('QueryRegistry', () => {
  it('runs at most the datasource’s slots of live range queries at once; store-only and instant queries never wait', async () => {
    let running = 0;
    let most = 0;
    const live = new QueryRegistry()
      .register({
        queryType: 'distribution',
        source: 'prometheus',
        handler: async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return { frames: [] };
        },
      })
      .register({
        queryType: 'baseline',
        handler: async () => {
          // A moment in, while the first live query holds the only slot and the others wait for it.
          await new Promise((resolve) => setTimeout(resolve, 2));
          return { frames: [{ name: 'at once', fields: [field('running', 'number', [running])] }] };
        },
      });
    const responses = await dispatchQueries(
      { headers: {}, queries: [...['a', 'b', 'c'].map((refId) => query(refId, { queryType: 'distribution' })), query('store', { queryType: 'baseline' })] },
      datasource,
      { registry: live, metrics, logger: silentLogger }
    );
    expect(Object.values(responses).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(most).toBe(1);
    // Instant queries (alert rules) read one window each and do not queue behind range queries.
    most = 0;
    await dispatchQueries(
      { headers: { FromAlert: 'true' }, queries: ['a', 'b', 'c'].map((refId) => query(refId, { queryType: 'distribution' })) },
      datasource,
      { registry: live, metrics, logger: silentLogger }
    );
    expect(most).toBe(3);
    // The store-only query ran while a live one held the slot.
    expect(tableFromIPC(responses.store.frames[0]).getChild('running')?.get(0)).toBe(1);
  });

  it('knows which query types read an upstream: those with a handler per source', () => {
    expect(registry.readsLiveData('drift')).toBe(true);
    expect(registry.readsLiveData('baseline')).toBe(false);
    expect(registry.readsLiveData('confusion')).toBe(false);
    expect(registry.readsLiveData('nonsense')).toBe(false);
  });

  it('refuses two handlers for the same type and source', () => {
    expect(() => new QueryRegistry().register({ queryType: 'baseline', handler: async () => ({ frames: [] }) }).register({ queryType: 'baseline', handler: async () => ({ frames: [] }) })).toThrow(/already registered/);
  });

  it('prefers a source-specific handler over a generic one', () => {
    const generic = async () => ({ frames: [] });
    const specific = async () => ({ frames: [] });
    const r = new QueryRegistry().register({ queryType: 'drift', handler: generic }).register({ queryType: 'drift', source: 'elasticsearch', handler: specific });
    expect(r.resolve('drift', 'elasticsearch')).toEqual({ kind: 'found', handler: specific, live: true });
    expect(r.resolve('drift', 'prometheus')).toEqual({ kind: 'found', handler: generic, live: false });
    expect(r.resolve('nope', 'prometheus')).toEqual({ kind: 'unknownType' });
  });
});
