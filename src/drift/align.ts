/**
 * Bringing the two sides of a comparison onto the same support, and accounting for every value that cannot
 * take part: non-finite numbers and missing categories are counted, never silently dropped.
 */
import { DriftInputError } from './errors';
import { sameElements } from './numeric';
import { sortAscending } from './sort';
import type { BinnedCounts, CategoryCounts, DriftNotice } from './types';

/** How many names a notice lists before it says "and N more". */
const NAMES_IN_NOTICE = 10;

/** Label of the bucket that collects categories beyond `maxCategories`. */
export const OTHER_CATEGORY = '(other)';

function listNames(names: Array<string | number>): string {
  const shown = names.slice(0, NAMES_IN_NOTICE).map((name) => (typeof name === 'string' ? JSON.stringify(name) : String(name)));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

export interface CleanNumeric {
  /** Finite values, ascending. */
  sorted: Float64Array;
  /** NaN, +Inf and −Inf found in the input. */
  nonFinite: number;
}

/** Finite values sorted ascending (Float64Array sort is numeric); NaN/±Inf are counted, not kept. */
export function cleanNumericSamples(samples: ArrayLike<number>): CleanNumeric {
  const finite = new Float64Array(samples.length);
  let kept = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    if (Number.isFinite(value)) {
      finite[kept++] = value;
    }
  }
  return { sorted: sortAscending(kept === finite.length ? finite : finite.slice(0, kept)), nonFinite: samples.length - kept };
}

/** Category counts from raw values; empty strings are missing values (an empty cell), counted separately. */
export function countCategorySamples(samples: ArrayLike<string>): { distribution: CategoryCounts; missing: number } {
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    if (value === '' || value === null || value === undefined) {
      missing++;
    } else {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return { distribution: { categories: [...counts.keys()], counts: [...counts.values()] }, missing };
}

/** Index of the first count that is negative or not finite, -1 when all are usable. */
function firstInvalidCount(counts: number[]): number {
  for (let i = 0; i < counts.length; i++) {
    const value = counts[i];
    if (!Number.isFinite(value) || value < 0) {
      return i;
    }
  }
  return -1;
}

function invalidCount(where: string, value: number): DriftInputError {
  return new DriftInputError(`${where}: count ${value} is not a finite non-negative number`);
}

/**
 * Throws for a malformed histogram. `validBounds`: bounds the caller validated already (the baseline's, which
 * live windows share); bounds equal to them are not checked again, as this runs for every window.
 */
export function validateBinnedCounts(binned: BinnedCounts, side: string, validBounds?: readonly number[]): void {
  const { upperBounds, counts } = binned;
  if (counts.length !== upperBounds.length + 1) {
    throw new DriftInputError(
      `${side} histogram: ${counts.length} counts for ${upperBounds.length} upper bounds (expected one more count than bounds, for the +Inf bucket)`
    );
  }
  if (validBounds === undefined || !sameElements(upperBounds, validBounds)) {
    checkBounds(upperBounds, side);
  }
  // No message closure here: this runs for every window, and a closure per call is garbage per window.
  const invalid = firstInvalidCount(counts);
  if (invalid >= 0) {
    throw invalidCount(`${side} histogram bucket ${invalid}`, counts[invalid]);
  }
}

function checkBounds(upperBounds: number[], side: string): void {
  for (let i = 0; i < upperBounds.length; i++) {
    if (!Number.isFinite(upperBounds[i])) {
      throw new DriftInputError(`${side} histogram: upper bound ${upperBounds[i]} at position ${i} is not finite`);
    }
    if (i > 0 && !(upperBounds[i] > upperBounds[i - 1])) {
      throw new DriftInputError(`${side} histogram: upper bounds must increase strictly (${upperBounds[i - 1]} then ${upperBounds[i]})`);
    }
  }
}

/** Counts of sorted finite values in the right-closed buckets (-Inf, b1], (b1, b2], …, (bm, +Inf). */
export function binSortedSamples(sorted: Float64Array, upperBounds: number[]): number[] {
  const counts = new Array<number>(upperBounds.length + 1).fill(0);
  let bucket = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bucket < upperBounds.length && sorted[i] > upperBounds[bucket]) {
      bucket++;
    }
    counts[bucket]++;
  }
  return counts;
}

/** Sums the buckets of `binned` into the coarser buckets delimited by `commonBounds` (a subset of its bounds). */
function coarsen(binned: BinnedCounts, commonBounds: number[]): number[] {
  const out = new Array<number>(commonBounds.length + 1).fill(0);
  let target = 0;
  binned.counts.forEach((count, i) => {
    const upper = i < binned.upperBounds.length ? binned.upperBounds[i] : Infinity;
    while (target < commonBounds.length && upper > commonBounds[target]) {
      target++;
    }
    out[target] += count;
  });
  return out;
}

export interface AlignedBins {
  upperBounds: number[];
  reference: number[];
  current: number[];
  notices: DriftNotice[];
}

/**
 * Two histograms on the edges they share. An edge present on one side only cannot be evaluated on the other,
 * so the buckets around it are merged (coarsening); the notice names the dropped edges. Edges are compared
 * exactly, as Prometheus `le` labels parse to identical doubles. The result may share the inputs' arrays.
 */
