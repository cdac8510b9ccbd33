/**
 * The resource API of the built executable against a real store on disk: upload, list, get, build, delete,
 * provisioned and corrupt files, hostile input. One process serves the whole file, which also shows
 * that no bad request takes it down.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost } from '../harness/pluginHost';
import { baselineFixture } from '../../src/backend/testing/baselineFixture';
import type { BaselineSummary } from '../../src/shared/resourceModel';

let dataDir: string;
let host: PluginHost;

const storeDir = (uid = 'ds-test') => path.join(dataDir, 'plugins', 'mlops-drift-datasource', uid, 'baselines');

async function list(uid?: string, jsonData?: Record<string, unknown>): Promise<BaselineSummary[]> {
  const answer = await host.callResource({ method: 'GET', path: 'baselines', datasource: { uid, jsonData } });
  expect(answer.code).toBe(200);
  return answer.json<{ baselines: BaselineSummary[] }>().baselines;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-resources-'));
  host = await PluginHost.start({ dataDir });
});

afterAll(async () => {
  await host.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  // Whatever a test sent, the process is still there.
  expect(host.child.exitCode).toBeNull();
});

describe('baseline lifecycle', () => {
  it('uploads, lists, gets and deletes a baseline', async () => {
    const doc = baselineFixture({ model: 'fraud', version: '2026-01' });
    const created = await host.callResource({ method: 'POST', path: 'baselines', body: doc, headers: { 'Content-Type': 'application/json' } });
    expect(created.code).toBe(201);
    expect(created.json()).toEqual({ id: 'fraud@2026-01', replaced: false });
    expect(created.headers['Content-Type']).toEqual(['application/json; charset=utf-8']);

    const listed = (await list()).find((b) => b.id === 'fraud@2026-01');
    expect(listed).toEqual({
      id: 'fraud@2026-01',
      model: 'fraud',
      version: '2026-01',
      features: doc.features.map((f) => f.name),
      created: doc.createdAt,
      provisioned: false,
    });

    const got = await host.callResource({ method: 'GET', path: 'baselines/fraud@2026-01' });
    expect(got.code).toBe(200);
    expect(got.json()).toEqual(doc);

    const again = await host.callResource({ method: 'POST', path: 'baselines', body: doc });
    expect(again.json()).toEqual({ id: 'fraud@2026-01', replaced: true });

    const deleted = await host.callResource({ method: 'DELETE', path: 'baselines/fraud@2026-01' });
    expect(deleted.code).toBe(200);
    expect((await list()).some((b) => b.id === 'fraud@2026-01')).toBe(false);
    expect((await host.callResource({ method: 'GET', path: 'baselines/fraud@2026-01' })).code).toBe(404);
    expect((await host.callResource({ method: 'DELETE', path: 'baselines/fraud@2026-01' })).code).toBe(404);
  });

  it('accepts an id that the client URL-encoded once more', async () => {
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'a b', version: 'v/1' }) });
    const got = await host.callResource({ method: 'GET', path: `baselines/${encodeURIComponent('a b@v/1')}` });
    expect(got.code).toBe(200);
    expect(got.json<{ model: string }>().model).toBe('a b');
    const plain = await host.callResource({ method: 'GET', path: 'baselines/a b@v/1' });
    expect(plain.code).toBe(200);
  });

  it('keeps ids that differ only in characters a file system dislikes apart', async () => {
    const ids = [
      ['x/y', '1'],
      ['x%2Fy', '1'],
      ['x_y', '1'],
      ['..', '1'],
      ['ü', '1'],
    ];
    for (const [model, version] of ids) {
      const answer = await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model, version }) });
      expect(answer.code).toBe(201);
    }
    const listed = (await list()).map((b) => b.id);
    for (const [model, version] of ids) {
      expect(listed).toContain(`${model}@${version}`);
      const got = await host.callResource({ method: 'GET', path: `baselines/${model}@${version}` });
      expect(got.json<{ model: string }>().model).toBe(model);
    }
    // Every file stays inside the store directory, and none is hidden.
    expect(readdirSync(storeDir()).every((name) => !name.startsWith('.') && name.endsWith('.json'))).toBe(true);
  });

  it('keeps one datasource’s baselines apart from another’s', async () => {
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'only-a' }), datasource: { uid: 'ds-a' } });
    expect((await list('ds-a')).map((b) => b.id)).toEqual(['only-a@v1']);
    expect((await list('ds-b')).map((b) => b.id)).toEqual([]);
  });

  it('uses the configured baseline directory', async () => {
    const custom = path.join(dataDir, 'custom-store');
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines',
      body: baselineFixture({ model: 'custom' }),
      datasource: { uid: 'ds-custom', jsonData: { baselineDirectory: custom } },
    });
    expect(answer.code).toBe(201);
    expect(readdirSync(custom)).toEqual(['custom@v1.json']);
  });
});

describe('bad input gets a clear error, never a crash', () => {
  it('rejects an invalid baseline with 400 and the reasons', async () => {
    const doc = baselineFixture();
    const broken = { ...doc, features: [{ ...doc.features[0], histogram: { upperBounds: [2, 1], counts: [1] } }] };
    const answer = await host.callResource({ method: 'POST', path: 'baselines', body: broken });
    expect(answer.code).toBe(400);
    const body = answer.json<{ error: string; details: string[] }>();
    expect(body.error).toMatch(/invalid baseline/);
    expect(body.details.join('\n')).toMatch(/upperBounds\[1\]/);
  });

  it('rejects bad JSON and empty bodies with 400', async () => {
    const bad = await host.callResource({ method: 'POST', path: 'baselines', body: '{"schemaVersion": 1,' });
    expect(bad.code).toBe(400);
    expect(bad.json<{ error: string }>().error).toMatch(/not valid JSON/);
    expect((await host.callResource({ method: 'POST', path: 'baselines' })).code).toBe(400);
  });

  it('rejects a body over the limit with 413', async () => {
    const huge = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const answer = await host.callResource({ method: 'POST', path: 'baselines', body: huge });
    expect(answer.code).toBe(413);
    expect(answer.json<{ error: string }>().error).toMatch(/exceeds the limit/);
  });

  it('fails a message over the gRPC size cap on its own and keeps serving', async () => {
    const tooBig = Buffer.alloc(129 * 1024 * 1024, 0x20);
    await expect(host.callResource({ method: 'POST', path: 'baselines', body: tooBig })).rejects.toThrow(/RESOURCE_EXHAUSTED|larger than max/);
    expect((await host.callResource({ method: 'GET', path: 'baselines' })).code).toBe(200);
  });

  it('rejects hostile ids', async () => {
    for (const id of ['../../etc/passwd', 'no-at-sign', '@v1', 'm@', 'a\u0000b@1', `${'m'.repeat(300)}@1`]) {
      const answer = await host.callResource({ method: 'GET', path: `baselines/${id}` });
      expect(answer.code).toBe(400);
      expect(answer.json<{ error: string }>().error).toMatch(/baseline id/);
    }
    const traversal = await host.callResource({ method: 'DELETE', path: 'baselines/../../x@1' });
    expect(traversal.code).toBe(404);
  });

  it('holds every entry point to one id rule: no lone surrogates, no white space around, NFC', async () => {
    for (const [model, version] of [
      ['lone\ud800', '1'],
      ['ws', '1 '],
      [' ws', '1'],
      ['cafe\u0301', '1'],
    ]) {
      const upload = await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model, version }) });
      expect([model, upload.code]).toEqual([model, 400]);
    }
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'ws', version: '1' }) })).code).toBe(201);
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'caf\u00e9', version: '1' }) })).code).toBe(201);
    // A query for "ws@1 " no longer answers with the frames of ws@1: it names no baseline.
    const { spaced, decomposed, stored } = await host.queryData([
      { refId: 'spaced', json: { queryType: 'baseline', baseline: 'ws@1 ' } },
      { refId: 'decomposed', json: { queryType: 'baseline', baseline: 'cafe\u0301@1' } },
      { refId: 'stored', json: { queryType: 'baseline', baseline: 'ws@1' } },
    ]);
    expect(spaced.status).toBe(400);
    expect(spaced.error).toMatch(/starts or ends with white space/);
    expect(decomposed.status).toBe(200);
    expect(stored.status).toBe(200);
    const listed = (await host.callResource({ method: 'GET', path: 'baselines' })).json<{ baselines: Array<{ id: string; corrupt?: string }> }>();
    expect(listed.baselines.filter((b) => b.corrupt !== undefined)).toEqual([]);
    const build = await host.callResource({ method: 'POST', path: `baselines/build?model=${encodeURIComponent('b ')}&version=1`, body: 'a\n1\n2\n' });
    expect(build.code).toBe(400);
    expect(build.json<{ details: string[] }>().details.join(' ')).toMatch(/model "b " starts or ends with white space/);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    expect((await host.callResource({ method: 'GET', path: 'nothing' })).code).toBe(404);
    const wrong = await host.callResource({ method: 'PUT', path: 'baselines' });
    expect(wrong.code).toBe(405);
    expect(wrong.headers.Allow).toEqual(['GET, POST']);
  });

  it('answers 400 when the datasource jsonData is not JSON', async () => {
    const answer = await host.callResource({
      method: 'GET',
      path: 'baselines',
      datasource: { rawJsonData: Buffer.from('{"baselineDirectory": '), uid: 'x' },
    });
    expect(answer.code).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(/jsonData is not valid JSON/);
  });
});

describe('files on disk', () => {
  it('lists a corrupt file with the reason and keeps serving the others', async () => {
    const uid = 'ds-corrupt';
    await host.callResource({ method: 'POST', path: 'baselines', body: baselineFixture({ model: 'good' }), datasource: { uid } });
    writeFileSync(path.join(storeDir(uid), 'bad@v1.json'), '{"schemaVersion": 1, "mod');
    writeFileSync(path.join(storeDir(uid), 'other@v1.json'), JSON.stringify(baselineFixture({ model: 'mismatch' })));
    const listed = await list(uid);
    expect(listed.find((b) => b.id === 'good@v1')?.corrupt).toBeUndefined();
    expect(listed.find((b) => b.id === 'bad@v1')?.corrupt).toMatch(/JSON/);
    expect(listed.find((b) => b.id === 'other@v1')?.corrupt).toMatch(/file name says "other@v1"/);
    const got = await host.callResource({ method: 'GET', path: 'baselines/bad@v1', datasource: { uid } });
    expect(got.code).toBe(500);
    expect(got.json<{ error: string }>().error).toMatch(/corrupt/);
  });

  it('lists provisioned baselines read-only', async () => {
    const provisioned = path.join(dataDir, 'provisioned');
    mkdirSync(provisioned, { recursive: true });
    writeFileSync(path.join(provisioned, 'any-name.json'), JSON.stringify(baselineFixture({ model: 'gitops', version: '7' })));
    const datasource = { uid: 'ds-prov', jsonData: { provisionedBaselineDirectory: provisioned } };
    const listed = await list(datasource.uid, datasource.jsonData);
    expect(listed).toEqual([expect.objectContaining({ id: 'gitops@7', provisioned: true })]);
    const got = await host.callResource({ method: 'GET', path: 'baselines/gitops@7', datasource });
    expect(got.json<{ version: string }>().version).toBe('7');
    const deleted = await host.callResource({ method: 'DELETE', path: 'baselines/gitops@7', datasource });
    expect(deleted.code).toBe(409);
    const overwritten = await host.callResource({
      method: 'POST',
      path: 'baselines',
      body: baselineFixture({ model: 'gitops', version: '7' }),
      datasource,
    });
    expect(overwritten.code).toBe(409);
  });
});

describe('version-1 baselines', () => {
  const v1 = (model: string) => ({ ...baselineFixture({ model, version: '1' }), schemaVersion: 1 });

  it('are read from the provisioned directory and taken by upload as version 2, and stored as version 2', async () => {
    const provisioned = path.join(dataDir, 'provisioned-v1');
    mkdirSync(provisioned, { recursive: true });
    writeFileSync(path.join(provisioned, 'old.json'), JSON.stringify(v1('old-gitops')));
    const datasource = { uid: 'ds-v1', jsonData: { provisionedBaselineDirectory: provisioned } };
    expect(await list(datasource.uid, datasource.jsonData)).toEqual([expect.objectContaining({ id: 'old-gitops@1', provisioned: true })]);
    const provisionedDoc = await host.callResource({ method: 'GET', path: 'baselines/old-gitops@1', datasource });
    expect(provisionedDoc.json()).toEqual({ ...v1('old-gitops'), schemaVersion: 2 });

    const uploaded = await host.callResource({ method: 'POST', path: 'baselines', body: v1('old-upload'), datasource });
    expect(uploaded.code).toBe(201);
    const got = await host.callResource({ method: 'GET', path: 'baselines/old-upload@1', datasource });
    expect(got.json()).toEqual({ ...v1('old-upload'), schemaVersion: 2 });
    expect(JSON.parse(readFileSync(path.join(storeDir('ds-v1'), 'old-upload@1.json'), 'utf8')).schemaVersion).toBe(2);
  });
});

describe('POST baselines/build', () => {
  const csv = ['age,city,score', ...Array.from({ length: 400 }, (_, i) => `${20 + (i % 50)},${['paris', 'rome', 'oslo'][i % 3]},${(i % 17) / 17}`)].join('\n');

  it('builds a baseline from CSV and stores it', async () => {
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/build?model=built&version=1&bins=5',
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(answer.code).toBe(201);
    expect(answer.json()).toEqual({ id: 'built@1', replaced: false, rows: 400 });
    const got = await host.callResource({ method: 'GET', path: 'baselines/built@1' });
    const doc = got.json<{ features: Array<{ name: string; kind: string }> }>();
    expect(doc.features.map((f) => [f.name, f.kind])).toEqual([
      ['age', 'numeric'],
      ['city', 'categorical'],
      ['score', 'numeric'],
    ]);
  });

  it('leaves identifier-like and date columns out with a note, unless they are named', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${1000 + i},2026-01-${String((i % 28) + 1).padStart(2, '0')},${i % 7}`);
    const body = ['order_id,day,items', ...rows].join('\n');
    const built = await host.callResource({ method: 'POST', path: 'baselines/build?model=ids&version=1', body });
    expect(built.code).toBe(201);
    const doc = (await host.callResource({ method: 'GET', path: 'baselines/ids@1' })).json<{ features: Array<{ name: string }>; notes?: string[] }>();
    expect(doc.features.map((f) => f.name)).toEqual(['items']);
    expect(doc.notes?.join(' ')).toMatch(/order_id/);
    expect(doc.notes?.join(' ')).toMatch(/day/);
    const named = await host.callResource({ method: 'POST', path: 'baselines/build?model=ids&version=2&columns=order_id,items', body });
    expect(named.code).toBe(201);
    const kept = (await host.callResource({ method: 'GET', path: 'baselines/ids@2' })).json<{ features: Array<{ name: string }> }>();
    expect(kept.features.map((f) => f.name)).toEqual(['order_id', 'items']);
  });

  it('builds from JSON Lines', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ x: i, y: i % 2 ? 'a' : 'b' })).join('\n');
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/build?model=jl&version=1&format=jsonl',
      body: lines,
    });
    expect(answer.code).toBe(201);
    expect(answer.json<{ rows: number }>().rows).toBe(100);
  });

  it('answers 400 with the line of a malformed row', async () => {
    const answer = await host.callResource({
      method: 'POST',
      path: 'baselines/build?model=bad&version=1',
      body: 'a,b\n1,2\n3\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(answer.code).toBe(400);
    expect(answer.json<{ details: string[] }>().details.join(' ')).toMatch(/line 3/);
  });

  it('answers 400 for build parameters beyond their limits, before reading the upload, and stays healthy', async () => {
    const cases: Array<[string, RegExp]> = [
      ['bins=100000000', /parameter bins: expected a whole number from 2 to 257/],
      ['bins=1e9', /parameter bins: expected a whole number from 2 to 257/],
      ['chunks=10000000', /parameter chunks: expected a whole number from 2 to 1000/],
      ['chunks=1000000000', /parameter chunks/],
      ['maxCategories=0', /parameter maxCategories: expected a whole number from 1 to 999/],
      ['bins=-3', /parameter bins/],
      ['bins=2.5', /parameter bins/],
    ];
    for (const [parameter, message] of cases) {
      const answer = await host.callResource({ method: 'POST', path: `baselines/build?model=huge&version=1&${parameter}`, body: 'a\n1\n2\n3\n' });
      expect([parameter, answer.code]).toEqual([parameter, 400]);
      expect(answer.json<{ details: string[] }>().details.join(' ')).toMatch(message);
    }
    expect((await host.checkHealth()).status).toBe('OK');
  });

  it('keeps a classifier score as histograms by actual class, as the CLI does', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i % 9},${((i % 100) + 0.5) / 100},${i % 100 >= 60 ? 'churned' : 'stayed'}`);
    const answer = await host.callResource({
      method: 'POST',
      path: `baselines/build?model=scored&version=1&label=outcome&score=p&positiveClass=churned&scoreEdges=${encodeURIComponent('0.2,0.4,0.6,0.8')}`,
      body: ['x,p,outcome', ...rows].join('\n'),
    });
    expect(answer.code).toBe(201);
    const doc = (await host.callResource({ method: 'GET', path: 'baselines/scored@1' })).json<{ schemaVersion: number; scores: Record<string, unknown> }>();
    expect(doc.schemaVersion).toBe(2);
    // Scores (k + 0.5) / 100, k < 60 stayed: 20 of each k range per bucket of width 0.2, twice over.
    expect(doc.scores).toMatchObject({ score: 'p', label: 'outcome', positiveClass: 'churned', upperBounds: [0.2, 0.4, 0.6, 0.8], positives: [0, 0, 0, 40, 40], negatives: [40, 40, 40, 0, 0] });
  });

  it('answers 400 naming the score parameter at fault, and nothing is stored', async () => {
    const body = 'x,p,y\n1,0.2,a\n2,0.8,b\n';
    const cases: Array<[string, RegExp]> = [
      ['score=p', /parameter score needs parameter label/],
      ['label=y&positiveClass=b', /parameter positiveClass and parameter scoreEdges go with parameter score/],
      ['label=y&score=p&scoreEdges=0.5,0.1', /parameter scoreEdges "0.5,0.1": bounds must be strictly increasing/],
      ['label=y&score=p&positiveClass=c', /parameter positiveClass: no scored row of "y" is "c"/],
      ['label=y&score=x', /the score must be a probability in \[0, 1\]/],
    ];
    for (const [parameters, message] of cases) {
      const answer = await host.callResource({ method: 'POST', path: `baselines/build?model=badscore&version=1&${parameters}`, body });
      expect([parameters, answer.code]).toEqual([parameters, 400]);
      expect(answer.json<{ details: string[] }>().details.join(' ')).toMatch(message);
    }
    expect((await list()).some((b) => b.model === 'badscore')).toBe(false);
  });

  it('answers 400 without model and version', async () => {
    const answer = await host.callResource({ method: 'POST', path: 'baselines/build', body: csv });
    expect(answer.code).toBe(400);
    expect(answer.json<{ details: string[] }>().details).toEqual(['parameter model is required', 'parameter version is required']);
  });
});
