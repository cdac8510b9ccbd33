/**
 * Refresh sequences for the completed-bucket cache tests: a panel loaded again and again as the clock moves on
 * (random spans, steps and intervals between refreshes, with restarts that empty the cache), each load answered
 * with the cache and without it. Both answers must be the same frames.
 */
import { DatasourceCaches, type CacheTarget } from '../../src/backend/cache/completedStepCache';
import { BackendMetrics } from '../../src/backend/metrics';
import { createQueryRegistry } from '../../src/backend/queries/registry';
import type { QueryContext, QueryHandler } from '../../src/backend/queries/types';
import { mulberry32 } from '../../src/drift/prng';
import type { DriftQuery, LiveSource } from '../../src/shared/queryModel';
import type { Backend } from '../prometheus/fixtures';

const HOUR = 3_600_000;

/**
 * The query types both sources' cache tests run: `true` where the answer is windows over the range, which the cache
 * keeps by step or time bucket; `false` for one evaluation over the whole range, which it never holds. (On
 * Elasticsearch `performance` reads prediction windows, cached, and labelled windows, not cached: labels arrive later.)
 */
export const CACHE_QUERIES: Array<[string, Partial<DriftQuery>, boolean]> = [
  ['drift psi', { queryType: 'drift', method: 'psi', window: '1h' }, true],
  ['drift ks', { queryType: 'drift', method: 'ks', window: '30m' }, true],
  ['distribution', { queryType: 'distribution', method: 'psi', window: '1h', features: ['age', 'plan'] }, false],
  ['confusion', { queryType: 'confusion', window: '1h' }, false],
  ['performance', { queryType: 'performance', window: '1h' }, true],
  ['dataQuality', { queryType: 'dataQuality', window: '1h' }, true],
];

export function handlerFor(queryType: NonNullable<DriftQuery['queryType']>, source: LiveSource): QueryHandler {
  const resolution = createQueryRegistry().resolve(queryType, source);
  if (resolution.kind !== 'found') {
    throw new Error(`no ${source} handler for ${queryType}`);
  }
  return resolution.handler;
}

export interface RefreshPlan {
  backend: Backend;
  source: LiveSource;
  query: Partial<DriftQuery>;
  /** The clock starts here and never passes `endMs` (where the data ends). */
  startMs: number;
  endMs: number;
  intervalsMs: number[];
  seed: number;
}

/**
 * Runs 3 panels × 4 refreshes. `cachedBySteps`: the query type reads steps or buckets the cache keeps (then most come
 * from it); otherwise one window over the whole range, which it never holds.
 */
export async function expectSameFramesOverRefreshes(plan: RefreshPlan, cachedBySteps: boolean): Promise<void> {
  const random = mulberry32(plan.seed);
  const metrics = new BackendMetrics();
  let nowMs = plan.startMs;
  let caches = new DatasourceCaches(metrics, () => nowMs);
  const handler = handlerFor(plan.query.queryType!, plan.source);
  const settings = plan.backend.context({}, { fromMs: 0, toMs: 0 }).settings;
  for (let panel = 0; panel < 3; panel++) {
    const spanMs = (1 + Math.floor(random() * 3)) * HOUR;
    const intervalMs = plan.intervalsMs[Math.floor(random() * plan.intervalsMs.length)];
    for (let refresh = 0; refresh < 4; refresh++) {
      nowMs = Math.min(plan.endMs, nowMs + 10_000 + Math.floor(random() * 170_000));
      if (random() < 0.15) {
        caches = new DatasourceCaches(metrics, () => nowMs); // a restart
      }
      const range = { fromMs: nowMs - spanMs, toMs: nowMs };
      const extra: Partial<QueryContext> = { intervalMs, source: plan.source };
      const cached = await handler(plan.backend.context(plan.query, range, { ...extra, cache: caches.forSettings(settings) }));
      const direct = await handler(plan.backend.context(plan.query, range, extra));
      expect(cached.frames).toEqual(direct.frames);
      expect(cached.frames.length).toBeGreaterThan(0);
    }
  }
  const steps = (result: 'hit' | 'miss') => metrics.cacheSteps.value({ datasource: 'mlops-drift', target: plan.source, result });
  if (cachedBySteps) {
    expect(steps('hit')).toBeGreaterThan(steps('miss'));
  } else {
    expect(steps('hit') + steps('miss')).toBe(0);
  }
}

/**
 * A 1-hour-window PSI drift panel at a 5-minute interval through one cache, on a clock the caller moves: `show`
 * loads the `viewMs` before the clock, `samplesRead` is what the upstream answers held so far.
 */
function cachedPanel(backend: Backend, source: CacheTarget, baseline: string, nowMs: number) {
  const metrics = new BackendMetrics();
  let clock = nowMs;
  const caches = new DatasourceCaches(metrics, () => clock);
  const handler = handlerFor('drift', source);
  const settings = backend.context({}, { fromMs: 0, toMs: 0 }).settings;
  return {
    advance: (ms: number) => {
      clock += ms;
    },
    show: (viewMs: number) =>
      handler(backend.context({ baseline, method: 'psi', window: '1h' }, { fromMs: clock - viewMs, toMs: clock }, { source, intervalMs: 5 * 60_000, cache: caches.forSettings(settings) })),
    samplesRead: () => metrics.upstreamSamples.value({ datasource: 'mlops-drift', target: source }),
  };
}

/**
 * A drift panel over `spanMs` ending at `nowMs`, zoomed in to its last fifth a minute later and back out another
 * minute later (the same interval throughout): the way back must read under a fifth of what the first load read,
 * since the cache keeps the wide run while the narrow view refreshes its end.
 */
export async function expectCheapZoom(backend: Backend, source: CacheTarget, baseline: string, nowMs: number, spanMs: number): Promise<void> {
  const panel = cachedPanel(backend, source, baseline, nowMs);
  await panel.show(spanMs);
  const firstLoad = panel.samplesRead();
  panel.advance(60_000);
  await panel.show(spanMs / 5);
  const zoomedIn = panel.samplesRead();
  panel.advance(60_000);
  await panel.show(spanMs);
  expect(firstLoad).toBeGreaterThan(0);
  expect(panel.samplesRead() - zoomedIn).toBeLessThan(0.2 * firstLoad);
}

/**
 * A drift panel over `spanMs` ending at `nowMs`, loaded and then refreshed ten times 30 s apart: each refresh must read
 * under a tenth of what the first load read (samples or time buckets, by the backend's own metrics).
 */
export async function expectCheapRefreshes(backend: Backend, source: CacheTarget, baseline: string, nowMs: number, spanMs: number): Promise<void> {
  const panel = cachedPanel(backend, source, baseline, nowMs);
  await panel.show(spanMs);
  const firstLoad = panel.samplesRead();
  for (let refresh = 0; refresh < 10; refresh++) {
    panel.advance(30_000);
    await panel.show(spanMs);
  }
  expect(firstLoad).toBeGreaterThan(0);
  expect((panel.samplesRead() - firstLoad) / 10).toBeLessThan(0.1 * firstLoad);
}
