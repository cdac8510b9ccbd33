import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  it('lists invalid files with their problems and binds nothing from them', async () => {
    await write('bad.json', { model: 'fraud', prometheus: { features: { age: { kind: 'histogram', metric: 'age hist' } } } });
    await write('broken.json', '{ "model": ');
    const listed = await store.list();
    expect(listed.map((b) => [b.file, b.invalid?.[0]])).toEqual([
      ['bad.json', 'prometheus.features.age.metric: "age hist" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)'],
      ['broken.json', expect.stringMatching(/^not valid JSON: /)],
    ]);
    expect(await store.find('fraud', '1')).toBeUndefined();
  });

  it('re-reads a file that changed, and a fixed file binds again', async () => {
    await write('m.json', { model: 'm', prometheus: { matchers: { job: 1 } } });
    expect(await store.find('m', '1')).toBeUndefined();
    await write('m.json', { model: 'm', prometheus: { matchers: { job: 'fraud-api' } } });
    expect((await store.find('m', '1'))?.prometheus?.matchers).toEqual({ job: 'fraud-api' });
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
