/**
 * A crash mid-write never leaves a partial baseline: upload large baselines in a loop, SIGKILL the
 * executable at a random moment, restart it on the same data directory and check that every stored file
 * is one complete document that was sent (the old or the new one), and that leftovers are cleaned.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost } from '../harness/pluginHost';
import { baselineFixture } from '../../src/backend/testing/baselineFixture';
import { validateBaseline } from '../../src/drift/baseline/validate';

const ROUNDS = 6;
const IDS = ['big@v1', 'big@v2', 'big@v3'];

let dataDir: string;
const storeDir = () => path.join(dataDir, 'plugins', 'mlops-drift-datasource', 'ds-test', 'baselines');

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-crash-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** A large document whose first count tells which upload it came from. */
function variant(id: string, marker: number) {
  const [model, version] = id.split('@');
  const doc = baselineFixture({ model, version, numericFeatures: 300, categoricalFeatures: 20, bins: 120 });
  const first = doc.features[0];
  if (first.kind === 'numeric') {
    first.histogram.counts[0] = marker;
  }
  return doc;
}

function markerOf(doc: ReturnType<typeof variant>): number {
  const first = doc.features[0];
  return first.kind === 'numeric' ? first.histogram.counts[0] : -1;
}

it('leaves only complete baselines after SIGKILL at random points', async () => {
  const sent = new Map<string, Set<number>>(IDS.map((id) => [id, new Set<number>()]));
  let marker = 1000;
  let killedWhileWriting = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const host = await PluginHost.start({ dataDir });
    const uploads: Array<Promise<unknown>> = [];
    let stop = false;
    // Several writers per id, so concurrent writes of the same id are exercised too.
    for (let writer = 0; writer < 6; writer++) {
      uploads.push(
        (async () => {
          while (!stop) {
            const id = IDS[writer % IDS.length];
            const m = marker++;
            sent.get(id)!.add(m);
            await host.callResource({ method: 'POST', path: 'baselines', body: variant(id, m) }).catch(() => undefined);
          }
        })()
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
    const hidden = readdirSync(storeDir()).filter((name) => name.startsWith('.'));
    killedWhileWriting += hidden.length > 0 ? 1 : 0;
    host.child.kill('SIGKILL');
    stop = true;
    await Promise.all(uploads);
    await host.dispose();
  }

  // Every visible file is a whole, valid document that one of the uploads sent.
  const files = readdirSync(storeDir()).filter((name) => !name.startsWith('.'));
  expect(files.sort()).toEqual(IDS.map((id) => `${id}.json`).sort());
  for (const file of files) {
    const doc = JSON.parse(readFileSync(path.join(storeDir(), file), 'utf8'));
    expect(validateBaseline(doc).ok).toBe(true);
    const id = `${doc.model}@${doc.version}`;
    expect(file).toBe(`${id}.json`);
    expect(sent.get(id)!.has(markerOf(doc))).toBe(true);
  }

  // A restarted plugin lists nothing corrupt and clears the leftovers of killed writes on its next write.
  const host = await PluginHost.start({ dataDir });
  try {
    const listed = (await host.callResource({ method: 'GET', path: 'baselines' })).json<{ baselines: Array<{ id: string; corrupt?: string }> }>();
    expect(listed.baselines.map((b) => [b.id, b.corrupt])).toEqual(IDS.map((id) => [id, undefined]));
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: variant('big@v1', 1) })).code).toBe(201);
    expect(readdirSync(storeDir()).filter((name) => name.startsWith('.'))).toEqual([]);
  } finally {
    await host.dispose();
  }
  // Not an assertion on timing: it tells whether the kills really hit writes in progress.
  process.stderr.write(`crash test: ${killedWhileWriting}/${ROUNDS} kills happened with a write in progress\n`);
});
