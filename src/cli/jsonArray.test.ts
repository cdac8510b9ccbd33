/**
 * `.json` data files: one JSON array of flat objects, read as rows by both commands (and told apart from a
 * baseline by its first character); anything else gets a message saying what is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { MAX_JSON_ARRAY_BYTES } from '../tabular/readers';
import { runCli, scratchDirForTests } from './testing';

jest.setTimeout(30_000);

const scratch = scratchDirForTests('mldrift-json-');
const write = scratch.write;

async function built(input: string): Promise<unknown> {
  const output = scratch.path(`${path.basename(input)}.baseline.json`);
  const run = await runCli(['baseline', 'build', '--input', input, '--output', output, '--edges', '2']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(fs.readFileSync(output, 'utf8')).features;
}

async function failsWith(argv: string[], message: string | RegExp): Promise<void> {
  const run = await runCli(argv);
  if (typeof message === 'string') {
    expect(run.stderr.trim()).toBe(`mldrift: ${message}`);
  } else {
    expect(run.stderr.trim()).toMatch(message);
  }
  expect(run.code).toBe(2);
}

const ROWS = [
  { x: 1.5, c: 'a' },
  { x: 2, c: 'b' },
  { c: 'a', x: null },
  { x: 7, c: 'a' },
];

describe('JSON array input', () => {
  it('builds the same baseline from a JSON array as from the equivalent CSV and JSON Lines', async () => {
    const csv = write('rows.csv', 'x,c\n1.5,a\n2,b\n,a\n7,a\n');
    const jsonl = write('rows.jsonl', ROWS.map((row) => JSON.stringify(row)).join('\n'));
    const array = write('rows.json', `\ufeff ${JSON.stringify(ROWS, null, 2)}\n`);
    const fromCsv = await built(csv);
    expect(await built(jsonl)).toEqual(fromCsv);
    expect(await built(array)).toEqual(fromCsv);
  });

  it('compares JSON arrays as reference and as current data', async () => {
    const reference = write('ref.json', JSON.stringify(ROWS));
    const current = write('cur.json', JSON.stringify([{ x: 1, c: 'a' }, { x: 3, c: 'b' }, { x: 9, c: 'b' }]));
    const run = await runCli(['compare', '--reference', reference, '--current', current, '--method', 'psi', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.features.map((f: { name: string }) => f.name)).toEqual(['x', 'c']);
  });

  it('says what it reads when a .json file is not an array of flat objects', async () => {
    const out = scratch.path('o.json');
    const object = write('object.json', '{"x": 1}');
    await failsWith(
      ['baseline', 'build', '--input', object, '--output', out],
      `${object}: expected a JSON array of flat objects ([{"column": value, …}, …]); for one object per line name the file .jsonl or .ndjson`
    );
    const nested = write('nested.json', '[{"x": 1}, {"x": [2]}]');
    await failsWith(['baseline', 'build', '--input', nested, '--output', out], `${nested}: array element 2: column "x": nested objects and arrays are not supported`);
    const scalar = write('scalar.json', '[{"x": 1}, 5]');
    await failsWith(['baseline', 'build', '--input', scalar, '--output', out], `${scalar}: array element 2: expected a flat JSON object`);
    const broken = write('broken.json', '[{"x": 1},');
    await failsWith(['baseline', 'build', '--input', broken, '--output', out], /broken\.json: invalid JSON \(.+\); a \.json data file is one JSON array of flat objects$/);
  });

  it('refuses a JSON array over the documented size limit before reading it', async () => {
    const huge = scratch.path('huge.json');
    fs.writeFileSync(huge, '[');
    fs.truncateSync(huge, MAX_JSON_ARRAY_BYTES + 1); // sparse: nothing is written
    await failsWith(
      ['baseline', 'build', '--input', huge, '--output', scratch.path('o.json')],
      `${huge}: a JSON array is read whole, up to ${MAX_JSON_ARRAY_BYTES} bytes; this file has ${MAX_JSON_ARRAY_BYTES + 1}: use JSON Lines (.jsonl) or CSV, which are streamed`
    );
  });

  it('names the formats it reads for any other file type', async () => {
    const parquet = write('data.parquet', 'PAR1');
    await failsWith(
      ['baseline', 'build', '--input', parquet, '--output', scratch.path('o.json')],
      `${parquet}: unsupported file type ".parquet" (mldrift reads .csv, .tsv, .jsonl or .ndjson (JSON Lines) and .json (an array of flat objects))`
    );
  });
});
