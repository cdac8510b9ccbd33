/**
 * Elasticsearch as a `LiveSource`: prediction logs (one document per prediction, with the model's inputs, its
 * output and, once known, the true label) are aggregated where they live; no document comes back to Grafana.
 * Each call is one HTTP request: one `_search`, or one `_msearch` when the buckets of a long time series must be
 * split over several searches to stay under the cluster's `search.max_buckets`.
 */
import type { DriftNotice } from '../../drift/types';
import {
  DEFAULT_ELASTICSEARCH_MAPPING,
  DEFAULT_ELASTICSEARCH_MAX_BUCKETS,
  type ElasticsearchMapping,
} from '../../shared/settingsModel';
import type { CompletedStepCache } from '../cache/completedStepCache';
import { BackendError, badRequest } from '../errors';
import type { DatasourceSettings } from '../settings';
import type {
  CallOptions,
  ClassScoreWindows,
  ErrorSumWindows,
  PredictionStatsWindows,
  ScoreSpec,
  ConfusionCounts,
  ConfusionSeries,
  FeatureSpec,
  FeatureTotals,
  FeatureProfile,
  FeatureWindowSeries,
  FieldRole,
  LiveSource,
  ModelRef,
  SegmentTraffic,
  SourceResult,
  TimeRange,
  WindowCountRows,
  WindowGrid,
} from '../sources/types';
import { DEFAULT_LIVE_SCORE_EDGES, withProbabilityEdges } from '../sources/scoreEdges';
import { SharedReads } from '../sources/sharedReads';
import { planTimeBuckets } from './cachedTimeBuckets';
import { classScoreWindow, scoreSums, scoreSumWindows } from './classScores';
import { ERROR_BUCKET_COST, errorBody, errorWindowsBodies, readErrorTotals, readErrorWindows } from './errorSums';
import { predictionStatsBody, readPredictionStats } from './predictionStats';
import { emptyAnswerBody, emptyAnswerNotice } from './emptyAnswers';
import { type JsonObject, unexpectedShape } from './json';
import {
  aggName,
  confusionBody,
  confusionBucketCost,
  confusionWindowsBodies,
  scoreBody,
  scoreBucketCost,
  scoreWindowsBodies,
  type ElasticsearchLayout,
  fieldOf,
  planTimeSlices,
  type TimeSlice,
  planWindowSearches,
  segmentTrafficBody,
  type WindowSearch,
  TooManyBucketsError,
  totalsBody,
  windowBodies,
} from './requestBuilder';
import { readConfusion, readFeatureTotals, readSearchResponse, type SearchOutcome } from './responseParser';
import { fieldCapsFields, profileBody, readFieldCaps, readProfiles, type DiscoveredField, type FieldKind, type ProfileSpec } from './profile';
import { fieldNames, LISTED_SEGMENT_VALUES, readSegmentTraffic } from './segments';
import {
  chunkOf,
  memberOutcome,
  planMemberChunks,
  planSegmentWindows,
  requestBatches,
  segmentTotalsBodies,
  segmentWindowBodies,
  setMemberOf,
  totalsMemberCost,
  type SegmentWindowPlan,
  type SetMember,
} from './segmentSets';
import { layoutTimeBuckets, type TimeBucketLayout } from './timeBuckets';
import type { SearchTransport } from './transport';
import { confusionWindows, featureWindowRows, observationWindows, readTimeBuckets, seriesOfRows, type TimeBucket } from './windowParser';

/** Quantile levels a profile asks for: equal-mass bin edges (deciles) and the summary levels baselines store. */
export const PROFILE_LEVELS = [0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99];
/** Categories itemised per field by a profile; the rest is counted as unlisted. */
export const PROFILE_MAX_CATEGORIES = 100;

/**
 * What counting searches need from an answer. Dropping the echoed range edges (`from`, `to`) and formatted keys
 * of numeric buckets makes a 100-feature × 288-step answer about 2.5 times smaller to send and parse.
 */
