/**
 * `POST baselines/capture` from Prometheus: a baseline from a past window of live data (e.g. last week), for
 * teams without a training file. It reads where queries read: the datasource mapping with the model's binding
 * over it (`prometheus/layout.ts`). Features are the binding's own, plus those the default histogram and
 * category counter hold by their feature label; numeric features keep the
 * exporter's own bucket bounds (so live histograms align exactly later), categorical features and the
 * predicted/true classes come from their counters. Data-driven thresholds come from 10 equal chunks of the
 * window scored against the whole, as the file builder does. Each metric is read with one instant query over
 * the whole window plus one range query for the chunks.
 */
import { referenceChunkThresholds } from '../../drift/thresholds';
import { DriftInputError } from '../../drift/errors';
import { BUILD_DEFAULTS } from '../../drift/baseline/limits';
import { validateBaseline } from '../../drift/baseline/validate';
import { BASELINE_SCHEMA_VERSION, type BaselineDocument, type BaselineFeature, type CategoryCounts, type FeatureInput } from '../../drift/types';
import type { PrometheusBinding } from '../../shared/bindingModel';
import type { PrometheusHistogramKind, PrometheusMapping } from '../../shared/settingsModel';
import { BackendError, badRequest } from '../errors';
import { decumulateSorted } from '../prometheus/buckets';
import type { PrometheusApi } from '../prometheus/client';
import { groupBucketsByFeature, groupCountsByTime, vectorAsMatrix } from '../prometheus/grid';
import type { MatrixSeries } from '../prometheus/response';
import { modelLayout, type Signal } from '../prometheus/layout';
import { equals, increase, oneOf, render, selector, sumBy, type LabelMatcher } from '../prometheus/promql';
import { MAX_POINTS_PER_QUERY, PrometheusSource } from '../prometheus/source';
import type { CallOptions, CaptureWindow, FeatureSpec, FieldRole, WindowCounts } from '../sources/types';
import { summaryFromHistogram } from './histogramSummary';

export interface PrometheusCaptureRequest extends CaptureWindow {
  /** Where the data came from, for `source.description` (e.g. the Prometheus URL). */
  description: string;
}

const NON_FINITE_REASONS = new Set(['nan', 'inf', '+inf', '-inf', 'non_finite', 'nonfinite']);

interface Captured {
  feature: BaselineFeature;
  role: FieldRole;
  spec: FeatureSpec;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    total += v;
  }
  return total;
}

