/**
 * Segments (`segmentBy`): a query's live data split by one more label (Prometheus) or field (Elasticsearch), such
 * as region or tenant. One aggregation per query ranks the segment values by traffic over the range; the top
 * `segmentLimit` values get their own series and every other value is summed into one `other` series, so the
 * number of series stays bounded whatever the label's cardinality.
 */
import { hasLoneSurrogate } from '../../drift/baseline/baselineId';
import type { BaselineDocument, BaselineFeature, DriftNotice } from '../../drift/types';
import { SEGMENT_OTHER } from '../../shared/frameContract';
import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT, type DriftQuery, type DriftQueryType } from '../../shared/queryModel';
import { badRequest } from '../errors';
import type { FeatureSpec, LiveSource, SegmentFilter, SegmentTraffic, TimeRange } from '../sources/types';
import { instantRange, isInstant, windowGrid } from './liveWindows';
import { modelOf } from './namedBaseline';
import { attachSourceInfo } from './liveFrames';
import type { QueryContext, QueryHandler } from './types';


export interface SegmentOptions {
  label: string;
  limit: number;
  /** Sum the values beyond the limit into `other`. */
  other: boolean;
}

/** One series group of a segmented query: what frames call it and which observations it reads. */
export interface Segment {
  /** The `segment` label of its series. */
  name: string;
  filter: SegmentFilter;
}

/** The query's segment options, undefined when it is not segmented; a 400 naming the bad option otherwise. */
export function segmentOptions(query: Pick<DriftQuery, 'segmentBy' | 'segmentLimit' | 'segmentOther'>): SegmentOptions | undefined {
  const label = query.segmentBy?.trim() ?? '';
  if (label === '') {
    return undefined;
  }
  const limit = query.segmentLimit ?? DEFAULT_SEGMENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEGMENT_LIMIT) {
    throw badRequest(`segmentLimit: ${limit} is not a whole number from 1 to ${MAX_SEGMENT_LIMIT}`);
  }
  return { label, limit, other: query.segmentOther ?? true };
}

/**
 * The name of the rest's series: `other`, unless a top value is literally `other` (two series with the same
 * labels would be one to an alert rule); then the first of `(other)`, `((other))`, … that no top value takes.
 */
