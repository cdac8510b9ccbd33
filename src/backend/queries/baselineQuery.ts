/**
 * `baseline` query: the stored reference distributions as frames, one per feature, so the distribution
 * panel can show a baseline with no live source. Frame layout: `src/shared/frameContract.ts`.
 */
import type { BaselineDocument, BaselineFeature, DriftNotice } from '../../drift/types';
import { DISTRIBUTION_FIELDS, DistributionFrameCustom } from '../../shared/frameContract';
import { Frame, FrameField, field } from '../frames';
import { requireBaseline, selectFeatures } from './namedBaseline';
import type { QueryContext, QueryResult } from './types';

export async function baselineQuery(context: QueryContext): Promise<QueryResult> {
  const baseline = await requireBaseline(context);
  return { frames: selectFeatures(baseline, context.query.features).map((feature) => cachedFrame(baseline, feature)) };
}

/**
 * The store hands out the same document object until the file changes, so frames are built once per
 * stored version; returning the same Frame objects also lets the dispatcher reuse their Arrow encoding.
 */
const framesByBaseline = new WeakMap<BaselineDocument, Map<BaselineFeature, Frame>>();

function cachedFrame(baseline: BaselineDocument, feature: BaselineFeature): Frame {
  let frames = framesByBaseline.get(baseline);
  if (!frames) {
    frames = new Map();
    framesByBaseline.set(baseline, frames);
  }
  let frame = frames.get(feature);
  if (!frame) {
    frame = baselineFeatureFrame(baseline, feature);
    frames.set(feature, frame);
  }
  return frame;
}

/** Right-closed bucket labels, as in Prometheus: (-Inf, b1], (b1, b2], …, (bm, +Inf). */
export function bucketLabels(upperBounds: number[]): { labels: string[]; lower: number[]; upper: number[] } {
  const lower = [Number.NEGATIVE_INFINITY, ...upperBounds];
  const upper = [...upperBounds, Number.POSITIVE_INFINITY];
  const text = (n: number) => (n === Number.NEGATIVE_INFINITY ? '-Inf' : n === Number.POSITIVE_INFINITY ? '+Inf' : String(n));
  const labels = lower.map((lo, i) => `(${text(lo)}, ${text(upper[i])}${i === upperBounds.length ? ')' : ']'}`);
  return { labels, lower, upper };
}

function ratios(counts: number[]): Array<number | null> {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : null));
}

function missingNotices(feature: BaselineFeature): DriftNotice[] {
  const notices: DriftNotice[] = [];
  if (feature.missing > 0) {
    notices.push({ severity: 'info', text: `${feature.missing} missing values in the baseline are not in the bins` });
  }
  if (feature.nonFinite > 0) {
    notices.push({ severity: 'info', text: `${feature.nonFinite} non-finite values in the baseline are not in the bins` });
  }
  return notices;
}

export function baselineFeatureFrame(baseline: BaselineDocument, feature: BaselineFeature): Frame {
  const custom: DistributionFrameCustom = {
    feature: feature.name,
    kind: feature.kind,
    model: baseline.model,
    version: baseline.version,
  };
  let fields: FrameField[];
  if (feature.kind === 'numeric') {
    const { counts, upperBounds } = feature.histogram;
    const { labels, lower, upper } = bucketLabels(upperBounds);
    fields = [
      field(DISTRIBUTION_FIELDS.bin, 'string', labels),
      field(DISTRIBUTION_FIELDS.lower, 'number', lower),
      field(DISTRIBUTION_FIELDS.upper, 'number', upper),
      field(DISTRIBUTION_FIELDS.baselineCount, 'number', counts),
      field(DISTRIBUTION_FIELDS.baselineRatio, 'number', ratios(counts)),
    ];
  } else {
    const { categories, counts } = feature.distribution;
    fields = [
      field(DISTRIBUTION_FIELDS.bin, 'string', categories),
      field(DISTRIBUTION_FIELDS.baselineCount, 'number', counts),
      field(DISTRIBUTION_FIELDS.baselineRatio, 'number', ratios(counts)),
    ];
  }
  const notices = missingNotices(feature);
  return {
    name: feature.name,
    meta: { custom: { ...custom }, ...(notices.length > 0 ? { notices } : {}) },
    fields,
  };
}
