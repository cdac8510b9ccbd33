/**
 * Weighted isotonic (non-decreasing) regression by pool-adjacent-violators, and its prediction between the
 * fitted points by linear interpolation, clipped at the ends: the reading of scikit-learn's
 * `IsotonicRegression(out_of_bounds='clip')`, which NannyML's CBPE fits to turn scores into probabilities.
 */

/** Fitted values for points sorted by x (distinct), with positive weights. */
export function isotonicFit(values: ArrayLike<number>, weights: ArrayLike<number>): number[] {
  // Blocks of pooled points: their weighted mean, total weight and how many points they cover.
  const means: number[] = [];
  const blockWeights: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    means.push(values[i]);
    blockWeights.push(weights[i]);
    sizes.push(1);
    while (means.length > 1 && means[means.length - 2] > means[means.length - 1]) {
      const w = blockWeights[blockWeights.length - 2] + blockWeights[blockWeights.length - 1];
      const m = (means[means.length - 2] * blockWeights[blockWeights.length - 2] + means[means.length - 1] * blockWeights[blockWeights.length - 1]) / w;
      const size = sizes[sizes.length - 2] + sizes[sizes.length - 1];
      means.length -= 1;
      blockWeights.length -= 1;
      sizes.length -= 1;
      means[means.length - 1] = m;
      blockWeights[blockWeights.length - 1] = w;
      sizes[sizes.length - 1] = size;
    }
  }
  const fitted: number[] = [];
  for (let b = 0; b < means.length; b++) {
    for (let j = 0; j < sizes[b]; j++) {
      fitted.push(means[b]);
    }
  }
  return fitted;
}

/** The fitted function at x: linear between the fitted points (x ascending), constant beyond the ends. */
export function interpolateClipped(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  if (x <= xs[0]) {
    return ys[0];
  }
  const last = xs.length - 1;
  if (x >= xs[last]) {
    return ys[last];
  }
  let hi = 1;
  while (xs[hi] < x) {
    hi++;
  }
  const lo = hi - 1;
  return ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / (xs[hi] - xs[lo]);
}
