/**
 * Where a comparison's score comes from: each bin's (or category's) part of it, computed on the very vectors the
 * score is computed on, so the parts add up to the score.
 *
 * - psi, kl: the per-bin terms of the sum, after the score's own empty-bin fill (`fillEmptyBins`: a zero
 *   probability becomes 1e-4, or the smallest non-zero / 1e6; kl also renormalises after the fill). A bin empty
 *   on one side therefore has a finite term, the one the score added. kl terms p·ln(p/q) are negative where the
 *   current side has more mass than the reference; they still sum to the score.
 * - chi2: each column's Σ (|O − E| − Yates)² / E over both rows; columns empty on both sides were dropped by the
 *   test and contribute 0.
 * - js, hellinger: the squared distance is the sum of per-bin terms (JS divergence in bits; Σ (√p − √q)² / 2),
 *   the distance is not. The distance is split in proportion to those terms: contribution_i = score · t_i / Σ t,
 *   so the contributions sum to the score and each bin's share is its share of the divergence.
 * - wasserstein, wasserstein_norm on histograms: ∫ |F − G| dx over each bucket with the CDFs `binnedWasserstein`
 *   models (open buckets up to the modelled ends), the cost of moving mass across the bucket; scaled to the
 *   score (for wasserstein_norm, divided by the same standard deviation). On raw values, ∫ |F − G| of the two
 *   empirical CDFs over the bins the other methods use on raw values (equal-width bins over the combined range, or
 *   one per distinct value, the stretch after a value going to it).
 * - ks: no sum; where the largest gap between the two CDFs sits (the bucket edge, or the value for raw samples)
 *   and both CDFs there. linf: the bin with the largest |p − q| and both probabilities.
 * - z: a single proportion, nothing to split.
 */
import { commonBins, samplesToCommonBins } from './align';
import { binnedWassersteinByBucket } from './binnedWasserstein';
import { chi2ColumnTerm } from './chi2';
import { DISTANCES, toProbabilities } from './divergences';
import { ksBinned, ksGapSorted } from './ks';
import { sumOf } from './numeric';
import type { Prepared } from './prepare';
import type { DriftMethod } from './types';
import { forEachEcdfGap } from './wasserstein';

export interface BinContribution {
  /** The bin as the comparison names it: `(80, 120]`, a category, `(other)`. */
  bin: string;
  /** Position among the comparison's bins (ascending buckets, or the aligned category order). */
  index: number;
  /** This bin's part of the score; the parts sum to the score (see the module comment per method). */
  contribution: number;
  /** contribution / score; 0 when the score is 0. */
  share: number;
}

export interface LargestGap {
  /** `<= 80` for a CDF gap at a bucket edge or value; the bin's name for linf. */
  bin: string;
  index: number;
  /** The reference's and the current side's CDF (ks) or probability (linf) there. */
  reference: number;
  current: number;
  /** ks on histograms: the bucket whose upper edge carries the gap, `(40, 80]` for `<= 80`. */
  bucket?: string;
}

export interface DriftExplanation {
  method: DriftMethod;
  statistic: number;
  /** Every bin in order, for the additive methods (psi, kl, js, hellinger, chi2, binned wasserstein). */
  contributions?: BinContribution[];
  /** ks and linf. */
  largestGap?: LargestGap;
}

/** A bucket of right-closed buckets (see types.ts) as text: `(-Inf, 5]`, `(5, 10]`, `(10, +Inf]`. */
export function bucketLabel(upperBounds: readonly number[], i: number): string {
  const lower = i === 0 ? '-Inf' : String(upperBounds[i - 1]);
  const upper = i === upperBounds.length ? '+Inf' : String(upperBounds[i]);
  return `(${lower}, ${upper}]`;
}

interface Vectors {
  reference: ArrayLike<number>;
  current: ArrayLike<number>;
  names: (i: number) => string;
}

/**
 * Bucket labels by edge list: live windows share their baseline's edges, so a query labels each feature's buckets
 * once rather than once per window.
 */
const labelsByEdges = new WeakMap<readonly number[], string[]>();

function bucketLabelsOf(upperBounds: readonly number[]): string[] {
  let labels = labelsByEdges.get(upperBounds);
  if (!labels) {
    labels = Array.from({ length: upperBounds.length + 1 }, (_, i) => bucketLabel(upperBounds, i));
    labelsByEdges.set(upperBounds, labels);
  }
  return labels;
}

