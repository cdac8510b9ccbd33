/**
 * Counts from an upstream are untrusted input. A lying or broken upstream (or a metric that is not the counter it
 * should be) can answer NaN, ±Inf or negative counts, which passed into rates and statistics without a word
 * (`missing_rate = -Infinity`). This decorator checks every count a live source returns: a window holding one is
 * left out, as a window without data, with a warning naming the feature, the time and the value. Sources keep
 * their own checks (Elasticsearch reads every count as a non-negative integer); this is the one place that holds
 * for all of them.
 */
import type { DriftNotice } from '../../drift/types';
import type { ConfusionCounts, FeatureTotals, FeatureWindowSeries, LiveDistribution, LiveSource, SourceResult, WindowCounts } from './types';

function isCount(value: number): boolean {
  return value >= 0 && value !== Infinity;
}

/** The value when it is not a count (finite, not negative), else undefined. */
function badCount(value: number): number | undefined {
  return isCount(value) ? undefined : value;
}

/** The first value that is not a count, or undefined. */
function firstBadCount(values: ArrayLike<number>): number | undefined {
  for (let i = 0; i < values.length; i++) {
    if (!isCount(values[i])) {
      return values[i];
    }
  }
  return undefined;
}

function distributionCounts(counts: LiveDistribution | WindowCounts): ArrayLike<number> {
  return counts.kind === 'numeric' ? counts.binned.counts : counts.distribution.counts;
}

/**
 * The bad value of one window, if any: bucket or category counts, missing, non-finite, out of range, unlisted,
 * observations. Checked value by value rather than gathered in an array: this runs for every window of a query.
 */
function badValueOf(counts: WindowCounts, observations: number): number | undefined {
  const ofKind = counts.kind === 'numeric' ? (badCount(counts.belowRange ?? 0) ?? badCount(counts.aboveRange ?? 0)) : badCount(counts.unlisted);
  return firstBadCount(distributionCounts(counts)) ?? badCount(counts.missing) ?? badCount(counts.nonFinite) ?? ofKind ?? badCount(observations);
}

/** The same check on a row of a series read by rows, without making its window object. */
function badValueOfRow(series: FeatureWindowSeries, i: number): number | undefined {
  const rows = series.rows!;
  return firstBadCount(distributionCounts(rows.distributionAt(i))) ?? badCount(rows.missing(i)) ?? badCount(rows.unlisted(i)) ?? badCount(series.observations[i]);
}

/** `leftOut` says what was left out (e.g. `"age": 3 window(s)`). */
function leftOutNotice(leftOut: string, timeMs: number | undefined, value: number): DriftNotice {
  const when = timeMs === undefined ? '' : ` (first at ${new Date(timeMs).toISOString()})`;
  return {
    severity: 'warning',
    text: `${leftOut} left out${when}: the upstream answered ${value} where a count (a finite number, not negative) belongs`,
  };
}

function checkedSeries(series: FeatureWindowSeries): FeatureWindowSeries {
  const bad: Array<{ index: number; value: number }> = [];
  for (let i = 0; i < series.times.length; i++) {
    const value = series.rows ? badValueOfRow(series, i) : badValueOf(series.windows[i], series.observations[i]);
    if (value !== undefined) {
      bad.push({ index: i, value });
    }
  }
  if (bad.length === 0) {
    return series;
  }
  const left = new Set(bad.map((b) => b.index));
  const keep = (_: unknown, i: number) => !left.has(i);
  return {
    feature: series.feature,
    role: series.role,
    times: series.times.filter(keep),
    windows: series.windows.filter(keep),
    observations: series.observations.filter(keep),
    notices: [...series.notices, leftOutNotice(`"${series.feature}": ${bad.length} window(s)`, series.times[bad[0].index], bad[0].value)],
  };
}

/** An instant window with a bad count becomes one without data: nothing observed, nothing counted. */
function checkedTotals(totals: FeatureTotals): FeatureTotals {
  const value = badValueOf(totals.counts, totals.observations);
  if (value === undefined) {
    return totals;
  }
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const empty: WindowCounts =
    totals.counts.kind === 'numeric'
      ? { kind: 'numeric', binned: { upperBounds: totals.counts.binned.upperBounds, counts: zeros(totals.counts.binned.counts.length) }, missing: 0, nonFinite: 0 }
      : { kind: 'categorical', distribution: { categories: totals.counts.distribution.categories, counts: zeros(totals.counts.distribution.counts.length) }, missing: 0, nonFinite: 0, unlisted: 0 };
  return { ...totals, counts: empty, observations: 0, notices: [...totals.notices, leftOutNotice(`"${totals.feature}": the window`, undefined, value)] };
}

/** Outcomes with a bad count are left out of the matrix; `badValue` says what was found, for the warning. */
function checkedConfusion(counts: ConfusionCounts): { counts: ConfusionCounts; badValue?: number } {
  const badValue = firstBadCount(counts.counts) ?? badCount(counts.unlisted);
  if (badValue === undefined) {
    return { counts };
  }
  const keep = counts.counts.map(isCount);
  return {
    counts: {
      actual: counts.actual.filter((_, i) => keep[i]),
      predicted: counts.predicted.filter((_, i) => keep[i]),
      counts: counts.counts.filter((_, i) => keep[i]),
      unlisted: isCount(counts.unlisted) ? counts.unlisted : 0,
    },
    badValue,
  };
}

