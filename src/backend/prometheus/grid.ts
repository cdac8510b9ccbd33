/**
 * The evaluation grid of a range query and the grouping of returned series by feature and timestamp.
 */
import { DEFAULT_MIN_STEP } from '../../datasource/types';
import { parseLe } from './buckets';
import { parseDuration } from './promql';
import type { MatrixSeries, VectorSample } from './response';

/** Prometheus refuses range queries with more than 11,000 points per series. */
export const PROMETHEUS_MAX_POINTS = 11_000;
export const DEFAULT_MIN_STEP_MS = parseDuration(DEFAULT_MIN_STEP);

export interface StepGrid {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * The panel interval, but never below the scrape-friendly minimum, never more points than the panel can
 * show or Prometheus allows, whole seconds, and start/end aligned to the step so consecutive refreshes hit
 * the same timestamps (Grafana's Prometheus datasource aligns the same way).
 */
export function stepGrid(
  fromMs: number,
  toMs: number,
  intervalMs: number,
  maxDataPoints: number,
  minStepMs: number = DEFAULT_MIN_STEP_MS
): StepGrid {
  const span = Math.max(0, toMs - fromMs);
  const maxPoints = Math.min(maxDataPoints > 0 ? maxDataPoints : PROMETHEUS_MAX_POINTS, PROMETHEUS_MAX_POINTS);
  const raw = Math.max(intervalMs > 0 ? intervalMs : 0, minStepMs, Math.ceil(span / maxPoints), 1000);
  const stepMs = Math.ceil(raw / 1000) * 1000;
  const startMs = Math.floor(fromMs / stepMs) * stepMs;
  const endMs = Math.max(startMs, Math.floor(toMs / stepMs) * stepMs);
  return { startMs, endMs, stepMs };
}

/** Whole seconds of a window, at least one second. */
export function windowSeconds(windowMs: number): number {
  return Math.max(1, Math.round(windowMs / 1000));
}

/** One feature's bucket series: the bounds in ascending order and, per timestamp, the cumulative count at
 * each bound (`undefined` where that bound has no sample at that time). */
export interface FeatureBuckets {
  bounds: number[];
  byTime: Map<number, Array<number | undefined>>;
}

/** Groups a `sum by (feature, le)` result by feature, bounds sorted once per feature (not per step). */
export function groupBucketsByFeature(series: readonly MatrixSeries[], featureLabel: string): Map<string, FeatureBuckets> {
  const perFeature = new Map<string, Array<{ le: number; series: MatrixSeries }>>();
  for (const s of series) {
    const feature = s.labels[featureLabel];
    const le = parseLe(s.labels.le ?? '');
    if (feature === undefined || le === undefined) {
      continue;
    }
    const list = perFeature.get(feature) ?? [];
    list.push({ le, series: s });
    perFeature.set(feature, list);
  }
  const out = new Map<string, FeatureBuckets>();
  for (const [feature, list] of perFeature) {
    const bounds = [...new Set(list.map((entry) => entry.le))].sort((a, b) => a - b);
    const index = new Map(bounds.map((bound, i) => [bound, i]));
    const byTime = new Map<number, Array<number | undefined>>();
    // The rows in the order the first series visited them: the bucket series of one feature nearly always share
    // their timestamps, so the k-th sample of the next series usually lands on the k-th row without a map lookup.
    const visitedTimes: number[] = [];
    const visitedRows: Array<Array<number | undefined>> = [];
    for (const { le, series: s } of list) {
      const position = index.get(le)!;
      for (let k = 0; k < s.samples.length; k++) {
        const sample = s.samples[k];
        let row = visitedTimes[k] === sample.timeMs ? visitedRows[k] : byTime.get(sample.timeMs);
        if (!row) {
          row = new Array<number | undefined>(bounds.length).fill(undefined);
          byTime.set(sample.timeMs, row);
          if (k === visitedTimes.length) {
            visitedTimes.push(sample.timeMs);
            visitedRows.push(row);
          }
        }
        // Two spellings of one bound (`1` and `1.0`) from different targets add up.
        row[position] = (row[position] ?? 0) + sample.value;
      }
    }
    out.set(feature, { bounds, byTime });
  }
  return out;
}

/** `group` → timestamp → key → value, from a `sum by (group, key)` range query (e.g. feature, category). */
export function groupCountsByTime(
  series: readonly MatrixSeries[],
  groupLabel: string | undefined,
  keyLabel: string
): Map<string, Map<number, Map<string, number>>> {
  const out = new Map<string, Map<number, Map<string, number>>>();
  for (const s of series) {
    const group = groupLabel === undefined ? '' : s.labels[groupLabel];
    const key = s.labels[keyLabel];
    if (group === undefined || key === undefined) {
      continue;
    }
    let byTime = out.get(group);
    if (!byTime) {
      byTime = new Map();
      out.set(group, byTime);
    }
    for (const sample of s.samples) {
      let counts = byTime.get(sample.timeMs);
      if (!counts) {
        counts = new Map();
        byTime.set(sample.timeMs, counts);
      }
      counts.set(key, (counts.get(key) ?? 0) + sample.value);
    }
  }
  return out;
}

/** The same grouping for an instant query, as a single pseudo-timestamp per group. */
export function vectorAsMatrix(samples: readonly VectorSample[]): MatrixSeries[] {
  return samples.map((s) => ({ labels: s.labels, samples: [{ timeMs: s.timeMs, value: s.value }] }));
}
