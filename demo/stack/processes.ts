/**
 * Child processes of the local demo and the end-to-end test: started with their output prefixed, awaited on a
 * log line, and stopped by their own pid (never by name).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const REPOSITORY_ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first line matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Print the process's lines, prefixed with its name. */
  echo?: boolean;
}

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: StartOptions = {}
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const lineListeners = new Set<(line: string) => void>();
  let pending = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    buffer += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (options.echo) {
        console.log(`[${name}] ${line}`);
      }
      lineListeners.forEach((listener) => listener(line));
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    name,
    child,
    output: () => buffer,
    waitForLine(pattern, timeoutMs) {
      const existing = buffer.split('\n').find((line) => pattern.test(line));
      if (existing !== undefined) {
        return Promise.resolve(existing);
      }
      return new Promise((resolve, reject) => {
        const cleanup = (): void => {
          clearTimeout(timer);
          lineListeners.delete(listener);
          child.off('exit', onExit);
        };
        const listener = (line: string): void => {
          if (pattern.test(line)) {
            cleanup();
            resolve(line);
          }
        };
        const onExit = (code: number | null): void => {
          cleanup();
          reject(new Error(`${name} exited (code ${code}) before printing ${pattern}:\n${buffer.slice(-2000)}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${buffer.slice(-2000)}`));
        }, timeoutMs);
        lineListeners.add(listener);
        child.once('exit', onExit);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A TypeScript entry point of this repository, run with tsx. */
export function startTsx(name: string, entry: string, options: StartOptions = {}): ManagedProcess {
  return startProcess(name, TSX, [path.join(REPOSITORY_ROOT, entry)], options);
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx. */
export async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        return;
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError})`);
}