export const COUNTS_FILTER_PATH = [
  'took',
  'timed_out',
  'terminated_early',
  '_shards',
  '_clusters',
  'hits.total',
  'aggregations.**.key',
  'aggregations.**.key_as_string',
  'aggregations.**.doc_count',
  'aggregations.**.sum_other_doc_count',
  'aggregations.**.doc_count_error_upper_bound',
] as const;

/** Counting searches that also read metric values (`sum` aggregations). */
const SUMS_FILTER_PATH = [...COUNTS_FILTER_PATH, 'aggregations.**.value'] as const;

export interface ElasticsearchSourceConfig {
  index: string;
  mapping: ElasticsearchLayout;
  /** Bucket budget per search (the cluster's `search.max_buckets`). */
  maxBuckets: number;
}

/** The source's settings from the datasource, or a clear error naming what is missing. */
export function elasticsearchConfig(settings: DatasourceSettings): ElasticsearchSourceConfig {
  const { jsonData } = settings;
  const index = (jsonData.elasticsearchIndex ?? '').trim();
  if (!(jsonData.elasticsearchUrl ?? '').trim()) {
    throw badRequest('no Elasticsearch URL is configured for this datasource');
  }
  if (!index) {
    throw badRequest('no Elasticsearch index (or index pattern) is configured for this datasource');
  }
  const mapping: ElasticsearchMapping = { ...DEFAULT_ELASTICSEARCH_MAPPING };
  for (const [key, value] of Object.entries(jsonData.elasticsearch ?? {})) {
    if (key in mapping && typeof value === 'string') {
      mapping[key as keyof ElasticsearchMapping] = value;
    }
  }
  for (const [key, value] of Object.entries(mapping)) {
    // The feature prefix may be empty (features at the top level of the document); field names may not.
    if (key !== 'featurePrefix' && value.trim() === '') {
      throw badRequest(`the Elasticsearch field mapping has an empty "${key}"`);
    }
  }
  const maxBuckets = Number(jsonData.elasticsearchMaxBuckets);
  return { index, mapping, maxBuckets: Number.isSafeInteger(maxBuckets) && maxBuckets > 0 ? maxBuckets : DEFAULT_ELASTICSEARCH_MAX_BUCKETS };
}

function planningError(error: unknown): unknown {
  return error instanceof TooManyBucketsError || error instanceof RangeError ? badRequest(error.message) : error;
}

