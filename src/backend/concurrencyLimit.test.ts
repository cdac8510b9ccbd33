import { BackendError } from './errors';
import { ConcurrencyLimit, DatasourceLimits } from './concurrencyLimit';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimit', () => {
  it('runs at most `slots` tasks at once, the rest in order as slots free up', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const runs = gates.map((gate, i) =>
      limit.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await gate.promise;
        running--;
        return i;
      })
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1].resolve();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((gate) => gate.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('upstream down')))).rejects.toThrow('upstream down');
    await expect(limit.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('never starts a request cancelled while it waits, and keeps the queue moving', async () => {
    const limit = new ConcurrencyLimit(1);
    const gate = deferred();
    const first = limit.run(() => gate.promise);
    const cancelled = new AbortController();
    let ran = false;
    const waiting = limit.run(async () => {
      ran = true;
    }, cancelled.signal);
    cancelled.abort(new BackendError(504, 'query did not finish in time', 'downstream'));
    await expect(waiting).rejects.toMatchObject({ status: 504 });
    const third = limit.run(() => Promise.resolve('third'));
    gate.resolve();
    await first;
    await expect(third).resolves.toBe('third');
    expect(ran).toBe(false);
  });
});

describe('DatasourceLimits', () => {
  it('gives each datasource one limit of its own', () => {
    const limits = new DatasourceLimits(3);
    expect(limits.forDatasource('a')).toBe(limits.forDatasource('a'));
    expect(limits.forDatasource('a')).not.toBe(limits.forDatasource('b'));
    expect(limits.forDatasource('a').slots).toBe(3);
  });
});