/** The count vectors the count-based methods read, binned as `compare` bins raw values. */
function vectorsOf(data: Prepared): Vectors {
  switch (data.shape) {
    case 'bins': {
      const labels = bucketLabelsOf(data.upperBounds);
      return { reference: data.reference, current: data.current, names: (i) => labels[i] };
    }
    case 'categories':
      return { reference: data.reference, current: data.current, names: (i) => data.categories[i] };
    case 'samples': {
      const binned = samplesToCommonBins(data.reference, data.current);
      return { reference: binned.reference, current: binned.current, names: (i) => binned.labels[i] };
    }
  }
}

/** Parts that sum to `total` become contributions to `statistic` (scaled when they sum to something else). */
function contributionsOf(parts: ArrayLike<number>, names: (i: number) => string, statistic: number, scaleToStatistic: boolean): BinContribution[] {
  const sum = sumOf(parts);
  const scale = scaleToStatistic ? (sum === 0 ? 0 : statistic / sum) : 1;
  return Array.from(parts, (part, index) => {
    const contribution = part * scale;
    return { bin: names(index), index, contribution, share: statistic === 0 ? 0 : contribution / statistic };
  });
}

function distanceParts(method: 'psi' | 'kl' | 'js' | 'hellinger', vectors: Vectors): number[] {
  const distance = DISTANCES[method];
  const p = distance.side(vectors.reference, 'reference');
  const q = distance.side(vectors.current, 'current');
  const term = distance.term as (p: number, q: number) => number;
  return Array.from(p, (pi, i) => term(pi, q[i]));
}

function chi2Parts(vectors: Vectors): number[] {
  const total1 = sumOf(vectors.reference);
  const total2 = sumOf(vectors.current);
  const kept = Array.from(vectors.reference, (r, i) => r + vectors.current[i] > 0).filter(Boolean).length;
  // The test: dof = kept − 1; dof 0 gives χ² = 0, dof 1 applies Yates.
  if (kept < 2) {
    return new Array<number>(vectors.reference.length).fill(0);
  }
  return Array.from(vectors.reference, (r, i) => (r + vectors.current[i] > 0 ? chi2ColumnTerm(r, vectors.current[i], total1, total2, kept === 2) : 0));
}

/**
 * W₁ of raw values split over the bins the other methods use on them (`commonBins`): each piece of ∫ |F − G| goes
 * to the bins it overlaps, in proportion to the overlap; with one bin per distinct value, the piece after a value
 * (up to the next) goes to that value.
 */
function samplesWassersteinParts(reference: Float64Array, current: Float64Array): { parts: number[]; names: (i: number) => string } {
  const bins = commonBins(reference, current);
  const parts = new Array<number>(bins.labels.length).fill(0);
  let k = 0;
  if (bins.kind === 'values') {
    forEachEcdfGap(reference, current, (from, to, gap) => {
      while (bins.values[k] < from) {
        k++;
      }
      parts[k] += gap * (to - from);
    });
  } else {
    const { edges } = bins;
    forEachEcdfGap(reference, current, (from, to, gap) => {
      while (k < parts.length - 1 && edges[k + 1] <= from) {
        k++;
      }
      // A piece may run over several bins: each gets its overlap.
      for (let bin = k; bin < parts.length && edges[bin] < to; bin++) {
        const overlap = Math.min(to, edges[bin + 1]) - Math.max(from, edges[bin]);
        parts[bin] += gap * Math.max(0, overlap);
      }
    });
  }
  return { parts, names: (i) => bins.labels[i] };
}

function ksGap(data: Prepared): LargestGap | undefined {
  if (data.shape === 'samples') {
    const gap = ksGapSorted(data.reference, data.current);
    return gap.statistic > 0 ? { bin: `<= ${gap.at}`, index: 0, reference: gap.reference, current: gap.current } : undefined;
  }
  if (data.shape === 'bins') {
    const { gap } = ksBinned(data.reference, data.current);
    return gap.edge >= 0
      ? { bin: `<= ${data.upperBounds[gap.edge]}`, index: gap.edge, reference: gap.reference, current: gap.current, bucket: bucketLabel(data.upperBounds, gap.edge) }
      : undefined;
  }
  return undefined;
}

