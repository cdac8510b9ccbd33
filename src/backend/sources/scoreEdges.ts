/**
 * Score bucket edges for a binary classifier's probability score when neither the baseline nor the live
 * histogram gives any (an Elasticsearch score field, a native histogram): twenty buckets of width 0.05 on [0, 1].
 * The ROC AUC bound width and the calibration bins follow from them; a baseline's own edges replace them.
 */
export const DEFAULT_SCORE_EDGES: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);
