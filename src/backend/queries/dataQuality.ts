/**
 * `dataQuality` query: per feature and window, the share of observations that were missing, the share that
 * were not finite (NaN, ±Inf), and the share of valued observations outside the baseline: outside its
 * observed range for numeric features (whole buckets only, so a lower bound), in categories it never saw for
 * categorical ones. Series are labelled model/version/feature; a window without observations has no point.
 * With `segmentBy` and `segment`: one segment's observations (series labelled `segment` too), against its own
 * baseline distributions if kept.
 */
import type { BaselineFeature } from '../../drift/types';
import { DRIFT_LABELS, DRIFT_WINDOW_CUSTOM_KEY } from '../../shared/frameContract';
import type { WindowCounts } from '../sources/types';
import { valuedCount } from './comparison';
import { attachSourceInfo, SeriesSet } from './liveFrames';
import { isInstant, liveFeatureWindows, type SourceFactory } from './liveWindows';
import { featureSpec, requireBaseline, selectFeatures } from './namedBaseline';
import { selectedSegment, selectedSegmentReference } from './segments';
import type { QueryContext, QueryHandler, QueryResult } from './types';

export const DATA_QUALITY_FIELDS = {
  missingRate: 'missing_rate',
  nonFiniteRate: 'non_finite_rate',
  outOfBaselineRate: 'out_of_baseline_rate',
} as const;

/** Valued observations the baseline does not cover; undefined when it cannot be told. */
function outsideBaseline(feature: BaselineFeature, counts: WindowCounts): number | undefined {
  if (counts.kind === 'numeric') {
    return counts.belowRange === undefined || counts.aboveRange === undefined ? undefined : counts.belowRange + counts.aboveRange;
  }
  if (feature.kind !== 'categorical') {
    return undefined;
  }
  const known = new Set(feature.distribution.categories.filter((_, i) => feature.distribution.counts[i] > 0));
  return counts.distribution.categories.reduce((sum, category, i) => sum + (known.has(category) ? 0 : counts.distribution.counts[i]), 0) + counts.unlisted;
}

export function dataQualityQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const selected = selectedSegment(context.query);
    const baseline = await requireBaseline(context);
    const segment = selected && selectedSegmentReference(baseline, selected);
    // A segment's own baseline has the shared edges and categories, and its own observed range and categories seen.
    const features = selectFeatures(baseline, context.query.features).map((f) => segment?.segment.baselineFeature(f) ?? f);
    const source = sourceFor(context);
    const specs = features.map((f) => featureSpec(f));
    const { series: live, notices: sourceNotices, executedQuery, windowMs } = await liveFeatureWindows(context, source, baseline, specs, selected?.filter);
    const notices = [...(segment?.notices ?? []), ...sourceNotices, ...live.flatMap((s) => s.notices)];
    const set = new SeriesSet();
    const config = { unit: 'percentunit', custom: { [DRIFT_WINDOW_CUSTOM_KEY]: windowMs } };
    const segmentLabel: Record<string, string> = selected ? { [DRIFT_LABELS.segment]: selected.name } : {};
    features.forEach((feature, index) => {
      const labels = { [DRIFT_LABELS.model]: baseline.model, [DRIFT_LABELS.version]: baseline.version, [DRIFT_LABELS.feature]: feature.name, ...segmentLabel };
      const { times, windows, observations } = live[index];
      windows.forEach((counts, i) => {
        const total = observations[i];
        if (!(total > 0)) {
          return;
        }
        set.add(DATA_QUALITY_FIELDS.missingRate, labels, times[i], counts.missing / total, config);
        set.add(DATA_QUALITY_FIELDS.nonFiniteRate, labels, times[i], counts.nonFinite / total, config);
        const valued = valuedCount(counts);
        const outside = outsideBaseline(feature, counts);
        if (valued > 0 && outside !== undefined) {
          set.add(DATA_QUALITY_FIELDS.outOfBaselineRate, labels, times[i], outside / valued, config);
        }
      });
    });
    return { frames: attachSourceInfo(set.frames(isInstant(context)), notices, executedQuery) };
  };
}
