/**
 * Live references: instead of the stored baseline, a query's live windows can be compared with live data of the
 * same model: the same windows an `offset` earlier (as PromQL's `offset`: the same hour last week), another
 * `version` over the same windows (champion against challenger), or a fixed past `range`. The stored baseline still
 * names the model, the features and their bins, so both sides are counted on the same buckets by the same source.
 *
 * A fixed range gets data-driven thresholds from its own sub-windows, as the baseline builder derives them from
 * chunks of the training data (NannyML's approach): each window-long piece of the range scored against the whole,
 * mean + 3·std. A moving reference (offset, version) is compared with each method's default thresholds.
 */
import { referenceChunkThresholds } from '../../drift/thresholds';
import { DriftInputError } from '../../drift/errors';
import type { BaselineDocument, BaselineFeature, DriftMethod, DriftNotice, FeatureInput } from '../../drift/types';
import type { DriftQuery, LiveReference } from '../../shared/queryModel';
import { badRequest } from '../errors';
import { isRepresentableEpochMs } from '../epoch';
import type { FeatureSpec, FeatureWindowSeries, LiveDistribution, LiveSource, ModelRef, SegmentFilter, TimeRange, WindowCounts } from '../sources/types';
import { inputComparer, valuedCount, type Comparison } from './comparison';
import { durationMs, instantRange, isInstant, windowGrid } from './liveWindows';
import { modelOf } from './namedBaseline';
import type { QueryContext } from './types';

/** A checked reference: what to read, and how frames name it (the `reference` label). */
export type ReferenceSpec =
  | { kind: 'offset'; offsetMs: number; label: string }
  | { kind: 'version'; version: string; label: string }
  | { kind: 'range'; fromMs: number; toMs: number; label: string };

/** Sub-windows of a fixed range scored for its thresholds: enough for a spread, few enough to stay cheap. */
const MAX_REFERENCE_CHUNKS = 500;

/** A time of a fixed range: epoch milliseconds or an ISO 8601 date-time. */
function referenceTime(text: string | undefined, path: string): number {
  const trimmed = (text ?? '').trim();
  const ms = /^-?\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (trimmed === '' || !isRepresentableEpochMs(ms)) {
    throw badRequest(`${path}: ${JSON.stringify(text ?? '')} is not epoch milliseconds or an ISO 8601 date-time`);
  }
  return ms;
}

/** The query's reference, or undefined for the stored baseline; a 400 naming the bad field otherwise. */
export function referenceOf(query: Pick<DriftQuery, 'reference'>): ReferenceSpec | undefined {
  const reference: Partial<LiveReference> | undefined = query.reference;
  if (!reference || reference.kind === undefined || reference.kind === 'baseline') {
    return undefined;
  }
  switch (reference.kind) {
    case 'offset': {
      const text = reference.offset ?? '';
      return { kind: 'offset', offsetMs: durationMs(text, '', 'reference.offset'), label: `${text.trim()} earlier` };
    }
    case 'version': {
      const version = reference.version ?? '';
      if (version === '') {
        throw badRequest('reference.version: name the version to compare with');
      }
      return { kind: 'version', version, label: `version ${version}` };
    }
    case 'range': {
      const fromMs = referenceTime(reference.from, 'reference.from');
      const toMs = referenceTime(reference.to, 'reference.to');
      if (!(fromMs < toMs)) {
        throw badRequest(`reference: from (${reference.from}) must be before to (${reference.to})`);
      }
      return { kind: 'range', fromMs, toMs, label: `${new Date(fromMs).toISOString()}/${new Date(toMs).toISOString()}` };
    }
    default:
      throw badRequest(`reference.kind: ${JSON.stringify(reference.kind)} is not one of baseline, offset, version, range`);
  }
}

