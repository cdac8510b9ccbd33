/** Running count, min, max, mean and sum of squared deviations (Welford's update: stable in one pass). */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

export function emptyMoments(): Moments {
  return { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
}

export function addToMoments(moments: Moments, value: number): void {
  moments.n++;
  const delta = value - moments.mean;
  moments.mean += delta / moments.n;
  moments.m2 += delta * (value - moments.mean);
  if (value < moments.min) {
    moments.min = value;
  }
  if (value > moments.max) {
    moments.max = value;
  }
}

/** Population standard deviation (ddof = 0), the convention of the baseline summary. */
export function populationStdOf(moments: Moments): number {
  return moments.n > 0 ? Math.sqrt(moments.m2 / moments.n) : NaN;
}

/** The summary fields a FeatureInput side takes; just `n: 0` when nothing was seen. */
export function sideSummary(moments: Moments): { n: number; min?: number; max?: number; mean?: number; std?: number } {
  if (moments.n === 0) {
    return { n: 0 };
  }
  return { n: moments.n, min: moments.min, max: moments.max, mean: moments.mean, std: populationStdOf(moments) };
}
