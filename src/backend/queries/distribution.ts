/**
 * `distribution` query: for each requested feature, the baseline and the live distribution over the whole
 * dashboard range, bin by bin (or category by category), as counts and ratios, with the drift statistic in
 * `meta.custom`. Frame layout: `DISTRIBUTION_FIELDS` / `DistributionFrameCustom` in the frame contract.
 * Numeric bins are the ones both sides share (the live histogram may be coarser than the baseline's).
 * With `segmentBy` and `segment`: one segment's observations, against its own baseline distributions if kept.
 */
import { alignBins, alignCategories } from '../../drift/align';
import { DriftInputError } from '../../drift/errors';
import { bucketLabel, sharesByBin, topContributors } from '../../drift/explain';
import type { BaselineDocument, BaselineFeature, DriftNotice } from '../../drift/types';
import { DISTRIBUTION_FIELDS, type DistributionFrameCustom } from '../../shared/frameContract';
import { field, type Frame, type FrameField } from '../frames';
import type { FeatureTotals } from '../sources/types';
import { baselineFeatureFrame, bucketLabels } from './baselineQuery';
import { compare, inputComparer, liveInput, valuedCount } from './comparison';
import { referenceFeature, referenceOf, referenceTotals } from './liveReference';
import { numericReferenceForLive } from './liveEdges';
import { attachSourceInfo, NoticeCollector } from './liveFrames';
import { type SourceFactory } from './liveWindows';
import { checkMethod, featureSpec, modelOf, requireBaseline, selectFeatures } from './namedBaseline';
import { withPrediction } from './predictionFeature';
import { selectedSegment, selectedSegmentReference } from './segments';
import type { QueryContext, QueryHandler, QueryResult } from './types';

/** Contributors named in `meta.custom`, as in the drift query's explanation. */
const TOP_CONTRIBUTORS = 3;

function ratios(counts: number[]): Array<number | null> {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : null));
}

/**
 * Each row's share of the score, by the name the comparison gave its bin; absent when the comparison was not
 * split (no statistic, z) or names none of the rows.
 */
function contributionField(shares: Map<string, number> | undefined, keys: string[]): FrameField[] {
  if (!shares || !keys.some((key) => shares.has(key))) {
    return [];
  }
  return [field(DISTRIBUTION_FIELDS.contribution, 'number', keys.map((key) => shares.get(key) ?? null))];
}

function distributionFields(feature: BaselineFeature, totals: FeatureTotals, shares: Map<string, number> | undefined): FrameField[] {
  if (feature.kind === 'numeric' && totals.counts.kind === 'numeric') {
    // Live buckets too unlike the baseline's to be merged: the baseline's bars re-binned, as the statistic is.
    const reference = numericReferenceForLive(feature, totals.counts.binned.upperBounds);
    if (!reference.ok) {
      throw new DriftInputError(reference.reason);
    }
    const aligned = alignBins(reference.feature.histogram, totals.counts.binned);
    const { labels, lower, upper } = bucketLabels(aligned.upperBounds);
    return [
      field(DISTRIBUTION_FIELDS.bin, 'string', labels),
      field(DISTRIBUTION_FIELDS.lower, 'number', lower),
      field(DISTRIBUTION_FIELDS.upper, 'number', upper),
      field(DISTRIBUTION_FIELDS.baselineCount, 'number', aligned.reference),
      field(DISTRIBUTION_FIELDS.currentCount, 'number', aligned.current),
      field(DISTRIBUTION_FIELDS.baselineRatio, 'number', ratios(aligned.reference)),
      field(DISTRIBUTION_FIELDS.currentRatio, 'number', ratios(aligned.current)),
      ...contributionField(
        shares,
        labels.map((_, i) => bucketLabel(aligned.upperBounds, i))
      ),
    ];
  }
  if (feature.kind === 'categorical' && totals.counts.kind === 'categorical') {
    const aligned = alignCategories(feature.distribution, totals.counts.distribution);
    return [
      field(DISTRIBUTION_FIELDS.bin, 'string', aligned.categories),
      field(DISTRIBUTION_FIELDS.baselineCount, 'number', aligned.reference),
      field(DISTRIBUTION_FIELDS.currentCount, 'number', aligned.current),
      field(DISTRIBUTION_FIELDS.baselineRatio, 'number', ratios(aligned.reference)),
      field(DISTRIBUTION_FIELDS.currentRatio, 'number', ratios(aligned.current)),
      ...contributionField(shares, aligned.categories),
    ];
  }
  throw new DriftInputError(`live counts of kind ${totals.counts.kind} for a ${feature.kind} baseline feature`);
}

