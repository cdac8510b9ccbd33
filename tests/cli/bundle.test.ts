/**
 * The bundled CLI as npm's bin link runs it (`dist/cli/mldrift.js`, built by `npm run build:backend`): executable
 * on its own, not only through tsx. Its first line once went out twice (the entry's and a build banner), which Node
 * refuses as a syntax error.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../harness/pluginHost';

it('runs as an executable file and answers --help', () => {
  const result = spawnSync(path.join(REPO_ROOT, 'dist', 'cli', 'mldrift.js'), ['--help'], { encoding: 'utf8', timeout: 30_000 });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  expect(result.stdout).toMatch(/^Usage: mldrift <command>/);
});
