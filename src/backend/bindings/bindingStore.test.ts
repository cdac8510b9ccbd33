import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BackendError } from '../errors';
import { BindingStore } from './bindingStore';

describe('BindingStore', () => {
  let directory: string;
  let store: BindingStore;
  const write = (name: string, value: unknown) => writeFile(path.join(directory, name), typeof value === 'string' ? value : JSON.stringify(value));

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'bindings-'));
    store = new BindingStore(directory);
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('finds the binding of a version before the one of its model, and none for other models', async () => {
    await write('fraud.json', { model: 'fraud', prometheus: { version: 'none' } });
    await write('fraud-v2.json', { model: 'fraud', version: 'v2', prometheus: { version: { label: 'model_version', value: '2' } } });
    expect((await store.find('fraud', 'v2'))?.version).toBe('v2');
    expect((await store.find('fraud', 'v1'))?.prometheus).toEqual({ version: 'none' });
    expect(await store.find('churn', 'v1')).toBeUndefined();
  });

  it('lists invalid files with their problems, and fails the queries of the model an invalid file names', async () => {
    await write('bad.json', { model: 'fraud', prometheus: { features: { age: { kind: 'histogram', metric: 'age hist' } } } });
    await write('broken.json', '{ "model": ');
    const listed = await store.list();
    const problem = 'prometheus.features.age.metric: "age hist" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)';
    expect(listed.map((b) => [b.file, b.model, b.invalid?.[0]])).toEqual([
      ['bad.json', 'fraud', problem],
      ['broken.json', '', expect.stringMatching(/^not valid JSON: /)],
    ]);
    const error = await store.find('fraud', '1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: 'the binding file bad.json of model "fraud" is invalid', details: [problem] });
    expect(await store.find('churn', '1')).toBeUndefined();
  });

  it('keeps the last valid content of a file that becomes invalid, and reads the fixed file again', async () => {
    await write('m.json', { model: 'm', prometheus: { matchers: { job: 'fraud-api' } } });
    expect((await store.find('m', '1'))?.prometheus?.matchers).toEqual({ job: 'fraud-api' });
    await write('m.json', { model: 'm', prometheus: { matchers: { job: 1 } } });
    expect((await store.find('m', '1'))?.prometheus?.matchers).toEqual({ job: 'fraud-api' });
    expect((await store.list())[0]).toMatchObject({
      model: 'm',
      binding: { prometheus: { matchers: { job: 'fraud-api' } } },
      invalid: ['prometheus.matchers.job: expected a string, got a number', 'the last valid content of this file stays in use until it is fixed'],
    });
    await write('m.json', { model: 'm', prometheus: { matchers: { job: 'scoring' } } });
    expect((await store.find('m', '1'))?.prometheus?.matchers).toEqual({ job: 'scoring' });
  });

  it('refuses to pick between two files of the same scope, naming both', async () => {
    await write('a.json', { model: 'm', prometheus: {} });
    await write('b.json', { model: 'm', prometheus: {} });
    await expect(store.find('m', '1')).rejects.toThrow(new BackendError(400, 'bindings a.json and b.json both bind model "m"; remove one'));
    expect((await store.list()).map((b) => b.invalid)).toEqual([['binds the same model and version as b.json'], ['binds the same model and version as a.json']]);
  });

  it('has no bindings when the directory does not exist', async () => {
    const missing = new BindingStore(path.join(directory, 'nope'));
    expect(await missing.list()).toEqual([]);
    expect(await missing.find('m', '1')).toBeUndefined();
  });
});