/** A live reference's side of one feature: its counts as a baseline feature (for the bars) and as a comparison input. */
type ReferenceSide = NonNullable<ReturnType<typeof referenceFeature>> & { label: string };

function distributionFrame(context: QueryContext, baseline: BaselineDocument, feature: BaselineFeature, totals: FeatureTotals, reference?: ReferenceSide): Frame {
  const notices = new NoticeCollector();
  notices.add(totals.notices);
  const custom: DistributionFrameCustom = {
    feature: feature.name,
    kind: feature.kind,
    model: baseline.model,
    version: baseline.version,
    ...(reference ? { reference: reference.label } : {}),
  };
  let shares: Map<string, number> | undefined;
  if (valuedCount(totals.counts) > 0) {
    const method = checkMethod(context.query);
    const comparison = reference ? inputComparer(reference.input, feature.name, method, true)(liveInput(totals.counts)) : compare(feature, totals.counts, method, true);
    if (comparison.ok) {
      const r = comparison.result;
      const top = comparison.explanation && topContributors(comparison.explanation, TOP_CONTRIBUTORS);
      shares = comparison.explanation && sharesByBin(comparison.explanation);
      Object.assign(custom, {
        method: r.method,
        statistic: r.statistic,
        threshold: r.threshold,
        drift: r.drift,
        ...(r.pValue !== undefined ? { pValue: r.pValue } : {}),
        ...(r.statisticUpperBound !== undefined ? { statisticUpperBound: r.statisticUpperBound } : {}),
        ...(top && top.length > 0 ? { topContributors: top } : {}),
      });
      notices.add(r.notices);
    } else {
      notices.add([{ severity: 'warning', text: `${feature.name}: ${comparison.reason}` }]);
    }
  } else {
    notices.add([{ severity: 'info', text: `${feature.name}: no live observations in the range` }]);
  }
  const quality: DriftNotice[] = [];
  if (totals.counts.missing > 0 || totals.counts.nonFinite > 0) {
    quality.push({ severity: 'info', text: `${feature.name}: ${totals.counts.missing} missing and ${totals.counts.nonFinite} non-finite live values are not in the bins` });
  }
  notices.add(quality);
  const all = notices.notices;
  if (all.length > 0) {
    custom.notices = all;
  }
  let fields: FrameField[];
  try {
    fields = distributionFields(feature, totals, shares);
  } catch (error) {
    if (!(error instanceof DriftInputError)) {
      throw error;
    }
    // Bins that cannot be lined up: show the baseline alone and say why.
    const alone = baselineFeatureFrame(baseline, feature);
    const warning: DriftNotice = { severity: 'warning', text: `${feature.name}: ${error.message}` };
    return { ...alone, meta: { ...alone.meta, notices: [...(alone.meta?.notices ?? []), warning] } };
  }
  return {
    name: feature.name,
    meta: { custom: { ...custom }, ...(all.length > 0 ? { notices: all } : {}) },
    fields,
  };
}

export function distributionQuery(sourceFor: SourceFactory): QueryHandler {
  return async (context: QueryContext): Promise<QueryResult> => {
    const selected = selectedSegment(context.query);
    const baseline = await requireBaseline(context);
    const segment = selected && selectedSegmentReference(baseline, selected);
    const { features, roles, notices } = withPrediction(baseline, selectFeatures(baseline, context.query.features), context.query);
    const source = sourceFor(context);
    const specs = features.map((f, i) => featureSpec(f, roles[i]));
    const spec = referenceOf(context.query);
    const [totals, referenced] = await Promise.all([
      source.featureTotals(modelOf(baseline, selected?.filter), specs, context.timeRange, { signal: context.signal }),
      spec && referenceTotals(context, source, baseline, specs, spec, context.timeRange, selected?.filter),
    ]);
    const frames = features.map((feature, i) => {
      if (!spec || !referenced) {
        return distributionFrame(context, baseline, segment?.segment.baselineFeature(feature) ?? feature, totals.data[i]);
      }
      const side = referenceFeature(feature, referenced.data[i]?.counts);
      const warning: DriftNotice = { severity: 'warning', text: `${feature.name}: no reference data (${spec.label}) in the range` };
      return side
        ? distributionFrame(context, baseline, side.feature, totals.data[i], { ...side, label: spec.label })
        : { name: feature.name, meta: { notices: [warning] }, fields: [] };
    });
    const referenceNotices = referenced ? [...referenced.notices, ...referenced.data.flatMap((t) => t.notices)] : [];
    const queries = [totals.executedQuery, referenced?.executedQuery].filter((q): q is string => !!q).join('\n');
    return { frames: attachSourceInfo(frames, [...notices, ...(segment?.notices ?? []), ...totals.notices, ...referenceNotices], queries || undefined) };
  };
}