/** A live window as the drift core takes a reference side; undefined when it has no values. */
function referenceInput(counts: WindowCounts | LiveDistribution | undefined): FeatureInput | undefined {
  if (!counts || valuedCount(counts) <= 0) {
    return undefined;
  }
  return counts.kind === 'numeric' ? { kind: 'numeric', binned: counts.binned } : { kind: 'categorical', distribution: counts.distribution };
}

/** Compares a live window (at its time) with its reference; undefined when the reference has no data there. */
export type ReferenceComparer = (live: LiveDistribution, timeMs: number) => Comparison | undefined;

export interface ReferenceWindows {
  spec: ReferenceSpec;
  /** One comparer per feature, in the order of the specs. */
  comparers(features: BaselineFeature[], method: DriftQuery['method'], explain: boolean): ReferenceComparer[];
  notices: DriftNotice[];
  executedQuery?: string;
}

/** Window i of a series, whether the source gave it by rows or as window objects. */
function windowOf(series: FeatureWindowSeries, i: number): WindowCounts {
  return series.rows ? series.rows.windowAt(i) : series.windows[i];
}

/** Data-driven thresholds of a fixed range from its window-long pieces, when there are at least two with data. */
function chunkThresholds(whole: FeatureInput, chunks: FeatureWindowSeries | undefined, method: DriftQuery['method']): Partial<Record<DriftMethod, number>> | undefined {
  const count = chunks ? (chunks.rows?.length ?? chunks.windows.length) : 0;
  const inputs = Array.from({ length: count }, (_, i) => referenceInput(windowOf(chunks!, i)))
    .filter((input): input is FeatureInput => input !== undefined);
  if (inputs.length < 2) {
    return undefined;
  }
  try {
    return method === undefined ? referenceChunkThresholds(whole, inputs) : referenceChunkThresholds(whole, inputs, [method]);
  } catch (error) {
    // A test method has no data-driven threshold (its p-value is calibrated already).
    if (error instanceof DriftInputError) {
      return undefined;
    }
    throw error;
  }
}

/** A range moved `shiftMs` back; a 400 when that reaches before 1970, where neither source keeps data. */
function earlier(range: TimeRange, shiftMs: number, spec: ReferenceSpec): TimeRange {
  const fromMs = range.fromMs - shiftMs;
  if (fromMs < 0) {
    throw badRequest(`reference: ${spec.label} reaches back to ${fromMs} ms, before 1970; use a shorter offset`);
  }
  return { fromMs, toMs: range.toMs - shiftMs };
}

/**
 * The reference's model and its counts over one range: `range` for a version or offset reference, the spec's own
 * range for a fixed one; of the same segment as the live side, when segmented.
 */
export async function referenceTotals(context: QueryContext, source: LiveSource, baseline: BaselineDocument, specs: FeatureSpec[], spec: ReferenceSpec, range: TimeRange, segment?: SegmentFilter) {
  const model: ModelRef = modelOf(baseline, segment);
  const referenceModel: ModelRef = spec.kind === 'version' ? { ...model, version: spec.version } : model;
  const shiftMs = spec.kind === 'offset' ? spec.offsetMs : 0;
  const over = spec.kind === 'range' ? { fromMs: spec.fromMs, toMs: spec.toMs } : earlier(range, shiftMs, spec);
  return source.featureTotals(referenceModel, specs, over, { signal: context.signal });
}

/**
 * A baseline feature whose distribution is the reference's counts (bins, categories and name from the stored
 * feature); undefined when the reference has no values. No summary or thresholds: those describe the training
 * data, not this reference (`input` is what comparisons take, without them).
 */
export function referenceFeature(feature: BaselineFeature, counts: WindowCounts | undefined): { feature: BaselineFeature; input: FeatureInput } | undefined {
  const input = referenceInput(counts);
  if (!input || !counts) {
    return undefined;
  }
  if (counts.kind === 'numeric' && feature.kind === 'numeric') {
    return { feature: { ...feature, thresholds: undefined, histogram: counts.binned }, input };
  }
  if (counts.kind === 'categorical' && feature.kind === 'categorical') {
    return { feature: { ...feature, thresholds: undefined, distribution: counts.distribution }, input };
  }
  return undefined;
}