export function otherName(top: readonly string[]): string {
  let name = SEGMENT_OTHER;
  while (top.includes(name)) {
    name = `(${name})`;
  }
  return name;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The segments to read, from the traffic per value: the `limit` values with the most observations (ties by
 * value, so a refresh keeps the order), then `other` when values are left and the options ask for it. The notice
 * says how many values there were and where the rest went.
 */
export function chooseSegments(traffic: SegmentTraffic, options: SegmentOptions): { segments: Segment[]; notices: DriftNotice[] } {
  const ranked = [...traffic.values].filter((v) => v.observations > 0).sort((a, b) => b.observations - a.observations || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const top = ranked.slice(0, options.limit).map((v) => v.value);
  const rest = ranked.slice(options.limit);
  const readWithRest = options.other && rest.length > 0;
  // The values a grouped read names (its matcher, its search, so its cache key) in one order whatever the ranking:
  // two segments trading places between refreshes must not make every cached read a miss.
  const readSet = [...top].sort();
  const segments: Segment[] = top.map((value) => ({ name: value, filter: { label: options.label, value, readWith: readSet, readWithRest } }));
  const notices: DriftNotice[] = [];
  if (rest.length > 0) {
    // Prometheus' increase() extrapolates: counts are whole only up to rounding.
    const restObservations = Math.round(rest.reduce((sum, v) => sum + v.observations, 0));
    const name = otherName(top);
    if (options.other) {
      segments.push({ name, filter: { label: options.label, except: readSet, readWithTop: true } });
    }
    notices.push({
      severity: 'info',
      text: `${options.label}: ${plural(ranked.length, 'segment value', 'segment values')} in the range; the ${options.limit} with the most traffic have their own series, the other ${rest.length} (${restObservations} observations) ${options.other ? `are summed into "${name}"` : 'are left out (segmentOther: false)'}`,
    });
  }
  return { segments, notices };
}

/** The notice for a segment label that no observation carries, naming those it has. */
export function missingSegmentLabelNotice(label: string, feature: string, labelNames: readonly string[]): DriftNotice {
  const names = [...labelNames].sort();
  return {
    severity: 'warning',
    text: `segmentBy: no observation of ${feature} in the range has a value for ${JSON.stringify(label)}; the labels (fields) there are: ${names.length > 0 ? names.join(', ') : 'none'}`,
  };
}

/** A segment as a query reads it: its stored reference feature (per-segment baselines), and notices about that. */
export interface SegmentReference extends Segment {
  /** The baseline feature to compare this segment with; undefined: the shared one. */
  baselineFeature(feature: BaselineFeature): BaselineFeature | undefined;
  notices: DriftNotice[];
}

/** The range whose traffic ranks the segments: the instant window, or every window of the grid. */
function trafficRange(context: QueryContext): TimeRange {
  if (isInstant(context)) {
    return instantRange(context);
  }
  const grid = windowGrid(context);
  return { fromMs: grid.fromMs - grid.windowMs, toMs: grid.toMs };
}

/**
 * The segments of a query, from one aggregation of the first feature's observations per segment value (the
 * features of a model are observed together, so one feature's traffic ranks them all).
 */
export async function findSegments(
  context: QueryContext,
  source: LiveSource,
  baseline: BaselineDocument,
  specs: FeatureSpec[],
  options: SegmentOptions
): Promise<{ segments: SegmentReference[]; notices: DriftNotice[]; executedQuery?: string }> {
  if (!source.segmentTraffic) {
    throw badRequest(`segmentBy: the ${source.kind} source cannot split a query by segment`);
  }
  const feature = specs.find((s) => (s.role ?? 'feature') === 'feature') ?? specs[0];
  if (!feature) {
    return { segments: [], notices: [] };
  }
  const traffic = await source.segmentTraffic(modelOf(baseline), feature, options.label, trafficRange(context), { signal: context.signal });
  if (traffic.data.labelNames) {
    return { segments: [], notices: [...traffic.notices, missingSegmentLabelNotice(options.label, feature.name, traffic.data.labelNames)], executedQuery: traffic.executedQuery };
  }
  const chosen = chooseSegments(traffic.data, options);
  const { segments, notices } = withStoredSegments(baseline, options.label, chosen.segments);
  return { segments, notices: [...traffic.notices, ...chosen.notices, ...notices], executedQuery: traffic.executedQuery };
}

/**
 * Each segment with its reference: its own distributions when the baseline keeps them for this label (`mldrift
 * baseline build --segment`), else the shared ones, which a notice then names (for `other` too: it is a mix).
 */
export function withStoredSegments(baseline: BaselineDocument, label: string, segments: readonly Segment[]): { segments: SegmentReference[]; notices: DriftNotice[] } {
  const stored = baseline.segments;
  if (!stored || stored.by !== label) {
    const notices: DriftNotice[] = stored
      ? [{ severity: 'info', text: `the baseline keeps segments by "${stored.by}", not "${label}": every segment is compared with the shared distributions` }]
      : [];
    return { segments: segments.map((segment) => ({ ...segment, baselineFeature: () => undefined, notices: [] })), notices };
  }
  const byValue = new Map(stored.values.map((v) => [v.value, new Map(v.features.map((f) => [f.name, f]))]));
  return {
    segments: segments.map((segment): SegmentReference => {
      const own = 'value' in segment.filter ? byValue.get(segment.filter.value) : undefined;
      return {
        ...segment,
        baselineFeature: (feature) => own?.get(feature.name),
        notices: own ? [] : [{ severity: 'info', text: 'the baseline has no distributions of its own for this segment: compared with the shared ones' }],
      };
    }),
    notices: [],
  };
}

/** Query types that read one segment (`segmentBy` with `segment`) rather than split by it. */
const ONE_SEGMENT_QUERIES: readonly DriftQueryType[] = ['distribution', 'dataQuality'];

/**
 * The one segment a query reads (`segmentBy` with `segment`), undefined when it names no value; a 400 naming
 * `segment` when it names a value but no label, or a value that is no Unicode text (a lone surrogate, which JSON
 * can carry but no label or field value holds: Prometheus' query renderer would refuse it as a 500). The value is
 * kept as given, `""` and all: a plain label value.
 */
export function selectedSegment(query: Pick<DriftQuery, 'segmentBy' | 'segment'>): Segment | undefined {
  if (query.segment === undefined) {
    return undefined;
  }
  const label = query.segmentBy?.trim() ?? '';
  if (label === '') {
    throw badRequest(`segment: ${JSON.stringify(query.segment)} needs segmentBy, the label (field) it is a value of`);
  }
  if (hasLoneSurrogate(query.segment)) {
    throw badRequest(`segment: ${JSON.stringify(query.segment)} is not valid Unicode (a lone surrogate), so no label or field value equals it`);
  }
  return { name: query.segment, filter: { label, value: query.segment } };
}

/**
 * The selected segment with its reference, as a segmented drift query compares it (`withStoredSegments`), and the
 * notices about that reference, named by the segment as drift names them.
 */
export function selectedSegmentReference(baseline: BaselineDocument, segment: Segment): { segment: SegmentReference; notices: DriftNotice[] } {
  const { label } = segment.filter;
  const { segments, notices } = withStoredSegments(baseline, label, [segment]);
  const [reference] = segments;
  return { segment: reference, notices: [...notices, ...reference.notices.map((n) => ({ ...n, text: `${label}=${JSON.stringify(segment.name)}: ${n.text}` }))] };
}

/** What a query leaves unread of its segment options, for the query types that do not read them all. */
function ignoredSegmentNotice(queryType: DriftQueryType, query: Pick<DriftQuery, 'segmentBy' | 'segment'>): DriftNotice | undefined {
  const byLabel = (query.segmentBy?.trim() ?? '') !== '';
  const byValue = query.segment !== undefined;
  if (queryType === 'drift') {
    return byValue ? { severity: 'info', text: `segment: a drift query gives every segment of segmentBy its own series; only distribution and dataQuality queries read one value` } : undefined;
  }
  if (ONE_SEGMENT_QUERIES.includes(queryType)) {
    return byLabel && !byValue ? { severity: 'info', text: `segmentBy: a ${queryType} query reads the one segment value named by segment; without one, this query counts every segment together` } : undefined;
  }
  return byLabel || byValue ? { severity: 'info', text: `segmentBy: only drift queries are split by segment (and distribution and dataQuality queries read one); this ${queryType} query counts every segment together` } : undefined;
}

/**
 * A handler wrapped so that segment options its query type does not read (the editor keeps them when the query
 * type changes) get a notice saying what was counted, rather than silence.
 */
export function withIgnoredSegmentNotice(queryType: DriftQueryType, handler: QueryHandler): QueryHandler {
  return async (context) => {
    const result = await handler(context);
    const notice = ignoredSegmentNotice(queryType, context.query);
    return notice ? { ...result, frames: attachSourceInfo(result.frames, [notice], undefined) } : result;
  };
}