export function alignBins(reference: BinnedCounts, current: BinnedCounts): AlignedBins {
  validateBinnedCounts(reference, 'reference');
  validateBinnedCounts(current, 'current');
  return alignValidatedBins(reference, current);
}

/**
 * `alignBins` for histograms that were validated already (the comparison validates each side once). The
 * result may share the inputs' arrays: when the bounds are identical, the usual case of a baseline and a live
 * histogram, there is nothing to merge, so nothing is copied and no set, filter or notice is built.
 */
export function alignValidatedBins(reference: BinnedCounts, current: BinnedCounts): AlignedBins {
  if (sameElements(reference.upperBounds, current.upperBounds)) {
    return { upperBounds: reference.upperBounds, reference: reference.counts, current: current.counts, notices: [] };
  }
  const currentSet = new Set(current.upperBounds);
  const referenceSet = new Set(reference.upperBounds);
  const common = reference.upperBounds.filter((bound) => currentSet.has(bound));
  const droppedReference = reference.upperBounds.filter((bound) => !currentSet.has(bound));
  const droppedCurrent = current.upperBounds.filter((bound) => !referenceSet.has(bound));
  const notices: DriftNotice[] = [];
  if (droppedReference.length > 0 || droppedCurrent.length > 0) {
    if (common.length === 0 && (reference.upperBounds.length > 0 || current.upperBounds.length > 0)) {
      throw new DriftInputError(
        'reference and current histograms share no bucket edge, so they cannot be compared (rebucket one of them onto the other’s edges)'
      );
    }
    const parts = [
      droppedReference.length > 0 ? `reference-only edges dropped: ${listNames(droppedReference)}` : '',
      droppedCurrent.length > 0 ? `current-only edges dropped: ${listNames(droppedCurrent)}` : '',
    ].filter(Boolean);
    notices.push({
      severity: 'warning',
      text: `Bucket edges differ; both histograms merged to their ${common.length} common edges (${parts.join('; ')}).`,
    });
  }
  return {
    upperBounds: common,
    reference: coarsen(reference, common),
    current: coarsen(current, common),
    notices,
  };
}

function validateCategories(distribution: CategoryCounts, side: string): void {
  if (distribution.categories.length !== distribution.counts.length) {
    throw new DriftInputError(
      `${side} categories: ${distribution.categories.length} names but ${distribution.counts.length} counts`
    );
  }
  const invalid = firstInvalidCount(distribution.counts);
  if (invalid >= 0) {
    throw invalidCount(`${side} category ${JSON.stringify(distribution.categories[invalid])}`, distribution.counts[invalid]);
  }
}

/** Counts by name, duplicate names summed. */
function countsByName(distribution: CategoryCounts): Map<string, number> {
  const merged = new Map<string, number>();
  distribution.categories.forEach((name, i) => merged.set(name, (merged.get(name) ?? 0) + distribution.counts[i]));
  return merged;
}

/**
 * A reference distribution checked once for comparisons with many current ones: valid, and whether its names
 * are all different (a set per window would cost more than the comparison).
 */
export interface ValidatedCategories {
  distribution: CategoryCounts;
  distinctNames: boolean;
}

export function validatedCategories(distribution: CategoryCounts, side: string): ValidatedCategories {
  validateCategories(distribution, side);
  return { distribution, distinctNames: new Set(distribution.categories).size === distribution.categories.length };
}

export interface AlignedCategories {
  categories: string[];
  reference: number[];
  current: number[];
  notices: DriftNotice[];
}

export interface CategoryAlignmentOptions {
  /** Keep at most this many categories (>= 2); the rest, by reference frequency, go to `OTHER_CATEGORY`. */
  maxCategories?: number;
}

/**
 * Union of both sides' categories, reference order first, as parallel count arrays; the inputs' own arrays when
 * both list the same distinct names in the same order (the usual case for a baseline and live counts).
 */
function unionOf({ distribution: reference, distinctNames }: ValidatedCategories, current: CategoryCounts): { names: string[]; ref: number[]; cur: number[] } {
  if (distinctNames && sameElements(reference.categories, current.categories)) {
    return { names: reference.categories, ref: reference.counts, cur: current.counts };
  }
  const referenceCounts = countsByName(reference);
  const currentCounts = countsByName(current);
  const names = [...referenceCounts.keys()];
  for (const name of currentCounts.keys()) {
    if (!referenceCounts.has(name)) {
      names.push(name);
    }
  }
  return {
    names,
    ref: names.map((name) => referenceCounts.get(name) ?? 0),
    cur: names.map((name) => currentCounts.get(name) ?? 0),
  };
}

/**
 * Union of the categories of both sides (reference order first, then categories new in the current data),
 * with 0 where a side lacks one; a name listed twice on one side has its counts summed. Categories seen in
 * the current data but never in the reference are named in a notice: they are often the first sign of an
 * upstream change. With `maxCategories`, the most frequent categories of the reference (ties: of the current
 * data, then by name) are kept and the rest summed into `OTHER_CATEGORY` on both sides.
 */
