/**
 * Turns a (reference, current) pair of FeatureInputs into one of three aligned shapes the methods work on:
 * two sorted finite samples, two histograms on the same buckets, or two category count vectors on the same
 * categories. Counts what could not enter (missing, non-finite) and collects notices on the way.
 */
import {
  alignValidatedBins,
  alignValidatedCategories,
  binSortedSamples,
  cleanNumericSamples,
  countCategorySamples,
  validateBinnedCounts,
  validatedCategories,
  type ValidatedCategories,
} from './align';
import { DriftInputError } from './errors';
import { populationStd, sameElements, sumOf } from './numeric';
import type { CategoryCounts, DriftNotice, FeatureInput, MissingCounts, NumericSummary } from './types';

/** What is known of one numeric side besides its counts (for bucket representatives and normalisation). */
export interface SideSummary {
  min?: number;
  max?: number;
  std?: number;
  mean?: number;
  /** A histogram's stored quantiles: they shape the mass inside its buckets for Wasserstein. */
  quantiles?: NumericSummary['quantiles'];
}

export type Prepared =
  | { shape: 'samples'; reference: Float64Array; current: Float64Array }
  | {
      shape: 'bins';
      upperBounds: number[];
      reference: number[];
      current: number[];
      /** Sums of the two count vectors (`sumOf`), taken once for the emptiness check, the sizes and the result. */
      referenceTotal: number;
      currentTotal: number;
      referenceSummary: SideSummary;
      currentSummary: SideSummary;
    }
  | { shape: 'categories'; categories: string[]; reference: number[]; current: number[]; referenceTotal: number; currentTotal: number };

export interface PreparedPair {
  data: Prepared;
  excluded: { reference: MissingCounts; current: MissingCounts };
  notices: DriftNotice[];
}

type NumericSide =
  | { form: 'samples'; sorted: Float64Array; excluded: MissingCounts }
  | { form: 'binned'; upperBounds: number[]; counts: number[]; summary: SideSummary; excluded: MissingCounts };

function checkDeclaredCount(value: number, label: string, side: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DriftInputError(`${side}: ${label} count ${value} is not a finite non-negative number`);
  }
}

/** What a side without declared missing or non-finite values excludes: one shared object, not one per window. */
const NOTHING_EXCLUDED: MissingCounts = Object.freeze({ missing: 0, nonFinite: 0 });

