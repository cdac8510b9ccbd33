/**
 * Score bucket edges for a binary classifier's probability score when neither the baseline nor the live
 * histogram gives any (an Elasticsearch score field, a native histogram): twenty buckets of width 0.05 on [0, 1].
 * The ROC AUC bound width and the calibration bins follow from them; a baseline's own edges replace them.
 */
export const DEFAULT_LIVE_SCORE_EDGES: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

/** Just below 0: the bucket (-Inf, NEGATIVE_EDGE] holds exactly the negative scores. */
const NEGATIVE_EDGE = -Number.MIN_VALUE;

/**
 * `upperBounds` with edges added, where missing, that put scores below 0 and above 1 in buckets of their own, so a
 * score that is no probability is seen and refused rather than counted in the end bucket that reaches into [0, 1].
 * For sources that choose their own buckets (Elasticsearch); more edges only make the numbers finer.
 */
export function withProbabilityEdges(upperBounds: readonly number[]): number[] {
  const edges = [...upperBounds];
  if (!(edges[0] <= NEGATIVE_EDGE)) {
    edges.unshift(NEGATIVE_EDGE);
  }
  if (!(edges[edges.length - 1] >= 1)) {
    edges.push(1);
  }
  return edges;
}
