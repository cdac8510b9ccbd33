/**
 * `mldrift baseline build --segment COL`: each kept segment's distributions are the counts of its own rows on the
 * shared edges and categories, computed here from the rows the test writes; the options' errors.
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCli } from './testing';
import { bucketIndex } from '../drift/baseline';
import { mulberry32 } from '../drift/prng';
import type { BaselineDocument, BaselineFeature } from '../drift/types';

jest.setTimeout(30_000);

const schemaAccepts = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/baseline.schema.json'), 'utf8'))
);
const HOSTILE = 'a"b,{c}|.*\nx';
const EDGES = [-1, 0, 1, 2];
const PLANS = ['free', 'pro', 'team'];

interface Row {
  x: number;
  plan: string;
  region: string;
}

/** eu: 300 rows around 0; the hostile region: 200 rows around 1; us: 100 rows; ap: 50 rows; 20 without a region. */
function rows(): Row[] {
  const random = mulberry32(16);
  const out: Row[] = [];
  const add = (region: string, n: number, mean: number, planWeights: number[]) => {
    for (let i = 0; i < n; i++) {
      const u = random() * planWeights.reduce((a, b) => a + b, 0);
      const plan = u < planWeights[0] ? PLANS[0] : u < planWeights[0] + planWeights[1] ? PLANS[1] : PLANS[2];
      out.push({ x: Math.round((mean + (random() + random() + random() - 1.5)) * 1000) / 1000, plan, region });
    }
  };
  add('eu', 300, 0, [6, 3, 1]);
  add(HOSTILE, 200, 1, [1, 3, 6]);
  add('us', 100, 0.5, [3, 3, 3]);
  add('ap', 50, -1, [1, 0, 0]);
  add('', 20, 2, [0, 1, 0]);
  return out;
}

function csv(data: Row[]): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return ['x,plan,region', ...data.map((r) => `${r.x},${r.plan},${quote(r.region)}`)].join('\n') + '\n';
}

/** Counts of values on right-closed buckets (-Inf, b1], …, (bm, +Inf): the segment split is what is under test here. */
function binCounts(values: number[], bounds: number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  values.forEach((v) => counts[bucketIndex(bounds, v)]++);
  return counts;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-segments-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(extra: string[]): Promise<{ code: number; stdout: string; stderr: string; doc?: BaselineDocument }> {
  const input = path.join(dir, 'train.csv');
  fs.writeFileSync(input, csv(rows()));
  const output = path.join(dir, `b${Math.random().toString(36).slice(2)}.json`);
  const result = await runCli(['baseline', 'build', '--input', input, '--output', output, '--edges', `x=${EDGES.join(',')}`, ...extra]);
  return { ...result, doc: result.code === 0 ? JSON.parse(fs.readFileSync(output, 'utf8')) : undefined };
}

function counts(feature: BaselineFeature | undefined): number[] {
  if (!feature) {
    throw new Error('no such feature');
  }
  return feature.kind === 'numeric' ? feature.histogram.counts : feature.distribution.counts;
}

describe('baseline build --segment', () => {
  it('keeps the most frequent values, each counted on the shared edges and categories from its own rows', async () => {
    const { code, stderr, stdout, doc } = await run(['--segment', 'region', '--segment-limit', '2']);
    expect([code, stderr]).toEqual([0, '']);
    expect(schemaAccepts(doc)).toBe(true);
    expect(doc!.features.map((f) => f.name)).toEqual(['x', 'plan']);
    expect(doc!.segments?.by).toBe('region');
    expect(doc!.segments?.values.map((v) => [v.value, v.rows])).toEqual([
      ['eu', 300],
      [HOSTILE, 200],
    ]);
    const shared = Object.fromEntries(doc!.features.map((f) => [f.name, f]));
    const categories = shared.plan.kind === 'categorical' ? shared.plan.distribution.categories : [];
    for (const segment of doc!.segments!.values) {
      const own = rows().filter((r) => r.region === segment.value);
      const feature = Object.fromEntries(segment.features.map((f) => [f.name, f]));
      expect(feature.x.kind === 'numeric' && feature.x.histogram.upperBounds).toEqual(EDGES);
      expect(counts(feature.x)).toEqual(binCounts(own.map((r) => r.x), EDGES));
      expect(feature.plan.kind === 'categorical' && feature.plan.distribution.categories).toEqual(categories);
      expect(counts(feature.plan)).toEqual(categories.map((c) => own.filter((r) => r.plan === c).length));
    }
    // The shared distributions still count every row.
    expect(counts(shared.x)).toEqual(binCounts(rows().map((r) => r.x), EDGES));
    expect(stdout).toContain('note: segments by "region": 2 of 4 values kept (the most rows); the other 2 count in the shared distributions only');
  });

  it('keeps ten values unless told, and the column is a feature only when named', async () => {
    const { doc } = await run(['--segment', 'region', '--columns', 'x,region']);
    expect(doc!.segments?.values.map((v) => v.value)).toEqual(['eu', HOSTILE, 'us', 'ap']);
    expect(doc!.features.map((f) => f.name)).toEqual(['x', 'region']);
  });

  it('counts a segment column that JSON Lines rows only start to have after the first', async () => {
    // The first row has no region: the reader adds the column later, to the same column list.
    const late = [{ x: 0.5 }, { x: -0.5, region: 'eu' }, { x: 0.5, region: 'eu' }, { x: 1.5, region: 'us' }];
    const input = path.join(dir, 'late.jsonl');
    fs.writeFileSync(input, late.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const output = path.join(dir, 'late.json');
    const result = await runCli(['baseline', 'build', '--input', input, '--output', output, '--edges', `x=${EDGES.join(',')}`, '--segment', 'region']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const doc = JSON.parse(fs.readFileSync(output, 'utf8')) as BaselineDocument;
    expect(doc.segments?.values.map((v) => [v.value, v.rows, counts(v.features[0])])).toEqual([
      ['eu', 2, binCounts([-0.5, 0.5], EDGES)],
      ['us', 1, binCounts([1.5], EDGES)],
    ]);
  });

  it.each([
    [['--segment-limit', '3'], /--segment-limit goes with --segment/],
    [['--segment', 'region', '--segment-limit', '51'], /--segment-limit/],
    [['--segment', 'regoin'], /no column named "regoin"/],
  ])('refuses %p', async (extra, message) => {
    const { code, stderr } = await run(extra);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
