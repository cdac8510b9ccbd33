import type { FeatureKind } from '../../drift/types';
import { DistributionBin } from './model';
import { DistributionNormalization } from './types';

function total(counts: number[]): number {
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Bar heights in the chosen normalisation. Density divides each share by its bin's width, so it is
 * undefined (NaN, not drawn) for the open-ended end buckets and for categories it equals the share.
 */
export function displayValues(counts: number[], bins: DistributionBin[], mode: DistributionNormalization, kind: FeatureKind): number[] {
  if (mode === 'count') {
    return [...counts];
  }
  const sum = total(counts);
  const shares = counts.map((count) => (sum > 0 ? count / sum : 0));
  if (mode === 'proportion' || kind === 'categorical') {
    return shares;
  }
  return shares.map((share, i) => {
    const { lower, upper } = bins[i];
    const width = upper !== undefined && lower !== undefined ? upper - lower : Number.NaN;
    return Number.isFinite(width) && width > 0 ? share / width : Number.NaN;
  });
}

/** Share of observations at or below the end of each bin. */
export function cumulativeShares(counts: number[]): number[] {
  const sum = total(counts);
  let running = 0;
  return counts.map((count) => {
    running += count;
    return sum > 0 ? running / sum : 0;
  });
}

/** Where the two empirical CDFs are furthest apart (the Kolmogorov-Smirnov gap at the bin edges). */
export function largestCdfGap(baseline: number[], current: number[]): { index: number; gap: number } {
  let best = { index: 0, gap: -1 };
  baseline.forEach((value, i) => {
    const gap = Math.abs(value - current[i]);
    if (gap > best.gap) {
      best = { index: i, gap };
    }
  });
  return best;
}

/** A round top for the y axis, at or above the largest value, so bars fill most of the height. */
export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((step) => step * power >= max * (1 - 1e-9))!;
  return Number((nice * power).toPrecision(12));
}

export function formatAxisValue(value: number, mode: DistributionNormalization | 'cdf'): string {
  if (mode === 'proportion' || mode === 'cdf') {
    return `${Number((value * 100).toPrecision(3))}%`;
  }
  if (Math.abs(value) >= 1000) {
    return `${Number((value / 1000).toPrecision(3))}k`;
  }
  return Number(value.toPrecision(3)).toString();
}

/** Short text for a bin edge on the x axis: 0.005, 25, 1.5k, 2e+6. */
export function formatBound(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-3)) {
    return value.toExponential(0);
  }
  if (magnitude >= 1000) {
    return `${Number((value / 1000).toPrecision(3))}k`;
  }
  return Number(value.toPrecision(3)).toString();
}
