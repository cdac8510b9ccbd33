/** Test helpers for running the CLI in-process (used by the *.test.ts files beside it). */
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
