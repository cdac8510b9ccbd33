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

/** Runs 3 panels × 4 refreshes; returns the buckets or steps answered from the cache and fetched. */
export async function refreshWithAndWithoutCache(plan: RefreshPlan): Promise<{ hits: number; misses: number }> {
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
  return { hits: cacheSteps(metrics, plan.source, 'hit'), misses: cacheSteps(metrics, plan.source, 'miss') };
}

export function cacheSteps(metrics: BackendMetrics, target: CacheTarget, result: 'hit' | 'miss'): number {
  return metrics.cacheSteps.value({ datasource: 'mlops-drift', target, result });
}

export function upstreamSamples(metrics: BackendMetrics, target: CacheTarget): number {
  return metrics.upstreamSamples.value({ datasource: 'mlops-drift', target });
}
