/**
 * The real program, as a user runs it from a checkout (`npx tsx src/cli/main.ts`): a separate process, real
 * stdout/stderr and a real exit status.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = path.join(__dirname, '../drift/baseline/__fixtures__');

function mldrift(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  // npm may print its own configuration warnings; they are not mldrift's output.
  const stderr = result.stderr
    .split('\n')
    .filter((line) => !line.startsWith('npm warn'))
    .join('\n');
  return { status: result.status, stdout: result.stdout, stderr };
}

describe('mldrift as a process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-spawn-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds a baseline, then gates on drift with exit 3, and reports bad input with exit 2', () => {
    const baseline = path.join(dir, 'baseline.json');
    const built = mldrift(['baseline', 'build', '--input', path.join(FIXTURES, 'train.csv'), '--label', 'label', '--output', baseline]);
    expect(built.stderr.trim()).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('buckets=[');

    const drift = mldrift(['compare', '--reference', baseline, '--current', path.join(FIXTURES, 'current.csv'), '--column', 'age,label', '--fail-on-drift', '--json']);
    expect(drift.status).toBe(3);
    expect(JSON.parse(drift.stdout).datasetDrift).toBe(true);

    const bad = mldrift(['compare', '--reference', baseline, '--current', path.join(dir, 'absent.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(`mldrift: ${path.join(dir, 'absent.csv')}: cannot read: no such file`);
  }, 120_000);
});
