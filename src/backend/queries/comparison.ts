/**
 * Drift comparisons of live windows with a baseline feature: the two sides as the drift core takes them, and a
 * comparer that prepares the baseline side once and turns bad input into a reason instead of an error.
 */
import { prepareReference } from '../../drift/compare';
import { DriftInputError } from '../../drift/errors';
import type { DriftExplanation } from '../../drift/explain';
import type { BaselineFeature, DriftMethod, DriftResult, FeatureInput } from '../../drift/types';
import { sumOf } from '../../drift/numeric';
import type { DriftQuery } from '../../shared/queryModel';
import type { LiveDistribution, WindowCounts } from '../sources/types';
import { withLiveEdges } from './liveEdges';

/** The baseline side of a comparison: its histogram (with the summary) or its category counts. */
export function baselineInput(feature: BaselineFeature): FeatureInput {
  return feature.kind === 'numeric'
    ? { kind: 'numeric', binned: feature.histogram, summary: feature.summary }
    : { kind: 'categorical', distribution: feature.distribution };
}

/** The live side of a comparison (missing values are counted separately, not compared). */
export function liveInput(counts: WindowCounts): LiveDistribution {
  return counts.kind === 'numeric' ? { kind: 'numeric', binned: counts.binned } : { kind: 'categorical', distribution: counts.distribution };
}

/** Observations with a value: the sum of a window's (or a distribution's) counts. */
export function valuedCount(counts: WindowCounts | LiveDistribution): number {
  return sumOf(counts.kind === 'numeric' ? counts.binned.counts : counts.distribution.counts);
}

/** `explanation` only from a comparer asked to explain. */
export type Comparison = { ok: true; result: DriftResult; explanation?: DriftExplanation } | { ok: false; reason: string };

/**
 * Drift comparisons of live distributions (`liveInput` of a window, or a row's `distributionAt`) with one baseline
 * feature; bad input becomes a reason instead of failing every other feature and step. The baseline side is
 * prepared once for all the windows, and once per live edge list it must be re-binned onto (`liveEdges.ts`).
 */
export function featureComparer(feature: BaselineFeature, method: DriftQuery['method'], explain = false): (live: LiveDistribution) => Comparison {
  return withLiveEdges(feature, (f) => preparedComparer(f, method, explain));
}

function preparedComparer(feature: BaselineFeature, method: DriftQuery['method'], explain: boolean): (live: LiveDistribution) => Comparison {
  return inputComparer(baselineInput(feature), feature.name, method, explain, feature.thresholds);
}

/** Comparisons with any reference side (a baseline feature's, or live counts: `liveReference.ts`), prepared once. */
export function inputComparer(
  input: FeatureInput,
  name: string,
  method: DriftQuery['method'],
  explain: boolean,
  thresholds?: Partial<Record<DriftMethod, number>>
): (live: LiveDistribution) => Comparison {
  const reference = prepareReference(input, { method, name, referenceThresholds: thresholds });
  return (live) => {
    try {
      return explain ? { ok: true, ...reference.explain(live) } : { ok: true, result: reference.compare(live) };
    } catch (error) {
      if (error instanceof DriftInputError) {
        return { ok: false, reason: error.message };
      }
      throw error;
    }
  };
}

/** One drift comparison (see `featureComparer` for many windows of one feature). */
export function compare(feature: BaselineFeature, counts: WindowCounts, method: DriftQuery['method'], explain = false): Comparison {
  return featureComparer(feature, method, explain)(liveInput(counts));
}
