/**
 * A stored baseline feature in the distribution panel's own model, so the Baselines page draws it with the
 * panel's chart (src/panels/distribution) instead of a second chart implementation.
 */
import type { BaselineDocument, BaselineFeature } from '../drift/types';
import type { FeatureDistribution } from '../panels/distribution/model';
import { binRows } from './baselineForms';

export function baselineFeatureDistribution(
  feature: BaselineFeature,
  baseline: Pick<BaselineDocument, 'model' | 'version'>
): FeatureDistribution {
  const labels = binRows(feature).map((row) => row.label);
  if (feature.kind === 'categorical') {
    return {
      feature: feature.name,
      kind: 'categorical',
      model: baseline.model,
      version: baseline.version,
      bins: labels.map((label) => ({ label })),
      baseline: feature.distribution.counts,
      notices: [],
    };
  }
  const bounds = feature.histogram.upperBounds;
  return {
    feature: feature.name,
    kind: 'numeric',
    model: baseline.model,
    version: baseline.version,
    bins: labels.map((label, i) => ({
      label,
      lower: i === 0 ? -Infinity : bounds[i - 1],
      upper: i === bounds.length ? Infinity : bounds[i],
    })),
    baseline: feature.histogram.counts,
    notices: [],
  };
}
