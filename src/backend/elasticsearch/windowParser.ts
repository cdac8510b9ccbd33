/**
 * Counts per rolling window from `date_histogram` responses (see `timeBuckets.ts`). Each time bucket's counts
 * go into one flat array per feature, and windows are prefix-sum differences, so time and memory are
 * proportional to time buckets × bins, whatever the number of documents.
 */
import type { ConfusionCounts, ConfusionSeries, FeatureSpec, WindowCounts } from '../sources/types';
import { bucketsAt, countAt, type JsonObject, objectAt, ResponseShapeError } from './json';
import { aggName, OUT_OF_RANGE_KEYS } from './requestBuilder';
import { readBins, readConfusion, readTerms } from './responseParser';
import { bucketIndex, rollingSums, type TimeBucketLayout } from './timeBuckets';

/** Time buckets of one search, each with its layout index. */
export interface TimeBucket {
  index: number;
  path: string;
  bucket: JsonObject;
}

export function readTimeBuckets(aggregations: JsonObject, layout: TimeBucketLayout): TimeBucket[] {
  const histogram = aggregations[aggName.time];
  if (histogram === undefined) {
    return [];
  }
  const path = `aggregations.${aggName.time}`;
  const result: TimeBucket[] = [];
  bucketsAt(objectAt(histogram, path), path).forEach((bucket, i) => {
    const bucketPath = `${path}.buckets[${i}]`;
    const key = typeof bucket.key === 'number' ? bucket.key : Number(bucket.key);
    const index = bucketIndex(layout, key);
    if (index < 0) {
      // Empty buckets outside the grid are harmless; counts outside it would silently vanish, so they are an error.
      if (countAt(bucket.doc_count, `${bucketPath}.doc_count`) > 0) {
        throw new ResponseShapeError(`time bucket ${JSON.stringify(bucket.key)} at ${bucketPath} is not on the requested ${layout.intervalMs} ms grid`);
      }
      return;
    }
    result.push({ index, path: bucketPath, bucket });
  });
  return result;
}

/** Documents per window (whether or not they have a given field). */
export function observationWindows(buckets: TimeBucket[], layout: TimeBucketLayout): number[] {
  const perBucket = new Float64Array(layout.bucketCount);
  for (const { index, bucket, path } of buckets) {
    perBucket[index] = countAt(bucket.doc_count, `${path}.doc_count`);
  }
  return Array.from(rollingSums(layout, perBucket, 1));
}

function missingCount(bucket: JsonObject, index: number, path: string): number {
  const aggregation = bucket[aggName.missing(index)];
  const where = () => `${path}.${aggName.missing(index)}`;
  return aggregation === undefined ? 0 : countAt(objectAt(aggregation, where).doc_count, () => `${where()}.doc_count`);
}

function numericWindows(spec: Extract<FeatureSpec, { kind: 'numeric' }>, index: number, buckets: TimeBucket[], layout: TimeBucketLayout): WindowCounts[] {
  const bins = spec.upperBounds.length + 1;
  // Per bucket: bins, then missing, below range, above range.
  const width = bins + 3;
  const perBucket = new Float64Array(layout.bucketCount * width);
  for (const { index: b, bucket, path } of buckets) {
    const offset = b * width;
    readBins(bucket, index, bins, path, perBucket, offset);
    perBucket[offset + bins] = missingCount(bucket, index, path);
    const outOfRange = bucket[aggName.outOfRange(index)];
    if (outOfRange !== undefined) {
      const where = () => `${path}.${aggName.outOfRange(index)}`;
      for (const rangeBucket of bucketsAt(objectAt(outOfRange, where), where)) {
        const slot = rangeBucket.key === OUT_OF_RANGE_KEYS.below ? 1 : rangeBucket.key === OUT_OF_RANGE_KEYS.above ? 2 : 0;
        if (slot > 0) {
          perBucket[offset + bins + slot] = countAt(rangeBucket.doc_count, () => `${where()}.doc_count`);
        }
      }
    }
  }
  const sums = rollingSums(layout, perBucket, width);
  return layout.times.map((_, i) => {
    const at = i * width;
    const window: WindowCounts = {
      kind: 'numeric',
      binned: { upperBounds: spec.upperBounds, counts: Array.from(sums.subarray(at, at + bins)) },
      missing: sums[at + bins],
      nonFinite: 0,
    };
    if (spec.observedRange) {
      window.belowRange = sums[at + bins + 1];
      window.aboveRange = sums[at + bins + 2];
    }
    return window;
  });
}

