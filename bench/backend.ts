/**
 * Benchmark of the built backend executable (not a test; no assertions): start-up to handshake, QueryData
 * latency of a 50-feature `baseline` query alone and under 20 concurrent callers, and memory (RSS).
 * Build first (`npm run build:backend`), then `npx tsx bench/backend.ts`. Figures go to stdout and to
 * bench/out/backend.json. Targets from issue 3: handshake < 300 ms, p95 < 20 ms, RSS < 150 MB.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost, executablePath } from '../tests/harness/pluginHost';
import { baselineFixture } from '../src/backend/testing/baselineFixture';

const STARTS = 15;
const SEQUENTIAL_QUERIES = 300;
const CALLERS = 20;
const QUERIES_PER_CALLER = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values: number[]) {
  const round = (n: number) => Math.round(n * 100) / 100;
  return { n: values.length, median: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) };
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function timedQuery(host: PluginHost): Promise<number> {
  const started = performance.now();
  const { A } = await host.queryDataRaw([{ refId: 'A', json: { queryType: 'baseline', baseline: 'bench@v1' } }]);
  const elapsed = performance.now() - started;
  if (A.status !== 200 || A.frames.length !== 50) {
    throw new Error(`unexpected answer: ${A.status} ${A.error}`);
  }
  return elapsed;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-bench-'));
  try {
    const startups: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const host = await PluginHost.start({ dataDir });
      startups.push(host.startupMs);
      await host.shutdown();
      await host.dispose();
    }

    const host = await PluginHost.start({ dataDir });
    const idle = memoryMiB(host.child.pid!);
    const doc = baselineFixture({ model: 'bench', version: 'v1', numericFeatures: 40, categoricalFeatures: 10, bins: 20 });
    const created = await host.callResource({ method: 'POST', path: 'baselines', body: doc });
    if (created.code !== 201) {
      throw new Error(`upload failed: ${created.body.toString()}`);
    }
    for (let i = 0; i < 20; i++) {
      await timedQuery(host); // warm-up
    }
    const sequential: number[] = [];
    for (let i = 0; i < SEQUENTIAL_QUERIES; i++) {
      sequential.push(await timedQuery(host));
    }
    const concurrent: number[] = [];
    const wall = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        for (let i = 0; i < QUERIES_PER_CALLER; i++) {
          concurrent.push(await timedQuery(host));
        }
      })
    );
    const wallMs = performance.now() - wall;
    const loaded = memoryMiB(host.child.pid!);
    await host.shutdown();
    await host.dispose();

    const results = {
      executable: path.relative(process.cwd(), executablePath()),
      sizeMiB: Math.round((statSync(executablePath()).size / 1024 / 1024) * 10) / 10,
      handshakeMs: summary(startups),
      baselineQuery50Features: {
        sequentialMs: summary(sequential),
        concurrent20CallersMs: summary(concurrent),
        throughputPerSecond: Math.round((concurrent.length / wallMs) * 1000),
      },
      memoryMiB: { idle, afterLoad: loaded },
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      date: new Date().toISOString(),
    };
    mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    writeFileSync(path.join(__dirname, 'out', 'backend.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
