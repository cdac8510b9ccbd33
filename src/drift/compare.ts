/**
 * The single entry point: one feature, reference against current, one method, one verdict.
 */
import { samplesToCommonBins } from './align';
import { binnedWasserstein, type BinnedWasserstein } from './binnedWasserstein';
import { chi2Homogeneity } from './chi2';
import { DISTANCES, distanceFromReference, type DistanceMethod } from './divergences';
import { DriftInputError } from './errors';
import { bucketLabel, explainPrepared, type DriftExplanation } from './explain';
import { ksBinned, ksTwoSample } from './ks';
import { DEFAULT_THRESHOLDS, WASSERSTEIN_DEFAULT_STD_FRACTION, chooseMethodFromFacts, isDrift } from './methods';
import { populationStd, sumOf } from './numeric';
import {
  checkSameKind,
  choiceFacts,
  pairWithReference,
  preparePair,
  prepareReferenceSide,
  referenceOwnCounts,
  type Prepared,
  type PreparedPair,
  type ReferenceSide,
} from './prepare';
import type { CompareOptions, DriftMethod, DriftNotice, DriftResult, FeatureInput } from './types';
import { wassersteinSorted } from './wasserstein';
import { twoProportionZTest } from './ztest';

export interface CompareRequest extends CompareOptions {
  /** Feature name reported in the result. */
  name?: string;
  /** Thresholds stored with the baseline (data-driven), used when `threshold` is not given. */
  referenceThresholds?: Partial<Record<DriftMethod, number>>;
}

/** Evidently's floor for the reference standard deviation in wasserstein_norm. */
const MIN_NORMALISING_STD = 0.001;

interface MethodOutcome {
  statistic: number;
  pValue?: number;
  pValueMethod?: string;
  statisticUpperBound?: number;
  /** Copied into the result, never changed. */
  notices: readonly DriftNotice[];
  /** The reference's standard deviation, where the method's default threshold is in data units (raw Wasserstein). */
  referenceStd?: number;
}

/** The notices of an outcome without any: one shared array rather than a new one per window. */
const NO_NOTICES: readonly DriftNotice[] = Object.freeze([]);

/** The automatic method for a pair of inputs (rule in `chooseMethodFromFacts`). */
export function chooseMethod(reference: FeatureInput, current: FeatureInput): DriftMethod {
  const { data } = preparePair(reference, current);
  return chooseMethodFromFacts({ kind: reference.kind, ...choiceFacts(data) });
}

interface CountVectors {
  reference: number[];
  current: number[];
  /** Bin/category names, or the bucket bounds they are built from only when read (by notices and the z test). */
  names: string[] | { upperBounds: number[] };
  notices: DriftNotice[];
}

function nameOf(counts: CountVectors, i: number): string {
  return Array.isArray(counts.names) ? counts.names[i] : bucketLabel(counts.names.upperBounds, i);
}

/** Count vectors over a common support, whatever the shape (raw numeric samples are binned as Evidently does). */
function countsOf(data: Prepared): CountVectors {
  switch (data.shape) {
    case 'categories':
      return { reference: data.reference, current: data.current, names: data.categories, notices: [] };
    case 'bins':
      return { reference: data.reference, current: data.current, names: { upperBounds: data.upperBounds }, notices: [] };
    case 'samples': {
      const binned = samplesToCommonBins(data.reference, data.current);
      return {
        reference: binned.reference,
        current: binned.current,
        names: binned.labels,
        notices: [
          {
            severity: 'info',
            text: `raw values binned for this method into ${binned.labels.length} bins (one per distinct value when the reference has <= 20, else Sturges equal-width bins over the combined range).`,
          },
        ],
      };
    }
  }
}

