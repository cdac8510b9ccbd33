/**
 * A numeric prediction's exact minimum and maximum (`stats`) and its percentiles per window, on Elasticsearch.
 * Percentiles do not add up across time buckets, so each window is its own bucket of one `date_range`
 * aggregation (windows may overlap, which ranges allow): one search whatever the number of windows.
 *
 * Elasticsearch and OpenSearch compute percentiles with TDigest (compression 100 unless told otherwise): an
 * estimate, most accurate near the extremes, that keeps every value (and so is exact up to its interpolation
 * between neighbouring values) only while a window holds few of them.
 */
import type { ModelRef, PredictionStatsWindows, TimeRange, WindowGrid } from '../sources/types';
import { countAt, type Json, type JsonObject, objectAt, ResponseShapeError } from './json';
import { type ElasticsearchLayout, modelFilter, searchBody } from './requestBuilder';

const AGG = { windows: 'w', percentiles: 'p', stats: 's' } as const;

/** A level in [0, 1] as the percent Elasticsearch is asked for and answers with (0.05 → 5, not 5.000000000000001). */
const percentOf = (level: number) => Math.round(level * 1e8) / 1e6;

/** Window end times: every step of a grid, or the range's end. */
function windowEnds(at: WindowGrid | TimeRange): { ends: number[]; windowMs: number } {
  if (!('stepMs' in at)) {
    return { ends: [at.toMs], windowMs: at.toMs - at.fromMs };
  }
  const ends: number[] = [];
  for (let t = at.fromMs; t <= at.toMs; t += at.stepMs) {
    ends.push(t);
  }
  return { ends, windowMs: at.windowMs };
}

/** The documents of every window, one `date_range` bucket per window: (end − window, end] as [from + 1 ms, end + 1 ms). */
export function predictionStatsBody(mapping: ElasticsearchLayout, model: ModelRef, levels: number[], at: WindowGrid | TimeRange): JsonObject {
  const { ends, windowMs } = windowEnds(at);
  const field = mapping.predictionField;
  const range = { fromMs: ends[0] - windowMs, toMs: ends[ends.length - 1] };
  return searchBody(modelFilter(mapping, model, range, [{ exists: { field } }]), {
    [AGG.windows]: {
      date_range: {
        field: mapping.timeField,
        format: 'epoch_millis',
        ranges: ends.map((end) => ({ key: String(end), from: end - windowMs + 1, to: end + 1 })),
      },
      aggs: {
        [AGG.percentiles]: { percentiles: { field, percents: levels.map(percentOf), keyed: false } },
        [AGG.stats]: { stats: { field } },
      },
    },
  });
}

function numberAt(value: Json | undefined, where: string): number {
  if (typeof value !== 'number') {
    throw new ResponseShapeError(`${where} is ${JSON.stringify(value)}, not a number`);
  }
  return value;
}

/** Windows with at least one value, in time order; quantiles in the order of `levels`. */
export function readPredictionStats(aggregations: JsonObject, levels: number[]): PredictionStatsWindows {
  const path = `aggregations.${AGG.windows}`;
  const buckets = objectAt(aggregations[AGG.windows], () => path).buckets;
  if (!Array.isArray(buckets)) {
    throw new ResponseShapeError(`${path}.buckets is not a list`);
  }
  const rows = buckets.map((bucket, i) => {
    const at = `${path}.buckets[${i}]`;
    const object = objectAt(bucket, () => at);
    const stats = objectAt(object[AGG.stats], () => `${at}.${AGG.stats}`);
    const count = countAt(stats.count, () => `${at}.${AGG.stats}.count`);
    const time = Number(object.key);
    if (count === 0) {
      return { time, count };
    }
    const values = objectAt(object[AGG.percentiles], () => `${at}.${AGG.percentiles}`).values;
    if (!Array.isArray(values)) {
      throw new ResponseShapeError(`${at}.${AGG.percentiles}.values is not a list`);
    }
    const byPercent = new Map(values.map((v, k) => {
      const entry = objectAt(v, () => `${at}.${AGG.percentiles}.values[${k}]`);
      return [numberAt(entry.key, `${at}.${AGG.percentiles}.values[${k}].key`), numberAt(entry.value, `${at}.${AGG.percentiles}.values[${k}].value`)];
    }));
    const quantiles = levels.map((level) => {
      return numberAt(byPercent.get(percentOf(level)), `${at}.${AGG.percentiles} at ${percentOf(level)}`);
    });
    return { time, count, min: numberAt(stats.min, `${at}.${AGG.stats}.min`), max: numberAt(stats.max, `${at}.${AGG.stats}.max`), quantiles };
  });
  const kept = rows.filter((r): r is (typeof rows)[number] & { min: number; max: number; quantiles: number[] } => r.count > 0).sort((a, b) => a.time - b.time);
  return { times: kept.map((r) => r.time), windows: kept.map(({ count, min, max, quantiles }) => ({ count, min, max, quantiles })) };
}
