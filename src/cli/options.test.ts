/**
 * Options as people type them: negative numbers after an option, one spelling of --columns with its alias, and
 * empty or unusable values reported as bad input (exit 2), never as an internal error.
 */
import * as fs from 'node:fs';

import { runCli, scratchDirForTests } from './testing';
import type { BaselineDocument } from '../drift/types';

jest.setTimeout(30_000);

const scratch = scratchDirForTests('mldrift-options-');
const write = scratch.write;

/** x from -3 to 2 and a colour, six rows. */
const SMALL = 'x,y,colour\n-3,1,red\n-2,2,blue\n-1.5,3,red\n0,4,blue\n1,5,red\n2,6,red\n';

async function buildDoc(argv: string[]): Promise<BaselineDocument> {
  const output = scratch.path(`b${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(['baseline', 'build', '--output', output, ...argv]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(fs.readFileSync(output, 'utf8'));
}

async function failsWith(argv: string[], message: string | RegExp): Promise<void> {
  const run = await runCli(argv);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toContain('internal error');
  expect(run.code).toBe(2);
}

describe('option values that start with "-"', () => {
  it('takes --edges -2,-1,0,1 as written, separate or after "="', async () => {
    const input = write('neg.csv', SMALL);
    for (const edges of [['--edges', '-2,-1,0,1'], ['--edges=-2,-1,0,1']]) {
      const doc = await buildDoc(['--input', input, '--columns', 'x', ...edges]);
      expect(doc.features[0]).toMatchObject({ histogram: { upperBounds: [-2, -1, 0, 1], counts: [2, 1, 1, 1, 1] } });
    }
    const perColumn = await buildDoc(['--input', input, '--columns', 'x', '--edges', 'x=-2.5,-.5']);
    expect(perColumn.features[0]).toMatchObject({ histogram: { upperBounds: [-2.5, -0.5], counts: [1, 2, 3] } });
  });

  it('reads negative numbers given to numeric options as values, and checks their range', async () => {
    const input = write('range.csv', SMALL);
    await failsWith(['baseline', 'build', '--input', input, '--output', 'o.json', '--bins', '-3'], /--bins: expected a whole number from 2 to 257, got "-3"/);
    await failsWith(['baseline', 'build', '--input', input, '--output', 'o.json', '--chunks', '-1'], /--chunks: expected a whole number/);
    await failsWith(['baseline', 'build', '--input', input, '--output', 'o.json', '--max-categories', '-1'], /--max-categories: expected a whole number/);
    await failsWith(['compare', '--reference', input, '--current', input, '--threshold', '-0.5'], /--threshold: expected a non-negative number, got "-0.5"/);
    await failsWith(['compare', '--reference', input, '--current', input, '--drift-share', '-.5'], /--drift-share: expected a number in \(0, 1\], got "-.5"/);
  });

  it('still sees a following option as an option, not as a value', async () => {
    await failsWith(['baseline', 'build', '--input', '--output', 'o.json'], /--input.* argument is ambiguous|--input/);
    await failsWith(['compare', '--reference', 'a.csv', '--current', '--json'], /--current/);
    await failsWith(['compare', '--reference', 'a.csv', '--current', 'b.csv', '--edges', '-1'], /Unknown option '--edges'/);
  });
});

describe('--columns, with --column as its alias', () => {
  it('selects columns with either spelling in both commands', async () => {
    const input = write('cols.csv', SMALL);
    expect((await buildDoc(['--input', input, '--columns', 'y'])).features.map((f) => f.name)).toEqual(['y']);
    expect((await buildDoc(['--input', input, '--column', 'y', '--column=colour'])).features.map((f) => f.name)).toEqual(['y', 'colour']);
    for (const spelling of ['--columns', '--column']) {
      const run = await runCli(['compare', '--reference', input, '--current', input, spelling, 'x,y', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).features.map((f: { name: string }) => f.name)).toEqual(['x', 'y']);
    }
  });

  it('shows --columns in both helps', async () => {
    for (const argv of [['compare', '--help'], ['baseline', 'build', '--help']]) {
      const help = (await runCli(argv)).stdout;
      expect(help).toMatch(/^ {2}--columns a,b/m);
      expect(help).not.toMatch(/^ {2}--column /m);
    }
  });
});

describe('empty and unusable values (exit 2)', () => {
  it('refuses an empty value for any option', async () => {
    const input = write('empty-values.csv', SMALL);
    const build = ['baseline', 'build', '--input', input, '--output', scratch.path('o.json')];
    await failsWith([...build, '--version', ''], /baseline build: --version is empty/);
    await failsWith([...build, '--model', ' '], /baseline build: --model is empty/);
    await failsWith([...build, '--columns', ''], /baseline build: --columns is empty/);
    await failsWith([...build, '--label='], /baseline build: --label is empty/);
    await failsWith(['compare', '--reference', input, '--current', input, '--method', ''], /compare: --method is empty/);
  });

  it('refuses a model or version that cannot name a stored baseline', async () => {
    const input = write('ids.csv', SMALL);
    const build = ['baseline', 'build', '--input', input, '--output', scratch.path('o.json')];
    await failsWith([...build, '--model', 'a@b'], /--model: "a@b" may not contain "@"/);
    await failsWith([...build, '--version', ' 1.0'], /--version: " 1.0" starts or ends with white space/);
    await failsWith([...build, '--version', 'v\u0007'], /--version: .*control characters/);
    await failsWith([...build, '--model', 'm\ud800'], /--model: .*lone UTF-16 surrogate/);
    await failsWith([...build, '--model', 'm'.repeat(150), '--version', 'v'.repeat(60)], /model@version has 211 characters; a baseline id has at most 200/);
    const atName = write('train@2.csv', SMALL);
    await failsWith(['baseline', 'build', '--input', atName, '--output', scratch.path('o.json')], /--model: "train@2.csv" may not contain "@".* \(the default model is the input file's name: give --model\)/);
  });
});
