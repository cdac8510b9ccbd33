import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';

import { lastFiniteValue } from '../shared/frames';
import { tText } from '../shared/i18n';
import { FeatureDistribution } from './model';

const BUCKET_LABEL = 'le';

export function isPrometheusHistogramFrame(frame: DataFrame): boolean {
  return frame.fields.some((field) => field.type === FieldType.number && field.labels?.[BUCKET_LABEL] !== undefined);
}

/** Parses a Prometheus `le` label: a float or "+Inf". */
export function parseBucketBound(le: string): number {
  return le === '+Inf' || le === 'Inf' ? Infinity : Number.parseFloat(le);
}

export interface Buckets {
  /** Finite upper bounds, ascending (the engine's BinnedCounts convention). */
  upperBounds: number[];
  /** upperBounds.length + 1 counts, the last one the (b_m, +Inf) bucket. */
  counts: number[];
  /** Buckets whose cumulative count fell (a counter reset inside the range), set to 0. */
  negativeBuckets: number;
}

/**
 * De-cumulates `le` buckets: Prometheus stores counts of observations ≤ le, so each bucket's own count is
 * the difference with the previous bound. Missing +Inf leaves an empty overflow bucket.
 */
export function decumulate(points: Array<{ le: number; cumulative: number }>): Buckets {
  const sorted = [...points].sort((a, b) => a.le - b.le);
  const upperBounds = sorted.filter((p) => Number.isFinite(p.le)).map((p) => p.le);
  const cumulative = upperBounds.map((le) => sorted.find((p) => p.le === le)!.cumulative);
  const total = sorted.find((p) => p.le === Infinity)?.cumulative ?? cumulative[cumulative.length - 1] ?? 0;
  let negativeBuckets = 0;
  const counts = [...cumulative, total].map((value, i, all) => {
    const count = i === 0 ? value : value - all[i - 1];
    if (count < 0) {
      negativeBuckets++;
      return 0;
    }
    return count;
  });
  return { upperBounds, counts, negativeBuckets };
}

interface Group {
  feature: string;
  labels: Record<string, string>;
  reference: Array<{ le: number; cumulative: number }>;
  current: Array<{ le: number; cumulative: number }>;
  linkField?: Field;
}

function featureOf(field: Field, frame: DataFrame): string {
  const labels = field.labels ?? {};
  if (labels.feature) {
    return labels.feature;
  }
  if (labels.__name__) {
    return labels.__name__.replace(/_bucket$/, '');
  }
  return getFieldDisplayName(field, frame).replace(/\{?\s*le="[^"]*",?\s*\}?/, '').trim() || 'histogram';
}

/** Labels that identify a histogram besides its bucket and its feature name, as `name="value"` pairs. */
function otherLabels(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .filter((key) => key !== BUCKET_LABEL && key !== '__name__' && key !== 'feature')
    .sort()
    .map((key) => `${key}="${labels[key]}"`);
}

function groupKey(feature: string, labels: Record<string, string>): string {
  return [feature, ...otherLabels(labels)].join('\u0000');
}

function bucketsToFeature(group: Group, notices: string[]): FeatureDistribution {
  const reference = group.reference.length > 0 ? decumulate(group.reference) : undefined;
  const current = group.current.length > 0 ? decumulate(group.current) : undefined;
  // Both sides are drawn on the union of their bounds; the engine aligns them the same way for statistics.
  const bounds = [...new Set([...(reference?.upperBounds ?? []), ...(current?.upperBounds ?? [])])].sort((a, b) => a - b);
  const onBounds = (buckets?: Buckets): number[] | undefined => {
    if (!buckets) {
      return undefined;
    }
    const out = new Array<number>(bounds.length + 1).fill(0);
    buckets.upperBounds.forEach((b, i) => (out[bounds.indexOf(b)] += buckets.counts[i]));
    out[bounds.length] += buckets.counts[buckets.counts.length - 1];
    return out;
  };
  const resets = (reference?.negativeBuckets ?? 0) + (current?.negativeBuckets ?? 0);
  if (resets > 0) {
    notices.push(
      tText('distribution.notice.counter-reset', '{{feature}}: {{count}} bucket(s) decreased (counter reset?) and were set to 0', {
        feature: group.feature,
        count: resets,
      })
    );
  }
  return {
    feature: group.feature,
    kind: 'numeric',
    model: group.labels.model,
    version: group.labels.version,
    bins: [...bounds, Infinity].map((upper, i) => ({
      lower: i === 0 ? -Infinity : bounds[i - 1],
      upper,
      label: i === 0 ? `≤ ${upper}` : upper === Infinity ? `> ${bounds[i - 1]}` : `(${bounds[i - 1]}, ${upper}]`,
    })),
    baseline: onBounds(reference),
    current: onBounds(current),
    notices: [],
    linkField: group.linkField,
    fields: { edges: group.linkField },
  };
}

/**
 * Prometheus classic histograms (`_bucket` series labelled `le`, cumulative): each series' last value is
 * the count up to its bound. Series from the reference query form the baseline, all others the current side.
 */
export function readPrometheusHistograms(frames: DataFrame[], referenceQuery: string): { features: FeatureDistribution[]; notices: string[] } {
  const groups = new Map<string, Group>();
  for (const frame of frames) {
    const isReference = frame.refId === referenceQuery;
    for (const field of frame.fields) {
      const le = field.labels?.[BUCKET_LABEL];
      if (field.type !== FieldType.number || le === undefined) {
        continue;
      }
      const value = lastFiniteValue(field);
      if (value === undefined) {
        continue;
      }
      const feature = featureOf(field, frame);
      const key = groupKey(feature, field.labels!);
      const group: Group = groups.get(key) ?? { feature, labels: { ...field.labels! }, reference: [], current: [] };
      groups.set(key, group);
      (isReference ? group.reference : group.current).push({ le: parseBucketBound(le), cumulative: value });
      group.linkField = group.linkField ?? field;
    }
  }
  const notices: string[] = [];
  const all = [...groups.values()];
  // Histograms of one metric that differ by other labels (instance, job…) are told apart by those labels.
  const sharing = (feature: string): number => all.filter((group) => group.feature === feature).length;
  const named = all.map((group) =>
    sharing(group.feature) > 1 ? { ...group, feature: `${group.feature}{${otherLabels(group.labels).join(', ')}}` } : group
  );
  const features = named.map((group) => bucketsToFeature(group, notices));
  return { features, notices };
}
