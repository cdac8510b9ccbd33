import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeDirectories } from './atomicFile';

describe('makeDirectories', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mkdirs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes every missing level, and accepts one that exists', async () => {
    const deep = path.join(root, 'a', 'b', 'c');
    await makeDirectories(deep, 0o750);
    expect(statSync(deep).isDirectory()).toBe(true);
    await expect(makeDirectories(deep, 0o750)).resolves.toBeUndefined();
  });

  it('fails at once where a level cannot be made', async () => {
    writeFileSync(path.join(root, 'file'), 'x');
    await expect(makeDirectories(path.join(root, 'file', 'below'), 0o750)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // procfs answers ENOENT for every new name; Node's recursive mkdir retried that forever.
  (process.platform === 'linux' ? it : it.skip)('fails at once under /proc instead of spinning', async () => {
    await expect(makeDirectories('/proc/no-such-dir/baselines', 0o750)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
