/**
 * Identifier-like and date/time columns: skipped with a notice by `baseline build` and by `compare` (raw against
 * raw and against a baseline) unless named in --columns or kept with --keep-identifiers, so the two ways of
 * comparing the same files agree on which columns they judge.
 */
import * as fs from 'node:fs';

import { runCli, scratchDirForTests } from './testing';
import { normalSamples } from '../drift/prng';

jest.setTimeout(30_000);

const scratch = scratchDirForTests('mldrift-screen-');

/** Daily rows: an id, an ISO date, a free-text key, a temperature ~ N(shift, 5) and a weather category. */
function daily(file: string, seed: number, rows: number, firstDay: string, shift: number): string {
  const temperature = normalSamples(seed, rows, shift, 5);
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  const lines = ['id,date,key,temp,sky'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${seed * 100_000 + i},${day},k${seed}-${i},${temperature[i].toFixed(2)},${['sun', 'rain', 'cloud'][i % 3]}`);
  }
  return scratch.write(file, lines.join('\n') + '\n');
}

interface Report {
  features: Array<{ name: string; drift: boolean; method: string }>;
  skipped: Array<{ name: string; reason: string }>;
}

async function compareJson(argv: string[]): Promise<Report> {
  const run = await runCli(['compare', ...argv, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const SKIPPED = [
  { name: 'id', reason: 'identifier-like (whole numbers from 100000 to 100499, 500 distinct in 500 values)' },
  { name: 'date', reason: 'date/time values (ISO 8601: 500 of 500 distinct values)' },
  { name: 'key', reason: 'identifier-like (500 distinct in 500 values)' },
];

let reference: string;
let current: string;
let baseline: string;
beforeAll(async () => {
  reference = daily('reference.csv', 1, 500, '2020-01-01', 10);
  current = daily('current.csv', 2, 200, '2024-03-01', 10);
  baseline = scratch.path('baseline.json');
  const run = await runCli(['baseline', 'build', '--input', reference, '--output', baseline]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('note: column "date": date/time values (ISO 8601: 500 of 500 distinct values): left out (name it among the columns to keep it)');
  expect(run.stdout).toContain('note: column "id": identifier-like');
});

describe('identifier-like and date/time columns', () => {
  it('leaves them out of a built baseline', () => {
    const doc = JSON.parse(fs.readFileSync(baseline, 'utf8'));
    expect(doc.features.map((f: { name: string }) => f.name)).toEqual(['temp', 'sky']);
  });

  it('skips them alike raw against raw and against the baseline, with the same verdicts on the rest', async () => {
    const raw = await compareJson(['--reference', reference, '--current', current]);
    const binned = await compareJson(['--reference', baseline, '--current', current]);
    expect(raw.skipped).toEqual(SKIPPED);
    expect(raw.features.map((f) => [f.name, f.drift])).toEqual([
      ['temp', false],
      ['sky', false],
    ]);
    expect(binned.features.map((f) => [f.name, f.drift])).toEqual(raw.features.map((f) => [f.name, f.drift]));
  });

  it('prints the skipped columns under the table', async () => {
    const run = await runCli(['compare', '--reference', reference, '--current', current]);
    expect(run.stdout).toContain(
      'Skipped:\n  id: identifier-like (whole numbers from 100000 to 100499, 500 distinct in 500 values)\n  date: date/time values (ISO 8601: 500 of 500 distinct values)'
    );
  });

  it('keeps a column named in --columns, or all of them with --keep-identifiers', async () => {
    const named = await compareJson(['--reference', reference, '--current', current, '--columns', 'date,temp']);
    expect(named.features.map((f) => f.name)).toEqual(['date', 'temp']);
    expect(named.skipped).toEqual([]);
    const kept = await compareJson(['--reference', reference, '--current', current, '--keep-identifiers']);
    expect(kept.features.map((f) => f.name)).toEqual(['id', 'date', 'key', 'temp', 'sky']);
    const output = scratch.path('kept.json');
    expect((await runCli(['baseline', 'build', '--input', reference, '--output', output, '--keep-identifiers'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(output, 'utf8')).features.map((f: { name: string }) => f.name)).toEqual(['id', 'date', 'key', 'temp', 'sky']);
  });

  it('skips such a column held by a baseline (built with it kept) unless asked for again', async () => {
    const output = scratch.path('with-date.json');
    expect((await runCli(['baseline', 'build', '--input', reference, '--output', output, '--columns', 'date,key,temp'])).code).toBe(0);
    const report = await compareJson(['--reference', output, '--current', current]);
    expect(report.features.map((f) => f.name)).toEqual(['temp']);
    expect(report.skipped.map((s) => s.name)).toEqual(['date', 'key']);
    expect(report.skipped[0].reason).toMatch(/^date\/time values/);
    const asked = await compareJson(['--reference', output, '--current', current, '--keep-identifiers']);
    expect(asked.features.map((f) => f.name)).toEqual(['date', 'key', 'temp']);
  });
});
