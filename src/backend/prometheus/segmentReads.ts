/**
 * The top segments of a segmented query read together (`queries/segments.ts`): each metric is read once for all of
 * them, selecting `<label>=~"v1|v2|…"` (every value regex-escaped) and summing by the label as well, and that one
 * answer is split by the label once and shared by the segments' reads. So a segmented query costs the same number
 * of queries per metric whatever its `segmentLimit`: one for the top segments, one for `other`.
 */
import type { SegmentFilter } from '../sources/types';
import { equals, oneOf, type LabelMatcher } from './promql';
import type { Labels } from './response';

/** One segment read as part of a set: the set's label, this segment's value and every value of the set. */
export interface SegmentInSet {
  label: string;
  value: string;
  values: readonly string[];
}

/** The set a segment filter is read with, when it names one of at least two values (one value is its own query). */
export function segmentInSet(segment: SegmentFilter | undefined): SegmentInSet | undefined {
  if (!segment || !('value' in segment) || !segment.readWith || segment.readWith.length < 2) {
    return undefined;
  }
  return { label: segment.label, value: segment.value, values: segment.readWith };
}

/**
 * The matcher selecting every segment of the set: an anchored alternation of the escaped values. `""` is an empty
 * alternative, which also selects series without the label, as `<label>=""` does.
 */
export function setMatcher(segment: SegmentInSet): LabelMatcher {
  return oneOf(segment.label, segment.values);
}

/** The matcher selecting this segment alone (what explains an empty answer for it). */
export function ownMatcher(segment: SegmentInSet): LabelMatcher {
  return equals(segment.label, segment.value);
}

/**
 * Series by their value of the label, in one pass. A series without the label is the segment `""`: Prometheus drops
 * an empty label, so a `sum by (<label>)` answers the series that lack it with no such label.
 */
export function splitBySegment<S extends { labels: Labels }>(series: readonly S[], label: string): Map<string, S[]> {
  const out = new Map<string, S[]>();
  for (const s of series) {
    const value = s.labels[label] ?? '';
    const list = out.get(value);
    if (list) {
      list.push(s);
    } else {
      out.set(value, [s]);
    }
  }
  return out;
}