function categoricalWindows(
  spec: Extract<FeatureSpec, { kind: 'categorical' }>,
  index: number,
  buckets: TimeBucket[],
  layout: TimeBucketLayout
): { windows: WindowCounts[]; approximate: boolean } {
  const name = aggName.feature(index);
  const parsed = buckets.map(({ bucket, path }) => readTerms(bucket, name, path));
  const column = new Map<string, number>();
  const categories = [...spec.categories];
  categories.forEach((category, i) => column.set(category, i));
  for (const terms of parsed) {
    for (const category of terms.categories) {
      if (!column.has(category)) {
        column.set(category, categories.length);
        categories.push(category);
      }
    }
  }
  const width = categories.length + 2;
  const perBucket = new Float64Array(layout.bucketCount * width);
  buckets.forEach(({ index: b, bucket, path }, i) => {
    const offset = b * width;
    const terms = parsed[i];
    terms.categories.forEach((category, j) => {
      perBucket[offset + (column.get(category) ?? 0)] += terms.counts[j];
    });
    perBucket[offset + categories.length] = terms.other;
    perBucket[offset + categories.length + 1] = missingCount(bucket, index, path);
  });
  const sums = rollingSums(layout, perBucket, width);
  const known = spec.categories.length;
  const windows = layout.times.map((_, i): WindowCounts => {
    const at = i * width;
    const names: string[] = [];
    const counts: number[] = [];
    // The baseline's categories always (a zero is information), live-only categories where they occurred.
    categories.forEach((category, j) => {
      if (j < known || sums[at + j] > 0) {
        names.push(category);
        counts.push(sums[at + j]);
      }
    });
    return {
      kind: 'categorical',
      distribution: { categories: names, counts },
      unlisted: sums[at + categories.length],
      missing: sums[at + categories.length + 1],
      nonFinite: 0,
    };
  });
  return { windows, approximate: parsed.some((terms) => terms.approximate) };
}

export function featureWindows(spec: FeatureSpec, index: number, buckets: TimeBucket[], layout: TimeBucketLayout): { windows: WindowCounts[]; approximate: boolean } {
  return spec.kind === 'numeric' ? { windows: numericWindows(spec, index, buckets, layout), approximate: false } : categoricalWindows(spec, index, buckets, layout);
}

export function confusionWindows(buckets: TimeBucket[], layout: TimeBucketLayout): ConfusionSeries {
  const perTimeBucket = buckets.map(({ bucket, path }) => readConfusion(bucket, path));
  const column = new Map<string, Map<string, number>>();
  const pairs: Array<[string, string]> = [];
  for (const counts of perTimeBucket) {
    counts.actual.forEach((actual, j) => {
      const predicted = counts.predicted[j];
      let row = column.get(actual);
      if (!row) {
        row = new Map();
        column.set(actual, row);
      }
      if (!row.has(predicted)) {
        row.set(predicted, pairs.length);
        pairs.push([actual, predicted]);
      }
    });
  }
  const width = pairs.length + 1;
  const perBucket = new Float64Array(layout.bucketCount * width);
  buckets.forEach(({ index: b }, i) => {
    const counts = perTimeBucket[i];
    counts.actual.forEach((actual, j) => {
      perBucket[b * width + (column.get(actual)?.get(counts.predicted[j]) ?? 0)] += counts.counts[j];
    });
    perBucket[b * width + pairs.length] = counts.unlisted;
  });
  const sums = rollingSums(layout, perBucket, width);
  const windows = layout.times.map((_, i): ConfusionCounts => {
    const at = i * width;
    const window: ConfusionCounts = { actual: [], predicted: [], counts: [], unlisted: sums[at + pairs.length] };
    pairs.forEach(([actual, predicted], j) => {
      if (sums[at + j] > 0) {
        window.actual.push(actual);
        window.predicted.push(predicted);
        window.counts.push(sums[at + j]);
      }
    });
    return window;
  });
  return { times: layout.times, windows };
}
