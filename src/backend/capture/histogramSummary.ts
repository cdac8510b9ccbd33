/**
 * A numeric summary (n, min, max, mean, std, quantiles) from a classic histogram and its `_sum`, for
 * baselines captured from Prometheus, which keeps no raw values. Bucket counts and the mean are exact; the
 * rest is estimated and says so: values are placed at bucket midpoints for the standard deviation, quantiles
 * interpolate linearly inside a bucket (as `histogram_quantile` does), and the open buckets (-Inf, b1] and
 * (bm, +Inf) are given the width of their finite neighbour.
 */
import type { BinnedCounts, NumericSummary } from '../../drift/types';

export const CAPTURE_QUANTILE_LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

/** Finite lower and upper edges of every bucket, open ends closed with the neighbouring width. */
export function closedEdges(upperBounds: readonly number[]): { lower: number[]; upper: number[] } {
  const m = upperBounds.length;
  if (m === 0) {
    return { lower: [0], upper: [0] };
  }
  const firstWidth = m > 1 ? upperBounds[1] - upperBounds[0] : Math.max(Math.abs(upperBounds[0]), 1);
  const lastWidth = m > 1 ? upperBounds[m - 1] - upperBounds[m - 2] : firstWidth;
  const lower = [upperBounds[0] - firstWidth, ...upperBounds];
  const upper = [...upperBounds, upperBounds[m - 1] + lastWidth];
  return { lower, upper };
}

/** Undefined when the histogram is empty. */
export function summaryFromHistogram(histogram: BinnedCounts, sum: number | undefined): NumericSummary | undefined {
  const n = histogram.counts.reduce((total, c) => total + c, 0);
  if (!(n > 0)) {
    return undefined;
  }
  const { lower, upper } = closedEdges(histogram.upperBounds);
  const mids = lower.map((lo, i) => (lo + upper[i]) / 2);
  const first = histogram.counts.findIndex((c) => c > 0);
  const last = histogram.counts.length - 1 - [...histogram.counts].reverse().findIndex((c) => c > 0);
  const midpointMean = histogram.counts.reduce((total, c, i) => total + c * mids[i], 0) / n;
  const mean = sum !== undefined && Number.isFinite(sum) ? sum / n : midpointMean;
  const variance = histogram.counts.reduce((total, c, i) => total + c * (mids[i] - mean) ** 2, 0) / n;
  const min = Math.min(lower[first], mean);
  const max = Math.max(upper[last], mean);

  const values = CAPTURE_QUANTILE_LEVELS.map((level) => {
    const rank = level * n;
    let cumulative = 0;
    for (let i = first; i <= last; i++) {
      const next = cumulative + histogram.counts[i];
      if (next >= rank && histogram.counts[i] > 0) {
        const fraction = (rank - cumulative) / histogram.counts[i];
        return Math.min(max, Math.max(min, lower[i] + fraction * (upper[i] - lower[i])));
      }
      cumulative = next;
    }
    return max;
  });
  return { n, min, max, mean, std: Math.sqrt(variance), quantiles: { levels: [...CAPTURE_QUANTILE_LEVELS], values } };
}
