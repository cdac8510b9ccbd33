/**
 * The test node's launcher itself: a node that cannot start is one clear error naming its log (which says
 * why), within bounded time, and leaves no process behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOG_DIR, startOpenSearch } from './openSearchNode';

const LAUNCHER_CLASS = 'monitor.opensearch.Launcher';

function launchersRunning(logName: string): number {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.includes(LAUNCHER_CLASS) && args.some((arg) => arg.endsWith(`${logName}.log`));
      } catch {
        return false;
      }
    }).length;
}

it('a node refusing its settings: one error line naming its log, which says why; nothing left running', async () => {
  const started = Date.now();
  const failure = await startOpenSearch({ name: 'refused', settings: { 'no.such.setting': 'x' } }).then(
    () => undefined,
    (error: Error) => error
  );
  expect(failure?.message).toMatch(/^OpenSearch node exited before it was ready \(exit code \d+\); see its log: test-output\/opensearch\/refused\.log$/);
  expect(readFileSync(path.join(LOG_DIR, 'refused.log'), 'utf8')).toContain('no.such.setting');
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(launchersRunning('refused')).toBe(0);
}, 120_000);