function linfGap(vectors: Vectors): LargestGap | undefined {
  const p = toProbabilities(vectors.reference, 'reference');
  const q = toProbabilities(vectors.current, 'current');
  let index = -1;
  let largest = 0;
  for (let i = 0; i < p.length; i++) {
    if (Math.abs(p[i] - q[i]) > largest) {
      largest = Math.abs(p[i] - q[i]);
      index = i;
    }
  }
  return index >= 0 ? { bin: vectors.names(index), index, reference: p[index], current: q[index] } : undefined;
}

/**
 * The explanation of a score `statistic` that `method` gave on `data` (the pair as `compare` prepared it). The
 * caller has computed the score already, so the input is known to be valid for the method.
 */
export function explainPrepared(method: DriftMethod, data: Prepared, statistic: number): DriftExplanation {
  const explanation: DriftExplanation = { method, statistic };
  switch (method) {
    case 'psi':
    case 'kl':
    case 'js':
    case 'hellinger': {
      const vectors = vectorsOf(data);
      const squared = method === 'js' || method === 'hellinger';
      explanation.contributions = contributionsOf(distanceParts(method, vectors), vectors.names, statistic, squared);
      break;
    }
    case 'chi2': {
      const vectors = vectorsOf(data);
      explanation.contributions = contributionsOf(chi2Parts(vectors), vectors.names, statistic, false);
      break;
    }
    case 'wasserstein':
    case 'wasserstein_norm':
      if (data.shape === 'bins') {
        const parts = binnedWassersteinByBucket(
          data.upperBounds,
          { counts: data.reference, total: data.referenceTotal, ...data.referenceSummary },
          { counts: data.current, total: data.currentTotal, ...data.currentSummary }
        );
        const labels = bucketLabelsOf(data.upperBounds);
        explanation.contributions = contributionsOf(parts, (i) => labels[i], statistic, true);
      } else if (data.shape === 'samples') {
        const { parts, names } = samplesWassersteinParts(data.reference, data.current);
        explanation.contributions = contributionsOf(parts, names, statistic, true);
      }
      break;
    case 'ks':
      explanation.largestGap = ksGap(data);
      break;
    case 'linf':
      explanation.largestGap = linfGap(vectorsOf(data));
      break;
    case 'z':
      break;
  }
  return explanation;
}

/** A contributor, and what share of the score it carries (1 for a gap: the whole score sits there). */
export interface TopContributor {
  bin: string;
  share: number;
  /** For a gap (ks, linf): both sides' CDF or probability there. */
  gap?: { reference: number; current: number };
}

/** Up to `limit` bins that add to the score, largest contribution first (ties in bin order); a gap counts as one. */
export function topContributors(explanation: DriftExplanation, limit: number): TopContributor[] {
  if (explanation.largestGap) {
    const { bin, reference, current } = explanation.largestGap;
    return limit > 0 ? [{ bin, share: 1, gap: { reference, current } }] : [];
  }
  return (explanation.contributions ?? [])
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.index - b.index)
    .slice(0, Math.max(0, limit))
    .map(({ bin, share }) => ({ bin, share }));
}

/**
 * Each bin's share of the score by the bin's name, for drawing: the additive methods' shares, or 1 for the bin
 * (bucket) where a gap sits.
 */
export function sharesByBin(explanation: DriftExplanation): Map<string, number> {
  const { largestGap, contributions } = explanation;
  if (largestGap) {
    return new Map([[largestGap.bucket ?? largestGap.bin, 1]]);
  }
  return new Map((contributions ?? []).map((c) => [c.bin, c.share]));
}

/** Two decimals: enough to read a CDF or a share of mass. */
const twoDecimals = (value: number): string => value.toFixed(2);

/**
 * Contributors as one line of text, for a tooltip or an alert annotation: `(80, 120] 62 %, (120, +Inf] 21 %`,
 * or for a gap `<= 80 (baseline 0.62, current 0.41)`.
 */
export function describeContributors(contributors: readonly TopContributor[]): string {
  return contributors
    .map((c) => (c.gap ? `${c.bin} (baseline ${twoDecimals(c.gap.reference)}, current ${twoDecimals(c.gap.current)})` : `${c.bin} ${Math.round(c.share * 100)} %`))
    .join(', ');
}
