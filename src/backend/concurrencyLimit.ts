/**
 * Bounds on the backend's memory under bursts. A live query holds what it read of its upstream answers (each up
 * to MAX_UPSTREAM_RESPONSE_BYTES while read, packed columns after) until its frames are built, and a query may
 * send several upstream requests at once; without limits the memory of a burst of dashboard panels grew with
 * the burst (three queries on 30 MB answers took the process from 100 MB to over 1 GB, and it stayed there).
 * So each datasource runs at most LIVE_QUERY_SLOTS live range queries and UPSTREAM_REQUEST_SLOTS upstream
 * requests at a time; the rest wait their turn, within their time budget. Queries that read only the baseline
 * store, and instant queries (one window each), take no range-query slot. Measured figures: README, Benchmarks
 * (bench/upstream-memory.ts).
 */
import { BackendError } from './errors';

export const LIVE_QUERY_SLOTS = 2;
export const UPSTREAM_REQUEST_SLOTS = 4;

export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly slots: number) {}

  /** Runs `task` once a slot is free; a task cancelled (or out of time) while it waits never starts. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', cancel);
        this.active++;
        resolve();
      };
      const cancel = () => {
        const index = this.waiting.indexOf(start);
        if (index >= 0) {
          this.waiting.splice(index, 1);
        }
        reject(signal?.reason instanceof BackendError ? signal.reason : new BackendError(499, 'cancelled while waiting for a free slot'));
      };
      if (signal?.aborted) {
        cancel();
        return;
      }
      signal?.addEventListener('abort', cancel, { once: true });
      this.waiting.push(start);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/** One limit per datasource, for the life of the process (settings changes keep the datasource's uid). */
export class DatasourceLimits {
  private readonly byDatasource = new Map<string, ConcurrencyLimit>();

  constructor(private readonly slots: number) {}

  forDatasource(uid: string): ConcurrencyLimit {
    let limit = this.byDatasource.get(uid);
    if (!limit) {
      limit = new ConcurrencyLimit(this.slots);
      this.byDatasource.set(uid, limit);
    }
    return limit;
  }
}
