/**
 * `POST baselines/capture` from Prometheus: a baseline from a past window of live data (e.g. last week), for
 * teams without a training file. Features are discovered from the model's series; numeric features keep the
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
import type { PrometheusMapping } from '../../shared/settingsModel';
import { BackendError, badRequest } from '../errors';
import { decumulateSorted } from '../prometheus/buckets';
import type { PrometheusApi } from '../prometheus/client';
import { groupBucketsByFeature, groupCountsByTime, vectorAsMatrix } from '../prometheus/grid';
import { equals, increase, oneOf, render, selector, sumBy, type LabelMatcher } from '../prometheus/promql';
import { PrometheusSource } from '../prometheus/source';
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

function categoricalFeature(name: string, distribution: CategoryCounts, missing: number, nonFinite: number): BaselineFeature {
  return { name, kind: 'categorical', distribution, n: sum(distribution.counts), missing, nonFinite };
}

export async function captureFromPrometheus(
  api: PrometheusApi,
  mapping: PrometheusMapping,
  request: PrometheusCaptureRequest,
  options: CallOptions = {}
): Promise<{ baseline: BaselineDocument; notes: string[] }> {
  if (!Number.isSafeInteger(request.fromMs) || !Number.isSafeInteger(request.toMs) || request.toMs <= request.fromMs) {
    throw badRequest('a capture needs a time window with from < to (epoch milliseconds)');
  }
  const chunks = BUILD_DEFAULTS.chunks;
  // PromQL windows are whole seconds: chunks of whole seconds that tile the window, ending at `to`.
  const chunkMs = Math.max(1000, Math.ceil((request.toMs - request.fromMs) / chunks / 1000) * 1000);
  const windowSeconds = (chunks * chunkMs) / 1000;
  const range = { fromMs: request.toMs - chunks * chunkMs, toMs: request.toMs };
  const notes: string[] = [];
  const named = (request.features ?? []).filter((f) => f.trim() !== '');
  const base: LabelMatcher[] = [equals(mapping.modelLabel, request.model), equals(mapping.versionLabel, request.version)];
  const withFeatures = named.length > 0 ? [...base, oneOf(mapping.featureLabel, named)] : base;

  const instant = async (metric: string, matchers: LabelMatcher[], by: string[]) => {
    const result = await api.query(render(sumBy(by, increase(selector(metric, matchers), windowSeconds))), request.toMs, options.signal);
    result.warnings.forEach((w) => notes.push(`Prometheus: ${w}`));
    return vectorAsMatrix(result.data);
  };
  const [buckets, sums, categories, missing, predictions, labels] = await Promise.all([
    instant(`${mapping.featureHistogram}_bucket`, withFeatures, [mapping.featureLabel, 'le']),
    instant(`${mapping.featureHistogram}_sum`, withFeatures, [mapping.featureLabel]),
    instant(mapping.featureCategoryCounter, withFeatures, [mapping.featureLabel, mapping.categoryLabel]),
    instant(mapping.missingCounter, withFeatures, [mapping.featureLabel, mapping.reasonLabel]),
    instant(mapping.predictionCounter, base, [mapping.predictedLabel]),
    instant(mapping.outcomeCounter, base, [mapping.actualLabel]),
  ]);

  const only = <T>(map: Map<number, T> | undefined): T | undefined => (map ? [...map.values()][0] : undefined);
  const missingByFeature = groupCountsByTime(missing, mapping.featureLabel, mapping.reasonLabel);
  const missingOf = (name: string) => {
    let missingCount = 0;
    let nonFinite = 0;
    for (const [reason, count] of only(missingByFeature.get(name)) ?? []) {
      if (NON_FINITE_REASONS.has(reason.toLowerCase())) {
        nonFinite += count;
      } else {
        missingCount += count;
      }
    }
    return { missing: Math.round(missingCount), nonFinite: Math.round(nonFinite) };
  };
  const sumByFeature = new Map(sums.map((s) => [s.labels[mapping.featureLabel] ?? '', s.samples.length > 0 ? s.samples.values[0] : undefined]));

  const captured: Captured[] = [];
  for (const [name, grouped] of groupBucketsByFeature(buckets, mapping.featureLabel)) {
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
      notes.push(`feature "${name}": the mean is estimated from the buckets (negative values make ${mapping.featureHistogram}_sum unusable as a counter)`);
    }
    const summary = summaryFromHistogram(decumulated.binned, nonNegative ? sumByFeature.get(name) : undefined);
    if (!summary) {
      notes.push(`feature "${name}": left out (no observations in the window)`);
      continue;
    }
    const feature: BaselineFeature = { name, kind: 'numeric', histogram: decumulated.binned, summary, ...missingOf(name) };
    captured.push({ feature, role: 'feature', spec: { name, role: 'feature', kind: 'numeric', upperBounds: decumulated.binned.upperBounds } });
  }
  for (const [name, byTime] of groupCountsByTime(categories, mapping.featureLabel, mapping.categoryLabel)) {
    if (captured.some((c) => c.feature.name === name)) {
      notes.push(`feature "${name}": has both a histogram and category counts; the histogram was kept`);
      continue;
    }
    const distribution = distributionOf(only(byTime));
    if (distribution.categories.length === 0) {
      notes.push(`feature "${name}": left out (no observations in the window)`);
      continue;
    }
    const { missing: missingCount, nonFinite } = missingOf(name);
    captured.push({ feature: categoricalFeature(name, distribution, missingCount, nonFinite), role: 'feature', spec: { name, role: 'feature', kind: 'categorical', categories: distribution.categories } });
  }
  for (const name of named.filter((n) => !captured.some((c) => c.feature.name === n))) {
    notes.push(`feature "${name}": no data in the window, not captured`);
  }
  if (captured.length === 0) {
    throw new BackendError(400, `no feature data for ${request.model}@${request.version} in Prometheus between the given times`, 'downstream');
  }
  for (const [role, series, label] of [
    ['prediction', predictions, mapping.predictedLabel],
    ['label', labels, mapping.actualLabel],
  ] as const) {
    const distribution = distributionOf(only(groupCountsByTime(series, undefined, label).get('')));
    if (distribution.categories.length > 0) {
      captured.push({ feature: categoricalFeature(role, distribution, 0, 0), role, spec: { name: role, role, kind: 'categorical', categories: distribution.categories } });
    }
  }
  if (captured.some((c) => c.feature.kind === 'numeric')) {
    notes.push('numeric features keep the exporter bucket bounds; counts are exact, min/max/std/quantiles are estimated from the buckets');
  }

  const source = new PrometheusSource(api, mapping);
  const grid = { fromMs: range.fromMs + chunkMs, toMs: range.toMs, stepMs: chunkMs, windowMs: chunkMs };
  const chunked = await source.featureWindows({ model: request.model, version: request.version }, captured.map((c) => c.spec), grid, options);
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
