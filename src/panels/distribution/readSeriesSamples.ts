import { DataFrame, Field, FieldType } from '@grafana/data';

import { binSortedSamples, cleanNumericSamples, countCategorySamples } from '../../drift';
import type { FeatureInput } from '../../drift/types';
import { naturalCompare } from '../shared/frames';
import { tText } from '../shared/i18n';
import { FeatureDistribution } from './model';

/** Raw values of one feature on both sides, kept so the statistic is computed on samples, not on display bins. */
export interface SampledFeature {
  distribution: FeatureDistribution;
  reference?: FeatureInput;
  current?: FeatureInput;
}

const MIN_DISPLAY_BINS = 5;
const MAX_DISPLAY_BINS = 40;

function fieldKey(field: Field): string {
  return field.config.displayName ?? field.name;
}

/** Equal-width display bins over both sides' range (only for drawing; statistics use the samples). */
export function displayUpperBounds(min: number, max: number, smallerSide: number): number[] {
  if (!(max > min)) {
    return [];
  }
  const bins = Math.min(MAX_DISPLAY_BINS, Math.max(MIN_DISPLAY_BINS, Math.ceil(Math.sqrt(smallerSide))));
  const width = (max - min) / bins;
  return Array.from({ length: bins - 1 }, (_, k) => min + (k + 1) * width);
}

function numericFeature(name: string, reference?: Field, current?: Field): SampledFeature {
  const ref = reference ? cleanNumericSamples(reference.values as ArrayLike<number>) : undefined;
  const cur = current ? cleanNumericSamples(current.values as ArrayLike<number>) : undefined;
  const sides = [ref, cur].filter((side) => side !== undefined && side.sorted.length > 0);
  const min = Math.min(...sides.map((side) => side!.sorted[0]));
  const max = Math.max(...sides.map((side) => side!.sorted[side!.sorted.length - 1]));
  const bounds = sides.length > 0 ? displayUpperBounds(min, max, Math.min(...sides.map((side) => side!.sorted.length))) : [];
  const edges = [min, ...bounds, max];
  const format = (value: number): string => Number(value.toPrecision(3)).toString();
  const notices: string[] = [];
  const nonFinite = (ref?.nonFinite ?? 0) + (cur?.nonFinite ?? 0);
  if (nonFinite > 0) {
    notices.push(tText('distribution.notice.non-finite', '{{count}} empty or non-finite value(s) left out', { count: nonFinite }));
  }
  return {
    distribution: {
      feature: name,
      kind: 'numeric',
      bins: edges.slice(1).map((upper, i) => ({ lower: edges[i], upper, label: `(${format(edges[i])}, ${format(upper)}]` })),
      baseline: ref && binSortedSamples(ref.sorted, bounds),
      current: cur && binSortedSamples(cur.sorted, bounds),
      notices,
      fields: { edges: current ?? reference, baseline: reference, current },
    },
    reference: ref && { kind: 'numeric', samples: ref.sorted },
    current: cur && { kind: 'numeric', samples: cur.sorted },
  };
}

function categoricalFeature(name: string, reference?: Field, current?: Field): SampledFeature {
  const asStrings = (field: Field): string[] => Array.from(field.values, (value) => (value === null || value === undefined ? '' : String(value)));
  const ref = reference ? countCategorySamples(asStrings(reference)) : undefined;
  const cur = current ? countCategorySamples(asStrings(current)) : undefined;
  const countOf = (side: typeof ref, category: string): number =>
    side ? (side.distribution.counts[side.distribution.categories.indexOf(category)] ?? 0) : 0;
  const categories = [...new Set([...(ref?.distribution.categories ?? []), ...(cur?.distribution.categories ?? [])])].sort(
    (a, b) => countOf(ref, b) - countOf(ref, a) || countOf(cur, b) - countOf(cur, a) || naturalCompare(a, b)
  );
  const missing = (ref?.missing ?? 0) + (cur?.missing ?? 0);
  return {
    distribution: {
      feature: name,
      kind: 'categorical',
      bins: categories.map((label) => ({ label })),
      baseline: ref && categories.map((category) => countOf(ref, category)),
      current: cur && categories.map((category) => countOf(cur, category)),
      notices: missing > 0 ? [tText('distribution.notice.empty-values', '{{count}} empty value(s) left out', { count: missing })] : [],
      fields: { baseline: reference, current },
    },
    reference: reference && { kind: 'categorical', samples: asStrings(reference) },
    current: current && { kind: 'categorical', samples: asStrings(current) },
  };
}

/**
 * Two series from any datasource: every number or text field of the reference query (by refId) is paired
 * with the field of the same name from the other queries; each row is one observation.
 */
export function readSeriesSamples(frames: DataFrame[], referenceQuery: string): SampledFeature[] {
  const reference = new Map<string, Field>();
  const current = new Map<string, Field>();
  for (const frame of frames) {
    const side = frame.refId === referenceQuery ? reference : current;
    for (const field of frame.fields) {
      if (field.type === FieldType.number || field.type === FieldType.string) {
        side.set(fieldKey(field), field);
      }
    }
  }
  const names = [...new Set([...reference.keys(), ...current.keys()])];
  return names.map((name) => {
    const ref = reference.get(name);
    const cur = current.get(name);
    return (ref ?? cur)!.type === FieldType.number ? numericFeature(name, ref, cur) : categoricalFeature(name, ref, cur);
  });
}
