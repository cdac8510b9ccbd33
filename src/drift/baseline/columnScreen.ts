/**
 * Columns that drift by construction and so are left out of drift comparisons unless asked for:
 * - identifier-like: (nearly) every value is distinct, as in row ids, keys and free text. Each value is then its
 *   own category seen once, new data brings only unseen ones, and the verdict depends on how the reference was
 *   stored (every category from raw data, the most frequent ones and "other" from a baseline), not on the data;
 * - date/time: ISO 8601 dates and timestamps. New data always has later dates, so it always "drifts".
 *
 * The rules read counts a single streaming pass can keep (the builder's pass 1, or a stored baseline), so that
 * every entry point (the CLI's builds and comparisons, the backend's build endpoint) can apply the same ones.
 * Pure: no Node APIs.
 */
import type { BaselineFeature } from '../types';
import { OTHER_CATEGORY } from './limits';

/** Fewer values than this say nothing about uniqueness (five distinct cities in five rows are not ids). */
export const MIN_VALUES_FOR_IDENTIFIER = 20;
/** Share of distinct values from which a column counts as identifier-like. */
export const IDENTIFIER_DISTINCT_SHARE = 0.95;
/** Share of a text column's distinct values that must be ISO 8601 dates or date-times. */
export const DATE_TIME_SHARE = 0.9;
/**
 * A whole-number column is identifier-like only when its distinct values also fill their range densely (span at
 * most this many times the count), as row numbers and sequence ids do; whole-number features (amounts, counts,
 * epoch times) spread over a much wider range, or repeat.
 */
export const MAX_IDENTIFIER_SPAN_PER_VALUE = 2;

export interface ColumnFacts {
  kind: 'numeric' | 'categorical';
  /** Distinct values among the first `sampled` non-missing values (all of them, unless the count stopped early). */
  distinct: number;
  sampled: number;
  /** Text columns: distinct values checked for being ISO 8601 dates or date-times, and how many were. */
  datesChecked: number;
  dates: number;
  /** Numeric columns: whether every finite value is a whole number, and their range and count. */
  integers?: boolean;
  min?: number;
  max?: number;
  n?: number;
}

export type UnsuitableKind = 'identifier' | 'datetime';

export interface Unsuitable {
  kind: UnsuitableKind;
  /** What was seen, for a notice: `date/time values (ISO 8601: 365 of 365 distinct values)`. */
  reason: string;
}

/** Why a column should be left out of drift comparisons, or undefined when it is fit for them. */
export function unsuitableColumn(facts: ColumnFacts): Unsuitable | undefined {
  if (facts.kind === 'categorical' && facts.datesChecked > 0 && facts.dates >= DATE_TIME_SHARE * facts.datesChecked) {
    return { kind: 'datetime', reason: `date/time values (ISO 8601: ${facts.dates} of ${facts.datesChecked} distinct values)` };
  }
  if (facts.sampled < MIN_VALUES_FOR_IDENTIFIER || facts.distinct < IDENTIFIER_DISTINCT_SHARE * facts.sampled) {
    return undefined;
  }
  const distinctText = `${facts.distinct} distinct in ${facts.sampled} values`;
  if (facts.kind === 'categorical') {
    return { kind: 'identifier', reason: `identifier-like (${distinctText})` };
  }
  const { integers, min, max, n } = facts;
  if (integers === true && min !== undefined && max !== undefined && n !== undefined && max - min + 1 <= MAX_IDENTIFIER_SPAN_PER_VALUE * n) {
    return { kind: 'identifier', reason: `identifier-like (whole numbers from ${min} to ${max}, ${distinctText})` };
  }
  return undefined;
}

/**
 * ISO 8601 calendar date, optionally with a time (`T` or a space, hours and minutes, optional seconds and
 * fraction) and a zone (`Z` or an offset). Other spellings (01/02/2024, compact 20240102) are not taken as
 * dates: they are ambiguous or look like numbers.
 */
const ISO_DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/i;

export function isIsoDateTime(text: string): boolean {
  // Cheap check first: most texts are not dates, and the regular expression is the slower test.
  return text.length >= 10 && text.charCodeAt(4) === 45 /* - */ && ISO_DATE_TIME.test(text);
}

/**
 * Facts of a stored feature (a baseline built before these rules, or one that kept such a column). A stored
 * categorical distribution keeps the most frequent categories: when the most frequent was seen once, every value
 * was distinct. Numeric histograms do not say whether values were whole or distinct: they are never flagged.
 */
export function storedFeatureFacts(feature: BaselineFeature): ColumnFacts | undefined {
  if (feature.kind !== 'categorical') {
    return undefined;
  }
  const { categories, counts } = feature.distribution;
  const named = categories.filter((category) => category !== OTHER_CATEGORY);
  const mostFrequent = Math.max(0, ...counts.filter((_, i) => categories[i] !== OTHER_CATEGORY));
  return {
    kind: 'categorical',
    distinct: mostFrequent <= 1 ? feature.n : named.length,
    sampled: feature.n,
    datesChecked: named.length,
    dates: named.filter(isIsoDateTime).length,
  };
}
