/**
 * The PyData example exporter (`exporter.py`, the real `prometheus_client` from PyPI) as a scrape target: a
 * virtual environment under `.cache/` made once and reused, the exporter started on a free port, "shift" sent
 * over its stdin to make its predictions drift, and the process stopped by its own pid.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../harness/pluginHost';
import type { ShiftingExporter } from '../shiftingExporter';

/** Pinned, so every run exposes the same text format. */
export const PROMETHEUS_CLIENT = 'prometheus_client==0.26.0';
const VENV = path.join(REPO_ROOT, '.cache', 'pydata-venv');
const VENV_PYTHON = path.join(VENV, 'bin', 'python');

export function pythonAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import venv'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
}

/** The virtual environment's python with prometheus_client installed. */
export function pydataPython(): string {
  if (!existsSync(VENV_PYTHON)) {
    run('python3', ['-m', 'venv', VENV]);
  }
  if (spawnSync(VENV_PYTHON, ['-m', 'pip', 'show', 'prometheus_client'], { encoding: 'utf8' }).stdout.includes(`Version: ${PROMETHEUS_CLIENT.split('==')[1]}`)) {
    return VENV_PYTHON;
  }
  run(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PROMETHEUS_CLIENT]);
  return VENV_PYTHON;
}

export async function startPydataExporter(): Promise<ShiftingExporter> {
  const child = spawn(pydataPython(), [path.join(__dirname, 'exporter.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the exporter did not start within 30 s: ${stderr.join('')}`)), 30_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    void exited.then(() => reject(new Error(`the exporter exited: ${stderr.join('')}`)));
  });
  return {
    address: `127.0.0.1:${port}`,
    shiftTo: () => {
      child.stdin.write('shift\n');
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
