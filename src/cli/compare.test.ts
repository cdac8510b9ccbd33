/**
 * `mldrift compare` in-process: numbers against scipy (raw files), the JSON shape, CI exit codes on shifted and
 * unshifted data, and one-line errors naming file, line and column.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { formatNumber } from './format';
import { runCli } from './testing';
import { normalSamples, uniformSamples } from '../drift/prng';

// Whole-file builds and 200 000-value sketches: allow for a loaded CI machine.
jest.setTimeout(30_000);

const FIXTURES = path.join(__dirname, '../drift/baseline/__fixtures__');
const TRAIN = path.join(FIXTURES, 'train.csv');
const CURRENT = path.join(FIXTURES, 'current.csv');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'));

let dir: string;
let baseline: string;

/** A CSV of `rows` rows: x ~ N(shift, 1), colour from a fixed mix, made from the shared seeded generator. */
function writeData(file: string, seed: number, rows: number, shift: number): string {
  const x = normalSamples(seed, rows, shift, 1);
  const u = uniformSamples(seed + 1, rows);
  const lines = ['x,colour'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${x[i]},${u[i] < 0.6 ? 'red' : u[i] < 0.9 ? 'green' : 'blue'}`);
  }
  const target = path.join(dir, file);
  fs.writeFileSync(target, lines.join('\n') + '\n');
  return target;
}

function write(file: string, text: string): string {
  const target = path.join(dir, file);
  fs.writeFileSync(target, text);
  return target;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-compare-'));
  const reference = writeData('reference.csv', 1, 20_000, 0);
  baseline = path.join(dir, 'baseline.json');
  const run = await runCli(['baseline', 'build', '--input', reference, '--output', baseline]);
  expect(run.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('mldrift compare', () => {
  it('reproduces scipy’s ks_2samp and chi2_contingency on two raw files', async () => {
    const run = await runCli(['compare', '--reference', TRAIN, '--current', CURRENT, '--column', 'age,income', '--column', 'label', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    for (const feature of report.features) {
      const wanted = expected.rawComparison[feature.name];
      expect(Math.abs(feature.statistic - wanted.statistic)).toBeLessThanOrEqual(1e-9 * wanted.statistic);
      expect(Math.abs(feature.pValue - wanted.pValue)).toBeLessThanOrEqual(1e-6 * wanted.pValue);
    }
    expect(report.features.map((f: { method: string }) => f.method)).toEqual(['ks', 'ks', 'chi2']);
  });

  it('prints the JSON shape CI scripts read', async () => {
    const current = writeData('same.csv', 11, 5_000, 0);
    const run = await runCli(['compare', '--reference', baseline, '--current', current, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['features', 'skipped', 'driftShare', 'datasetDrift']);
    expect(report.skipped).toEqual([]);
    expect(report.features.map((f: { name: string }) => f.name)).toEqual(['x', 'colour']);
    for (const feature of report.features) {
      expect(Object.keys(feature)).toEqual(expect.arrayContaining(['name', 'method', 'statistic', 'threshold', 'drift']));
      // Large reference: distances (no p-value), with the baseline's data-driven thresholds.
      expect(feature.pValue).toBeUndefined();
      expect(typeof feature.statistic).toBe('number');
    }
    expect(report.features[0].method).toBe('psi');
    expect(report.features[1].method).toBe('js');
  });

  it('exits 0 on data from the same population and 3 on shifted data with --fail-on-drift', async () => {
    const same = writeData('same2.csv', 21, 2_000, 0);
    const shifted = writeData('shifted.csv', 31, 2_000, 1);
    const calm = await runCli(['compare', '--reference', baseline, '--current', same, '--fail-on-drift']);
    expect(calm.code).toBe(0);
    expect(calm.stdout).toContain('dataset drift: no');
    const drifted = await runCli(['compare', '--reference', baseline, '--current', shifted, '--fail-on-drift', '--column', 'x']);
    expect(drifted.code).toBe(3);
    expect(drifted.stdout).toMatch(/^x\s+psi\s+\S+\s+-\s+\S+\s+DRIFT/m);
    // A shift up by one standard deviation: the top contributor is a bucket of the upper tail, open above.
    expect(drifted.stdout).toMatch(/^x\s.*\(\S+, \+Inf\] \d+ %$/m);
    const json = JSON.parse((await runCli(['compare', '--reference', baseline, '--current', shifted, '--column', 'x', '--json'])).stdout);
    const top = json.features[0].topContributors as Array<{ bin: string; share: number }>;
    expect(top).toHaveLength(3);
    expect(top[0].bin).toMatch(/\+Inf\]$/);
    expect(top[0].share).toBeGreaterThan(top[1].share);
    // Without the flag the verdict is printed but the exit code stays 0.
    expect((await runCli(['compare', '--reference', baseline, '--current', shifted])).code).toBe(0);
  });

  it('marks KS against a baseline as a lower bound in the table and names its upper bound', async () => {
    const shifted = writeData('ks-bound.csv', 61, 2_000, 0.3);
    const run = await runCli(['compare', '--reference', baseline, '--current', shifted, '--columns', 'x', '--method', 'ks']);
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCli(['compare', '--reference', baseline, '--current', shifted, '--columns', 'x', '--method', 'ks', '--json'])).stdout);
    const [x] = json.features;
    expect(x.statisticUpperBound).toBeGreaterThan(x.statistic);
    expect(run.stdout).toMatch(new RegExp(`^x\\s+ks\\s+≥${formatNumber(x.statistic)}\\s`, 'm'));
    expect(run.stdout).toContain(
      `  x: ks ≥ ${formatNumber(x.statistic)}: a lower bound, measured at the baseline's bucket edges; the raw data's D is at most ${formatNumber(x.statisticUpperBound)}`
    );
    // Raw against raw, KS is exact: no bound.
    const raw = await runCli(['compare', '--reference', path.join(dir, 'reference.csv'), '--current', shifted, '--columns', 'x', '--method', 'ks']);
    expect(raw.stdout).toMatch(/^x\s+ks\s+\d/m);
    expect(raw.stdout).not.toContain('≥');
  });

  it('skips a categorical column with a numeric-only method and still compares (and gates on) the others', async () => {
    const reference = path.join(dir, 'reference.csv');
    const shifted = writeData('ks-skip.csv', 71, 2_000, 1);
    for (const ref of [reference, baseline]) {
      const run = await runCli(['compare', '--reference', ref, '--current', shifted, '--method', 'ks', '--fail-on-drift']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/^x\s+ks\s+\S+\s+\S+\s+0.05\s+DRIFT/m);
      expect(run.stdout).not.toMatch(/^colour\s/m);
      expect(run.stdout).toContain('Skipped:\n  colour: ks needs numeric data, the column is categorical');
      expect(run.stdout).toContain('Drifted features: 1 of 1');
      const json = JSON.parse((await runCli(['compare', '--reference', ref, '--current', shifted, '--method', 'ks', '--json'])).stdout);
      expect(json.features.map((f: { name: string }) => f.name)).toEqual(['x']);
      expect(json.skipped).toEqual([{ name: 'colour', reason: 'ks needs numeric data, the column is categorical' }]);
    }
  });

  it('prints an aligned table with a header, one row per feature, and the dataset verdict', async () => {
    const current = writeData('table.csv', 41, 1_000, 0);
    const run = await runCli(['compare', '--reference', baseline, '--current', current, '--method', 'hellinger']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^feature\s+method\s+statistic\s+p-value\s+threshold\s+drift\s+n ref\/cur\s+top contributor$/);
    expect(lines[2]).toMatch(/^x\s+hellinger\s/);
    expect(lines[3]).toMatch(/^colour\s+hellinger\s/);
    // Columns line up: every row's "method" starts where the header's does.
    const column = lines[0].indexOf('method');
    expect(lines[2].indexOf('hellinger')).toBe(column);
    expect(run.stdout).toMatch(/Drifted features: \d of 2/);
  });
});

describe('mldrift errors (exit 2, one line, file/line/column)', () => {
  async function fails(argv: string[], message: string | RegExp): Promise<void> {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }

  it('names the line and column of a non-numeric value in a numeric column', async () => {
    const bad = write('bad-number.csv', 'x,colour\n1,red\n2,green\nabc,red\n');
    await fails(['compare', '--reference', baseline, '--current', bad], `${bad}, line 4: column 1 "x": expected a number (the reference column is numeric), got "abc"`);
  });

  it('names the line of a ragged row', async () => {
    const ragged = write('ragged.csv', 'x,colour\n1,red\n2\n');
    await fails(['compare', '--reference', baseline, '--current', ragged], `${ragged}, line 3: expected 2 fields as in the header, got 1`);
    await fails(['baseline', 'build', '--input', ragged, '--output', path.join(dir, 'o.json')], 'line 3: expected 2 fields');
  });

  it('refuses empty files, header-only files and missing columns', async () => {
    const empty = write('empty.csv', '');
    const headerOnly = write('header.csv', 'x,colour\n');
    const noColour = write('nocolour.csv', 'x\n1\n');
    await fails(['baseline', 'build', '--input', empty, '--output', path.join(dir, 'o.json')], `${empty}: the file is empty`);
    await fails(['compare', '--reference', baseline, '--current', headerOnly], `${headerOnly}: the file has no data rows`);
    await fails(['compare', '--reference', baseline, '--current', noColour], `${noColour}: no column named "colour" (the reference has it)`);
    await fails(['baseline', 'build', '--input', noColour, '--columns', 'y', '--output', path.join(dir, 'o.json')], 'no column named "y"');
  });

  it('refuses unknown methods, options and commands, and conflicting options', async () => {
    await fails(['compare', '--reference', baseline, '--current', baseline, '--method', 'magic'], /--method: unknown method "magic" \(methods: psi, kl/);
    await fails(['compare', '--reference', baseline, '--verbose'], /compare: Unknown option '--verbose'/);
    await fails(['frobnicate'], 'unknown command "frobnicate"');
    await fails(['baseline', 'build', '--input', TRAIN, '--output', 'o.json', '--bins', '5', '--edges', '1,2'], 'give --bins or --edges, not both');
    await fails(['baseline', 'build', '--input', TRAIN, '--output', 'o.json', '--edges', '3,1'], 'bounds must be strictly increasing (3 then 1)');
    await fails(['baseline', 'build', '--input', TRAIN], '--output is required');
  });

  it('compares against a version-1 baseline file as against the same document in version 2', async () => {
    const current = writeData('shifted-for-v1.csv', 5, 2_000, 0.5);
    const v2 = JSON.parse(fs.readFileSync(baseline, 'utf8'));
    expect(v2.schemaVersion).toBe(2);
    const v1 = write('version-1.json', JSON.stringify({ ...v2, schemaVersion: 1 }));
    const [old, now] = await Promise.all([v1, baseline].map((reference) => runCli(['compare', '--reference', reference, '--current', current, '--json'])));
    expect([old.code, old.stderr]).toEqual([now.code, now.stderr]);
    const report = JSON.parse(old.stdout);
    expect(report.features.map((f: { name: string }) => f.name)).toEqual(['x', 'colour']);
    expect(report).toEqual(JSON.parse(now.stdout));
  });

  it('refuses unreadable files and invalid baselines', async () => {
    const missing = path.join(dir, 'nope.csv');
    await fails(['compare', '--reference', baseline, '--current', missing], `${missing}: cannot read: no such file`);
    await fails(['compare', '--reference', baseline, '--current', dir], `${dir}: not a regular file`);
    const broken = write('broken.json', '{"schemaVersion": 1,');
    await fails(['compare', '--reference', broken, '--current', TRAIN], `${broken}: invalid JSON`);
    const wrong = write('wrong.json', JSON.stringify({ schemaVersion: 9, model: 'm', version: '1', createdAt: 'x', features: [] }));
    await fails(['compare', '--reference', wrong, '--current', TRAIN], `${wrong}: not a valid baseline: schemaVersion: expected 1 or 2, got 9; createdAt`);
    const badJsonl = write('bad.jsonl', '{"x": 1}\n{"x": \n');
    await fails(['baseline', 'build', '--input', badJsonl, '--output', path.join(dir, 'o.json')], `${badJsonl}, line 2: invalid JSON`);
  });

  it('keeps a message on one line when the data puts newlines or escape codes in names', async () => {
    const hostile = write('hostile.csv', '"evil\nname\u001b[2J",x\n1,2\n');
    await fails(['baseline', 'build', '--input', hostile, '--columns', 'zzz', '--output', path.join(dir, 'o.json')], /evil\\u000aname\\u001b\[2J/);
  });

  it('refuses a current column with no usable value rather than reporting a number', async () => {
    const empty = write('allmissing.csv', 'x,colour\n,red\nNA,blue\n');
    await fails(['compare', '--reference', baseline, '--current', empty], /allmissing.csv: column "x": .*no usable values/);
  });

  it('refuses a method that fits none of the chosen columns, naming them', async () => {
    const current = writeData('fit.csv', 51, 500, 0);
    await fails(
      ['compare', '--reference', baseline, '--current', current, '--method', 'wasserstein', '--column', 'colour'],
      `${baseline}: no feature to compare (skipped: "colour": wasserstein needs numeric data, the column is categorical)`
    );
  });
});

describe('help', () => {
  it.each([
    [['--help'], 'Usage: mldrift <command>'],
    [['baseline', 'build', '--help'], 'Usage: mldrift baseline build'],
    [['compare', '-h'], 'Usage: mldrift compare'],
  ])('%j prints usage and exits 0', async (argv, text) => {
    const run = await runCli(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(text);
  });
});
