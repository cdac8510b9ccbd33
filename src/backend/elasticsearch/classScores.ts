/**
 * Score histograms by actual class from the answer of a score search (`scoreBody`, `scoreWindowsBodies`). The
 * counts are read as a confusion matrix whose "predicted class" is the score bucket's key (`b0` … `bm`); each
 * bucket also carries the sum of its scores (`aggName.scoreSum`), so a bucket's mean score is known exactly.
 */
import type { ClassScoreWindow, ConfusionCounts } from '../sources/types';
import { binOf } from './edges';
import { bucketsAt, countAt, type Json, objectAt, ResponseShapeError, termKey } from './json';
import { aggName } from './requestBuilder';
import type { TimeBucket } from './windowParser';
import { rollingSums, type TimeBucketLayout } from './timeBuckets';

/** The bin a score bucket key names, or an error: a key that is none of ours would put counts in the wrong bucket. */
function scoreBin(key: string, binCount: number): number {
  const bin = binOf(key);
  if (bin < 0 || bin >= binCount) {
    throw new ResponseShapeError(`score bucket key ${JSON.stringify(key)} is none of ours`);
  }
  return bin;
}

/**
 * One window's counts as per-class histograms on `upperBounds`; labelled documents without a score are
 * `unscored`. `scoreSums` (per bucket, over every class) comes along where the answer had them.
 */
export function classScoreWindow(counts: ConfusionCounts, upperBounds: number[], scoreSums?: number[]): ClassScoreWindow {
  const byActual = new Map<string, number[]>();
  counts.actual.forEach((actual, j) => {
    const bin = scoreBin(counts.predicted[j], upperBounds.length + 1);
    const histogram = byActual.get(actual) ?? new Array<number>(upperBounds.length + 1).fill(0);
    histogram[bin] += counts.counts[j];
    byActual.set(actual, histogram);
  });
  return { upperBounds, byActual, unscored: counts.unlisted, ...(scoreSums ? { scoreSums } : {}) };
}

/**
 * Adds the score sums of one `actual` aggregation (classes × score buckets) into `into` from `offset`, one
 * value per bucket over every class. An empty bucket adds nothing (its sum may be 0 or null); a non-empty one
 * must have a finite sum.
 */
function addScoreSums(aggregation: Json | undefined, binCount: number, where: () => string, into: Float64Array, offset: number): void {
  if (aggregation === undefined) {
    return;
  }
  bucketsAt(objectAt(aggregation, where), where).forEach((classBucket, i) => {
    const classPath = () => `${where()}.buckets[${i}].${aggName.predicted}`;
    bucketsAt(objectAt(classBucket[aggName.predicted], classPath), classPath).forEach((scoreBucket, j) => {
      const bucketPath = () => `${classPath()}.buckets[${j}]`;
      if (countAt(scoreBucket.doc_count, () => `${bucketPath()}.doc_count`) === 0) {
        return;
      }
      const sumPath = () => `${bucketPath()}.${aggName.scoreSum}.value`;
      const sum = objectAt(scoreBucket[aggName.scoreSum], () => `${bucketPath()}.${aggName.scoreSum}`).value;
      if (typeof sum !== 'number' || !Number.isFinite(sum)) {
        throw new ResponseShapeError(`expected the finite sum of a non-empty score bucket at ${sumPath()}, got ${JSON.stringify(sum) ?? 'nothing'}`);
      }
      into[offset + scoreBin(termKey(scoreBucket, bucketPath), binCount)] += sum;
    });
  });
}

/** Score sums per bucket over one range. */
export function scoreSums(aggregation: Json | undefined, binCount: number, where: () => string): number[] {
  const sums = new Float64Array(binCount);
  addScoreSums(aggregation, binCount, where, sums, 0);
  return Array.from(sums);
}

/** Score sums per bucket in each rolling window of the layout, from per-time-bucket answers. */
export function scoreSumWindows(buckets: TimeBucket[], layout: TimeBucketLayout, binCount: number): number[][] {
  const perBucket = new Float64Array(layout.bucketCount * binCount);
  for (const bucket of buckets) {
    addScoreSums(bucket.columns.aggregationAt(aggName.actual, bucket.row), binCount, () => `${bucket.path()}.${aggName.actual}`, perBucket, bucket.index * binCount);
  }
  const sums = rollingSums(layout, perBucket, binCount);
  return layout.times.map((_, i) => Array.from(sums.subarray(i * binCount, (i + 1) * binCount)));
}
