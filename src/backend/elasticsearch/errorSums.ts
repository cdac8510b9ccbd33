/**
 * A regression model's error sums on Elasticsearch (error = prediction − actual): `sum` aggregations per window,
 * either over precomputed error fields that the logger writes (the binding's `errorFields`), or over painless
 * scripts computing |p − y|, (p − y)², p − y and |p − y| / |y| from the prediction and label fields at query
 * time. Field names travel as script parameters, never inside the script text.
 *
 * The trade-off: scripts need nothing from the logger but run once per matching document at every query (CPU
 * on the cluster, no request cache gain across windows) and may be disabled (`script.allowed_types`); precomputed
 * fields are plain column sums from doc values, as cheap as any count, but must be written by the logger.
 *
 * MAPE is undefined where an actual value is 0: with scripts those documents are counted by a filter on the label
 * (and add 0 to the sum); with precomputed fields, documents without the percentage field are.
 */
import type { ErrorSums } from '../../drift/performance/regression';
import type { ErrorSumWindows, ModelRef, TimeRange } from '../sources/types';
import { countAt, type Json, type JsonObject, objectAt } from './json';
import { aggName, dateHistogram, type ElasticsearchLayout, modelFilter, searchBody, sliceRange, type TimeSlice } from './requestBuilder';
import { rollingSums, type TimeBucketLayout } from './timeBuckets';
import type { TimeBucket } from './windowParser';

/** Aggregation names; the window's document count is the labelled predictions. */
export const ERROR_AGGS = { absolute: 'e_abs', squared: 'e_sq', signed: 'e_sig', percentage: 'e_ape', zeroActual: 'e_zero' } as const;

const SCRIPTED = {
  absolute: 'Math.abs(p - y)',
  squared: '(p - y) * (p - y)',
  signed: 'p - y',
  percentage: 'y == 0 ? 0 : Math.abs(p - y) / Math.abs(y)',
} as const;

/** Buckets an error search adds per time bucket (the zero-actual filter). */
export const ERROR_BUCKET_COST = 1;

function scriptedSum(mapping: ElasticsearchLayout, expression: string): JsonObject {
  return {
    sum: {
      script: {
        lang: 'painless',
        source: `double p = doc[params.p].value; double y = doc[params.y].value; return ${expression};`,
        params: { p: mapping.predictionField, y: mapping.labelField },
      },
    },
  };
}

/** The sums and which documents take part: labelled predictions, or documents with the absolute error field. */
function errorAggregations(mapping: ElasticsearchLayout): { aggs: JsonObject; filter: JsonObject[] } {
  const fields = mapping.errorFields;
  if (!fields) {
    return {
      aggs: {
        [ERROR_AGGS.absolute]: scriptedSum(mapping, SCRIPTED.absolute),
        [ERROR_AGGS.squared]: scriptedSum(mapping, SCRIPTED.squared),
        [ERROR_AGGS.signed]: scriptedSum(mapping, SCRIPTED.signed),
        [ERROR_AGGS.percentage]: scriptedSum(mapping, SCRIPTED.percentage),
        [ERROR_AGGS.zeroActual]: { filter: { term: { [mapping.labelField]: 0 } } },
      },
      filter: [{ exists: { field: mapping.predictionField } }, { exists: { field: mapping.labelField } }],
    };
  }
  const aggs: JsonObject = {
    [ERROR_AGGS.absolute]: { sum: { field: fields.absolute } },
    [ERROR_AGGS.squared]: { sum: { field: fields.squared } },
  };
  if (fields.signed) {
    aggs[ERROR_AGGS.signed] = { sum: { field: fields.signed } };
  }
  if (fields.absolutePercentage) {
    aggs[ERROR_AGGS.percentage] = { sum: { field: fields.absolutePercentage } };
    aggs[ERROR_AGGS.zeroActual] = { filter: { bool: { must_not: { exists: { field: fields.absolutePercentage } } } } };
  }
  return { aggs, filter: [{ exists: { field: fields.absolute } }] };
}

export function errorBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange): JsonObject {
  const { aggs, filter } = errorAggregations(mapping);
  return searchBody(modelFilter(mapping, model, range, filter), aggs);
}

export function errorWindowsBodies(mapping: ElasticsearchLayout, model: ModelRef, layout: TimeBucketLayout, slices: TimeSlice[]): JsonObject[] {
  const { aggs, filter } = errorAggregations(mapping);
  return slices.map((slice) => searchBody(modelFilter(mapping, model, sliceRange(layout, slice), filter), { [aggName.time]: dateHistogram(mapping, layout, aggs, slice) }));
}

/** Columns of the per-bucket sums: count, then the aggregations in this order. */
const COLUMNS = [ERROR_AGGS.absolute, ERROR_AGGS.squared, ERROR_AGGS.signed, ERROR_AGGS.percentage, ERROR_AGGS.zeroActual] as const;

/** A sum aggregation's value, or a filter's document count; NaN where the search did not ask for it. */
function columnValue(aggregation: Json | undefined, where: () => string): number {
  if (aggregation === undefined) {
    return NaN;
  }
  const object = objectAt(aggregation, where);
  if (object.doc_count !== undefined) {
    return countAt(object.doc_count, () => `${where()}.doc_count`);
  }
  const value = object.value;
  if (typeof value !== 'number') {
    throw new TypeError(`${where()}.value is ${JSON.stringify(value)}, not a number`);
  }
  return value;
}

function sumsOf(row: ArrayLike<number>): ErrorSums {
  const [count, absoluteErrorSum, squaredErrorSum, errorSum, percentageSum, zeroActualCount] = Array.from(row);
  const sums: ErrorSums = { count, absoluteErrorSum, squaredErrorSum };
  if (!Number.isNaN(errorSum)) {
    sums.errorSum = errorSum;
  }
  if (!Number.isNaN(percentageSum)) {
    sums.absolutePercentageErrorSum = percentageSum;
    sums.zeroActualCount = zeroActualCount;
  }
  return sums;
}

/** One range: the hits are the labelled predictions. */
export function readErrorTotals(aggregations: JsonObject, totalHits: number): ErrorSums {
  return sumsOf([totalHits, ...COLUMNS.map((name) => columnValue(aggregations[name], () => `aggregations.${name}`))]);
}

/** Per time bucket, summed into the layout's windows; windows without labelled predictions are left out. */
export function readErrorWindows(buckets: TimeBucket[], layout: TimeBucketLayout): ErrorSumWindows {
  const width = COLUMNS.length + 1;
  const perBucket = new Float64Array(layout.bucketCount * width);
  // A sum the search did not ask for stays NaN in every window.
  const asked = new Array<boolean>(COLUMNS.length).fill(buckets.length === 0);
  for (const { index, columns, row, path } of buckets) {
    perBucket[index * width] = columns.docCounts[row];
    COLUMNS.forEach((name, j) => {
      const value = columnValue(columns.aggregationAt(name, row), () => `${path()}.${name}`);
      asked[j] ||= !Number.isNaN(value);
      perBucket[index * width + j + 1] = Number.isNaN(value) ? 0 : value;
    });
  }
  const sums = rollingSums(layout, perBucket, width);
  const times: number[] = [];
  const windows: ErrorSums[] = [];
  layout.times.forEach((time, i) => {
    const row = sums.subarray(i * width, (i + 1) * width).map((v, j) => (j > 0 && !asked[j - 1] ? NaN : v));
    if (row[0] > 0) {
      times.push(time);
      windows.push(sumsOf(row));
    }
  });
  return { times, windows };
}
