/** Test helpers for running the CLI in-process (used by the *.test.ts files beside it). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { CliIo } from './io';
import { main } from './main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], isTTY = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY },
    now: () => new Date('2024-06-01T08:00:00.000Z'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export interface ScratchDir {
  /** A path inside the directory. */
  path(name: string): string;
  /** Writes a file into the directory; returns its path. */
  write(name: string, text: string): string;
}

/** A temporary directory for the calling test file: made before its tests run, removed after them. */
export function scratchDirForTests(prefix: string): ScratchDir {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    path: (name) => path.join(dir, name),
    write: (name, text) => {
      const target = path.join(dir, name);
      fs.writeFileSync(target, text);
      return target;
    },
  };
}
