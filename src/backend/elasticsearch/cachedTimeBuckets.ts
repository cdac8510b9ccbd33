/**
 * Elasticsearch time buckets through the completed-bucket cache (`cache/completedStepCache.ts`). Windows are sums
 * of consecutive time buckets (`timeBuckets.ts`), and a time bucket's counts are final once its end is older than
 * the margin, so the buckets of a plan's searches are kept under the plan itself (index, mapping, model, features,
 * their grouping, bucket interval and offset). A refresh searches only the buckets around the cached run; the
 * source then sums windows from cached and new buckets as from one answer, so its windows and notices are the
 * same with and without the cache.
 */
import type { DriftNotice } from '../../drift/types';
import type { CompletedStepCache } from '../cache/completedStepCache';
import { joinedCoverage } from '../cache/stepCoverage';
import type { FeatureSpec } from '../sources/types';
import type { TimeSlice, WindowSearch } from './requestBuilder';
import type { SearchOutcome } from './responseParser';
import type { TimeBucketLayout } from './timeBuckets';
import { readTimeBuckets, type TimeBucket } from './windowParser';

/** A cached time bucket: where its counts are, and its key (start), which places it on any later layout. */
interface HeldBucket {
  key: number;
  bucket: TimeBucket;
}

/** The time buckets of each feature group of a plan, and the notices of the searches that were run. */
export interface GroupBuckets {
  buckets: Map<number[], TimeBucket[]>;
  notices: DriftNotice[];
}

/** Per time bucket: its object and document count, and one number per bin or category of each feature. */
function bucketBytes(features: FeatureSpec[], group: number[]): number {
  let values = 0;
  for (const index of group) {
    const spec = features[index];
    values += (spec.kind === 'numeric' ? spec.upperBounds.length + 1 : spec.categories.length + 1) + 3;
  }
  return 96 + 8 * values;
}

function intersect(slice: TimeSlice, first: number, end: number): TimeSlice | undefined {
  const from = Math.max(slice.first, first);
  const to = Math.min(slice.first + slice.count, end);
  return to > from ? { first: from, count: to - from } : undefined;
}

function gather(searches: WindowSearch[], outcomes: SearchOutcome[], layout: TimeBucketLayout, into: Map<number[], TimeBucket[]>): void {
  searches.forEach(({ group }, s) => {
    const gathered = into.get(group) ?? [];
    gathered.push(...readTimeBuckets(outcomes[s].aggregations, layout));
    into.set(group, gathered);
  });
}

/**
 * The time buckets of a window plan, from the cache where it holds them and from `search` for the rest; then the
 * cached run is extended to every bucket now final. Searches whose answer carried a warning are never cached.
 */
export async function planTimeBuckets(
  cache: CompletedStepCache | undefined,
  plan: { key: string; layout: TimeBucketLayout; searches: WindowSearch[]; features: FeatureSpec[] },
  search: (searches: WindowSearch[]) => Promise<SearchOutcome[]>
): Promise<GroupBuckets> {
  const { layout, searches, features } = plan;
  const buckets = new Map<number[], TimeBucket[]>();
  if (!cache) {
    const outcomes = await search(searches);
    gather(searches, outcomes, layout, buckets);
    return { buckets, notices: warningsThenInfos(outcomes.flatMap((outcome) => outcome.notices), []) };
  }

  const groups = [...new Set(searches.map((s) => s.group))];
  const shelf = cache.shelf<HeldBucket[]>('elasticsearch time buckets');
  const key = `${JSON.stringify(groups)}\u0000${plan.key}`;
  const held = shelf.get(key, { fromMs: layout.firstKey, toMs: layout.firstKey + (layout.bucketCount - 1) * layout.intervalMs });
  const indexOf = (bucketKey: number) => (bucketKey - layout.firstKey) / layout.intervalMs;
  // The cached run on this layout, as bucket indexes [first, end).
  const first = held ? Math.max(0, indexOf(held.coverage.fromMs)) : 0;
  const end = held ? Math.min(layout.bucketCount, indexOf(held.coverage.toMs) + 1) : 0;
  const usable = held !== undefined && end > first;
  const missing: Array<[number, number]> = usable ? [[0, first], [end, layout.bucketCount]] : [[0, layout.bucketCount]];
  const toRun = searches.flatMap(({ slice, group }) =>
    missing.map(([from, to]) => intersect(slice, from, to)).filter((s): s is TimeSlice => s !== undefined).map((s) => ({ slice: s, group }))
  );
  const outcomes = toRun.length > 0 ? await search(toRun) : [];
  gather(toRun, outcomes, layout, buckets);
  if (usable) {
    groups.forEach((group, g) => {
      const gathered = buckets.get(group) ?? [];
      for (const { key: bucketKey, bucket } of held.series[g]) {
        const index = indexOf(bucketKey);
        if (index >= first && index < end) {
          gathered.push({ ...bucket, index });
        }
      }
      buckets.set(group, gathered);
    });
  }
  const fetched = outcomes.flatMap((outcome) => outcome.notices);
  const notices = warningsThenInfos(fetched, usable ? held.infos : []);
  // Time buckets on the time axis from each side, and every group's buckets read from the answers.
  const bucketsRead = toRun.reduce((n, s) => n + s.slice.count, 0);
  cache.record('elasticsearch', usable ? end - first : 0, bucketsRead / groups.length, bucketsRead);

  // Bucket b holds (startMs + b·I, startMs + (b + 1)·I]: final once that end is older than the margin.
  const finalEnd = Math.min(layout.bucketCount, Math.floor((cache.now() - cache.settings.marginMs - layout.startMs) / layout.intervalMs));
  if (toRun.length > 0 && finalEnd > 0 && fetched.every((n) => n.severity === 'info')) {
    const read = { fromMs: layout.firstKey, toMs: layout.firstKey + (finalEnd - 1) * layout.intervalMs };
    const kept = joinedCoverage(usable ? held.coverage : undefined, read);
    // The held run's buckets on either side of the read's, when the kept run reaches beyond it.
    const heldBeside = (bucketKey: number) => bucketKey >= kept.fromMs && bucketKey <= kept.toMs && (bucketKey < read.fromMs || bucketKey > read.toMs);
    const series = groups.map((group, g) => {
      const fresh = (buckets.get(group) ?? []).filter((b) => b.index < finalEnd).map((bucket) => ({ key: layout.firstKey + bucket.index * layout.intervalMs, bucket }));
      const beside = usable ? held.series[g].filter((heldBucket) => heldBeside(heldBucket.key)) : [];
      return beside.length === 0 ? fresh : [...beside, ...fresh].sort((a, b) => a.key - b.key);
    });
    const bucketCount = (kept.toMs - kept.fromMs) / layout.intervalMs + 1;
    const bytes = groups.reduce((sum, group) => sum + bucketCount * bucketBytes(features, group), 2 * key.length);
    const infos = notices.filter((n) => n.severity === 'info').map((n) => n.text);
    shelf.set(key, { coverage: kept, series, infos }, bytes);
  }
  return { buckets, notices };
}

/** Warnings first, then informational notes (those of cached buckets too), each once. */
function warningsThenInfos(notices: DriftNotice[], cachedInfos: string[]): DriftNotice[] {
  const infos = new Set([...cachedInfos, ...notices.filter((n) => n.severity === 'info').map((n) => n.text)]);
  return [...notices.filter((n) => n.severity !== 'info'), ...[...infos].map((text): DriftNotice => ({ severity: 'info', text }))];
}
