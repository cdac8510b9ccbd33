/**
 * Window lengths in PromQL, and the grouping of returned series by feature and timestamp (the evaluation grid
 * itself, which Elasticsearch shares, is `queries/timeGrid.ts`).
 */
import { parseLe } from './buckets';
import { SampleColumns, type MatrixSeries, type VectorSample } from './response';

/** Whole seconds of a window, at least one second. */
export function windowSeconds(windowMs: number): number {
  return Math.max(1, Math.round(windowMs / 1000));
}

/**
 * One feature's bucket series: the bounds in ascending order and, per evaluation time, the cumulative count at
 * each bound. The counts are one row per time in a single array (`bounds.length` wide), so that grouping a
 * range answer allocates per feature, not per sample or per window.
 */
export interface FeatureBuckets {
  bounds: number[];
  /** The row of every evaluation time at which at least one bound has a sample. */
  rowOf: Map<number, number>;
  cumulative: Float64Array;
  /** 1 where that bound has a sample at that time: an `le` series may start or end inside the range. */
  present: Uint8Array;
}

/**
 * Groups a `sum by (feature, le)` result by feature, bounds sorted once per feature (not per step). Without a
 * feature label (a metric per feature) every series belongs to the one group `''`.
 */
export function groupBucketsByFeature(series: readonly MatrixSeries[], featureLabel: string | undefined): Map<string, FeatureBuckets> {
  const perFeature = new Map<string, BucketSeries[]>();
  for (const s of series) {
    const feature = featureLabel === undefined ? '' : s.labels[featureLabel];
    const le = parseLe(s.labels.le ?? '');
    if (feature === undefined || le === undefined) {
      continue;
    }
    const list = perFeature.get(feature) ?? [];
    list.push({ le, samples: s.samples });
    perFeature.set(feature, list);
  }
  return new Map([...perFeature].map(([feature, list]) => [feature, featureBuckets(list)]));
}

interface BucketSeries {
  le: number;
  samples: SampleColumns;
}

/** One feature's bucket series as rows of cumulative counts. */
function featureBuckets(list: readonly BucketSeries[]): FeatureBuckets {
  const bounds = [...new Set(list.map((entry) => entry.le))].sort((a, b) => a - b);
  const index = new Map(bounds.map((bound, i) => [bound, i]));
  // Rows in the order their times were first met. The bucket series of one feature nearly always have the
  // same timestamps, so the k-th sample of such a series is in row k, found without a map lookup.
  const rowTimes: number[] = [];
  const rowOf = new Map<number, number>();
  const inRowOrder = list.map((entry) => addRows(entry.samples.timesMs, rowTimes, rowOf));
  const buckets: FeatureBuckets = {
    bounds,
    rowOf,
    cumulative: new Float64Array(rowTimes.length * bounds.length),
    present: new Uint8Array(rowTimes.length * bounds.length),
  };
  list.forEach((entry, i) => addSeries(buckets, index.get(entry.le)!, entry.samples, inRowOrder[i]));
  return buckets;
}

/** Adds one series into the column of its bound (`position`): into row k for its k-th sample when `inRowOrder`. */
function addSeries(buckets: FeatureBuckets, position: number, samples: SampleColumns, inRowOrder: boolean): void {
  const { rowOf, cumulative, present } = buckets;
  const width = buckets.bounds.length;
  const { timesMs, values } = samples;
  for (let k = 0; k < timesMs.length; k++) {
    const cell = (inRowOrder ? k : rowOf.get(timesMs[k])!) * width + position;
    // Two spellings of one bound (`1` and `1.0`) from different targets add up.
    cumulative[cell] += values[k];
    present[cell] = 1;
  }
}

/**
 * Adds the times of a series that have no row yet; returns whether its k-th sample is in row k throughout.
 * (Compared here rather than with a shared array helper: such a helper, called with many kinds of arrays
 * elsewhere, reads their elements several times slower.)
 */
function addRows(timesMs: Float64Array, rowTimes: number[], rowOf: Map<number, number>): boolean {
  let inOrder = true;
  for (let k = 0; k < timesMs.length; k++) {
    if (k < rowTimes.length && rowTimes[k] === timesMs[k]) {
      continue;
    }
    if (!rowOf.has(timesMs[k])) {
      rowOf.set(timesMs[k], rowTimes.length);
      rowTimes.push(timesMs[k]);
    }
    // Rows are only ever appended, so row k keeps its time while later series add rows.
    inOrder = inOrder && rowTimes[k] === timesMs[k];
  }
  return inOrder;
}

/**
 * `group` → timestamp → key → value, from a `sum by (group, key)` range query (e.g. feature, category). A label
 * that is not given groups (or keys) every series as `''`.
 */
export function groupCountsByTime(
  series: readonly MatrixSeries[],
  groupLabel: string | undefined,
  keyLabel: string | undefined
): Map<string, Map<number, Map<string, number>>> {
  const out = new Map<string, Map<number, Map<string, number>>>();
  for (const s of series) {
    const group = groupLabel === undefined ? '' : s.labels[groupLabel];
    const key = keyLabel === undefined ? '' : s.labels[keyLabel];
    if (group === undefined || key === undefined) {
      continue;
    }
    let byTime = out.get(group);
    if (!byTime) {
      byTime = new Map();
      out.set(group, byTime);
    }
    const { timesMs, values } = s.samples;
    for (let k = 0; k < timesMs.length; k++) {
      let counts = byTime.get(timesMs[k]);
      if (!counts) {
        counts = new Map();
        byTime.set(timesMs[k], counts);
      }
      counts.set(key, (counts.get(key) ?? 0) + values[k]);
    }
  }
  return out;
}

/** The same grouping for an instant query, as a single pseudo-timestamp per group. */
export function vectorAsMatrix(samples: readonly VectorSample[]): MatrixSeries[] {
  return samples.map((s) => ({ labels: s.labels, samples: new SampleColumns(Float64Array.of(s.timeMs), Float64Array.of(s.value)) }));
}