/**
 * The reference side's notices, saying so: its reads run over other windows or another version, and a "no series
 * matched" about them (a week ago, before the exporter existed) must not read as a problem with the live data.
 */
function aboutReference(spec: ReferenceSpec, notices: DriftNotice[]): DriftNotice[] {
  return notices.map((notice) => ({ ...notice, text: `reference (${spec.label}): ${notice.text}` }));
}

/** Reads the reference's windows (of the live side's segment, when given) from the live source and prepares the comparisons with them. */
export async function readReference(context: QueryContext, source: LiveSource, baseline: BaselineDocument, specs: FeatureSpec[], spec: ReferenceSpec, segment?: SegmentFilter): Promise<ReferenceWindows> {
  const model: ModelRef = modelOf(baseline, segment);
  const options = { signal: context.signal };
  const instant = isInstant(context);

  if (spec.kind === 'range') {
    const windowMs = durationMs(context.query.window, '1h', '"window"');
    const pieces = Math.floor((spec.toMs - spec.fromMs) / windowMs);
    const stepMs = windowMs * Math.max(1, Math.ceil(pieces / MAX_REFERENCE_CHUNKS));
    const [totals, chunks] = await Promise.all([
      referenceTotals(context, source, baseline, specs, spec, spec, segment),
      pieces >= 2 ? source.featureWindows(model, specs, { fromMs: spec.fromMs + windowMs, toMs: spec.toMs, stepMs, windowMs }, options) : undefined,
    ]);
    return {
      spec,
      comparers: (features, method, explain) =>
        features.map((feature, i) => {
          const whole = referenceInput(totals.data[i]?.counts);
          if (!whole) {
            return () => undefined;
          }
          const compare = inputComparer(whole, feature.name, method, explain, chunkThresholds(whole, chunks?.data[i], method));
          return (live) => compare(live);
        }),
      notices: aboutReference(spec, [...totals.notices, ...(chunks?.notices ?? []), ...totals.data.flatMap((t) => t.notices)]),
      executedQuery: [totals.executedQuery, chunks?.executedQuery].filter(Boolean).join('\n'),
    };
  }

  const referenceModel: ModelRef = spec.kind === 'version' ? { ...model, version: spec.version } : model;
  const shiftMs = spec.kind === 'offset' ? spec.offsetMs : 0;
  if (instant) {
    const totals = await referenceTotals(context, source, baseline, specs, spec, instantRange(context), segment);
    return {
      spec,
      comparers: (features, method, explain) =>
        features.map((feature, i) => {
          const input = referenceInput(totals.data[i]?.counts);
          const compare = input && inputComparer(input, feature.name, method, explain);
          return (live) => compare?.(live);
        }),
      notices: aboutReference(spec, [...totals.notices, ...totals.data.flatMap((t) => t.notices)]),
      executedQuery: totals.executedQuery,
    };
  }
  const grid = windowGrid(context);
  const windows = await source.featureWindows(referenceModel, specs, { ...grid, ...earlier(grid, shiftMs, spec) }, options);
  return {
    spec,
    comparers: (features, method, explain) =>
      features.map((feature, i) => {
        const series = windows.data[i];
        const indexOf = new Map((series?.times ?? []).map((t, j) => [t + shiftMs, j]));
        return (live, timeMs) => {
          const j = indexOf.get(timeMs);
          const input = j === undefined ? undefined : referenceInput(windowOf(series, j));
          return input && inputComparer(input, feature.name, method, explain)(live);
        };
      }),
    notices: aboutReference(spec, [...windows.notices, ...windows.data.flatMap((s) => s.notices)]),
    executedQuery: windows.executedQuery,
  };
}
