/**
 * `mldrift baseline build` on the awkward fixture CSV (BOM, CRLF, quoted commas and newlines, missing and
 * non-finite values), checked against figures computed independently with numpy
 * (`src/drift/baseline/__fixtures__/make_train_fixture.py` → expected.json).
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCli } from './testing';
import type { BaselineDocument, BaselineFeature } from '../drift/types';

// Whole-file builds and 200 000-value sketches: allow for a loaded CI machine.
jest.setTimeout(30_000);

const FIXTURES = path.join(__dirname, '../drift/baseline/__fixtures__');
const TRAIN = path.join(FIXTURES, 'train.csv');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'));
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/baseline.schema.json'), 'utf8'));

interface ExpectedNumeric {
  n: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  quantiles: number[];
  upperBounds: number[];
  counts: number[];
  missing: number;
  nonFinite: number;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-build-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function build(extra: string[]): Promise<{ doc: BaselineDocument; stdout: string }> {
  const output = path.join(dir, `b${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(['baseline', 'build', '--input', TRAIN, '--output', output, ...extra]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { doc: JSON.parse(fs.readFileSync(output, 'utf8')), stdout: run.stdout };
}

function find(doc: BaselineDocument, name: string): BaselineFeature {
  const feature = [...doc.features, doc.prediction, doc.label].find((f) => f?.name === name);
  if (feature === undefined) {
    throw new Error(`feature ${name} missing`);
  }
  return feature;
}

function expectClose(actual: number, wanted: number): void {
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(wanted)));
}

function expectNumeric(feature: BaselineFeature, wanted: ExpectedNumeric): void {
  if (feature.kind !== 'numeric') {
    throw new Error(`${feature.name} should be numeric`);
  }
  expect(feature.summary.n).toBe(wanted.n);
  expect([feature.summary.min, feature.summary.max]).toEqual([wanted.min, wanted.max]);
  expectClose(feature.summary.mean, wanted.mean);
  expectClose(feature.summary.std, wanted.std);
  feature.summary.quantiles.values.forEach((value, i) => expectClose(value, wanted.quantiles[i]));
  expect(feature.summary.quantiles.levels).toEqual(expected.levels);
  expect(feature.histogram).toEqual({ upperBounds: wanted.upperBounds, counts: wanted.counts });
  expect([feature.missing, feature.nonFinite]).toEqual([wanted.missing, wanted.nonFinite]);
}

describe('mldrift baseline build', () => {
  it('matches numpy on summaries, quantiles, equal-mass edges and exact bucket counts', async () => {
    const { doc } = await build(['--categorical', 'zip', '--prediction', 'score', '--label', 'label', '--model', 'churn', '--version', '3']);
    expect(doc).toMatchObject({ schemaVersion: 2, model: 'churn', version: '3', createdAt: '2024-06-01T08:00:00.000Z' });
    expect(doc.source).toEqual({ kind: 'file', description: 'train.csv', rows: expected.rows });
    expect(doc.features.map((f) => f.name)).toEqual(['age', 'income', 'clicks', 'city', 'zip']);
    for (const name of ['age', 'income', 'clicks']) {
      expectNumeric(find(doc, name), expected.features[name]);
    }
    expectNumeric(find(doc, 'score'), expected.prediction);
    for (const name of ['city', 'zip']) {
      const wanted = expected.features[name];
      expect(find(doc, name)).toMatchObject({
        kind: 'categorical',
        distribution: { categories: wanted.categories, counts: wanted.counts },
        n: wanted.n,
        missing: 0,
      });
    }
    expect(find(doc, 'label')).toMatchObject({
      distribution: { categories: expected.label.categories, counts: expected.label.counts },
    });
    expect(doc.classNames).toEqual([...expected.label.categories].sort());
  });

  it('writes a document the JSON Schema accepts, with data-driven thresholds per feature', async () => {
    const { doc } = await build(['--label', 'label']);
    const validate = new Ajv2020({ strict: true }).compile(schema);
    expect(validate(doc)).toBe(true);
    for (const feature of doc.features) {
      expect(feature.thresholds?.[feature.kind === 'numeric' ? 'psi' : 'js']).toBeGreaterThan(0);
    }
    expect(JSON.stringify(doc).length).toBeLessThan(8 * 1024);
  });

  it('counts exactly on explicit edges, per column or for all', async () => {
    const { doc } = await build(['--columns', 'age', '--edges', `age=${expected.explicitEdges.join(',')}`]);
    expect(doc.features.map((f) => f.name)).toEqual(['age']);
    const age = find(doc, 'age');
    expect(age.kind === 'numeric' && age.histogram).toEqual({
      upperBounds: expected.features.ageExplicitEdges.upperBounds,
      counts: expected.features.ageExplicitEdges.counts,
    });
  });

  it('prints the bucket bounds ready for prometheus_client and prom-client', async () => {
    const { stdout } = await build(['--columns', 'age']);
    const bounds = expected.features.age.upperBounds.join(', ');
    expect(stdout).toContain(`Python prometheus_client: buckets=[${bounds}]`);
    expect(stdout).toContain(`Node prom-client:         buckets: [${bounds}]`);
  });

  it('gives the same baseline from JSON Lines as from the equivalent CSV', async () => {
    const csv = path.join(dir, 'same.csv');
    const jsonl = path.join(dir, 'same.jsonl');
    fs.writeFileSync(csv, 'x,c\n1.5,a\n2,b\n,a\n7,"a"\n');
    fs.writeFileSync(jsonl, '{"x":1.5,"c":"a"}\n{"x":2,"c":"b"}\n{"c":"a"}\n\n{"x":7,"c":"a"}\n');
    const docs = [];
    for (const input of [csv, jsonl]) {
      const output = path.join(dir, `${path.basename(input)}.json`);
      expect((await runCli(['baseline', 'build', '--input', input, '--output', output, '--edges', '2'])).code).toBe(0);
      docs.push(JSON.parse(fs.readFileSync(output, 'utf8')));
    }
    expect(docs[1].features).toEqual(docs[0].features);
    expect(docs[0].features[0]).toMatchObject({ histogram: { upperBounds: [2], counts: [2, 1] }, missing: 1 });
  });
});

describe('notes on how the numbers were obtained', () => {
  it('says the bucket edges come from the sketch only when they do, not when --edges fixes them', async () => {
    const input = path.join(dir, 'sketched.csv');
    // 5 000 distinct values: past the sketch's exact range, so quantiles are sketched.
    fs.writeFileSync(input, ['x', ...Array.from({ length: 5000 }, (_, i) => String((i * 7919) % 5000 / 10))].join('\n') + '\n');
    const run = async (extra: string[]) => {
      const output = path.join(dir, `sketch${extra.length}.json`);
      const result = await runCli(['baseline', 'build', '--input', input, '--output', output, ...extra]);
      expect(result.code).toBe(0);
      return result.stdout;
    };
    expect(await run([])).toContain('note: column "x": quantiles and bucket edges from a sketch (rank error below 0.5 %); bucket counts are exact');
    const fixed = await run(['--edges', '100,200,300']);
    expect(fixed).not.toContain('bucket edges from a sketch');
    expect(fixed).toContain('note: column "x": quantiles from a sketch (rank error below 0.5 %); bucket edges as given; bucket counts are exact');
  });
});
