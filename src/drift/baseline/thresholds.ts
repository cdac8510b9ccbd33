/**
 * Data-driven thresholds stored with a baseline (NannyML's approach, computed by the engine's
 * `referenceChunkThresholds`): the reference rows are split into K contiguous chunks, every chunk is scored
 * against the whole reference, and each distance method's threshold is mean + 3·std of the chunk scores.
 * Thresholds are stored for every distance method that applies to the feature's kind, so whichever method a
 * comparison uses (the automatic one for large references is psi for numeric, js for categorical) finds one;
 * tests (ks, chi2, z) keep their p-value threshold. They suit current windows of about rows/K observations.
 * A feature with an empty chunk (fewer rows than chunks, or a column missing in a whole stretch) gets none,
 * with a note: a spread from fewer chunks than asked would understate chance variation.
 */
import type { BaselinePlan } from './profiler';
import type { FeatureWithChunks } from './binner';
import { DriftInputError } from '../errors';
import { referenceChunkThresholds } from '../thresholds';
import type { FeatureInput } from '../types';

export function attachThresholds(built: readonly FeatureWithChunks[], plan: BaselinePlan): FeatureWithChunks[] {
  return built.map((item) => {
    if (item.chunks.some(isEmptyChunk)) {
      plan.notes.push(`column "${item.feature.name}": no data-driven thresholds (a reference chunk has no values)`);
      return item;
    }
    const whole: FeatureInput =
      item.feature.kind === 'numeric'
        ? { kind: 'numeric', binned: item.feature.histogram, summary: item.feature.summary }
        : { kind: 'categorical', distribution: item.feature.distribution };
    try {
      const thresholds = referenceChunkThresholds(whole, item.chunks);
      return { ...item, feature: { ...item.feature, thresholds } };
    } catch (error) {
      if (error instanceof DriftInputError) {
        plan.notes.push(`column "${item.feature.name}": no data-driven thresholds (${error.message})`);
        return item;
      }
      throw error;
    }
  });
}

function isEmptyChunk(chunk: FeatureInput): boolean {
  const counts = 'binned' in chunk ? chunk.binned.counts : 'distribution' in chunk ? chunk.distribution.counts : [];
  return counts.every((count) => count === 0);
}
