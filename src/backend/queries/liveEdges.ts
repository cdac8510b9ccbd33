/**
 * The baseline side of a comparison when the live buckets are not the baseline's. A source hands over live
 * counts on the baseline's edges, on the edges both share, or (too few shared: `tooFewSharedEdges`) on the
 * exporter's own edges. In that last case the baseline is re-binned onto the live edges from what it stores
 * (`rebinBaseline`) and the answer says so and how far off it can be; where that would be a guess, the feature
 * gets an error that names both edge lists and the fix. Never a feature silently left out.
 */
import { describeEdges, percent, rebinBaseline, sharedEdgeCount, tooFewSharedEdges } from '../../drift/rebin';
import { sameElements } from '../../drift/numeric';
import type { BaselineFeature, DriftNotice, NumericBaselineFeature } from '../../drift/types';
import type { LiveDistribution } from '../sources/types';
import type { Comparison } from './comparison';

export type ReferenceForLive<F extends BaselineFeature> = { ok: true; feature: F; notices: DriftNotice[] } | { ok: false; reason: string };

/** Above this error at one edge the re-binned comparison is a warning rather than an info notice. */
const INFO_EDGE_ERROR = 0.05;

const FIX =
  'For exact results, build the baseline on the exporter’s edges (`mldrift baseline build --edges-from <Prometheus URL> --edges-metric <histogram>`) or give the exporter the baseline’s bucket edges.';

/** Whether `live` needs the baseline re-binned: numeric, on other edges, and sharing too few to be merged. */
export function needsRebinning(feature: BaselineFeature, live: LiveDistribution): boolean {
  if (feature.kind !== 'numeric' || live.kind !== 'numeric') {
    return false;
  }
  const [reference, current] = [feature.histogram.upperBounds, live.binned.upperBounds];
  return !sameElements(reference, current) && tooFewSharedEdges(reference.length, current.length, sharedEdgeCount(reference, current));
}

/** The baseline feature to compare `live` with (see the module comment). */
export function referenceForLive(feature: BaselineFeature, live: LiveDistribution): ReferenceForLive<BaselineFeature> {
  if (feature.kind !== 'numeric' || live.kind !== 'numeric' || !needsRebinning(feature, live)) {
    return { ok: true, feature, notices: [] };
  }
  return rebinnedReference(feature, live.binned.upperBounds);
}

/** A numeric baseline feature on `liveEdges` when they need it (`needsRebinning`), else the feature itself. */
export function numericReferenceForLive(feature: NumericBaselineFeature, liveEdges: number[]): ReferenceForLive<NumericBaselineFeature> {
  return needsRebinning(feature, { kind: 'numeric', binned: { upperBounds: liveEdges, counts: [] } }) ? rebinnedReference(feature, liveEdges) : { ok: true, feature, notices: [] };
}

function rebinnedReference(feature: NumericBaselineFeature, liveEdges: number[]): ReferenceForLive<NumericBaselineFeature> {
  const edges = describeEdges(liveEdges, feature.histogram.upperBounds);
  const rebinned = rebinBaseline(feature.histogram, feature.summary, liveEdges);
  if (!rebinned.ok) {
    return { ok: false, reason: `the live buckets share too few edges with the baseline's and it cannot be re-binned: ${rebinned.reason}. ${FIX}` };
  }
  const shared = sharedEdgeCount(feature.histogram.upperBounds, liveEdges);
  const size =
    rebinned.maxEdgeError === 0
      ? 'exactly (every live edge is a baseline edge or outside its range)'
      : `approximately: at a live edge the baseline's share below it may be off by up to ${percent(rebinned.maxEdgeError)} (${rebinned.exactEdges} of ${liveEdges.length} live edges exact)`;
  const text =
    `${feature.name}: the live buckets share ${shared} of their edges with the baseline's (${edges}), so the baseline was re-binned onto the live buckets from its histogram, quantiles, minimum and maximum, ${size}; ` +
    `the baseline's data-driven thresholds were made on its own buckets and are not used (method defaults apply). ${FIX}`;
  return {
    ok: true,
    // Thresholds left out on purpose: a spread measured on other buckets does not transfer.
    feature: { ...feature, histogram: rebinned.binned, thresholds: undefined },
    notices: [{ severity: rebinned.maxEdgeError > INFO_EDGE_ERROR ? 'warning' : 'info', text }],
  };
}

type Comparer = (live: LiveDistribution) => Comparison;

/**
 * A comparer that re-bins the baseline where the live edges need it: `comparerFor` is asked once for the
 * baseline itself and once per live edge list that needs re-binning; the re-binning notice joins each result.
 */
export function withLiveEdges(feature: BaselineFeature, comparerFor: (feature: BaselineFeature) => Comparer): Comparer {
  const own = comparerFor(feature);
  const onLiveEdges = new Map<string, Comparer>();
  return (live) => {
    if (live.kind !== 'numeric' || !needsRebinning(feature, live)) {
      return own(live);
    }
    const key = live.binned.upperBounds.join(',');
    let comparer = onLiveEdges.get(key);
    if (!comparer) {
      const reference = referenceForLive(feature, live);
      comparer = reference.ok ? withNotices(comparerFor(reference.feature), reference.notices) : () => reference;
      onLiveEdges.set(key, comparer);
    }
    return comparer(live);
  };
}

function withNotices(comparer: Comparer, notices: DriftNotice[]): Comparer {
  return (live) => {
    const comparison = comparer(live);
    return comparison.ok ? { ...comparison, result: { ...comparison.result, notices: [...notices, ...comparison.result.notices] } } : comparison;
  };
}
