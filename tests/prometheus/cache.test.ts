/**
 * The completed-bucket cache against a real Prometheus: every live query type answers the same frames with and
 * without it over random ranges, steps and refresh sequences (with restarts, which empty it), while refreshes
 * fetch only a few steps. Time is a clock the test moves through the scenario's six hours of history.
 */
import { DatasourceCaches } from '../../src/backend/cache/completedStepCache';
import { BackendMetrics } from '../../src/backend/metrics';
import type { DriftQuery } from '../../src/shared/queryModel';
import { handlerFor, refreshWithAndWithoutCache, upstreamSamples } from '../harness/cacheRefreshes';
import type { Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID, HOUR, NOW, START, startScenario } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

/** `series`: a time series over the range (cached by step); otherwise one evaluation over the whole range. */
const QUERIES: Array<[string, Partial<DriftQuery>, boolean]> = [
  ['drift psi', { queryType: 'drift', method: 'psi', window: '1h' }, true],
  ['drift ks', { queryType: 'drift', method: 'ks', window: '30m' }, true],
  ['distribution', { queryType: 'distribution', method: 'psi', window: '1h', features: ['age', 'plan'] }, false],
  ['confusion', { queryType: 'confusion', window: '1h' }, false],
  ['performance', { queryType: 'performance', window: '1h' }, true],
  ['dataQuality', { queryType: 'dataQuality', window: '1h' }, true],
];

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

  it.each(QUERIES)('%s: the same frames with and without the cache over random refreshes', async (name, query, series) => {
    const { hits, misses } = await refreshWithAndWithoutCache({
      backend,
      source: 'prometheus',
      query: { baseline: BASELINE_ID, ...query },
      startMs: START + 2 * HOUR,
      endMs: NOW,
      intervalsMs: [60_000, 5 * 60_000, 15 * 60_000],
      seed: 1000 + name.length,
    });
    if (series) {
      expect(hits).toBeGreaterThan(misses);
    } else {
      expect(hits + misses).toBe(0);
    }
  }, 60_000);

  it('a refresh of a 5-hour drift panel fetches a few steps, not the whole range', async () => {
    const metrics = new BackendMetrics();
    let nowMs = NOW - 30 * 60_000;
    const caches = new DatasourceCaches(metrics, () => nowMs);
    const handler = handlerFor('drift', 'prometheus');
    const settings = backend.context({}, { fromMs: 0, toMs: 0 }).settings;
    const run = () =>
      handler(backend.context({ baseline: BASELINE_ID, method: 'psi', window: '1h' }, { fromMs: nowMs - 5 * HOUR, toMs: nowMs }, { intervalMs: 5 * 60_000, cache: caches.forSettings(settings) }));
    await run();
    const firstLoad = upstreamSamples(metrics, 'prometheus');
    for (let refresh = 0; refresh < 10; refresh++) {
      nowMs += 30_000;
      await run();
    }
    const perRefresh = (upstreamSamples(metrics, 'prometheus') - firstLoad) / 10;
    expect(firstLoad).toBeGreaterThan(0);
    expect(perRefresh).toBeLessThan(0.1 * firstLoad);
  }, 60_000);
});
