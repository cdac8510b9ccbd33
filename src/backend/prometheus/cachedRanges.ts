/**
 * Prometheus range queries through the completed-bucket cache (`cache/completedStepCache.ts`). The value of a
 * range query at a step depends only on the query and the samples up to that step, so once a step is final its
 * samples are kept under the query's text, step and step phase; the next refresh asks Prometheus only for the
 * steps around the cached run and merges the answers series by series. The source above sees one ordinary
 * answer, so everything it derives (counts, notices) is the same with and without the cache.
 */
import { joinedCoverage, usableCoverage, lastFinalStep, rangesToFetch, stepCount, stepPhase, type StepRange } from '../cache/stepCoverage';
import type { CachedRun, CacheShelf, CompletedStepCache } from '../cache/completedStepCache';
import type { PrometheusApi, QueryResult } from './client';
import type { NativeSeries } from './native';
import { SampleColumns, type Labels, type MatrixSeries } from './response';

/** What the live source asks of Prometheus; `PrometheusApi` answers it, and so does its cached form. */
export type PrometheusQueries = Pick<PrometheusApi, 'queryRange' | 'query' | 'queryNative'>;

/** How to cut and join the samples of one kind of series, and what they cost to keep. */
interface SeriesSamples<S extends { labels: Labels }> {
  /** Sample times, ascending. */
  times(series: S): ArrayLike<number>;
  /** Samples [from, to) by index, as a copy (a cached slice must not keep a whole answer alive). */
  slice(series: S, from: number, to: number): S;
  concat(labels: Labels, parts: S[]): S;
  bytes(series: S): number;
}

/** Per series: the labels object and its map entry. Per sample: two float64 columns. */
const SERIES_OVERHEAD_BYTES = 200;

function labelBytes(labels: Labels): number {
  let bytes = 0;
  for (const name in labels) {
    bytes += 2 * (name.length + labels[name].length) + 32;
  }
  return bytes;
}

const MATRIX_SAMPLES: SeriesSamples<MatrixSeries> = {
  times: (series) => series.samples.timesMs,
  slice: (series, from, to) => ({
    labels: series.labels,
    samples: new SampleColumns(series.samples.timesMs.slice(from, to), series.samples.values.slice(from, to)),
  }),
  concat(labels, parts) {
    const length = parts.reduce((sum, part) => sum + part.samples.length, 0);
    const timesMs = new Float64Array(length);
    const values = new Float64Array(length);
    let offset = 0;
    for (const part of parts) {
      timesMs.set(part.samples.timesMs, offset);
      values.set(part.samples.values, offset);
      offset += part.samples.length;
    }
    return { labels, samples: new SampleColumns(timesMs, values) };
  },
  bytes: (series) => SERIES_OVERHEAD_BYTES + labelBytes(series.labels) + 16 * series.samples.length,
};

/** A native histogram sample: its object, count and sum, and each bucket's bounds and count. */
const NATIVE_SAMPLE_BYTES = 80;
const NATIVE_BUCKET_BYTES = 56;

const NATIVE_SAMPLES: SeriesSamples<NativeSeries> = {
  times: (series) => series.samples.map((sample) => sample.timeMs),
  slice: (series, from, to) => ({ labels: series.labels, samples: series.samples.slice(from, to) }),
  concat: (labels, parts) => ({ labels, samples: parts.flatMap((part) => part.samples) }),
  bytes: (series) =>
    SERIES_OVERHEAD_BYTES + labelBytes(series.labels) + series.samples.reduce((sum, s) => sum + NATIVE_SAMPLE_BYTES + NATIVE_BUCKET_BYTES * s.histogram.buckets.length, 0),
};

/** Prometheus' order of series in an answer: label sets compared name by name, then value by value. */
export function compareLabels(a: Labels, b: Labels): number {
  const namesA = Object.keys(a).sort();
  const namesB = Object.keys(b).sort();
  for (let i = 0; i < Math.min(namesA.length, namesB.length); i++) {
    if (namesA[i] !== namesB[i]) {
      return namesA[i] < namesB[i] ? -1 : 1;
    }
    const valueA = a[namesA[i]];
    const valueB = b[namesB[i]];
    if (valueA !== valueB) {
      return valueA < valueB ? -1 : 1;
    }
  }
  return namesA.length - namesB.length;
}

function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

/** First index whose time is at least `timeMs` (times ascending). */
function firstAtOrAfter(times: ArrayLike<number>, timeMs: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < timeMs) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** The series' samples in [fromMs, toMs], or undefined when it has none there. */
function sliceByTime<S extends { labels: Labels }>(kind: SeriesSamples<S>, series: S, fromMs: number, toMs: number): S | undefined {
  const times = kind.times(series);
  const from = firstAtOrAfter(times, fromMs);
  const to = firstAtOrAfter(times, toMs + 1);
  return to > from ? kind.slice(series, from, to) : undefined;
}

/** Every series' samples in [fromMs, toMs], without the series that have none there. */
function sliceAll<S extends { labels: Labels }>(kind: SeriesSamples<S>, all: readonly S[], fromMs: number, toMs: number): S[] {
  return all.map((series) => sliceByTime(kind, series, fromMs, toMs)).filter((s): s is S => s !== undefined);
}

