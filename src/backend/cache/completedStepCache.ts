/**
 * The completed-bucket cache: per datasource, the answers of range queries for steps that can no longer change
 * (older than a margin), so a dashboard refresh or a range-mode alert evaluation asks its upstream only for the
 * new steps. Live sources use it where they fetch (`prometheus/cachedRanges.ts`); the key of an entry is the
 * upstream query itself (metric, labels, model, version, window, bucket edges are all in it) with its step and
 * step phase, so a changed baseline, binding or mapping simply asks for other entries.
 *
 * Memory is bounded by a byte budget per datasource (least recently used entries go first); a datasource whose
 * settings change gets a new, empty cache.
 */
import {
  DEFAULT_CACHE_COMPLETE_AFTER,
  DEFAULT_CACHE_MAX_MEGABYTES,
  MAX_CACHE_MAX_MEGABYTES,
  type DriftDataSourceOptions,
} from '../../shared/settingsModel';
import type { BackendMetrics } from '../metrics';
import { DurationError, parseDuration } from '../queries/timeGrid';
import { SettingsError, type DatasourceSettings } from '../settings';
import { BudgetedLru } from './budgetedLru';
import { bestRun, withRun, type SizedRun } from './heldRuns';
import type { Coverage } from './stepCoverage';

const MIB = 1024 * 1024;

export interface CacheSettings {
  enabled: boolean;
  budgetBytes: number;
  /** Steps at least this old are final. */
  marginMs: number;
}

/** The cache settings of a datasource, or a `SettingsError` naming the bad one. */
export function cacheSettingsOf(jsonData: DriftDataSourceOptions): CacheSettings {
  const problems: string[] = [];
  const megabytes = jsonData.cacheMaxMegabytes ?? DEFAULT_CACHE_MAX_MEGABYTES;
  if (!(megabytes >= 0 && megabytes <= MAX_CACHE_MAX_MEGABYTES)) {
    problems.push(`cacheMaxMegabytes: expected 0 to ${MAX_CACHE_MAX_MEGABYTES}, got ${megabytes}`);
  }
  let marginMs = 0;
  try {
    marginMs = parseDuration(jsonData.cacheCompleteAfter?.trim() || DEFAULT_CACHE_COMPLETE_AFTER);
  } catch (error) {
    problems.push(`cacheCompleteAfter: ${error instanceof DurationError ? error.message : String(error)}`);
  }
  if (problems.length > 0) {
    throw new SettingsError('datasource jsonData has an invalid cache setting', problems);
  }
  return { enabled: jsonData.cacheEnabled !== false && megabytes > 0, budgetBytes: Math.floor(megabytes * MIB), marginMs };
}

/** What a cache entry holds: the final steps of one upstream query, as that source's series. */
export interface CachedRun<S> {
  coverage: Coverage;
  series: S[];
  /** Informational notes of the upstream answers, returned again when every step comes from the cache. */
  infos: string[];
}

/** A view of the cache for one kind of entry; its keys cannot meet another kind's. */
export interface CacheShelf<S> {
  /** The key's run sharing the most of `range`, undefined when none overlaps it. */
  get(key: string, range: Coverage): CachedRun<S> | undefined;
  /** Stores `run` under `key`, in place of the key's runs it overlaps (`heldRuns.ts`). */
  set(key: string, run: CachedRun<S>, bytes: number): void;
}

export type CacheTarget = 'prometheus' | 'elasticsearch';

export class CompletedStepCache {
  constructor(
    readonly settings: CacheSettings,
    private readonly metrics: BackendMetrics,
    private readonly datasourceUid: string,
    /** Injected in tests that move time forward. */
    readonly now: () => number = Date.now,
    private readonly lru = new BudgetedLru<Array<SizedRun<CachedRun<unknown>>>>(settings.budgetBytes, () =>
      metrics.cacheEvictions.inc({ datasource: datasourceUid })
    ),
    private readonly lanePrefix = ''
  ) {}

  /**
   * The same cache (budget, metrics) under keys of their own: a live reference an offset earlier reads the live
   * side's upstream queries over other times, and in one lane, when the offset is shorter than the range, their
   * runs overlap and each read would replace the other's (disjoint runs of one key are kept, `heldRuns.ts`).
   */
  lane(name: string): CompletedStepCache {
    return new CompletedStepCache(this.settings, this.metrics, this.datasourceUid, this.now, this.lru, `${this.lanePrefix}${name}\u0000`);
  }

  get bytes(): number {
    return this.lru.bytes;
  }

  shelf<S>(kind: string): CacheShelf<S> {
    const prefix = `${this.lanePrefix}${kind}\u0000`;
    return {
      // Entries under this prefix were stored by this shelf, so they hold S.
      get: (key, range) => bestRun(this.lru.get(prefix + key) ?? [], range) as CachedRun<S> | undefined,
      set: (key, run, bytes) => {
        const runs = withRun(this.lru.get(prefix + key) ?? [], { run, bytes });
        this.lru.set(prefix + key, runs, runs.reduce((sum, held) => sum + held.bytes, 0));
        this.reportBytes();
      },
    };
  }

  /** Steps answered from the cache and fetched upstream, and the samples or buckets those fetches read. */
  record(target: CacheTarget, cachedSteps: number, fetchedSteps: number, fetchedSamples: number): void {
    const labels = { datasource: this.datasourceUid, target };
    this.metrics.cacheSteps.inc({ ...labels, result: 'hit' }, cachedSteps);
    this.metrics.cacheSteps.inc({ ...labels, result: 'miss' }, fetchedSteps);
    this.metrics.upstreamSamples.inc(labels, fetchedSamples);
  }

  clear(): void {
    this.lru.clear();
    this.reportBytes();
  }

  private reportBytes(): void {
    this.metrics.cacheBytes.set({ datasource: this.datasourceUid }, this.lru.bytes);
  }
}

/** The cache of each datasource, replaced by an empty one when the datasource's settings change. */
export class DatasourceCaches {
  private readonly byDatasource = new Map<string, { fingerprint: string; cache: CompletedStepCache | undefined }>();

  constructor(
    private readonly metrics: BackendMetrics,
    private readonly now: () => number = Date.now
  ) {}

  /** The datasource's cache, undefined when it is switched off; a `SettingsError` for bad cache settings. */
  forSettings(settings: DatasourceSettings): CompletedStepCache | undefined {
    const fingerprint = `${settings.lastUpdatedMs}\u0000${JSON.stringify(settings.jsonData)}`;
    const held = this.byDatasource.get(settings.uid);
    if (held?.fingerprint === fingerprint) {
      return held.cache;
    }
    const cacheSettings = cacheSettingsOf(settings.jsonData);
    held?.cache?.clear();
    const cache = cacheSettings.enabled ? new CompletedStepCache(cacheSettings, this.metrics, settings.uid, this.now) : undefined;
    this.byDatasource.set(settings.uid, { fingerprint, cache });
    return cache;
  }
}
