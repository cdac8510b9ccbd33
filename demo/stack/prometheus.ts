/**
 * A real Prometheus (the Debian package) for the local demo and the end-to-end test: its own config and data
 * directory under a temporary folder, listening on 127.0.0.1 only.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ManagedProcess, freePort, startProcess } from './processes';

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';

export interface LocalPrometheus {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` of every scrape target. */
  targets: string[];
  scrapeIntervalSeconds: number;
  port?: number;
  echo?: boolean;
}

export function prometheusConfig(targets: readonly string[], scrapeIntervalSeconds: number): string {
  return [
    'global:',
    `  scrape_interval: ${scrapeIntervalSeconds}s`,
    `  scrape_timeout: ${Math.max(1, Math.min(10, scrapeIntervalSeconds))}s`,
    'scrape_configs:',
    '  - job_name: demo-model',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
}

export async function startPrometheus(options: PrometheusOptions): Promise<LocalPrometheus> {
  if (!existsSync(PROMETHEUS_BINARY)) {
    throw new Error(`${PROMETHEUS_BINARY} not found: install it with "apt-get install -y prometheus" or set PROMETHEUS_BINARY`);
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), 'mlops-prometheus-'));
  const config = path.join(directory, 'prometheus.yml');
  writeFileSync(config, prometheusConfig(options.targets, options.scrapeIntervalSeconds));
  const port = options.port ?? (await freePort());
  const prometheus = startProcess(
    'prometheus',
    PROMETHEUS_BINARY,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
    ],
    { echo: options.echo }
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await prometheus.stop();
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${url}/-/ready`, 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${prometheus.output().slice(-2000)}`);
  }
  return { url, process: prometheus, stop };
}

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
