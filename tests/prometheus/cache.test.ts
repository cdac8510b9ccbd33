/**
 * The completed-bucket cache against a real Prometheus: every live query type answers the same frames with and
 * without it over random ranges, steps and refresh sequences (with restarts, which empty it), while refreshes
 * fetch only a few steps. Time is a clock the test moves through the scenario's six hours of history.
 */
import { CACHE_QUERIES, expectCheapRefreshes, expectCheapZoom, expectSameFramesOverRefreshes } from '../harness/cacheRefreshes';
import type { Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID, HOUR, NOW, START, startScenario } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('the completed-bucket cache on a real Prometheus', () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  let backend: Backend;

  beforeAll(async () => {
    scenario = await startScenario({ cacheCompleteAfter: '2m' });
    backend = scenario.backend;
  }, 90_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it.each(CACHE_QUERIES)('%s: the same frames with and without the cache over random refreshes', async (name, query, cachedBySteps) => {
    const plan = { backend, source: 'prometheus' as const, query: { baseline: BASELINE_ID, ...query }, startMs: START + 2 * HOUR, endMs: NOW, seed: 1000 + name.length };
    await expectSameFramesOverRefreshes({ ...plan, intervalsMs: [60_000, 5 * 60_000, 15 * 60_000] }, cachedBySteps);
  }, 120_000);

  // Live references read through the cache too; a fixed range's ends are where the user put them, off the grid.
  it.each([
    ['a fixed range off the window grid', { kind: 'range', from: String(START + 17_000), to: String(START + 2 * HOUR + 134_000) }],
    // The same query as the live side's an hour earlier: both sides keep their runs (a refresh fetches few steps).
    ['an offset', { kind: 'offset', offset: '1h' }],
  ] as const)('drift against %s: the same frames with and without the cache over random refreshes', async (_name, reference) => {
    const plan = { backend, source: 'prometheus' as const, query: { queryType: 'drift' as const, method: 'psi' as const, window: '30m', baseline: BASELINE_ID, reference }, startMs: START + 3 * HOUR, endMs: NOW, seed: 77 };
    await expectSameFramesOverRefreshes({ ...plan, intervalsMs: [60_000, 5 * 60_000] }, true);
  }, 120_000);

  it('zooming in to the last part of a panel and back out reads a few steps, not the whole range again', async () => {
    await expectCheapZoom(backend, 'prometheus', BASELINE_ID, NOW - 30 * 60_000, 5 * HOUR);
  }, 120_000);

  it('a refresh of a 5-hour drift panel fetches a few steps, not the whole range', async () => {
    await expectCheapRefreshes(backend, 'prometheus', BASELINE_ID, NOW - 30 * 60_000, 5 * HOUR);
  }, 120_000);
});
