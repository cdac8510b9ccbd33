import { bestRun, RUNS_PER_KEY, withRun, type SizedRun } from './heldRuns';

const run = (fromMs: number, toMs: number, name = `${fromMs}-${toMs}`): SizedRun<{ coverage: { fromMs: number; toMs: number }; name: string }> => ({
  run: { coverage: { fromMs, toMs }, name },
  bytes: toMs - fromMs,
});

describe('held runs of one cache key', () => {
  it('gives the run sharing the most of the range, none when no run overlaps it', () => {
    const runs = [run(0, 100), run(200, 260), run(300, 500)];
    expect(bestRun(runs, { fromMs: 220, toMs: 400 })?.name).toBe('300-500');
    expect(bestRun(runs, { fromMs: 50, toMs: 250 })?.name).toBe('0-100');
    // A single shared step (zero milliseconds) still overlaps.
    expect(bestRun(runs, { fromMs: 500, toMs: 600 })?.name).toBe('300-500');
    expect(bestRun(runs, { fromMs: 110, toMs: 190 })).toBeUndefined();
    expect(bestRun([], { fromMs: 0, toMs: 1 })).toBeUndefined();
  });

  it('keeps a live run and its reference an offset earlier side by side', () => {
    const live = run(3_600, 7_200, 'live');
    const reference = run(0, 3_000, 'reference');
    const held = withRun(withRun([], live), reference);
    expect(held.map((r) => r.run.name)).toEqual(['reference', 'live']);
    // The next refresh of each finds its own run.
    expect(bestRun(held, { fromMs: 3_700, toMs: 7_300 })?.name).toBe('live');
    expect(bestRun(held, { fromMs: 100, toMs: 3_100 })?.name).toBe('reference');
  });

  it('replaces the runs a new run overlaps and keeps the most recent few', () => {
    const held = [run(0, 100, 'a'), run(200, 300, 'b'), run(400, 500, 'c'), run(600, 700, 'd')];
    expect(withRun(held, run(250, 450, 'new')).map((r) => r.run.name)).toEqual(['new', 'a', 'd']);
    expect(withRun(held, run(800, 900, 'new')).map((r) => r.run.name)).toEqual(['new', 'a', 'b', 'c']);
    expect(withRun(held, run(800, 900)).length).toBe(RUNS_PER_KEY);
  });
});
