/**
 * Score histograms by actual class from the answer of a score search (`scoreBody`, `scoreWindowsBodies`), which is
 * read as a confusion matrix whose "predicted class" is the score bucket's key (`b0` … `bm`).
 */
import type { ClassScoreWindow, ConfusionCounts } from '../sources/types';
import { binOf } from './edges';

/** One window's counts as per-class histograms on `upperBounds`; labelled documents without a score are `unscored`. */
export function classScoreWindow(counts: ConfusionCounts, upperBounds: number[]): ClassScoreWindow {
  const byActual = new Map<string, number[]>();
  counts.actual.forEach((actual, j) => {
    const bin = binOf(counts.predicted[j]);
    if (bin < 0 || bin > upperBounds.length) {
      throw new Error(`score bucket key ${JSON.stringify(counts.predicted[j])} is none of ours`);
    }
    const histogram = byActual.get(actual) ?? new Array<number>(upperBounds.length + 1).fill(0);
    histogram[bin] += counts.counts[j];
    byActual.set(actual, histogram);
  });
  return { upperBounds, byActual, unscored: counts.unlisted };
}
