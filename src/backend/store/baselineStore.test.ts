import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateBaseline } from '../../drift/baseline/validate';
import { baselineFixture } from '../testing/baselineFixture';
import { BaselineStore, StoreError } from './baselineStore';
import { KeyedQueue } from './keyedQueue';
import { resolveBaselineDirectory } from './storeRegistry';

let root: string;
let store: BaselineStore;

function newStore(options: { provisioned?: string } = {}): BaselineStore {
  return new BaselineStore({
    directory: path.join(root, 'store'),
    provisionedDirectory: options.provisioned,
    validate: validateBaseline,
    queue: new KeyedQueue(),
  });
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'store-test-'));
  store = newStore();
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('BaselineStore', () => {
  it('stores, lists, reads and deletes', async () => {
    const doc = baselineFixture({ model: 'm', version: '1' });
    expect(await store.put(doc)).toEqual({ id: 'm@1', replaced: false });
    expect(await store.get('m@1')).toEqual(doc);
    expect(await store.list()).toEqual([
      { id: 'm@1', model: 'm', version: '1', features: doc.features.map((f) => f.name), created: doc.createdAt, provisioned: false },
    ]);
    expect(await store.put(doc)).toEqual({ id: 'm@1', replaced: true });
    expect(await store.delete('m@1')).toBe(true);
    expect(await store.delete('m@1')).toBe(false);
    expect(await store.get('m@1')).toBeUndefined();
  });

  it('lists nothing for a directory that does not exist yet', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('rejects invalid documents with the validator’s reasons', async () => {
    const error = await store.put({ schemaVersion: 1, model: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).status).toBe(400);
    expect((error as StoreError).details.join('\n')).toMatch(/missing property "version"/);
  });

  it('rejects a model name containing @ (ids must split one way only)', async () => {
    const error = await store.put(baselineFixture({ model: 'a@b', version: '1' })).catch((e: unknown) => e);
    expect((error as StoreError).status).toBe(400);
  });

  it('serialises concurrent writes of one id: the last write wins and every write completes', async () => {
    const docs = Array.from({ length: 20 }, (_, i) => ({ ...baselineFixture({ model: 'c', version: '1' }), createdAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` }));
    const results = await Promise.all(docs.map((d) => store.put(d)));
    expect(results.filter((r) => !r.replaced)).toHaveLength(1);
    expect((await store.get('c@1'))?.createdAt).toBe(docs[docs.length - 1].createdAt);
    expect(readdirSync(path.join(root, 'store'))).toEqual(['c@1.json']);
  });

  it('reports corrupt files without failing the listing', async () => {
    await store.put(baselineFixture({ model: 'ok', version: '1' }));
    writeFileSync(path.join(root, 'store', 'broken@1.json'), '{');
    writeFileSync(path.join(root, 'store', 'invalid@1.json'), JSON.stringify({ schemaVersion: 3 }));
    writeFileSync(path.join(root, 'store', 'README.txt'), 'not a baseline');
    const listed = await store.list();
    expect(listed.map((b) => [b.id, b.corrupt === undefined])).toEqual([
      ['broken@1', false],
      ['invalid@1', false],
      ['ok@1', true],
    ]);
    expect(listed[1].corrupt).toMatch(/schemaVersion/);
    await expect(store.get('broken@1')).rejects.toMatchObject({ status: 500 });
  });

  it('sees a file replaced behind its back (cache keyed by mtime and size)', async () => {
    await store.put(baselineFixture({ model: 'x', version: '1' }));
    await store.list();
    writeFileSync(path.join(root, 'store', 'x@1.json'), 'garbage');
    expect((await store.list())[0].corrupt).toMatch(/JSON/);
  });

  it('lists provisioned baselines and protects them', async () => {
    const provisioned = path.join(root, 'prov');
    mkdirSync(provisioned);
    writeFileSync(path.join(provisioned, 'whatever.json'), JSON.stringify(baselineFixture({ model: 'p', version: '1' })));
    writeFileSync(path.join(provisioned, 'bad.json'), 'nope');
    store = newStore({ provisioned });
    const listed = await store.list();
    expect(listed.map((b) => [b.id, b.provisioned, b.corrupt !== undefined])).toEqual([
      ['bad.json', true, true],
      ['p@1', true, false],
    ]);
    await expect(store.put(baselineFixture({ model: 'p', version: '1' }))).rejects.toMatchObject({ status: 409 });
    await expect(store.delete('p@1')).rejects.toMatchObject({ status: 409 });
    expect((await store.get('p@1'))?.model).toBe('p');
  });

  it('reads version-1 files, stored or provisioned, as version 2 and saves them again as version 2', async () => {
    const v1 = (model: string) => ({ ...baselineFixture({ model, version: '1' }), schemaVersion: 1 });
    const provisioned = path.join(root, 'prov');
    mkdirSync(provisioned);
    mkdirSync(path.join(root, 'store'));
    writeFileSync(path.join(provisioned, 'old.json'), JSON.stringify(v1('p')));
    writeFileSync(path.join(root, 'store', 's@1.json'), JSON.stringify(v1('s')));
    store = newStore({ provisioned });
    expect((await store.list()).map((b) => [b.id, b.corrupt])).toEqual([
      ['p@1', undefined],
      ['s@1', undefined],
    ]);
    expect(await store.get('p@1')).toEqual({ ...v1('p'), schemaVersion: 2 });
    expect(await store.get('s@1')).toEqual({ ...v1('s'), schemaVersion: 2 });
    // An upload of a version-1 document lands on disk as version 2.
    await store.put(v1('u'));
    expect(JSON.parse(readFileSync(path.join(root, 'store', 'u@1.json'), 'utf8'))).toEqual({ ...v1('u'), schemaVersion: 2 });
  });

  it('removes temp files left by another process before writing', async () => {
    mkdirSync(path.join(root, 'store'));
    writeFileSync(path.join(root, 'store', '.x@1.json.999999.abcd.tmp'), 'partial');
    writeFileSync(path.join(root, 'store', '.upload.999999.abcd.csv'), 'a,b');
    await store.put(baselineFixture({ model: 'x', version: '1' }));
    expect(readdirSync(path.join(root, 'store'))).toEqual(['x@1.json']);
  });
});

describe('resolveBaselineDirectory', () => {
  const location = { grafanaDataPath: '/var/lib/grafana', executableDirectory: '/plugins/ds' };

  it('defaults to a per-uid directory under Grafana’s data path', () => {
    expect(resolveBaselineDirectory({ uid: 'abc' }, location)).toBe('/var/lib/grafana/plugins/mlops-drift-datasource/abc/baselines');
  });

  it('falls back beside the executable without GF_PATHS_DATA', () => {
    expect(resolveBaselineDirectory({ uid: 'abc' }, { executableDirectory: '/plugins/ds' })).toBe('/plugins/ds/data/abc/baselines');
  });

  it('encodes hostile uids instead of following them', () => {
    expect(resolveBaselineDirectory({ uid: '../../etc' }, location)).toBe(
      '/var/lib/grafana/plugins/mlops-drift-datasource/%2E%2E%2F%2E%2E%2Fetc/baselines'
    );
  });

  it('uses a configured directory, absolute or relative to the plugin’s data root', () => {
    expect(resolveBaselineDirectory({ uid: 'a', baselineDirectory: '/srv/baselines' }, location)).toBe('/srv/baselines');
    expect(resolveBaselineDirectory({ uid: 'a', baselineDirectory: 'shared' }, location)).toBe('/var/lib/grafana/plugins/mlops-drift-datasource/shared');
  });
});