describe('BindingStore saving from the app', () => {
  let root: string;
  let provisioned: string;
  let saved: string;
  let store: BindingStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bindings-saved-'));
    provisioned = path.join(root, 'provisioned');
    saved = path.join(root, 'baselines', 'bindings');
    await mkdir(provisioned);
    await writeFile(path.join(provisioned, 'fraud.json'), JSON.stringify({ model: 'fraud', prometheus: { version: 'none' } }));
    store = new BindingStore(provisioned, saved);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('saves a valid binding under its scope, lists it as not provisioned, reads it and deletes it', async () => {
    expect(await store.put({ model: 'a/b', version: '2', prometheus: { matchers: { job: 'x' } } })).toEqual({ file: 'a%2Fb@2.json', replaced: false });
    expect(await store.put({ model: 'a/b', version: '2', prometheus: { matchers: { job: 'y' } } })).toEqual({ file: 'a%2Fb@2.json', replaced: true });
    expect((await store.find('a/b', '2'))?.prometheus?.matchers).toEqual({ job: 'y' });
    expect((await store.list()).map((b) => [b.file, b.provisioned])).toEqual([
      ['fraud.json', true],
      ['a%2Fb@2.json', false],
    ]);
    expect(await store.delete('a%2Fb@2.json')).toBe('a%2Fb@2.json');
    expect(await store.find('a/b', '2')).toBeUndefined();
  });

  it('refuses an invalid binding with the path of each bad value, and keeps what was saved', async () => {
    await store.put({ model: 'm', prometheus: { matchers: { job: 'x' } } });
    const error = await store.put({ model: 'm', prometheus: { matchers: { job: 1 } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: 'invalid binding document', details: ['prometheus.matchers.job: expected a string, got a number'] });
    expect((await store.find('m', '1'))?.prometheus?.matchers).toEqual({ job: 'x' });
    expect(await readdir(saved)).toEqual(['m.json']);
  });

  it('saves a binding of the whole model under <model>.json, the name provisioned files use, and finds it by that name', async () => {
    expect(await store.put({ model: 'churn', prometheus: { version: 'none' } })).toEqual({ file: 'churn.json', replaced: false });
    expect(await store.put({ model: 'churn', version: '1.2', prometheus: { version: 'none' } })).toEqual({ file: 'churn@1%2E2.json', replaced: false });
    expect((await store.list()).map((b) => b.file)).toEqual(['fraud.json', 'churn.json', 'churn@1%2E2.json']);
    expect(await store.get('churn.json')).toMatchObject({ file: 'churn.json', model: 'churn', provisioned: false });
    // Grafana hands the path over decoded: the listed `%2E` arrives as a dot.
    expect(await store.get('churn@1.2.json')).toMatchObject({ file: 'churn@1%2E2.json', version: '1.2' });
    expect(await store.get('fraud.json')).toMatchObject({ provisioned: true });
    expect(await store.get('nothing.json')).toBeUndefined();
    expect(await store.delete('churn@1.2.json')).toBe('churn@1%2E2.json');
    expect(await store.delete('churn.json')).toBe('churn.json');
    expect(await readdir(saved)).toEqual([]);
  });

  it('keeps reading a binding saved under the legacy <model>@.json, deletes it by either name, and a new save replaces it', async () => {
    await mkdir(saved, { recursive: true });
    const legacy = { model: 'churn', prometheus: { matchers: { job: 'old' } } };
    await writeFile(path.join(saved, 'churn@.json'), JSON.stringify(legacy));
    expect((await store.find('churn', '1'))?.prometheus?.matchers).toEqual({ job: 'old' });
    expect(await store.get('churn@.json')).toMatchObject({ file: 'churn@.json', model: 'churn' });
    expect(await store.get('churn.json')).toMatchObject({ file: 'churn@.json' });
    expect(await store.delete('churn@.json')).toBe('churn@.json');
    await writeFile(path.join(saved, 'churn@.json'), JSON.stringify(legacy));
    expect(await store.delete('churn.json')).toBe('churn@.json');
    await writeFile(path.join(saved, 'churn@.json'), JSON.stringify(legacy));
    expect(await store.put({ model: 'churn', prometheus: { matchers: { job: 'new' } } })).toEqual({ file: 'churn.json', replaced: true });
    expect(await readdir(saved)).toEqual(['churn.json']);
    expect((await store.find('churn', '1'))?.prometheus?.matchers).toEqual({ job: 'new' });
  });

  it('refuses hostile model names as before, and keeps every saved name inside the directory', async () => {
    const refused = async (model: string) => ((await store.put({ model, prometheus: {} }).catch((e: unknown) => e)) as BackendError).status;
    expect(await refused('a\u0000b')).toBe(400);
    expect(await refused('a\nb')).toBe(400);
    expect(await refused('x'.repeat(1000))).toBe(400);
    expect(await refused('a@b')).toBe(400);
    expect(await store.put({ model: '../../x', prometheus: {} })).toEqual({ file: '%2E%2E%2F%2E%2E%2Fx.json', replaced: false });
    expect(await store.put({ model: '..', prometheus: {} })).toEqual({ file: '%2E%2E.json', replaced: false });
    expect((await readdir(saved)).sort()).toEqual(['%2E%2E%2F%2E%2E%2Fx.json', '%2E%2E.json']);
    expect(await store.delete('../../x.json')).toBe('%2E%2E%2F%2E%2E%2Fx.json');
    expect(await store.delete('../provisioned/fraud.json')).toBeUndefined();
  });

  it('leaves a provisioned scope and provisioned files alone', async () => {
    await expect(store.put({ model: 'fraud', prometheus: {} })).rejects.toMatchObject({ status: 409 });
    await expect(store.delete('fraud.json')).rejects.toMatchObject({ status: 409 });
    expect(await store.delete('../provisioned/fraud.json')).toBeUndefined();
    expect(await store.delete('nothing.json')).toBeUndefined();
  });
});
