/**
 * The completed-bucket cache against a real Prometheus: every live query type answers the same frames with and
 * without it over random ranges, steps and refresh sequences (with restarts, which empty it), while refreshes
 * fetch only a few steps. Time is a clock the test moves through the scenario's six hours of history.
 */
import { DatasourceCaches, type CompletedStepCache } from '../../src/backend/cache/completedStepCache';
import { mulberry32 } from '../../src/drift/prng';
import { BackendMetrics } from '../../src/backend/metrics';
import { createQueryRegistry } from '../../src/backend/queries/registry';
import type { QueryHandler } from '../../src/backend/queries/types';
import type { DriftQuery } from '../../src/shared/queryModel';
import { createBackend, type Backend } from './fixtures';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { BASELINE_ID, HOUR, NOW, scenarioBaseline, START, history } from './scenario';

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

function handlerFor(queryType: DriftQuery['queryType']): QueryHandler {
  const resolution = createQueryRegistry().resolve(queryType!, 'prometheus');
  if (resolution.kind !== 'found') {
    throw new Error(`no handler for ${queryType}`);
  }
  return resolution.handler;
}

describeWithPrometheus('the completed-bucket cache on a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s', cacheCompleteAfter: '2m' });
    await backend.store.put(scenarioBaseline());
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  it.each(QUERIES)('%s: the same frames with and without the cache over random refreshes', async (name, query, series) => {
    const random = mulberry32(1000 + name.length);
    const metrics = new BackendMetrics();
    let nowMs = START + 2 * HOUR;
    let caches = new DatasourceCaches(metrics, () => nowMs);
    const handler = handlerFor(query.queryType);
    const settings = backend.context({}, { fromMs: 0, toMs: 0 }).settings;
    for (let panel = 0; panel < 3; panel++) {
      const spanMs = (1 + Math.floor(random() * 3)) * HOUR;
      const intervalMs = [60_000, 5 * 60_000, 15 * 60_000][Math.floor(random() * 3)];
      for (let refresh = 0; refresh < 4; refresh++) {
        nowMs = Math.min(NOW, nowMs + 10_000 + Math.floor(random() * 170_000));
        if (random() < 0.15) {
          caches = new DatasourceCaches(metrics, () => nowMs); // a restart
        }
        const range = { fromMs: nowMs - spanMs, toMs: nowMs };
        const base = { baseline: BASELINE_ID, ...query };
        const cache = caches.forSettings(settings) as CompletedStepCache;
        const cached = await handler(backend.context(base, range, { intervalMs, cache }));
        const direct = await handler(backend.context(base, range, { intervalMs }));
        expect(cached.frames).toEqual(direct.frames);
        expect(cached.frames.length).toBeGreaterThan(0);
      }
    }
    const hits = Number(/mlops_drift_cache_steps_total\{datasource="mlops-drift",result="hit",target="prometheus"\} (\d+)/.exec(metrics.render())?.[1] ?? 0);
    const misses = Number(/mlops_drift_cache_steps_total\{datasource="mlops-drift",result="miss",target="prometheus"\} (\d+)/.exec(metrics.render())?.[1] ?? 0);
    if (series) {
      expect(hits).toBeGreaterThan(misses);
    } else {
      expect(hits + misses).toBe(0);
    }
  }, 60_000);

  it('a refresh of a 6-hour drift panel fetches a few steps, not the whole range', async () => {
    const metrics = new BackendMetrics();
    let nowMs = NOW - 30 * 60_000;
    const caches = new DatasourceCaches(metrics, () => nowMs);
    const handler = handlerFor('drift');
    const settings = backend.context({}, { fromMs: 0, toMs: 0 }).settings;
    const samples = () => Number(/mlops_drift_upstream_samples_total\{datasource="mlops-drift",target="prometheus"\} (\d+)/.exec(metrics.render())?.[1] ?? 0);
    const run = () =>
      handler(backend.context({ baseline: BASELINE_ID, method: 'psi', window: '1h' }, { fromMs: nowMs - 5 * HOUR, toMs: nowMs }, { intervalMs: 5 * 60_000, cache: caches.forSettings(settings) }));
    await run();
    const firstLoad = samples();
    for (let refresh = 0; refresh < 10; refresh++) {
      nowMs += 30_000;
      await run();
    }
    const perRefresh = (samples() - firstLoad) / 10;
    expect(firstLoad).toBeGreaterThan(0);
    expect(perRefresh).toBeLessThan(0.1 * firstLoad);
  }, 60_000);
});
