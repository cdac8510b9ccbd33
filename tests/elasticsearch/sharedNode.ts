/**
 * One OpenSearch node for all Elasticsearch test files of a Jest run: the first file that asks starts it and
 * records it in `.cache/opensearch-node/shared-<pid>.json`; later files find it there (still running, still
 * answering) and reuse it. Jest's global teardown (`stopSharedOpenSearch`) stops it. A run that never asks
 * starts nothing, so other test directories pay nothing for it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startOpenSearch } from './openSearchNode';

// Per test process: a second Jest run at the same time gets its own node, never stops this one's.
const STATE_FILE = path.resolve(__dirname, '..', '..', '.cache', 'opensearch-node', `shared-${process.pid}.json`);
const LAUNCHER_CLASS = 'monitor.opensearch.Launcher';

export interface SharedNode {
  url: string;
  pid: number;
  logFile: string;
  dataDir: string;
}

/** Whether `pid` is still our launcher (a recorded pid may since belong to another process). */
function isLauncher(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(LAUNCHER_CLASS);
  } catch {
    return false;
  }
}

function recorded(): SharedNode | undefined {
  if (!existsSync(STATE_FILE)) {
    return undefined;
  }
  const node = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SharedNode;
  return isLauncher(node.pid) ? node : undefined;
}

async function answers(node: SharedNode): Promise<boolean> {
  try {
    return (await fetch(`${node.url}/_cluster/health?wait_for_status=yellow&timeout=10s`, { signal: AbortSignal.timeout(15_000) })).status === 200;
  } catch {
    return false;
  }
}

export async function sharedOpenSearch(): Promise<SharedNode> {
  const existing = recorded();
  if (existing && (await answers(existing))) {
    return existing;
  }
  const { url, pid, logFile, dataDir } = await startOpenSearch({ name: 'shared' });
  const node = { url, pid, logFile, dataDir };
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(node));
  return node;
}

function gone(pid: number): boolean {
  return !isLauncher(pid);
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!gone(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return gone(pid);
}

/** Jest global teardown: stops the shared node if this run started one (SIGTERM, SIGKILL after 30 s). */
export default async function stopSharedOpenSearch(): Promise<void> {
  const node = recorded();
  rmSync(STATE_FILE, { force: true });
  if (!node) {
    return;
  }
  process.kill(node.pid, 'SIGCONT');
  process.kill(node.pid, 'SIGTERM');
  if (!(await waitUntilGone(node.pid, 30_000))) {
    process.kill(node.pid, 'SIGKILL');
    await waitUntilGone(node.pid, 10_000);
  }
  rmSync(node.dataDir, { recursive: true, force: true });
}