/** Answers for consecutive time spans joined series by series, in Prometheus' order. */
function joinInTimeOrder<S extends { labels: Labels }>(kind: SeriesSamples<S>, spans: S[][]): S[] {
  if (spans.length === 1) {
    return spans[0];
  }
  const byKey = new Map<string, { labels: Labels; parts: S[] }>();
  for (const span of spans) {
    for (const series of span) {
      const key = seriesKey(series.labels);
      const joined = byKey.get(key);
      if (joined) {
        joined.parts.push(series);
      } else {
        byKey.set(key, { labels: series.labels, parts: [series] });
      }
    }
  }
  return [...byKey.values()]
    .sort((a, b) => compareLabels(a.labels, b.labels))
    .map(({ labels, parts }) => (parts.length === 1 ? parts[0] : kind.concat(labels, parts)));
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

/**
 * One range query answered from the cached run of final steps plus upstream fetches for the steps around it;
 * then the run is extended to every step now final. An answer with warnings (partial data) is never cached.
 */
async function cachedRange<S extends { labels: Labels }>(
  cache: CompletedStepCache,
  shelf: CacheShelf<S>,
  kind: SeriesSamples<S>,
  query: string,
  range: StepRange,
  fetch: (range: StepRange) => Promise<QueryResult<S[]>>
): Promise<QueryResult<S[]>> {
  const key = `${range.stepMs}\u0000${stepPhase(range)}\u0000${query}`;
  const held = shelf.get(key, { fromMs: range.startMs, toMs: range.endMs });
  const usable = usableCoverage(range, held?.coverage);
  const toFetch = rangesToFetch(range, held?.coverage);
  const fetched = await Promise.all(toFetch.map(fetch));

  const spans: S[][] = fetched.map((answer) => answer.data);
  if (held && usable) {
    const cachedSpan = sliceAll(kind, held.series, usable.fromMs, usable.toMs);
    // The fetched parts are the steps before the cached run (if any) and after it.
    const before = toFetch.length > 0 && toFetch[0].startMs < usable.fromMs ? 1 : 0;
    spans.splice(before, 0, cachedSpan);
  }
  const series = joinInTimeOrder(kind, spans);
  const warnings = unique(fetched.flatMap((answer) => answer.warnings));
  const infos = unique([...(usable ? held!.infos : []), ...fetched.flatMap((answer) => answer.infos)]);

  const fetchedSteps = toFetch.reduce((sum, part) => sum + stepCount(part.startMs, part.endMs, part.stepMs), 0);
  const fetchedSamples = fetched.reduce((sum, answer) => sum + answer.data.reduce((n, s) => n + kind.times(s).length, 0), 0);
  cache.record('prometheus', usable ? stepCount(usable.fromMs, usable.toMs, range.stepMs) : 0, fetchedSteps, fetchedSamples);

  const lastFinal = lastFinalStep(range, cache.now(), cache.settings.marginMs);
  if (toFetch.length > 0 && warnings.length === 0 && lastFinal >= range.startMs) {
    const read = { fromMs: range.startMs, toMs: lastFinal };
    const kept = joinedCoverage(usable ? held!.coverage : undefined, read);
    // The held run's steps on either side of the read's, when the kept run reaches beyond it.
    const heldBefore = usable ? sliceAll(kind, held!.series, kept.fromMs, read.fromMs - 1) : [];
    const heldAfter = usable ? sliceAll(kind, held!.series, read.toMs + 1, kept.toMs) : [];
    const run: CachedRun<S> = {
      coverage: kept,
      series: joinInTimeOrder(kind, [heldBefore, sliceAll(kind, series, read.fromMs, read.toMs), heldAfter]),
      infos,
    };
    shelf.set(key, run, run.series.reduce((sum, s) => sum + kind.bytes(s), SERIES_OVERHEAD_BYTES + 2 * query.length));
  }
  return {
    data: series,
    warnings,
    infos,
    timing: { httpMs: fetched.reduce((sum, a) => sum + a.timing.httpMs, 0), attempts: fetched.reduce((sum, a) => sum + a.timing.attempts, 0) },
  };
}

/** `api` with its range queries going through the datasource's cache (`api` itself when there is none). */
export function withRangeCache(api: PrometheusQueries, cache: CompletedStepCache | undefined): PrometheusQueries {
  if (!cache) {
    return api;
  }
  const matrices = cache.shelf<MatrixSeries>('prometheus matrix');
  const natives = cache.shelf<NativeSeries>('prometheus native');
  return {
    queryRange: (expr, range, signal) => cachedRange(cache, matrices, MATRIX_SAMPLES, expr, range, (part) => api.queryRange(expr, part, signal)),
    query: (expr, timeMs, signal) => api.query(expr, timeMs, signal),
    queryNative: (expr, at, signal) =>
      typeof at === 'number' ? api.queryNative(expr, at, signal) : cachedRange(cache, natives, NATIVE_SAMPLES, expr, at, (part) => api.queryNative(expr, part, signal)),
  };
}