export function alignCategories(
  reference: CategoryCounts,
  current: CategoryCounts,
  options: CategoryAlignmentOptions = {}
): AlignedCategories {
  return alignValidatedCategories(validatedCategories(reference, 'reference'), current, options);
}

/** `alignCategories` for a reference validated once (see `validatedCategories`). */
export function alignValidatedCategories(
  reference: ValidatedCategories,
  current: CategoryCounts,
  options: CategoryAlignmentOptions = {}
): AlignedCategories {
  validateCategories(current, 'current');
  const { names, ref, cur } = unionOf(reference, current);
  const notices: DriftNotice[] = [];
  const unseen = names.filter((_, i) => cur[i] > 0 && !(ref[i] > 0));
  if (unseen.length > 0) {
    notices.push({
      severity: 'warning',
      text: `${unseen.length} categor${unseen.length === 1 ? 'y' : 'ies'} in the current data never seen in the reference: ${listNames(unseen)}.`,
    });
  }
  const { maxCategories } = options;
  if (maxCategories === undefined || names.length <= maxCategories) {
    return { categories: names, reference: ref, current: cur, notices };
  }
  if (!(Number.isInteger(maxCategories) && maxCategories >= 2)) {
    throw new DriftInputError(`maxCategories must be an integer >= 2, got ${maxCategories}`);
  }
  const ranked = names
    .map((_, i) => i)
    .sort((a, b) => ref[b] - ref[a] || cur[b] - cur[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const keep = new Set(ranked.slice(0, maxCategories - 1));
  const kept = names.map((_, i) => i).filter((i) => keep.has(i));
  const fold = (counts: number[]): number[] => {
    let other = 0;
    counts.forEach((count, i) => {
      if (!keep.has(i)) {
        other += count;
      }
    });
    return [...kept.map((i) => counts[i]), other];
  };
  notices.push({
    severity: 'info',
    text: `${names.length - kept.length} least frequent categories merged into ${JSON.stringify(OTHER_CATEGORY)} (limit ${maxCategories}).`,
  });
  return { categories: [...kept.map((i) => names[i]), OTHER_CATEGORY], reference: fold(ref), current: fold(cur), notices };
}

/**
 * Bins for distance methods on raw numeric samples, following Evidently so numbers stay comparable: when the
 * reference has more than 20 distinct values, equal-width bins over the combined range with Sturges' count
 * (numpy `histogram_bin_edges(ref ∪ cur, 'sturges')`; bins [a, b) except the last, closed); otherwise one bin
 * per distinct value of both sides.
 */
export type CommonBins = { kind: 'values'; values: number[]; labels: string[] } | { kind: 'edges'; edges: number[]; labels: string[] };

export function commonBins(reference: Float64Array, current: Float64Array): CommonBins {
  if (countDistinctSorted(reference) <= 20) {
    const values = mergeDistinct(reference, current);
    return { kind: 'values', values, labels: values.map(String) };
  }
  const first = Math.min(reference[0], current[0]);
  const last = Math.max(reference[reference.length - 1], current[current.length - 1]);
  const n = reference.length + current.length;
  const width = (last - first) / (Math.log2(n) + 1);
  const binCount = Math.max(1, Math.ceil((last - first) / width));
  // numpy.linspace: start + i·step, the last edge set to `stop` exactly.
  const step = (last - first) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? last : i * step + first));
  const labels = edges.slice(0, -1).map((edge, i) => `[${edge}, ${edges[i + 1]}${i === binCount - 1 ? ']' : ')'}`);
  return { kind: 'edges', edges, labels };
}

/** Counts of both samples on their `commonBins`. */
export function samplesToCommonBins(reference: Float64Array, current: Float64Array): { reference: number[]; current: number[]; labels: string[] } {
  const bins = commonBins(reference, current);
  if (bins.kind === 'values') {
    return { reference: countAt(reference, bins.values), current: countAt(current, bins.values), labels: bins.labels };
  }
  return { reference: countIn(reference, bins.edges), current: countIn(current, bins.edges), labels: bins.labels };
}

/** Counts of a sorted sample on equal-width bins [a, b), the last closed. */
function countIn(sorted: Float64Array, edges: readonly number[]): number[] {
  const binCount = edges.length - 1;
  const counts = new Array<number>(binCount).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < binCount - 1 && sorted[i] >= edges[bin + 1]) {
      bin++;
    }
    counts[bin]++;
  }
  return counts;
}

export function countDistinctSorted(sorted: Float64Array): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct++;
    }
  }
  return distinct;
}

function mergeDistinct(a: Float64Array, b: Float64Array): number[] {
  const values: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    values.push(next);
    while (i < a.length && a[i] === next) {
      i++;
    }
    while (j < b.length && b[j] === next) {
      j++;
    }
  }
  return values;
}

function countAt(sorted: Float64Array, values: number[]): number[] {
  const counts = new Array<number>(values.length).fill(0);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (values[k] !== sorted[i]) {
      k++;
    }
    counts[k]++;
  }
  return counts;
}
