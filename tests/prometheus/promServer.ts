/**
 * A real Prometheus for tests and benchmarks: started on 127.0.0.1 on a free port with a temporary data
 * directory and configuration, optionally pre-filled with hours of history by backfilling OpenMetrics text
 * through `promtool tsdb create-blocks-from openmetrics`, and killed (by its own pid) afterwards.
 * Needs Debian's `prometheus` package (`/usr/bin/prometheus`, `/usr/bin/promtool`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ScrapeTarget {
  /** `host:port`. */
  address: string;
  jobName?: string;
}

export interface PromServerOptions {
  /** OpenMetrics text (ending in `# EOF`) written into blocks before Prometheus starts. */
  backfill?: string;
  scrapeTargets?: ScrapeTarget[];
  scrapeIntervalSeconds?: number;
  /** Extra command-line flags, e.g. `--enable-feature=native-histograms`. */
  extraFlags?: string[];
}

export interface PromServer {
  url: string;
  /** The Prometheus process (for CPU accounting in the benchmark). */
  pid: number;
  dataDir: string;
  /** Milliseconds spent in `promtool` (for the benchmark's report). */
  backfillMs: number;
  stop(): Promise<void>;
}

function configYaml(options: PromServerOptions): string {
  const interval = options.scrapeIntervalSeconds ?? 15;
  const lines = ['global:', `  scrape_interval: ${interval}s`, `  evaluation_interval: ${interval}s`, 'scrape_configs:'];
  if (!options.scrapeTargets || options.scrapeTargets.length === 0) {
    return [...lines.slice(0, -1), 'scrape_configs: []'].join('\n') + '\n';
  }
  options.scrapeTargets.forEach((target, i) => {
    lines.push(`  - job_name: ${JSON.stringify(target.jobName ?? `target${i}`)}`);
    lines.push(`    scrape_interval: ${interval}s`);
    lines.push(`    scrape_timeout: ${Math.max(1000, interval * 1000 - 500)}ms`);
    lines.push('    static_configs:');
    lines.push(`      - targets: [${JSON.stringify(target.address)}]`);
  });
  return lines.join('\n') + '\n';
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with code ${child.exitCode}: ${output()}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus not ready after ${timeoutMs} ms: ${output()}`);
}

export async function startPrometheus(options: PromServerOptions = {}): Promise<PromServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mlops-prom-'));
  const dataDir = path.join(root, 'data');
  const configFile = path.join(root, 'prometheus.yml');
  await writeFile(configFile, configYaml(options));
  let backfillMs = 0;
  if (options.backfill) {
    const input = path.join(root, 'backfill.om');
    await writeFile(input, options.backfill);
    const started = performance.now();
    const result = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir], { encoding: 'utf8' });
    backfillMs = performance.now() - started;
    if (result.status !== 0) {
      await rm(root, { recursive: true, force: true });
      throw new Error(`promtool backfill failed (${result.status}): ${result.stderr || result.stdout}`);
    }
    await rm(input, { force: true });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      // Backfilled blocks can reach into the head's range.
      '--storage.tsdb.retention.time=30d',
      ...(options.extraFlags ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => stderr, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? -1, dataDir, backfillMs, stop };
}