/** Notices once each, in order. */
function uniqueNotices(notices: DriftNotice[]): DriftNotice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    const key = `${notice.severity}\u0000${notice.text}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** `unlisted`: the largest unlisted count of any one window. */
function featureNotices(spec: FeatureSpec, unlisted: number, approximate: boolean): DriftNotice[] {
  const notices: DriftNotice[] = [];
  if (approximate) {
    notices.push({ severity: 'info', text: `category counts of "${spec.name}" are approximate (Elasticsearch terms doc_count_error_upper_bound > 0)` });
  }
  if (unlisted > 0) {
    notices.push({ severity: 'warning', text: `"${spec.name}" has more categories than requested; values beyond them are counted as unlisted (up to ${unlisted} in one window)` });
  }
  return notices;
}

/** True when documents exist but none has the field: unmapped, misspelt, or never logged. */
function fieldAbsent(missing: (window: number) => number, observations: number[]): boolean {
  return observations.some((n) => n > 0) && observations.every((n, i) => missing(i) >= n);
}

/** Windows overlap when the window is longer than the step, so the largest window says more than a sum. */
function mostUnlisted(rows: WindowCountRows): number {
  let most = 0;
  for (let i = 0; i < rows.length; i++) {
    most = Math.max(most, rows.unlisted(i));
  }
  return most;
}

function absentNotice(field: string, index: string): DriftNotice {
  return {
    severity: 'warning',
    text: `no document in the range has a value for field "${field}" in "${index}" (field not mapped, misspelt, or not logged)`,
  };
}

export class ElasticsearchSource implements LiveSource {
  readonly kind = 'elasticsearch' as const;

  constructor(
    private readonly transport: SearchTransport,
    private readonly config: ElasticsearchSourceConfig,
    /** The datasource's completed-bucket cache, for the time buckets of feature windows. */
    private readonly cache?: CompletedStepCache,
    /**
     * Searches of segment sets (`segmentSets.ts`), shared by the reads of their segments: one per query, handed to
     * every source of that query (a source per model and binding, see `index.ts`).
     */
    private readonly setReads = new SharedReads<SearchOutcome[]>()
  ) {}

  async featureTotals(model: ModelRef, features: FeatureSpec[], range: TimeRange, options: CallOptions = {}): Promise<SourceResult<FeatureTotals[]>> {
    const { outcome, executedQuery } = await this.totalsOutcome(model, features, range, options.signal);
    try {
      const notices = [...outcome.notices];
      const data = features.map((spec, index): FeatureTotals => {
        const { counts, approximate } = readFeatureTotals(outcome.aggregations, spec, index);
        const field = fieldOf(this.config.mapping, spec.name, spec.role);
        const featureSpecific = featureNotices(spec, counts.kind === 'categorical' ? counts.unlisted : 0, approximate);
        if (fieldAbsent(() => counts.missing, [outcome.totalHits])) {
          featureSpecific.push(absentNotice(field, this.config.index));
        }
        return { feature: spec.name, role: spec.role ?? 'feature', counts, observations: outcome.totalHits, notices: featureSpecific };
      });
      this.failIfAllAbsent(features, data.map((d) => fieldAbsent(() => d.counts.missing, [d.observations])));
      const empty = await this.explainIfEmpty(model, range, [outcome.totalHits], options.signal);
      return { data, notices: uniqueNotices([...notices, ...empty]), executedQuery };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /** The totals search of the model (of its segment), or a segment's part of its set's search (`segmentSets.ts`). */
  private async totalsOutcome(model: ModelRef, features: FeatureSpec[], range: TimeRange, signal?: AbortSignal): Promise<{ outcome: SearchOutcome; executedQuery: string }> {
    const inSet = setMemberOf(model.segment);
    const chunks = inSet && planMemberChunks(inSet.set.members.length, totalsMemberCost(features), this.config.maxBuckets);
    if (!inSet || !chunks) {
      const body = this.plan(() => totalsBody(this.config.mapping, model, features, range));
      return { outcome: await this.searchOne(body, signal), executedQuery: JSON.stringify(body) };
    }
    const bodies = this.plan(() => segmentTotalsBodies(this.config.mapping, model, features, range, inSet.set, chunks));
    const outcomes = await this.setReads.read(this.setReadKey(inSet, model, ['totals', features, range]), () => this.searchBatched(bodies, signal));
    return { outcome: this.read(() => memberOutcome(outcomes[chunkOf(chunks, inSet.member)], inSet.member)), executedQuery: joinedBodies(bodies) };
  }

  /** What the segments of a set read alike: the source's index and fields, the model version, the set and the read. */
  private setReadKey(inSet: SetMember, model: ModelRef, read: unknown[]): string {
    return JSON.stringify([this.config.index, this.config.mapping, model.model, model.version, inSet.set.key, ...read]);
  }

  /**
   * A segment's part of its set's window searches (those `toRun` of the set's plan): the first segment to ask runs
   * them for every segment, the others take their part of the same answers.
   */
  private async setWindowOutcomes(inSet: SetMember, plan: SegmentWindowPlan, model: ModelRef, features: FeatureSpec[], grid: WindowGrid, layout: TimeBucketLayout, toRun: WindowSearch[], signal?: AbortSignal): Promise<SearchOutcome[]> {
    const key = this.setReadKey(inSet, model, ['windows', features, grid, toRun]);
    const outcomes = await this.setReads.read(key, () => this.searchBatched(segmentWindowBodies(this.config.mapping, model, features, layout, toRun, inSet.set, plan.chunks), signal));
    const chunk = chunkOf(plan.chunks, inSet.member);
    return this.read(() => toRun.map((_, s) => memberOutcome(outcomes[s * plan.chunks.length + chunk], inSet.member)));
  }

  /** Documents per value of the segment field `label` over the range (every feature is in each document). */
  async segmentTraffic(model: ModelRef, _feature: FeatureSpec, label: string, range: TimeRange, options: CallOptions = {}): Promise<SourceResult<SegmentTraffic>> {
    const body = segmentTrafficBody(this.config.mapping, model, range, label);
    const outcome = await this.searchOne(body, options.signal);
    try {
      const { traffic, beyondListed, withoutField } = readSegmentTraffic(outcome.aggregations);
      const notices = [...outcome.notices];
      if (beyondListed > 0) {
        notices.push({ severity: 'info', text: `${label}: more than ${LISTED_SEGMENT_VALUES} values; the ${beyondListed} documents of the values beyond them are read as part of "other"` });
      }
      if (withoutField > 0 && traffic.values.length > 0) {
        notices.push({ severity: 'info', text: `${label}: ${withoutField} documents without a value are read as part of "other"` });
      }
      if (traffic.values.length === 0 && outcome.totalHits > 0) {
        traffic.labelNames = fieldNames(await this.transport.fieldCaps(this.config.index, '*', options.signal));
      }
      const empty = await this.explainIfEmpty(model, range, [outcome.totalHits], options.signal);
      return { data: traffic, notices: uniqueNotices([...notices, ...empty]), executedQuery: JSON.stringify(body) };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  async featureWindows(model: ModelRef, features: FeatureSpec[], grid: WindowGrid, options: CallOptions = {}): Promise<SourceResult<FeatureWindowSeries[]>> {
    const inSet = setMemberOf(model.segment);
    const { layout, searches, setPlan, bodies } = this.plan(() => {
      const layout = layoutTimeBuckets(grid);
      // A segment of a set plans the set's searches (or, when two segments do not fit in one, its own).
      const setPlan = inSet && planSegmentWindows(features, layout, this.config.maxBuckets, inSet.set.members.length);
      const searches = setPlan?.searches ?? planWindowSearches(features, layout, this.config.maxBuckets);
      const bodies = inSet && setPlan
        ? segmentWindowBodies(this.config.mapping, model, features, layout, searches, inSet.set, setPlan.chunks)
        : windowBodies(this.config.mapping, model, features, layout, searches);
      return { layout, searches, setPlan, bodies };
    });
    // The plan's own query as the executed one, whichever of its buckets the cache already held.
    const key = JSON.stringify([this.config.index, this.config.mapping, model, features, layout.intervalMs, layout.offsetMs]);
    const gathered = await planTimeBuckets(this.cache, { key, layout, searches, features }, (toRun) =>
      inSet && setPlan
        ? this.setWindowOutcomes(inSet, setPlan, model, features, grid, layout, toRun, options.signal)
        : this.searchAll(windowBodies(this.config.mapping, model, features, layout, toRun), options.signal)
    );
    try {
      // Time buckets per feature group, gathered over the time slices (keys place them on the whole layout).
      const bucketsOfGroup = gathered.buckets;
      const data: FeatureWindowSeries[] = new Array(features.length);
      const absent: boolean[] = new Array(features.length).fill(false);
      let observations: number[] | undefined;
      for (const [group, buckets] of bucketsOfGroup) {
        // Every search of the plan filters the same documents, so any group's buckets give the document counts.
        observations ??= observationWindows(buckets, layout);
        for (const index of group) {
          const spec = features[index];
          const { rows, approximate } = featureWindowRows(spec, index, buckets, layout);
          const field = fieldOf(this.config.mapping, spec.name, spec.role);
          const notices = featureNotices(spec, mostUnlisted(rows), approximate);
          absent[index] = fieldAbsent((i) => rows.missing(i), observations);
          if (absent[index]) {
            notices.push(absentNotice(field, this.config.index));
          }
          // Windows are made from the rows only if a reader asks for them; the drift query reads the rows.
          data[index] = seriesOfRows({ feature: spec.name, role: spec.role ?? 'feature', times: layout.times, observations, notices }, rows);
        }
      }
      this.failIfAllAbsent(features, absent);
      const empty = await this.explainIfEmpty(model, { fromMs: layout.startMs, toMs: layout.endMs }, observations ?? [], options.signal);
      return {
        data,
        notices: uniqueNotices([...gathered.notices, ...empty]),
        executedQuery: joinedBodies(bodies),
      };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  async confusion(model: ModelRef, range: TimeRange, classNames: string[], options: CallOptions = {}): Promise<SourceResult<ConfusionCounts>> {
    const body = confusionBody(this.config.mapping, model, range, classNames);
    const outcome = await this.searchOne(body, options.signal);
    try {
      const data = readConfusion(outcome.aggregations[aggName.actual], () => `aggregations.${aggName.actual}`);
      const empty = await this.explainIfEmpty(model, range, [outcome.totalHits], options.signal, this.labelRequirement());
      return { data, notices: uniqueNotices([...outcome.notices, ...unlistedOutcomes(data.unlisted), ...empty]), executedQuery: JSON.stringify(body) };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  async confusionWindows(model: ModelRef, grid: WindowGrid, classNames: string[], options: CallOptions = {}): Promise<SourceResult<ConfusionSeries>> {
    const { layout, bodies } = this.plan(() => {
      const layout = layoutTimeBuckets(grid);
      const slices = planTimeSlices(layout, confusionBucketCost(classNames), this.config.maxBuckets);
      return { layout, bodies: confusionWindowsBodies(this.config.mapping, model, layout, classNames, slices) };
    });
    const outcomes = await this.searchAll(bodies, options.signal);
    try {
      const data = confusionWindows(
        outcomes.flatMap((outcome) => readTimeBuckets(outcome.aggregations, layout)),
        layout
      );
      // Windows overlap when the window is longer than the step: the largest one, not a sum.
      const unlisted = data.windows.reduce((most, w) => Math.max(most, w.unlisted), 0);
      const range = { fromMs: layout.startMs, toMs: layout.endMs };
      const empty = await this.explainIfEmpty(model, range, outcomes.map((o) => o.totalHits), options.signal, this.labelRequirement());
      return {
        data,
        notices: uniqueNotices([...outcomes.flatMap((outcome) => outcome.notices), ...unlistedOutcomes(unlisted), ...empty]),
        executedQuery: joinedBodies(bodies),
      };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /**
   * Labelled documents by actual class (`terms` on the label field), each class's score field in right-closed
   * `range` buckets with the sum of each bucket's scores: over one range, or per time bucket summed into the
   * grid's windows.
   */
  async classScores(model: ModelRef, spec: ScoreSpec, at: WindowGrid | TimeRange, options: CallOptions = {}): Promise<SourceResult<ClassScoreWindows>> {
    const upperBounds = withProbabilityEdges(spec.upperBounds ?? DEFAULT_LIVE_SCORE_EDGES);
    const binCount = upperBounds.length + 1;
    const { mapping } = this.config;
    const actualPath = () => `aggregations.${aggName.actual}`;
    const result = await this.readLabelled<{ counts: ConfusionSeries; sums: number[][] }>(
      model,
      at,
      {
        bucketCost: scoreBucketCost(upperBounds),
        windows: (layout, slices) => scoreWindowsBodies(mapping, model, layout, upperBounds, slices),
        range: (range) => scoreBody(mapping, model, range, upperBounds),
      },
      {
        windows: (buckets, layout) => ({ counts: confusionWindows(buckets, layout), sums: scoreSumWindows(buckets, layout, binCount) }),
        range: (outcome, range) => {
          const aggregation = outcome.aggregations[aggName.actual];
          return { counts: { times: [range.toMs], windows: [readConfusion(aggregation, actualPath)] }, sums: [scoreSums(aggregation, binCount, actualPath)] };
        },
      },
      SUMS_FILTER_PATH,
      this.labelRequirement(),
      options.signal
    );
    const { counts, sums } = result.data;
    const windows = this.read(() => counts.windows.map((w, i) => classScoreWindow(w, upperBounds, sums[i])));
    return { ...result, data: { times: counts.times, windows, ...(mapping.positiveClass !== undefined ? { positiveClass: mapping.positiveClass } : {}) } };
  }

  /**
   * A regression model's error sums (`errorSums.ts`): over precomputed error fields when the binding names them,
   * else over scripts on the prediction and label fields. Windows without labelled predictions are left out.
   */
  async errorSums(model: ModelRef, at: WindowGrid | TimeRange, options: CallOptions = {}): Promise<SourceResult<ErrorSumWindows>> {
    const { mapping } = this.config;
    return this.readLabelled<ErrorSumWindows>(
      model,
      at,
      { bucketCost: ERROR_BUCKET_COST, windows: (layout, slices) => errorWindowsBodies(mapping, model, layout, slices), range: (range) => errorBody(mapping, model, range) },
      {
        windows: readErrorWindows,
        range: (outcome, range) => (outcome.totalHits > 0 ? { times: [range.toMs], windows: [readErrorTotals(outcome.aggregations, outcome.totalHits)] } : { times: [], windows: [] }),
      },
      SUMS_FILTER_PATH,
      mapping.errorFields
        ? `the error field "${mapping.errorFields.absolute}"`
        : `both a prediction and a label (fields "${mapping.predictionField}", "${mapping.labelField}")`,
      options.signal
    );
  }

  /** A numeric prediction's minimum, maximum and percentiles per window (`predictionStats.ts`): one search. */
  async predictionStats(model: ModelRef, levels: number[], at: WindowGrid | TimeRange, options: CallOptions = {}): Promise<SourceResult<PredictionStatsWindows>> {
    const body = this.plan(() => predictionStatsBody(this.config.mapping, model, levels, at));
    // Percentiles and stats are values, not counts: the answer unfiltered (a few numbers per window).
    const outcome = await this.searchOne(body, options.signal, false);
    return { data: this.read(() => readPredictionStats(outcome.aggregations, levels)), notices: outcome.notices, executedQuery: JSON.stringify(body) };
  }

  /**
   * A read of labelled documents over a grid (time buckets, summed into windows by `read.windows`) or over one
   * range, in one request, with the empty-answer notice when no document matched (`requirement`: what a
   * document of the model version needs to match, see `emptyAnswers.ts`).
   */
  private async readLabelled<T>(
    model: ModelRef,
    at: WindowGrid | TimeRange,
    build: { bucketCost: number; windows(layout: TimeBucketLayout, slices: TimeSlice[]): JsonObject[]; range(range: TimeRange): JsonObject },
    read: { windows(buckets: TimeBucket[], layout: TimeBucketLayout): T; range(outcome: SearchOutcome, range: TimeRange): T },
    filterPath: readonly string[],
    requirement: string,
    signal?: AbortSignal
  ): Promise<SourceResult<T>> {
    let data: T;
    let bodies: JsonObject[];
    let outcomes: SearchOutcome[];
    let range: TimeRange;
    if ('stepMs' in at) {
      const planned = this.plan(() => {
        const layout = layoutTimeBuckets(at);
        return { layout, bodies: build.windows(layout, planTimeSlices(layout, build.bucketCost, this.config.maxBuckets)) };
      });
      bodies = planned.bodies;
      outcomes = await this.searchAll(bodies, signal, filterPath);
      range = { fromMs: planned.layout.startMs, toMs: planned.layout.endMs };
      data = this.read(() => read.windows(outcomes.flatMap((outcome) => readTimeBuckets(outcome.aggregations, planned.layout)), planned.layout));
    } else {
      bodies = [this.plan(() => build.range(at))];
      outcomes = [await this.searchOne(bodies[0], signal, filterPath)];
      range = at;
      data = this.read(() => read.range(outcomes[0], at));
    }
    const empty = await this.explainIfEmpty(model, range, outcomes.map((o) => o.totalHits), signal, requirement);
    return { data, notices: uniqueNotices([...outcomes.flatMap((o) => o.notices), ...empty]), executedQuery: joinedBodies(bodies) };
  }

  /** Reads an answer; a shape it does not have is the upstream's error, said as such. */
  private read<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /** The time layout for a grid (exposed so handlers and tests can check alignment). */
  layout(grid: WindowGrid): TimeBucketLayout {
    return this.plan(() => layoutTimeBuckets(grid));
  }

  /** Feature (all under the prefix, or the named ones), prediction and label fields with their kinds: one `_field_caps`. */
  async discoverFields(features: string[], options: CallOptions = {}): Promise<{ features: DiscoveredField[]; prediction?: DiscoveredField; label?: DiscoveredField }> {
    const answer = await this.transport.fieldCaps(this.config.index, fieldCapsFields(this.config.mapping, features), options.signal);
    try {
      return readFieldCaps(answer, this.config.mapping, features);
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /** Summaries for choosing baseline bins, one search. Kinds not given are looked up with `_field_caps` first. */
  async profile(model: ModelRef, features: Array<{ name: string; role?: FieldRole; kind?: FieldKind }>, range: TimeRange, options: CallOptions = {}): Promise<SourceResult<FeatureProfile[]>> {
    const unknown = features.filter((f) => f.kind === undefined && (f.role ?? 'feature') === 'feature').map((f) => f.name);
    const discovered = unknown.length > 0 ? new Map((await this.discoverFields(unknown, options)).features.map((f) => [f.name, f])) : new Map<string, DiscoveredField>();
    const specs = features.map((f): ProfileSpec => {
      const role = f.role ?? 'feature';
      // Predictions and labels are class names whatever their mapping.
      const kind = role === 'feature' ? (f.kind ?? discovered.get(f.name)?.kind) : 'categorical';
      if (!kind) {
        const field = fieldOf(this.config.mapping, f.name, role);
        throw new BackendError(400, `cannot profile field "${field}" in "${this.config.index}": ${discovered.get(f.name)?.problem ?? 'unknown kind'}`, 'downstream');
      }
      return { name: f.name, role, kind };
    });
    const body = profileBody(this.config.mapping, model, specs, range, PROFILE_LEVELS, PROFILE_MAX_CATEGORIES);
    // Profiles read metric values (`values`, `std_deviation`, …): no counting filter.
    const outcome = await this.searchOne(body, options.signal, false);
    try {
      const data = readProfiles(outcome.aggregations, outcome.totalHits, specs, PROFILE_LEVELS);
      const notices: DriftNotice[] = [...outcome.notices];
      if (specs.some((spec) => spec.kind === 'numeric')) {
        notices.push({ severity: 'info', text: 'quantiles are Elasticsearch percentiles (TDigest estimates: exact for small sets, approximate beyond)' });
      }
      return { data, notices: uniqueNotices(notices), executedQuery: JSON.stringify(body) };
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /**
   * When no document of the model version was counted, one more search says what the range holds instead
   * (`emptyAnswers.ts`); nothing is asked when there were documents.
   */
  private async explainIfEmpty(model: ModelRef, range: TimeRange, observations: readonly number[], signal?: AbortSignal, requirement?: string): Promise<DriftNotice[]> {
    return observations.some((n) => n > 0) ? [] : [await this.describeEmpty(model, range, signal, requirement)];
  }

  /**
   * What the range holds instead of the model version's documents (`emptyAnswers.ts`), for a read that found
   * none; `requirement`: what the read also required of them (a label, …).
   */
  async describeEmpty(model: ModelRef, range: TimeRange, signal?: AbortSignal, requirement?: string): Promise<DriftNotice> {
    const body = emptyAnswerBody(this.config.mapping, model, range, requirement);
    const describe = async () => [await this.searchOne(body, signal)];
    // Without a requirement the search looks beyond the model, so it is the same for every segment of a set:
    // asked once for all of them (with one, its body names the segment).
    const [outcome] = setMemberOf(model.segment) ? await this.setReads.read(JSON.stringify([this.config.index, 'empty', body]), describe) : await describe();
    return this.read(() => emptyAnswerNotice(this.config.mapping, this.config.index, model, range, outcome, requirement));
  }

  /** What the labelled reads require of a document besides the model version and the range. */
  private labelRequirement(): string {
    return `a label (field "${this.config.mapping.labelField}")`;
  }

  private plan<T>(build: () => T): T {
    try {
      return build();
    } catch (error) {
      throw planningError(error);
    }
  }

  private failIfAllAbsent(features: FeatureSpec[], absent: boolean[]): void {
    if (features.length > 0 && absent.every(Boolean)) {
      const fields = features.map((spec) => `"${fieldOf(this.config.mapping, spec.name, spec.role)}"`).join(', ');
      throw new BackendError(
        400,
        `no document of the model in the range has a value for ${fields} in Elasticsearch index "${this.config.index}": ` +
          'check the field mapping (feature prefix, field names) and that these fields are mapped',
        'downstream'
      );
    }
  }

  /** `filterPath`: what of the answer to send back; `false`: all of it. */
  private async searchOne(body: JsonObject, signal?: AbortSignal, filterPath: readonly string[] | false = COUNTS_FILTER_PATH): Promise<SearchOutcome> {
    const answer = await this.transport.search(this.config.index, body, { signal, filterPath: filterPath || undefined });
    try {
      return readSearchResponse(answer, this.config.index);
    } catch (error) {
      throw unexpectedShape(error);
    }
  }

  /** A set's searches, in as many requests as keep each answer's size bounded (`requestBatches`); outcomes in order. */
  private async searchBatched(bodies: JsonObject[], signal?: AbortSignal): Promise<SearchOutcome[]> {
    const answers = await Promise.all(requestBatches(bodies, this.config.maxBuckets).map((batch) => this.searchAll(batch, signal)));
    return answers.flat();
  }

  private async searchAll(bodies: JsonObject[], signal?: AbortSignal, filterPath: readonly string[] = COUNTS_FILTER_PATH): Promise<SearchOutcome[]> {
    if (bodies.length === 1) {
      return [await this.searchOne(bodies[0], signal, filterPath)];
    }
    const items = await this.transport.msearch(this.config.index, bodies, { signal, filterPath });
    try {
      return items.map((item) => readSearchResponse(item, this.config.index));
    } catch (error) {
      throw unexpectedShape(error);
    }
  }
}

/** Bodies as the query inspector shows them: one search per line. */
function joinedBodies(bodies: readonly JsonObject[]): string {
  return bodies.map((body) => JSON.stringify(body)).join('\n');
}

function unlistedOutcomes(unlisted: number): DriftNotice[] {
  return unlisted > 0
    ? [{ severity: 'warning', text: `${unlisted} labelled predictions have no prediction value or a class beyond the requested ones; they are not in the matrix` }]
    : [];
}
