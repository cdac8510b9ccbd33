import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateBaseline } from '../../drift/baseline/validate';
import { BindingStore } from '../bindings/bindingStore';
import { silentLogger } from '../log';
import { baselineFixture } from '../testing/baselineFixture';
import { BaselineStore } from '../store/baselineStore';
import { KeyedQueue } from '../store/keyedQueue';
import { BODY_LIMITS, BaselineBuilder, ResourceContext, handleResource, idFromPath } from './router';

let root: string;
let context: ResourceContext;

function request(method: string, pathAndQuery: string, body?: unknown) {
  const [p, q = ''] = pathAndQuery.split('?');
  const bytes = body === undefined ? new Uint8Array() : body instanceof Uint8Array ? body : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return handleResource({ method, path: p, headers: new Map(), body: bytes, query: new URLSearchParams(q) }, context);
}

function json(response: { body: Uint8Array }): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(response.body));
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'router-test-'));
  context = {
    store: new BaselineStore({ directory: root, validate: validateBaseline, queue: new KeyedQueue() }),
    logger: silentLogger,
  };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resource router', () => {
  it('routes the baseline CRUD', async () => {
    const doc = baselineFixture({ model: 'm', version: '1' });
    const created = await request('POST', 'baselines', doc);
    expect([created.status, json(created)]).toEqual([201, { id: 'm@1', replaced: false }]);
    expect(json(await request('GET', 'baselines'))).toEqual({ baselines: [expect.objectContaining({ id: 'm@1' })] });
    expect(json(await request('get', '/baselines/m@1/'))).toEqual(doc);
    expect((await request('DELETE', 'baselines/m@1')).status).toBe(200);
    expect(json(await request('GET', 'baselines/m@1'))).toEqual({ error: 'baseline "m@1" not found' });
  });

  it('takes a version-1 upload and answers it as version 2', async () => {
    const v1 = { ...baselineFixture({ model: 'old', version: '1' }), schemaVersion: 1 };
    expect((await request('POST', 'baselines', v1)).status).toBe(201);
    expect(json(await request('GET', 'baselines/old@1'))).toEqual({ ...v1, schemaVersion: 2 });
  });

  it('lists, saves and deletes bindings, refusing a bad one with the path of each bad value', async () => {
    expect(json(await request('GET', 'bindings'))).toEqual({ bindings: [] });
    expect((await request('POST', 'bindings', { model: 'm', prometheus: {} })).status).toBe(501);
    const provisioned = path.join(root, 'provisioned');
    mkdirSync(provisioned);
    writeFileSync(path.join(provisioned, 'p.json'), JSON.stringify({ model: 'p', prometheus: { version: 'none' } }));
    context = { ...context, bindings: new BindingStore(provisioned, path.join(root, 'bindings')) };
    const created = await request('POST', 'bindings', { model: 'm', prometheus: { version: 'none' } });
    expect([created.status, json(created)]).toEqual([201, { file: 'm.json', replaced: false }]);
    const bad = await request('POST', 'bindings', { model: 'm', prometheus: { version: 'all' } });
    expect([bad.status, json(bad)]).toEqual([400, { error: 'invalid binding document', details: ['prometheus.version: expected "none" or an object with "label", got "all"'] }]);
    expect((await request('POST', 'bindings', '')).status).toBe(400);
    expect(json(await request('GET', 'bindings'))).toEqual({
      bindings: [
        { file: 'p.json', model: 'p', sources: ['prometheus'], provisioned: true, binding: { model: 'p', prometheus: { version: 'none' } } },
        { file: 'm.json', model: 'm', sources: ['prometheus'], provisioned: false, binding: { model: 'm', prometheus: { version: 'none' } } },
      ],
    });
    expect(json(await request('GET', 'bindings/m.json'))).toMatchObject({ file: 'm.json', model: 'm', provisioned: false });
    expect((await request('GET', 'bindings/nothing.json')).status).toBe(404);
    expect((await request('DELETE', 'bindings/p.json')).status).toBe(409);
    expect(json(await request('DELETE', 'bindings/m.json'))).toEqual({ deleted: 'm.json' });
    expect((await request('DELETE', 'bindings/m.json')).status).toBe(404);
    const put = await request('PUT', 'bindings', {});
    expect([put.status, put.headers.Allow]).toEqual([405, 'GET, POST']);
  });

  it('answers JSON errors with the right status', async () => {
    expect((await request('POST', 'baselines', 'nope')).status).toBe(400);
    expect((await request('POST', 'baselines')).status).toBe(400);
    expect((await request('PATCH', 'baselines/m@1')).headers.Allow).toBe('GET, DELETE');
    expect((await request('GET', 'elsewhere')).status).toBe(404);
    const invalid = await request('POST', 'baselines', { schemaVersion: 1 });
    expect(invalid.status).toBe(400);
    expect((json(invalid).details as string[]).length).toBeGreaterThan(0);
  });

  it('enforces the body limit before parsing', async () => {
    const response = await request('POST', 'baselines', new Uint8Array(BODY_LIMITS.baselineJson + 1));
    expect(response.status).toBe(413);
  });

  it('answers 501 for builds when no builder is wired', async () => {
    const response = await request('POST', 'baselines/build?model=m&version=1', 'a\n1\n');
    expect(response.status).toBe(501);
    expect(json(response).error).toMatch(/mldrift CLI/);
  });

  it('stores what the builder built, and reports its errors as 400 details', async () => {
    const builder: BaselineBuilder = async ({ params }) =>
      params.get('fail') ? { ok: false, errors: ['line 3, column 2: not a number'] } : { ok: true, baseline: baselineFixture({ model: 'b' }), rows: 7 };
    context = { ...context, buildBaseline: builder };
    const built = await request('POST', 'baselines/build', 'x');
    expect([built.status, json(built)]).toEqual([201, { id: 'b@v1', replaced: false, rows: 7 }]);
    const failed = await request('POST', 'baselines/build?fail=1', 'x');
    expect([failed.status, json(failed).details]).toEqual([400, ['line 3, column 2: not a number']]);
    expect((await request('GET', 'baselines/build')).status).toBe(405);
  });

  it('turns unexpected failures into a 500 JSON error', async () => {
    context = { ...context, buildBaseline: async () => Promise.reject(new Error('disk on fire')) };
    const response = await request('POST', 'baselines/build', 'x');
    expect([response.status, json(response)]).toEqual([500, { error: 'internal error: disk on fire' }]);
  });
});

describe('idFromPath', () => {
  it('decodes only an id whose @ is still encoded', () => {
    expect(idFromPath('m@1')).toBe('m@1');
    expect(idFromPath('m%40v%2F1')).toBe('m@v/1');
    expect(idFromPath('m%25@1')).toBe('m%25@1');
    expect(idFromPath('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