function withNotices<T>(result: SourceResult<T>, data: T, extra: Array<DriftNotice | undefined>): SourceResult<T> {
  const added = extra.filter((notice): notice is DriftNotice => notice !== undefined);
  return added.length === 0 ? { ...result, data } : { ...result, data, notices: [...result.notices, ...added] };
}

/** Segment values with a bad traffic count are left out of the ranking, with a warning. */
function checkedSegmentTraffic(read: NonNullable<LiveSource['segmentTraffic']>): NonNullable<LiveSource['segmentTraffic']> {
  return async (model, feature, label, range, options) => {
    const result = await read(model, feature, label, range, options);
    const bad = result.data.values.find((v) => !isCount(v.observations));
    if (bad === undefined) {
      return result;
    }
    const values = result.data.values.filter((v) => isCount(v.observations));
    return withNotices(result, { ...result.data, values }, [leftOutNotice(`segment values with invalid traffic counts (${result.data.values.length - values.length})`, undefined, bad.observations)]);
  };
}

/** Score windows with a bad count are left out, as windows without labelled scores. */
function checkedClassScores(read: NonNullable<LiveSource['classScores']>): NonNullable<LiveSource['classScores']> {
  return async (model, spec, at, options) => {
    const result = await read(model, spec, at, options);
    const badValues = result.data.windows.map((w) => [...w.byActual.values()].reduce<number | undefined>((found, counts) => found ?? firstBadCount(counts), undefined) ?? badCount(w.unscored));
    return withoutBadWindows(result, badValues, 'scores by actual class');
  };
}

/** `result` without the windows that have a bad value (`badValues[i]` set), with a warning naming the first. */
function withoutBadWindows<T extends { times: number[]; windows: unknown[] }>(result: SourceResult<T>, badValues: Array<number | undefined>, what: string): SourceResult<T> {
  const first = badValues.findIndex((v) => v !== undefined);
  if (first < 0) {
    return result;
  }
  const keep = (_: unknown, i: number) => badValues[i] === undefined;
  const left = badValues.filter((v) => v !== undefined).length;
  const data = { ...result.data, times: result.data.times.filter(keep), windows: result.data.windows.filter(keep) };
  return withNotices(result, data, [leftOutNotice(`${what}: ${left} window(s)`, result.data.times[first], badValues[first]!)]);
}

/** Error sums are not counts (a signed sum may be negative) but must be finite, and their count a count. */
function checkedErrorSums(read: NonNullable<LiveSource['errorSums']>): NonNullable<LiveSource['errorSums']> {
  return async (model, at, options) => {
    const result = await read(model, at, options);
    const badValues = result.data.windows.map(
      (w) =>
        badCount(w.count) ??
        badCount(w.absoluteErrorSum) ??
        badCount(w.squaredErrorSum) ??
        badCount(w.absolutePercentageErrorSum ?? 0) ??
        badCount(w.zeroActualCount ?? 0) ??
        (Number.isFinite(w.errorSum ?? 0) ? undefined : w.errorSum)
    );
    return withoutBadWindows(result, badValues, 'regression errors');
  };
}

/** Prediction summaries with a bad count or a non-finite value are left out. */
function checkedPredictionStats(read: NonNullable<LiveSource['predictionStats']>): NonNullable<LiveSource['predictionStats']> {
  return async (model, levels, at, options) => {
    const result = await read(model, levels, at, options);
    const badValues = result.data.windows.map((w) => badCount(w.count) ?? [w.min, w.max, ...w.quantiles].find((v) => !Number.isFinite(v)));
    return withoutBadWindows(result, badValues, 'prediction summaries');
  };
}

/** `source` with every count it returns checked (see the module comment). */
export function withCheckedCounts(source: LiveSource): LiveSource {
  return {
    kind: source.kind,
    async featureWindows(model, features, grid, options) {
      const result = await source.featureWindows(model, features, grid, options);
      return { ...result, data: result.data.map(checkedSeries) };
    },
    async featureTotals(model, features, range, options) {
      const result = await source.featureTotals(model, features, range, options);
      return { ...result, data: result.data.map(checkedTotals) };
    },
    async confusion(model, range, classNames, options) {
      const result = await source.confusion(model, range, classNames, options);
      const checked = checkedConfusion(result.data);
      const notice = checked.badValue === undefined ? undefined : leftOutNotice('labelled outcomes with invalid counts', undefined, checked.badValue);
      return withNotices(result, checked.counts, [notice]);
    },
    async confusionWindows(model, grid, classNames, options) {
      const result = await source.confusionWindows(model, grid, classNames, options);
      const checked = result.data.windows.map(checkedConfusion);
      const bad = checked.map((c, i) => ({ value: c.badValue, timeMs: result.data.times[i] })).filter((b) => b.value !== undefined);
      const notice = bad.length === 0 ? undefined : leftOutNotice(`labelled outcomes with invalid counts in ${bad.length} window(s)`, bad[0].timeMs, bad[0].value!);
      return withNotices(result, { times: result.data.times, windows: checked.map((c) => c.counts) }, [notice]);
    },
    ...(source.profile ? { profile: source.profile.bind(source) } : {}),
    ...(source.classScores ? { classScores: checkedClassScores(source.classScores.bind(source)) } : {}),
    ...(source.errorSums ? { errorSums: checkedErrorSums(source.errorSums.bind(source)) } : {}),
    ...(source.predictionStats ? { predictionStats: checkedPredictionStats(source.predictionStats.bind(source)) } : {}),
    ...(source.segmentTraffic ? { segmentTraffic: checkedSegmentTraffic(source.segmentTraffic.bind(source)) } : {}),
  };
}
