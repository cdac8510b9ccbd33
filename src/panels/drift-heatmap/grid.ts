import { t } from '@grafana/i18n';

import { naturalCompare } from '../shared/frames';
import { tText } from '../shared/i18n';
import { sameElements } from '../../drift/numeric';
import { FeatureSeries } from './readFrames';
import { FeatureSort, HeatmapColorBy } from './types';

export interface RowSummary {
  /** Largest coloured value over the windows, NaN if the feature has none. */
  worst: number;
  worstTime: number;
  latest: number;
}

/** Every row (feature, or feature and segment) on one shared, ascending axis of window end times. */
export interface DriftGrid {
  rows: FeatureSeries[];
  summaries: RowSummary[];
  /** Index of the row with the worst drift, -1 if no row has a value. */
  worstRow: number;
  times: Float64Array;
  windowMs: number;
  /** `rows.length × times.length`, row-major: the coloured quantity, NaN where there is no point. */
  values: Float32Array;
  /** For each row, the index of each grid column in the row's own series (-1: no point). */
  sourceIndex: Int32Array;
  colorBy: HeatmapColorBy;
  /** The colour scale runs from 0 to this. */
  domainMax: number;
  /** Position of the threshold on the colour scale's domain; undefined if features have different thresholds. */
  threshold?: number;
  notices: string[];
}

/** The coloured values of a series and the factor to multiply them by (score ÷ threshold needs one). */
function coloredValues(series: FeatureSeries, colorBy: HeatmapColorBy): { values: Float64Array; scale: number } | undefined {
  if (colorBy === 'score') {
    return series.score && { values: series.score, scale: 1 };
  }
  if (series.normalized) {
    return { values: series.normalized, scale: 1 };
  }
  const { score, threshold } = series;
  return score && threshold !== undefined && threshold > 0 ? { values: score, scale: 1 / threshold } : undefined;
}

function unionOfTimes(series: FeatureSeries[]): Float64Array {
  const first = series[0].times;
  if (series.every((s) => sameElements(s.times, first))) {
    return first;
  }
  const all = new Set<number>();
  series.forEach((s) => s.times.forEach((t) => all.add(t)));
  return Float64Array.from(all).sort();
}

