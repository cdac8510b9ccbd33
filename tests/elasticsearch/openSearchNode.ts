/**
 * A real single-node OpenSearch 2.19 for the Elasticsearch tests, run in one JVM by the launcher in
 * `tests/opensearch/` (Maven Central artifacts only). The launcher is built with Maven once and cached under
 * `.cache/opensearch-launcher/` (rebuilt only when its sources change; no Maven run, so no network, after that).
 *
 * `startOpenSearch()` gives a node that answers cluster health, or one error line naming the node's log file;
 * every wait is bounded. `stop()` ends it and removes its data; the node also stops by itself when our process
 * ends (it watches its stdin), so nothing outlives a test run.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER_DIR = path.join(REPO_ROOT, 'tests', 'opensearch');
const BUILD_DIR = path.join(REPO_ROOT, '.cache', 'opensearch-launcher');
const JAR = path.join(BUILD_DIR, 'opensearch-launcher-1.jar');
const CLASSPATH_FILE = path.join(BUILD_DIR, 'classpath.txt');
const STAMP_FILE = path.join(BUILD_DIR, 'sources.sha256');
export const LOG_DIR = path.join(REPO_ROOT, 'test-output', 'opensearch');
const READY_LINE = /^OPENSEARCH_READY (http:\/\/\S+)$/m;

export interface OpenSearchOptions {
  /** Names the log file (`test-output/opensearch/<name>.log`); default `node`. */
  name?: string;
  /** Extra node settings, e.g. `{ 'search.max_buckets': '100' }`. */
  settings?: Record<string, string>;
  /** How long the node may take to answer cluster health (default 120 s; a cold JVM on 2 cores needs ~15 s). */
  startTimeoutMs?: number;
}

export interface OpenSearchNode {
  url: string;
  /** The JVM's process id (tests pause it with SIGSTOP to make the node slow for real). */
  pid: number;
  logFile: string;
  /** Its data directory (removed by `stop()`). */
  dataDir: string;
  /** Stops the node (SIGTERM, then SIGKILL after 30 s) and removes its data directory. */
  stop(): Promise<void>;
}

/** Everything the launcher is built from: a change to any of these rebuilds it. */
function sourcesDigest(): string {
  const hash = createHash('sha256');
  const visit = (file: string) => {
    if (statSync(file).isDirectory()) {
      readdirSync(file).sort().forEach((name) => visit(path.join(file, name)));
    } else {
      hash.update(path.relative(LAUNCHER_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  };
  visit(path.join(LAUNCHER_DIR, 'pom.xml'));
  visit(path.join(LAUNCHER_DIR, 'src'));
  return hash.digest('hex');
}

function cachedClasspath(digest: string): string | undefined {
  if (!existsSync(JAR) || !existsSync(CLASSPATH_FILE) || !existsSync(STAMP_FILE) || readFileSync(STAMP_FILE, 'utf8') !== digest) {
    return undefined;
  }
  const dependencies = readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter);
  // A cleaned ~/.m2 means the cached classpath points at nothing: rebuild (and download) then.
  return dependencies.every((jar) => existsSync(jar)) ? [JAR, ...dependencies].join(path.delimiter) : undefined;
}

/** The launcher's classpath, building it with Maven first when its sources changed or nothing is cached. */
export async function launcherClasspath(): Promise<string> {
  const digest = sourcesDigest();
  const cached = cachedClasspath(digest);
  if (cached) {
    return cached;
  }
  try {
    await promisify(execFile)('mvn', ['-q', '-B', '-f', path.join(LAUNCHER_DIR, 'pom.xml'), 'package'], { timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    const output = `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Building the OpenSearch launcher (mvn package in tests/opensearch) failed: ${output || message}`);
  }
  writeFileSync(STAMP_FILE, digest);
  const built = cachedClasspath(digest);
  if (!built) {
    throw new Error(`Building the OpenSearch launcher left no ${path.relative(REPO_ROOT, JAR)} or classpath`);
  }
  return built;
}

/** Resolves with the node's URL once it prints its ready line; rejects when it exits or the time is up. */
function awaitReadyLine(child: ChildProcess, timeoutMs: number, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.removeAllListeners('exit');
      reject(new Error(`OpenSearch node ${why}; see its log: ${path.relative(REPO_ROOT, logFile)}`));
    };
    const timer = setTimeout(() => fail(`did not answer cluster health within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const ready = READY_LINE.exec(output);
      if (ready) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(ready[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `exit code ${code}`})`));
    child.once('error', (error) => fail(`could not be started (${error.message})`));
  });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function terminate(child: ChildProcess, home: string): Promise<void> {
  child.stdin?.destroy();
  child.kill('SIGTERM');
  if (!(await exited(child, 30_000))) {
    child.kill('SIGKILL');
    await exited(child, 10_000);
  }
  rmSync(home, { recursive: true, force: true });
}

export async function startOpenSearch(options: OpenSearchOptions = {}): Promise<OpenSearchNode> {
  const classpath = await launcherClasspath();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${options.name ?? 'node'}.log`);
  writeFileSync(logFile, '');
  const home = mkdtempSync(path.join(tmpdir(), 'mlops-opensearch-'));
  const settings = Object.entries(options.settings ?? {}).map(([key, value]) => `${key}=${value}`);
  // The JVM's own output (a crash before logging starts) goes to the same file as the node's log. C1 only
  // (TieredStopAtLevel=1): start-up on 2 busy cores drops from ~20 s to ~7 s, and test searches are small.
  const stderr = openSync(logFile, 'a');
  const child = spawn('java', ['-Xms512m', '-Xmx1g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'monitor.opensearch.Launcher', '--home', home, '--log', logFile, ...settings], {
    stdio: ['pipe', 'pipe', stderr],
  });
  closeSync(stderr);
  try {
    const url = await awaitReadyLine(child, options.startTimeoutMs ?? 120_000, logFile);
    const health = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=30s`, { signal: AbortSignal.timeout(40_000) });
    if (health.status !== 200) {
      throw new Error(`OpenSearch node answered cluster health with HTTP ${health.status}; see its log: ${path.relative(REPO_ROOT, logFile)}`);
    }
    // A running node never keeps the test process alive; when that process ends, the node sees its stdin close.
    child.unref();
    (child.stdin as unknown as Socket).unref();
    (child.stdout as unknown as Socket).unref();
    return { url, pid: child.pid!, logFile, dataDir: home, stop: () => terminate(child, home) };
  } catch (error) {
    await terminate(child, home);
    throw error;
  }
}
