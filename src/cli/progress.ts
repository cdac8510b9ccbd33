/**
 * Progress of a long read on stderr, only when stderr is a terminal (so logs and pipes stay clean), redrawn at
 * most a few times a second.
 */
import type { Progress } from '../tabular/progress';

const REDRAW_MS = 250;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function terminalProgress(stream: ProgressStream, now: () => number = Date.now): Progress | undefined {
  if (!stream.isTTY) {
    return undefined;
  }
  let label = '';
  let total = 0;
  let read = 0;
  let lastDraw = 0;
  let drawn = false;
  return {
    start(name, totalBytes) {
      label = name;
      total = totalBytes;
      read = 0;
      lastDraw = now();
      drawn = false;
    },
    advance(bytes) {
      read += bytes;
      const time = now();
      if (time - lastDraw >= REDRAW_MS) {
        lastDraw = time;
        drawn = true;
        const percent = total > 0 ? Math.min(100, (100 * read) / total).toFixed(0) : '?';
        stream.write(`\r${label}: ${percent}% (${(read / 1048576).toFixed(0)} MiB)`);
      }
    },
    done() {
      if (drawn) {
        stream.write('\r\x1b[K');
      }
    },
  };
}