/** Four significant digits: enough to read a bound, short enough for a notice. */
function significant(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** How a histogram Wasserstein was obtained: its bounds, and open buckets whose mass had to sit at their edge. */
function binnedWassersteinNotices(upperBounds: number[], w: BinnedWasserstein): DriftNotice[] {
  const range = Number.isFinite(w.upper)
    ? `between ${significant(w.lower)} and ${significant(w.upper)}`
    : `at least ${significant(w.lower)} (no upper bound: an open end bucket holds values beyond any known minimum or maximum)`;
  const notices: DriftNotice[] = [
    {
      severity: 'info',
      text: `Wasserstein computed from histograms: within buckets the mass follows the baseline's quantiles (linear between them, open buckets up to the known minimum / maximum); whatever the values inside the buckets, W1 is ${range}.`,
    },
  ];
  for (const tail of w.unboundedTails) {
    const edge = tail.bucket === 0 ? upperBounds[0] : upperBounds[upperBounds.length - 1];
    notices.push({
      severity: 'warning',
      text: `${tail.side}: ${tail.count} value(s) in the open bucket ${bucketLabel(upperBounds, tail.bucket)} placed at its edge ${edge} (no ${tail.bucket === 0 ? 'minimum' : 'maximum or mean'} known); Wasserstein is underestimated for them.`,
    });
  }
  return notices;
}

function wassersteinOf(data: Prepared, needStd: boolean): { distance: number; referenceStd?: number; notices: DriftNotice[] } {
  if (data.shape === 'samples') {
    const distance = wassersteinSorted(data.reference, data.current);
    return { distance, referenceStd: needStd ? populationStd(data.reference) : undefined, notices: [] };
  }
  if (data.shape === 'categories') {
    throw new DriftInputError('wasserstein needs numeric data; use js, psi or chi2 for categories');
  }
  if (data.upperBounds.length === 0) {
    throw new DriftInputError('wasserstein on histograms needs at least one finite bucket edge');
  }
  const w = binnedWasserstein(
    data.upperBounds,
    { counts: data.reference, total: data.referenceTotal, ...data.referenceSummary },
    { counts: data.current, total: data.currentTotal, ...data.currentSummary }
  );
  const notices = binnedWassersteinNotices(data.upperBounds, w);
  let referenceStd = data.referenceSummary.std;
  if (needStd && referenceStd === undefined) {
    referenceStd = w.referenceStd;
    notices.push({ severity: 'warning', text: 'reference standard deviation estimated from the histogram (none stored with it).' });
  }
  return { distance: w.distance, referenceStd, notices };
}

function zTestOf(data: Prepared): MethodOutcome {
  if (data.shape === 'bins') {
    throw new DriftInputError('z needs a binary feature; use chi2 or psi on histograms');
  }
  const counts = countsOf(data);
  const present = counts.reference
    .map((ref, i) => ({ label: nameOf(counts, i), ref, cur: counts.current[i] }))
    .filter((entry) => entry.ref + entry.cur > 0)
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (present.length > 2) {
    throw new DriftInputError(`z needs a binary feature (at most 2 distinct values), got ${present.length}; use chi2`);
  }
  const n1 = sumOf(counts.reference);
  const n2 = sumOf(counts.current);
  // The second value in sorted order counts as "1", as Evidently encodes binary features.
  const positive = present.length === 2 ? present[1] : { ref: 0, cur: 0 };
  const result = twoProportionZTest(positive.ref, n1, positive.cur, n2);
  return { statistic: result.statistic, pValue: result.pValue, pValueMethod: 'normal', notices: [] };
}

/**
 * The reference's vector for a distance (probabilities, filled as the method needs), made once per method
 * from the reference's own counts and reused while alignment leaves those counts as they are. A plain object of a
 * closure, not a class instance: it is used for every window, and V8 discards code compiled for a class's
 * instances once the last of them is garbage (after a full collection).
 */
interface ReferenceVectors {
  /** Holds the current side's vector during one comparison, so windows after the first allocate none. */
  readonly scratch: Float64Array | undefined;
  of(method: DistanceMethod, counts: number[]): Float64Array;
}

function referenceVectorsOf(ownCounts: readonly number[] | undefined): ReferenceVectors {
  const vectors = new Map<DistanceMethod, Float64Array>();
  return {
    scratch: ownCounts && new Float64Array(ownCounts.length),
    of: (method, counts) => {
      if (counts !== ownCounts) {
        return DISTANCES[method].side(counts, 'reference');
      }
      let vector = vectors.get(method);
      if (!vector) {
        vector = DISTANCES[method].side(counts, 'reference');
        vectors.set(method, vector);
      }
      return vector;
    },
  };
}

/** `thresholdGiven`: raw Wasserstein then needs no reference standard deviation for its default threshold. */
function runMethod(method: DriftMethod, data: Prepared, referenceVectors: ReferenceVectors, thresholdGiven: boolean): MethodOutcome {
  switch (method) {
    case 'ks': {
      if (data.shape === 'samples') {
        const result = ksTwoSample(data.reference, data.current);
        return { statistic: result.statistic, pValue: result.pValue, pValueMethod: result.pValueMethod, notices: [] };
      }
      if (data.shape === 'categories') {
        throw new DriftInputError('ks needs numeric data; use chi2 or js for categories');
      }
      const result = ksBinned(data.reference, data.current);
      return {
        statistic: result.statistic,
        statisticUpperBound: result.statisticUpperBound,
        pValue: result.pValue,
        pValueMethod: result.pValueMethod,
        notices: [
          {
            severity: 'info',
            text: `KS from histograms: D = ${result.statistic} at the ${data.upperBounds.length} shared bucket edges is a lower bound (the samples' D is at most ${result.statisticUpperBound}); the p-value is the lower bound's, with n = ${result.n1} and ${result.n2} (rounded counts), conservative because of the ties binning creates.`,
          },
        ],
      };
    }
    case 'chi2': {
      const counts = countsOf(data);
      const result = chi2Homogeneity(counts.reference, counts.current);
      const notices = [...counts.notices];
      if (result.droppedEmpty.length > 0) {
        notices.push({
          severity: 'info',
          text: `${result.droppedEmpty.length} bin(s)/categor(ies) empty on both sides left out of chi2 (no expected count): ${result.droppedEmpty
            .slice(0, 10)
            .map((i) => nameOf(counts, i))
            .join(', ')}.`,
        });
      }
      if (result.yates) {
        notices.push({ severity: 'info', text: 'chi2 with dof = 1: Yates continuity correction applied.' });
      }
      return { statistic: result.statistic, pValue: result.pValue, pValueMethod: `chi2(dof=${result.dof})`, notices };
    }
    case 'z':
      return zTestOf(data);
    case 'psi':
    case 'kl':
    case 'js':
    case 'hellinger':
    case 'linf': {
      if (data.shape === 'samples') {
        const counts = countsOf(data);
        const statistic = distanceFromReference(method, referenceVectors.of(method, counts.reference), counts.current, referenceVectors.scratch);
        return { statistic, notices: counts.notices };
      }
      // Histograms and categories are count vectors already, with their totals.
      const referenceVector = referenceVectors.of(method, data.reference);
      return { statistic: distanceFromReference(method, referenceVector, data.current, referenceVectors.scratch, data.currentTotal), notices: NO_NOTICES };
    }
    case 'wasserstein': {
      const w = wassersteinOf(data, !thresholdGiven);
      return { statistic: w.distance, notices: w.notices, referenceStd: w.referenceStd };
    }
    case 'wasserstein_norm': {
      const w = wassersteinOf(data, true);
      const std = w.referenceStd as number;
      return { statistic: w.distance / Math.max(std, MIN_NORMALISING_STD), notices: w.notices };
    }
  }
}

/** A reference prepared once for comparisons with many current distributions (e.g. one per time window). */
export interface PreparedReference {
  /** Same result as `compareDistributions(reference, current, options)` with the options given to `prepareReference`. */
  compare(current: FeatureInput): DriftResult;
  /** `compare`, and where the score comes from (`explain.ts`); costs a second pass over the bins. */
  explain(current: FeatureInput): { result: DriftResult; explanation: DriftExplanation };
}

/**
 * Prepares `reference` for comparisons: validation, cleaning, its total and summary, and (on first use) the
 * probability vector each distance reads are done once instead of per comparison. A reference that cannot be
 * used makes every `compare` throw its `DriftInputError`, after the same kind check `compareDistributions`
 * makes first, so both report the same error for the same input. The reference's arrays must not be modified
 * while it is in use.
 */
export function prepareReference(reference: FeatureInput, options: CompareRequest = {}): PreparedReference {
  let side: ReferenceSide | undefined;
  let failure: DriftInputError | undefined;
  try {
    side = prepareReferenceSide(reference);
  } catch (error) {
    if (!(error instanceof DriftInputError)) {
      throw error;
    }
    failure = error;
  }
  const vectors = referenceVectorsOf(side && referenceOwnCounts(side));
  const pairWith = (current: FeatureInput): PreparedPair => {
    checkSameKind(reference.kind, current.kind);
    if (side === undefined) {
      throw failure;
    }
    return pairWithReference(side, current, options.maxCategories);
  };
  return {
    compare(current: FeatureInput): DriftResult {
      return compareWith(reference, pairWith(current), options, vectors);
    },
    explain(current: FeatureInput) {
      const pair = pairWith(current);
      const result = compareWith(reference, pair, options, vectors);
      return { result, explanation: explainPrepared(result.method, pair.data, result.statistic) };
    },
  };
}

/** `compareDistributions` with the explanation of its score (`explain.ts`). */
export function explainComparison(reference: FeatureInput, current: FeatureInput, options: CompareRequest = {}): { result: DriftResult; explanation: DriftExplanation } {
  return prepareReference(reference, options).explain(current);
}

/**
 * Compares one feature. Method: `options.method`, else `chooseMethod`'s rule. Threshold: `options.threshold`,
 * else `referenceThresholds[method]` (data-driven, from the baseline), else the method's default (`defaultThreshold`).
 * Throws `DriftInputError` on input that cannot give a correct number (mismatched kinds, no data, a method
 * that does not apply to the data, malformed histograms). To compare one reference with many current
 * distributions, `prepareReference` does the reference's share of the work once.
 */
export function compareDistributions(reference: FeatureInput, current: FeatureInput, options: CompareRequest = {}): DriftResult {
  return prepareReference(reference, options).compare(current);
}

/**
 * The threshold when neither the caller nor the baseline gives one. Raw Wasserstein is in the data's units, so a
 * fixed number cannot suit every feature (0.1 m/s and 0.1 miles): its default is a tenth of the reference's
 * standard deviation, which gives the same verdicts as `wasserstein_norm` with its default 0.1.
 */
function defaultThreshold(method: DriftMethod, outcome: MethodOutcome, notices: DriftNotice[]): number {
  if (method !== 'wasserstein') {
    return DEFAULT_THRESHOLDS[method];
  }
  const std = Math.max(outcome.referenceStd as number, MIN_NORMALISING_STD);
  const threshold = WASSERSTEIN_DEFAULT_STD_FRACTION * std;
  notices.push({
    severity: 'info',
    text: `wasserstein threshold ${significant(threshold)} (data units): ${WASSERSTEIN_DEFAULT_STD_FRACTION} × the reference's standard deviation ${significant(std)}; give a threshold to set your own.`,
  });
  return threshold;
}

function compareWith(reference: FeatureInput, prepared: PreparedPair, options: CompareRequest, referenceVectors: ReferenceVectors): DriftResult {
  const { data } = prepared;
  const method = options.method ?? chooseMethodFromFacts({ kind: reference.kind, ...choiceFacts(data) });
  // The pair was made for this comparison alone, so its notices array can become the result's.
  const notices = prepared.notices;
  if (options.method === undefined) {
    notices.push({ severity: 'info', text: `method ${method} chosen automatically (feature kind and reference size).` });
  }
  const given = options.threshold ?? options.referenceThresholds?.[method];
  if (given !== undefined && !Number.isFinite(given)) {
    throw new DriftInputError(`threshold for ${method} must be a finite number, got ${given}`);
  }
  const outcome = runMethod(method, data, referenceVectors, given !== undefined);
  const threshold = given ?? defaultThreshold(method, outcome, notices);
  if (!Number.isFinite(outcome.statistic) || (outcome.pValue !== undefined && !Number.isFinite(outcome.pValue))) {
    throw new DriftInputError(`${method} gave a non-finite result for this input (statistic ${outcome.statistic})`);
  }
  notices.push(...outcome.notices);
  const result: DriftResult = {
    feature: options.name ?? '',
    method,
    statistic: outcome.statistic,
    threshold,
    drift: isDrift(method, outcome.statistic, outcome.pValue, threshold),
    referenceCount: data.shape === 'samples' ? data.reference.length : data.referenceTotal,
    currentCount: data.shape === 'samples' ? data.current.length : data.currentTotal,
    notices,
    excluded: prepared.excluded,
  };
  if (outcome.pValue !== undefined) {
    result.pValue = outcome.pValue;
    result.pValueMethod = outcome.pValueMethod;
  }
  if (outcome.statisticUpperBound !== undefined) {
    result.statisticUpperBound = outcome.statisticUpperBound;
  }
  return result;
}