function distributionOf(counts: Map<string, number> | undefined): CategoryCounts {
  const entries = [...(counts ?? new Map<string, number>())].filter(([, c]) => Number.isFinite(c) && c > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { categories: entries.map(([c]) => c), counts: entries.map(([, c]) => c) };
}

const only = <T>(map: Map<number, T> | undefined): T | undefined => (map ? [...map.values()][0] : undefined);

/** Category counts without the categories that mean "no value" (the binding's `missingValues`), and their total. */
function withoutMissingValues(counts: Map<string, number> | undefined, missingValues: ReadonlySet<string>): { kept: Map<string, number>; missing: number } {
  const kept = new Map<string, number>();
  let missing = 0;
  for (const [category, count] of counts ?? []) {
    if (missingValues.has(category)) {
      missing += Number.isFinite(count) ? count : 0;
    } else {
      kept.set(category, count);
    }
  }
  return { kept, missing };
}

function categoricalFeature(name: string, distribution: CategoryCounts, missing: number, nonFinite: number): BaselineFeature {
  return { name, kind: 'categorical', distribution, n: sum(distribution.counts), missing, nonFinite };
}

/** Where the capture reads: the datasource mapping, and the model's binding over it (absent: the mapping alone). */
export interface CaptureLayout {
  mapping: PrometheusMapping;
  histogramKind: PrometheusHistogramKind;
  binding?: PrometheusBinding;
}

/** Series of one signal over the whole window, by its feature label (if any) and the labels it is read by. */
interface SignalRead {
  /** The feature every series belongs to, when the signal holds one feature (no feature label). */
  only?: string;
  featureLabel?: string;
  series: MatrixSeries[];
}

/** Names of a signal's series grouped by feature: the one it is bound to, or its feature label's values. */
function byFeature<T>(read: SignalRead, grouped: Map<string, T>): Array<[string, T]> {
  return read.only === undefined ? [...grouped] : [...grouped].map(([, value]) => [read.only!, value]);
}

export async function captureFromPrometheus(
  api: PrometheusApi,
  { mapping, histogramKind, binding }: CaptureLayout,
  request: PrometheusCaptureRequest,
  options: CallOptions = {}
): Promise<{ baseline: BaselineDocument; notes: string[] }> {
  if (!Number.isSafeInteger(request.fromMs) || !Number.isSafeInteger(request.toMs) || request.toMs <= request.fromMs) {
    throw badRequest('a capture needs a time window with from < to (epoch milliseconds)');
  }
  const model = { model: request.model, version: request.version };
  const layout = modelLayout(mapping, histogramKind, model, binding);
  const chunks = BUILD_DEFAULTS.chunks;
  // PromQL windows are whole seconds: chunks of whole seconds that tile the window, ending at `to`.
  const chunkMs = Math.max(1000, Math.ceil((request.toMs - request.fromMs) / chunks / 1000) * 1000);
  const windowSeconds = (chunks * chunkMs) / 1000;
  const range = { fromMs: request.toMs - chunks * chunkMs, toMs: request.toMs };
  const notes: string[] = [];
  const named = (request.features ?? []).filter((f) => f.trim() !== '');
  const wanted = (name: string) => named.length === 0 || named.includes(name);

  const instant = async (metric: string, matchers: LabelMatcher[], by: string[]) => {
    const result = await api.query(render(sumBy(by, increase(selector(metric, matchers), windowSeconds))), request.toMs, options.signal);
    result.warnings.forEach((w) => notes.push(`Prometheus: ${w}`));
    return vectorAsMatrix(result.data);
  };
  /** A structured signal read over the window: one feature (`only`) or every feature by its label (the named ones when named). */
  const readSignal = async (signal: Extract<Signal, { kind: 'histogram' | 'counter' }>, suffix: string, by: string[], only?: string): Promise<SignalRead> => {
    const featureMatchers: LabelMatcher[] = [];
    if (signal.featureLabel !== undefined && only !== undefined) {
      featureMatchers.push(equals(signal.featureLabel, only));
    } else if (signal.featureLabel !== undefined && named.length > 0) {
      featureMatchers.push(oneOf(signal.featureLabel, named));
    }
    const grouping = signal.featureLabel === undefined ? by : [signal.featureLabel, ...by];
    return { only, featureLabel: signal.featureLabel, series: await instant(`${signal.metric}${suffix}`, [...signal.matchers, ...featureMatchers], grouping) };
  };

  // Features bound one by one, then the ones the default numeric and categorical signals hold by their feature label.
  const boundNames = Object.keys(binding?.features ?? {}).filter(wanted);
  const histograms: Array<{ signal: Extract<Signal, { kind: 'histogram' }>; only?: string }> = [];
  const counters: Array<{ signal: Extract<Signal, { kind: 'counter' }>; only?: string }> = [];
  for (const name of boundNames) {
    const signal = layout.signalFor(name, 'feature', binding?.features?.[name]?.kind === 'counter' ? 'categorical' : 'numeric');
    if (signal.kind === 'histogram') {
      histograms.push({ signal, only: name });
    } else if (signal.kind === 'counter') {
      counters.push({ signal, only: name });
    } else {
      notes.push(`feature "${name}": read by a raw PromQL expression, not captured (build its baseline from a file)`);
    }
  }
  // '' is never a bound feature name: these are the signals of every feature the binding does not name.
  const numeric = layout.signalFor('', 'feature', 'numeric');
  if (numeric.kind === 'histogram' && numeric.featureLabel !== undefined) {
    histograms.push({ signal: numeric });
  }
  const categorical = layout.signalFor('', 'feature', 'categorical');
  if (categorical.kind === 'counter' && categorical.featureLabel !== undefined) {
    counters.push({ signal: categorical });
  }
  const [bucketReads, sumReads, counterReads] = await Promise.all([
    Promise.all(histograms.map(({ signal, only }) => readSignal(signal, '_bucket', ['le'], only))),
    Promise.all(histograms.map(({ signal, only }) => readSignal(signal, '_sum', [], only))),
    Promise.all(counters.map(({ signal, only }) => readSignal(signal, '', [signal.categoryLabel], only))),
  ]);

  // Missing values: each distinct missing counter once, by its feature and reason labels.
  const missingReads = new Map<string, Promise<SignalRead & { reasonLabel?: string }>>();
  const missingOfSignal = (name: string) => {
    const signal = layout.missingFor(name);
    if (!signal) {
      return undefined;
    }
    const key = JSON.stringify([signal.metric, signal.matchers, signal.featureLabel, signal.reasonLabel]);
    if (!missingReads.has(key)) {
      const by = [...(signal.featureLabel ? [signal.featureLabel] : []), ...(signal.reasonLabel ? [signal.reasonLabel] : [])];
      missingReads.set(
        key,
        instant(signal.metric, signal.matchers, by).then((series) => ({ featureLabel: signal.featureLabel, reasonLabel: signal.reasonLabel, series }))
      );
    }
    return missingReads.get(key)!;
  };
  const missingOf = async (name: string, categoryMissing = 0) => {
    const read = await missingOfSignal(name);
    let missingCount = categoryMissing;
    let nonFinite = 0;
    const counts = read
      ? only(groupCountsByTime(read.series, read.featureLabel, read.reasonLabel).get(read.featureLabel === undefined ? '' : name))
      : undefined;
    for (const [reason, count] of counts ?? []) {
      if (read?.reasonLabel !== undefined && NON_FINITE_REASONS.has(reason.toLowerCase())) {
        nonFinite += count;
      } else {
        missingCount += count;
      }
    }
    return { missing: Math.round(missingCount), nonFinite: Math.round(nonFinite) };
  };

  const captured: Captured[] = [];
  const has = (name: string) => captured.some((c) => c.feature.name === name);
  for (const [i, read] of bucketReads.entries()) {
    const { signal } = histograms[i];
    const sums = new Map(
      byFeature(sumReads[i], groupCountsByTime(sumReads[i].series, read.featureLabel, undefined)).map(([name, byTime]) => [name, only(byTime)?.get('')])
    );
    for (const [name, grouped] of byFeature(read, groupBucketsByFeature(read.series, read.featureLabel))) {
      if (has(name) || (read.only === undefined && boundNames.includes(name))) {
        continue;
      }
      // An instant query: one row (none, and so no +Inf bucket, if the feature had no sample).
      const decumulated = decumulateSorted(grouped.bounds, grouped.cumulative, grouped.present, only(grouped.rowOf) ?? 0);
      if (!decumulated.ok) {
        notes.push(`feature "${name}": left out (${decumulated.reason})`);
        continue;
      }
      // `_sum` is a counter only when no observation is negative; otherwise increase() misreads its decreases
      // as resets, and the mean comes from the buckets instead.
      const nonNegative = nonNegativeSupport(decumulated.binned);
      if (!nonNegative) {
        notes.push(`feature "${name}": the mean is estimated from the buckets (negative values make ${signal.metric}_sum unusable as a counter)`);
      }
      const summary = summaryFromHistogram(decumulated.binned, nonNegative ? sums.get(name) : undefined);
      if (!summary) {
        notes.push(`feature "${name}": left out (no observations in the window)`);
        continue;
      }
      const feature: BaselineFeature = { name, kind: 'numeric', histogram: decumulated.binned, summary, ...(await missingOf(name)) };
      captured.push({ feature, role: 'feature', spec: { name, role: 'feature', kind: 'numeric', upperBounds: decumulated.binned.upperBounds } });
    }
  }
  for (const [i, read] of counterReads.entries()) {
    const { signal } = counters[i];
    for (const [name, byTime] of byFeature(read, groupCountsByTime(read.series, read.featureLabel, signal.categoryLabel))) {
      if (read.only === undefined && boundNames.includes(name)) {
        continue;
      }
      if (has(name)) {
        notes.push(`feature "${name}": has both a histogram and category counts; the histogram was kept`);
        continue;
      }
      const { kept, missing: categoryMissing } = withoutMissingValues(only(byTime), signal.missingValues);
      const distribution = distributionOf(kept);
      if (distribution.categories.length === 0) {
        notes.push(`feature "${name}": left out (no observations in the window)`);
        continue;
      }
      const { missing: missingCount, nonFinite } = await missingOf(name, categoryMissing);
      captured.push({
        feature: categoricalFeature(name, distribution, missingCount, nonFinite),
        role: 'feature',
        spec: { name, role: 'feature', kind: 'categorical', categories: distribution.categories },
      });
    }
  }
  for (const name of named.filter((n) => !has(n))) {
    notes.push(`feature "${name}": no data in the window, not captured`);
  }
  if (captured.length === 0) {
    throw new BackendError(400, `no feature data for ${request.model}@${request.version} in Prometheus between the given times`, 'downstream');
  }
  for (const role of ['prediction', 'label'] as const) {
    const signal = layout.signalFor(role, role, 'categorical');
    if (signal.kind !== 'counter') {
      notes.push(`${role}: bound to a ${signal.kind === 'promql' ? 'raw PromQL expression' : 'histogram'}, not captured`);
      continue;
    }
    const read = await readSignal(signal, '', [signal.categoryLabel]);
    const distribution = distributionOf(
      withoutMissingValues(only(groupCountsByTime(read.series, undefined, signal.categoryLabel).get('')), signal.missingValues).kept
    );
    if (distribution.categories.length > 0) {
      captured.push({
        feature: categoricalFeature(role, distribution, 0, 0),
        role,
        spec: { name: role, role, kind: 'categorical', categories: distribution.categories },
      });
    }
  }
  if (captured.some((c) => c.feature.kind === 'numeric')) {
    notes.push('numeric features keep the exporter bucket bounds; counts are exact, min/max/std/quantiles are estimated from the buckets');
  }

  // The chunks are read as queries read them, binding included.
  const source = new PrometheusSource(api, mapping, MAX_POINTS_PER_QUERY, histogramKind, () => Promise.resolve(binding));
  const grid = { fromMs: range.fromMs + chunkMs, toMs: range.toMs, stepMs: chunkMs, windowMs: chunkMs };
  const chunked = await source.featureWindows(
    model,
    captured.map((c) => c.spec),
    grid,
    options
  );
  const withThresholds = captured.map((item, i) => {
    const windows = chunked.data[i]?.windows ?? [];
    const chunkInputs = windows.map(chunkInput);
    if (chunkInputs.length !== chunks || chunkInputs.some((c) => c === undefined)) {
      notes.push(`feature "${item.feature.name}": no data-driven thresholds (a chunk of the window has no data)`);
      return item;
    }
    try {
      const whole: FeatureInput =
        item.feature.kind === 'numeric'
          ? { kind: 'numeric', binned: item.feature.histogram, summary: item.feature.summary }
          : { kind: 'categorical', distribution: item.feature.distribution };
      return { ...item, feature: { ...item.feature, thresholds: referenceChunkThresholds(whole, chunkInputs as FeatureInput[]) } };
    } catch (error) {
      if (error instanceof DriftInputError) {
        notes.push(`feature "${item.feature.name}": no data-driven thresholds (${error.message})`);
        return item;
      }
      throw error;
    }
  });

  const features = withThresholds.filter((c) => c.role === 'feature').map((c) => c.feature);
  const prediction = withThresholds.find((c) => c.role === 'prediction')?.feature;
  const label = withThresholds.find((c) => c.role === 'label')?.feature;
  const classNames = [...new Set([prediction, label].flatMap((f) => (f?.kind === 'categorical' ? f.distribution.categories : [])))].sort();
  const document: BaselineDocument = {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    model: request.model,
    version: request.version,
    createdAt: request.createdAt,
    source: {
      kind: 'prometheus',
      description: `${request.description}, ${new Date(range.fromMs).toISOString()} to ${new Date(range.toMs).toISOString()}`,
      rows: Math.round(Math.max(0, ...features.map((f) => (f.kind === 'numeric' ? f.summary.n : f.n) + f.missing + f.nonFinite))),
    },
    features,
    ...(prediction ? { prediction } : {}),
    ...(label ? { label } : {}),
    ...(classNames.length > 0 ? { classNames } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
  };
  const validation = validateBaseline(document);
  if (!validation.ok) {
    throw new BackendError(500, `the captured baseline is not valid: ${validation.errors.slice(0, 5).join('; ')}`);
  }
  return { baseline: validation.baseline, notes };
}

/** True when every observation is known to be >= 0: the first non-empty bucket starts at a bound >= 0. */
function nonNegativeSupport(histogram: { upperBounds: number[]; counts: number[] }): boolean {
  const first = histogram.counts.findIndex((c) => c > 0);
  return first > 0 && histogram.upperBounds[first - 1] >= 0;
}

/** A chunk's counts as engine input; undefined for an empty chunk. */
function chunkInput(counts: WindowCounts): FeatureInput | undefined {
  const values = counts.kind === 'numeric' ? counts.binned.counts : counts.distribution.counts;
  if (!(sum(values) > 0)) {
    return undefined;
  }
  return counts.kind === 'numeric' ? { kind: 'numeric', binned: counts.binned } : { kind: 'categorical', distribution: counts.distribution };
}
