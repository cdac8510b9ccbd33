import { explainComparison, isTestMethod, normalizedScore, type DriftExplanation } from '../../drift';
import type { CompareOptions, FeatureInput } from '../../drift/types';
import { naturalCompare } from '../shared/frames';
import { DistributionStats, FeatureDistribution } from './model';
import { FeatureOrder } from './types';

/** The engine's input for one side of a binned feature, in its right-closed bucket convention. */
export function binnedInput(feature: FeatureDistribution, counts: number[]): FeatureInput {
  if (feature.kind === 'categorical') {
    return { kind: 'categorical', distribution: { categories: feature.bins.map((bin) => bin.label), counts } };
  }
  // Bins are (lower, upper]; finite outer bounds get empty under- and overflow buckets around them.
  const first = feature.bins[0];
  const last = feature.bins[feature.bins.length - 1];
  const upperBounds = feature.bins.slice(0, -1).map((bin) => bin.upper!);
  const padded = [...counts];
  if (first?.lower !== undefined && Number.isFinite(first.lower)) {
    upperBounds.unshift(first.lower);
    padded.unshift(0);
  }
  if (last?.upper !== undefined && Number.isFinite(last.upper)) {
    upperBounds.push(last.upper);
    padded.push(0);
  }
  return { kind: 'numeric', binned: { upperBounds, counts: padded } };
}

/** The drift engine's statistics and their explanation; a refusal (bad bins…) becomes a sentence, never a wrong number. */
function explainedStats(reference: FeatureInput, current: FeatureInput, options: CompareOptions, name: string): { stats: DistributionStats; explanation: DriftExplanation } | string {
  try {
    const { result, explanation } = explainComparison(reference, current, { ...options, name });
    const stats: DistributionStats = {
      method: result.method,
      statistic: result.statistic,
      statisticUpperBound: result.statisticUpperBound,
      pValue: result.pValue,
      threshold: result.threshold,
      drift: result.drift,
      notices: result.notices,
      computedInBrowser: true,
    };
    return { stats, explanation };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Runs the drift engine; a refusal (too few samples, bad bins…) becomes a sentence, never a wrong number. */
export function computeStats(reference: FeatureInput, current: FeatureInput, options: CompareOptions, name: string): DistributionStats | string {
  const explained = explainedStats(reference, current, options, name);
  return typeof explained === 'string' ? explained : explained.stats;
}

/**
 * Each drawn bin's share of the score from the explanation of `binnedInput`s: categories by name, buckets by
 * position (minus the empty end bucket `binnedInput` adds before a finite lower bound).
 */
function binShares(feature: FeatureDistribution, explanation: DriftExplanation): Array<number | undefined> | undefined {
  const byIndex = new Map<number, number>();
  const byName = new Map<string, number>();
  if (explanation.largestGap) {
    byIndex.set(explanation.largestGap.index, 1);
  }
  for (const c of explanation.contributions ?? []) {
    byIndex.set(c.index, c.share);
    byName.set(c.bin, c.share);
  }
  if (byIndex.size === 0) {
    return undefined;
  }
  if (feature.kind === 'categorical') {
    return feature.bins.map((bin) => byName.get(bin.label));
  }
  const first = feature.bins[0]?.lower;
  const offset = first !== undefined && Number.isFinite(first) ? 1 : 0;
  return feature.bins.map((_, i) => byIndex.get(i + offset));
}

/** Fills in statistics (and each bin's share of the score) the frames did not carry, for features that have both sides. */
export function withBrowserStats(feature: FeatureDistribution, options: CompareOptions): FeatureDistribution {
  if (feature.stats || !feature.baseline || !feature.current) {
    return feature;
  }
  const explained = explainedStats(binnedInput(feature, feature.baseline), binnedInput(feature, feature.current), options, feature.feature);
  if (typeof explained === 'string') {
    return { ...feature, statsError: explained };
  }
  return { ...feature, stats: explained.stats, contributions: binShares(feature, explained.explanation) };
}

/** The bins carrying the largest positive shares of the score, largest first. */
export function topContributorBins(contributions: ReadonlyArray<number | undefined> | undefined, limit: number): number[] {
  if (!contributions) {
    return [];
  }
  return contributions
    .map((share, index) => ({ share: share ?? 0, index }))
    .filter(({ share }) => share > 0)
    .sort((a, b) => b.share - a.share || a.index - b.index)
    .slice(0, limit)
    .map(({ index }) => index);
}

/** How far past its threshold a feature is, comparable across methods (the drift core's normalised score). */
export function driftSeverity(stats?: DistributionStats): number {
  if (!stats || stats.threshold === undefined || (isTestMethod(stats.method) && stats.pValue === undefined)) {
    return Number.NaN;
  }
  return normalizedScore({ statistic: stats.statistic, pValue: stats.pValue, threshold: stats.threshold });
}

/** Drifting features first, then by severity; features without statistics last; ties by name. */
export function sortFeatures(features: FeatureDistribution[], order: FeatureOrder): FeatureDistribution[] {
  const byName = (a: FeatureDistribution, b: FeatureDistribution): number => naturalCompare(a.feature, b.feature);
  if (order === 'name') {
    return [...features].sort(byName);
  }
  const rank = (f: FeatureDistribution): number => (f.stats?.drift ? 0 : f.stats ? 1 : 2);
  return [...features].sort((a, b) => {
    const [sa, sb] = [driftSeverity(a.stats), driftSeverity(b.stats)];
    const bySeverity = Number.isNaN(sa) || Number.isNaN(sb) ? Number(Number.isNaN(sa)) - Number(Number.isNaN(sb)) : sb - sa;
    return rank(a) - rank(b) || bySeverity || byName(a, b);
  });
}