/** Typical window length: the smallest declared one, else the median spacing of the points. */
function windowLength(series: FeatureSeries[], times: Float64Array): number {
  const declared = series.map((s) => s.windowMs).filter((w): w is number => w !== undefined);
  if (declared.length > 0) {
    return Math.min(...declared);
  }
  if (times.length < 2) {
    return 0;
  }
  const gaps = Array.from(times.subarray(1), (t, i) => t - times[i]).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

function summarize(series: FeatureSeries, colored: ReturnType<typeof coloredValues>): RowSummary {
  let worst = Number.NaN;
  let worstTime = Number.NaN;
  let latest = Number.NaN;
  if (!colored) {
    return { worst, worstTime, latest };
  }
  const { values, scale } = colored;
  for (let i = 0; i < values.length; i++) {
    // rounded to the grid's precision, so the summary matches the painted cell
    const value = Math.fround(values[i] * scale);
    if (Number.isNaN(value)) {
      continue;
    }
    latest = value;
    if (!(value <= worst)) {
      worst = value;
      worstTime = series.times[i];
    }
  }
  return { worst, worstTime, latest };
}

/** The larger of two sort keys, NaN (no value) only when both are. */
function largerKey(a: number | undefined, b: number): number {
  return a === undefined || Number.isNaN(a) || b > a ? b : a;
}

/**
 * Row order: features descending by the key of their worst-keyed row (features without values last, ties by
 * name), and a feature's rows (its segments, models, references) together, in the order the frames gave them:
 * the backend sends segments by traffic, `other` last.
 */
function rowComparator(keys: number[], features: string[]): (a: number, b: number) => number {
  const byFeature = new Map<string, number>();
  features.forEach((feature, r) => byFeature.set(feature, largerKey(byFeature.get(feature), keys[r])));
  return (a, b) => {
    const [ka, kb] = [byFeature.get(features[a])!, byFeature.get(features[b])!];
    if (Number.isNaN(ka) !== Number.isNaN(kb)) {
      return Number.isNaN(ka) ? 1 : -1;
    }
    return (Number.isNaN(ka) ? 0 : kb - ka) || naturalCompare(features[a], features[b]) || a - b;
  };
}

/** The row with the largest coloured value, -1 when no row has one (the order may be by name or by feature). */
function worstRowOf(summaries: RowSummary[]): number {
  let worstRow = -1;
  summaries.forEach((summary, row) => {
    if (summary.worst > (worstRow < 0 ? Number.NEGATIVE_INFINITY : summaries[worstRow].worst)) {
      worstRow = row;
    }
  });
  return worstRow;
}

export interface GridOptions {
  colorBy: HeatmapColorBy;
  maxNormalized: number;
  sortBy: FeatureSort;
}

export function buildDriftGrid(series: FeatureSeries[], options: GridOptions): DriftGrid {
  const times = series.length > 0 ? unionOfTimes(series) : new Float64Array(0);
  const columns = times.length;
  const notices: string[] = [];
  const colored = series.map((s) => coloredValues(s, options.colorBy));
  const withoutValues = colored.filter((c) => c === undefined).length;
  if (withoutValues > 0) {
    notices.push(
      options.colorBy === 'normalized'
        ? tText(
            'heatmap.notice.no-normalized',
            '{{count}} feature(s) have neither a normalised score nor a threshold; colour by score to see them',
            { count: withoutValues }
          )
        : tText('heatmap.notice.no-score', '{{count}} feature(s) have no score series', { count: withoutValues })
    );
  }
  // Rows are ordered before the grid is filled, so the million cells are written once, in place.
  const unsortedSummaries = series.map((s, r) => summarize(s, colored[r]));
  const keys = unsortedSummaries.map((s) => (options.sortBy === 'latest' ? s.latest : options.sortBy === 'worst' ? s.worst : Number.NaN));
  const order = series.map((_, r) => r).sort(rowComparator(keys, series.map((s) => s.feature)));
  const values = new Float32Array(series.length * columns).fill(Number.NaN);
  const sourceIndex = new Int32Array(series.length * columns).fill(-1);
  order.forEach((from, row) => {
    const source = colored[from];
    if (!source) {
      return;
    }
    const own = series[from].times;
    const offset = row * columns;
    if (sameElements(own, times)) {
      for (let i = 0; i < columns; i++) {
        values[offset + i] = source.values[i] * source.scale;
        sourceIndex[offset + i] = i;
      }
      return;
    }
    // Both time axes ascend, so one merge walk places every point.
    let c = 0;
    for (let i = 0; i < own.length; i++) {
      while (times[c] < own[i]) {
        c++;
      }
      values[offset + c] = source.values[i] * source.scale;
      sourceIndex[offset + c] = i;
    }
  });
  const summaries = order.map((r) => unsortedSummaries[r]);
  const worstOverall = summaries.reduce((max, s) => (s.worst > max ? s.worst : max), 0);
  const thresholds = new Set(series.map((s) => s.threshold).filter((t) => t !== undefined));
  const threshold = options.colorBy === 'normalized' ? 1 : thresholds.size === 1 ? [...thresholds][0] : undefined;
  const domainMax =
    options.colorBy === 'normalized'
      ? Math.max(1, options.maxNormalized)
      : Math.max(worstOverall, threshold !== undefined ? threshold * 2 : 0) || 1;
  if (options.colorBy === 'score' && thresholds.size > 1) {
    notices.push(t('heatmap.notice.mixed-thresholds', 'Features have different thresholds: colour by normalised score to compare them'));
  }
  return {
    rows: order.map((r) => series[r]),
    summaries,
    worstRow: worstRowOf(summaries),
    times,
    windowMs: windowLength(series, times),
    values,
    sourceIndex,
    colorBy: options.colorBy,
    domainMax,
    threshold,
    notices,
  };
}

/** Features on the grid: a feature split into segments (models, references) has several rows but counts once. */
export function featureCount(grid: DriftGrid): number {
  return new Set(grid.rows.map((row) => row.feature)).size;
}

/** Features with a row whose worst window reached the threshold (a feature counts once, however many of its rows do). */
export function featuresOverThreshold(grid: DriftGrid): number {
  const { threshold } = grid;
  if (threshold === undefined) {
    return 0;
  }
  return new Set(grid.rows.filter((_, r) => grid.summaries[r].worst >= threshold).map((row) => row.feature)).size;
}