function declaredMissing(input: Partial<MissingCounts>, side: string): MissingCounts {
  if (input.missing === undefined && input.nonFinite === undefined) {
    return NOTHING_EXCLUDED;
  }
  const missing = input.missing ?? 0;
  const nonFinite = input.nonFinite ?? 0;
  checkDeclaredCount(missing, 'missing', side);
  checkDeclaredCount(nonFinite, 'nonFinite', side);
  // Live windows declare their (usually zero) counts: the shared record then, as if nothing was declared.
  return missing === 0 && nonFinite === 0 ? NOTHING_EXCLUDED : { missing, nonFinite };
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/** Shared by every side without a summary (live windows): nothing reads more than its absent fields. */
const NO_SUMMARY: SideSummary = Object.freeze({});

function summaryOf(summary: Partial<NumericSummary> | undefined): SideSummary {
  if (summary === undefined) {
    return NO_SUMMARY;
  }
  return { min: finiteOrUndefined(summary.min), max: finiteOrUndefined(summary.max), std: finiteOrUndefined(summary.std), mean: finiteOrUndefined(summary.mean), quantiles: summary.quantiles };
}

/** `validBounds`: upper bounds validated already (see `validateBinnedCounts`). */
function numericSide(input: FeatureInput, side: string, validBounds?: readonly number[]): NumericSide {
  const declared = declaredMissing(input, side);
  if ('binned' in input) {
    validateBinnedCounts(input.binned, side, validBounds);
    return {
      form: 'binned',
      upperBounds: input.binned.upperBounds,
      counts: input.binned.counts,
      summary: summaryOf(input.summary),
      excluded: declared,
    };
  }
  if (!('samples' in input)) {
    throw new DriftInputError(`${side}: a numeric feature needs samples or a histogram`);
  }
  const clean = cleanNumericSamples(input.samples as ArrayLike<number>);
  return {
    form: 'samples',
    sorted: clean.sorted,
    excluded: { missing: declared.missing, nonFinite: declared.nonFinite + clean.nonFinite },
  };
}

function samplesSummary(sorted: Float64Array): SideSummary {
  return { min: sorted[0], max: sorted[sorted.length - 1], std: populationStd(sorted), mean: sumOf(sorted) / sorted.length };
}

function categoricalSide(input: FeatureInput, side: string): { distribution: CategoryCounts; excluded: MissingCounts } {
  const declared = declaredMissing(input, side);
  if ('distribution' in input) {
    return { distribution: input.distribution, excluded: declared };
  }
  if (!('samples' in input)) {
    throw new DriftInputError(`${side}: a categorical feature needs samples or category counts`);
  }
  const counted = countCategorySamples(input.samples as ArrayLike<string>);
  return { distribution: counted.distribution, excluded: { missing: declared.missing + counted.missing, nonFinite: declared.nonFinite } };
}

function exclusionNotice(side: string, { missing, nonFinite }: MissingCounts): DriftNotice {
  const parts = [missing > 0 ? `${missing} missing` : '', nonFinite > 0 ? `${nonFinite} non-finite (NaN/±Inf)` : ''];
  return {
    severity: 'info',
    text: `${side}: ${parts.filter(Boolean).join(' and ')} value(s) excluded from the statistic and reported separately.`,
  };
}

function excludesAny({ missing, nonFinite }: MissingCounts): boolean {
  return missing > 0 || nonFinite > 0;
}

function exclusionNotices(excluded: { reference: MissingCounts; current: MissingCounts }): DriftNotice[] {
  const notices: DriftNotice[] = [];
  if (excludesAny(excluded.reference)) {
    notices.push(exclusionNotice('reference', excluded.reference));
  }
  if (excludesAny(excluded.current)) {
    notices.push(exclusionNotice('current', excluded.current));
  }
  return notices;
}

function checkNotEmpty(size: number, side: string): void {
  if (!(size > 0)) {
    throw new DriftInputError(`${side} has no usable values (after excluding missing and non-finite ones)`);
  }
}

function nonEmptyTotal(total: number, side: string): number {
  checkNotEmpty(total, side);
  return total;
}

/**
 * The reference side of comparisons, checked (and, for raw values, cleaned and sorted or counted) once, so
 * that comparing it with many current windows repeats none of that work. Numeric sides also carry their
 * total and summary, which every comparison needs.
 */
export type ReferenceSide = (
  | { kind: 'categorical'; categories: ValidatedCategories; excluded: MissingCounts; total: number }
  | { kind: 'numeric'; side: NumericSide; total: number; summary: () => SideSummary }
) & {
  /** The exclusions of a pair whose current side excludes nothing (live windows): made once, shared by their results. */
  cleanCurrent: { reference: MissingCounts; current: MissingCounts };
};

/** Computes on first call only (a raw-value reference's std is needed only against a histogram). */
function once<T>(compute: () => T): () => T {
  let value: { computed: T } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}

export function prepareReferenceSide(reference: FeatureInput): ReferenceSide {
  if (reference.kind === 'categorical') {
    const { distribution, excluded } = categoricalSide(reference, 'reference');
    return {
      kind: 'categorical',
      categories: validatedCategories(distribution, 'reference'),
      excluded,
      total: sumOf(distribution.counts),
      cleanCurrent: { reference: excluded, current: NOTHING_EXCLUDED },
    };
  }
  const side = numericSide(reference, 'reference');
  const cleanCurrent = { reference: side.excluded, current: NOTHING_EXCLUDED };
  return side.form === 'samples'
    ? { kind: 'numeric', side, total: side.sorted.length, summary: once(() => samplesSummary(side.sorted)), cleanCurrent }
    : { kind: 'numeric', side, total: sumOf(side.counts), summary: () => side.summary, cleanCurrent };
}

export function checkSameKind(reference: FeatureInput['kind'], current: FeatureInput['kind']): void {
  if (reference !== current) {
    throw new DriftInputError(`cannot compare a ${reference} reference with a ${current} current feature`);
  }
}

export function preparePair(reference: FeatureInput, current: FeatureInput, maxCategories?: number): PreparedPair {
  checkSameKind(reference.kind, current.kind);
  return pairWithReference(prepareReferenceSide(reference), current, maxCategories);
}

/** Counts the prepared reference holds as its own, so alignment that leaves them untouched can be recognised. */
export function referenceOwnCounts(reference: ReferenceSide): number[] | undefined {
  if (reference.kind === 'categorical') {
    return reference.categories.distribution.counts;
  }
  return reference.side.form === 'binned' ? reference.side.counts : undefined;
}

/** Sum of the reference's aligned counts, taken from the prepared reference when they are its own. */
function referenceTotalOf(counts: number[], reference: ReferenceSide): number {
  return counts === referenceOwnCounts(reference) ? reference.total : sumOf(counts);
}

function exclusionsOf(reference: ReferenceSide, current: MissingCounts): { reference: MissingCounts; current: MissingCounts } {
  return current === NOTHING_EXCLUDED ? reference.cleanCurrent : { reference: reference.cleanCurrent.reference, current };
}

export function pairWithReference(reference: ReferenceSide, current: FeatureInput, maxCategories?: number): PreparedPair {
  checkSameKind(reference.kind, current.kind);
  if (reference.kind === 'categorical') {
    const cur = categoricalSide(current, 'current');
    const aligned = alignValidatedCategories(reference.categories, cur.distribution, { maxCategories });
    const data: Prepared = {
      shape: 'categories',
      categories: aligned.categories,
      reference: aligned.reference,
      current: aligned.current,
      referenceTotal: nonEmptyTotal(referenceTotalOf(aligned.reference, reference), 'reference'),
      currentTotal: nonEmptyTotal(sumOf(aligned.current), 'current'),
    };
    const excluded = exclusionsOf(reference, cur.excluded);
    const notices = exclusionNotices(excluded);
    notices.push(...aligned.notices);
    return { data, excluded, notices };
  }
  const ref = reference.side;
  const cur = numericSide(current, 'current', ref.form === 'binned' ? ref.upperBounds : undefined);
  const excluded = exclusionsOf(reference, cur.excluded);
  const notices = exclusionNotices(excluded);
  if (ref.form === 'samples' && cur.form === 'samples') {
    checkNotEmpty(ref.sorted.length, 'reference');
    checkNotEmpty(cur.sorted.length, 'current');
    return { data: { shape: 'samples', reference: ref.sorted, current: cur.sorted }, excluded, notices };
  }
  // At least one histogram: raw values are counted into the other side's buckets (no loss beyond its bucketing),
  // two histograms are merged to their common edges.
  let upperBounds: number[];
  let referenceCounts: number[];
  let currentCounts: number[];
  if (ref.form === 'binned' && cur.form === 'binned' && sameElements(ref.upperBounds, cur.upperBounds)) {
    // The usual case of a baseline and a live window: nothing to align, and no alignment result to allocate.
    ({ upperBounds, counts: referenceCounts } = ref);
    currentCounts = cur.counts;
  } else if (ref.form === 'binned' && cur.form === 'binned') {
    // Both sides were validated by `numericSide`.
    const aligned = alignValidatedBins(ref, cur);
    notices.push(...aligned.notices);
    ({ upperBounds, reference: referenceCounts, current: currentCounts } = aligned);
  } else if (ref.form === 'binned' && cur.form === 'samples') {
    upperBounds = ref.upperBounds;
    referenceCounts = ref.counts;
    currentCounts = binSortedSamples(cur.sorted, upperBounds);
    notices.push({ severity: 'info', text: 'current values counted into the reference histogram’s buckets.' });
  } else if (ref.form === 'samples' && cur.form === 'binned') {
    upperBounds = cur.upperBounds;
    referenceCounts = binSortedSamples(ref.sorted, upperBounds);
    currentCounts = cur.counts;
    notices.push({ severity: 'info', text: 'reference values counted into the current histogram’s buckets.' });
  } else {
    throw new DriftInputError('unreachable numeric input combination');
  }
  return {
    data: {
      shape: 'bins',
      upperBounds,
      reference: referenceCounts,
      current: currentCounts,
      referenceTotal: nonEmptyTotal(referenceTotalOf(referenceCounts, reference), 'reference'),
      currentTotal: nonEmptyTotal(sumOf(currentCounts), 'current'),
      referenceSummary: reference.summary(),
      currentSummary: cur.form === 'samples' ? samplesSummary(cur.sorted) : cur.summary,
    },
    excluded,
    notices,
  };
}

/** Facts for the automatic method choice, from prepared data (distinct numeric values counted up to 6). */
export function choiceFacts(data: Prepared): { referenceSize: number; distinctValues: number; binned: boolean } {
  switch (data.shape) {
    case 'samples': {
      return {
        referenceSize: data.reference.length,
        distinctValues: countDistinctUnion(data.reference, data.current),
        binned: false,
      };
    }
    case 'bins':
      return { referenceSize: data.referenceTotal, distinctValues: Infinity, binned: true };
    case 'categories':
      return {
        referenceSize: data.referenceTotal,
        distinctValues: data.categories.filter((_, i) => data.reference[i] + data.current[i] > 0).length,
        binned: false,
      };
  }
}

function countDistinctUnion(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    distinct++;
    while (i < a.length && a[i] === next) {
      i++;
    }
    while (j < b.length && b[j] === next) {
      j++;
    }
    // Only "<= 5" versus "more" matters for the choice; stop counting early on long samples.
    if (distinct > 5) {
      return distinct;
    }
  }
  return distinct;
}
