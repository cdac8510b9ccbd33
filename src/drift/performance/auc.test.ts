import { DriftInputError } from '../errors';
import { mulberry32 } from '../prng';
import { averagePrecision, rocAuc } from './auc';
import type { ClassScoreHistograms } from './scoreBuckets';

/** Pairwise ROC AUC on raw scores, ties ½ (roc_auc_score's definition). */
function pairwiseAuc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) {
    for (const n of neg) {
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    }
  }
  return wins / (pos.length * neg.length);
}

/** average_precision_score on raw scores: thresholds at each distinct score, from the top. */
function rawAveragePrecision(pos: number[], neg: number[]): number {
  const scores = [...new Set([...pos, ...neg])].sort((a, b) => b - a);
  let ap = 0;
  let lastRecall = 0;
  for (const t of scores) {
    const tp = pos.filter((s) => s >= t).length;
    const fp = neg.filter((s) => s >= t).length;
    const recall = tp / pos.length;
    ap += (recall - lastRecall) * (tp / (tp + fp));
    lastRecall = recall;
  }
  return ap;
}

function bucketOf(upperBounds: number[], score: number): number {
  const i = upperBounds.findIndex((b) => score <= b);
  return i < 0 ? upperBounds.length : i;
}

function histograms(upperBounds: number[], pos: number[], neg: number[]): ClassScoreHistograms {
  const positives = new Array<number>(upperBounds.length + 1).fill(0);
  const negatives = new Array<number>(upperBounds.length + 1).fill(0);
  pos.forEach((s) => positives[bucketOf(upperBounds, s)]++);
  neg.forEach((s) => negatives[bucketOf(upperBounds, s)]++);
  return { upperBounds, positives, negatives };
}

const EDGES = [0.2, 0.4, 0.6, 0.8];

/** A classifier's raw scores: positives lean high, negatives low. */
function sample(seed: number, nPos: number, nNeg: number): { pos: number[]; neg: number[] } {
  const u = mulberry32(seed);
  return {
    pos: Array.from({ length: nPos }, () => Math.sqrt(u())),
    neg: Array.from({ length: nNeg }, () => 1 - Math.sqrt(u())),
  };
}

describe('rocAuc from class histograms', () => {
  it('counts ordered pairs exactly and bounds the pairs inside buckets (hand-computed)', () => {
    // Pairs across buckets: 2 positives above 2 negatives = 4; within buckets: 1·2 + 2·1 = 4; of 3·3 = 9 pairs.
    const result = rocAuc({ upperBounds: [0.5], positives: [1, 2], negatives: [2, 1] });
    expect(result.lower).toBeCloseTo(4 / 9, 15);
    expect(result.upper).toBeCloseTo(8 / 9, 15);
    expect(result.value).toBeCloseTo(6 / 9, 15);
    expect(result.curve.falsePositiveRate).toEqual([0, 1 / 3, 1]);
    expect(result.curve.truePositiveRate).toEqual([0, 2 / 3, 1]);
  });

  it('equals the pairwise AUC when every score sits on its bucket value (ties count ½)', () => {
    const { pos, neg } = sample(7, 300, 500);
    const snap = (s: number) => EDGES.find((b) => s <= b) ?? 1;
    const tiedPos = pos.map(snap);
    const tiedNeg = neg.map(snap);
    const result = rocAuc(histograms(EDGES, tiedPos, tiedNeg));
    expect(result.value).toBeCloseTo(pairwiseAuc(tiedPos, tiedNeg), 14);
  });

  it('brackets the AUC of continuous scores, the bounds reached by the extreme orders', () => {
    for (const seed of [1, 2, 3]) {
      const { pos, neg } = sample(seed, 200, 300);
      const result = rocAuc(histograms(EDGES, pos, neg));
      const exact = pairwiseAuc(pos, neg);
      expect(exact).toBeGreaterThanOrEqual(result.lower);
      expect(exact).toBeLessThanOrEqual(result.upper);
      expect(result.value).toBeCloseTo((result.lower + result.upper) / 2, 15);
    }
    // Inside each bucket the positives all above the negatives: the upper bound is the true AUC.
    const pos = [0.19, 0.39, 0.38];
    const neg = [0.1, 0.3, 0.7];
    expect(rocAuc(histograms(EDGES, pos, neg)).upper).toBeCloseTo(pairwiseAuc(pos, neg), 15);
  });

  it('refuses a window with one class only, and histograms of different shapes', () => {
    expect(() => rocAuc({ upperBounds: [0.5], positives: [0, 3], negatives: [0, 0] })).toThrow(/ROC AUC is undefined.*0 actual negatives/);
    expect(() => rocAuc({ upperBounds: [0.5], positives: [0, 3], negatives: [1] })).toThrow(DriftInputError);
    expect(() => rocAuc({ upperBounds: [0.5], positives: [0, -3], negatives: [1, 1] })).toThrow(DriftInputError);
  });
});

describe('averagePrecision from class histograms', () => {
  it("equals average_precision_score's definition when scores sit on bucket values", () => {
    const { pos, neg } = sample(11, 250, 400);
    const snap = (s: number) => EDGES.find((b) => s <= b) ?? 1;
    const result = averagePrecision(histograms(EDGES, pos.map(snap), neg.map(snap)));
    expect(result.value).toBeCloseTo(rawAveragePrecision(pos.map(snap), neg.map(snap)), 14);
  });

  it('brackets continuous scores, the bounds being the orders positives-first and negatives-first', () => {
    for (const seed of [4, 5, 6]) {
      const { pos, neg } = sample(seed, 150, 250);
      const result = averagePrecision(histograms(EDGES, pos, neg));
      const exact = rawAveragePrecision(pos, neg);
      expect(exact).toBeGreaterThanOrEqual(result.lower - 1e-12);
      expect(exact).toBeLessThanOrEqual(result.upper + 1e-12);
    }
    // Bucket (0.2, 0.4] holds positives above its negative (upper bound) or below it (lower bound).
    const neg = [0.1, 0.3, 0.5];
    const best = averagePrecision(histograms(EDGES, [0.35, 0.38, 0.9], neg));
    expect(best.upper).toBeCloseTo(rawAveragePrecision([0.35, 0.38, 0.9], neg), 14);
    const worst = averagePrecision(histograms(EDGES, [0.22, 0.25, 0.9], neg));
    expect(worst.lower).toBeCloseTo(rawAveragePrecision([0.22, 0.25, 0.9], neg), 14);
  });

  it('takes fractional counts (Prometheus increase()) between the neighbouring whole counts', () => {
    const at = (k: number) => averagePrecision({ upperBounds: [0.5], positives: [1, k], negatives: [3, 2] }).upper;
    const mid = at(2.5);
    expect(mid).toBeGreaterThan(Math.min(at(2), at(3)));
    expect(mid).toBeLessThan(Math.max(at(2), at(3)));
  });

  it('refuses a window without positives', () => {
    expect(() => averagePrecision({ upperBounds: [0.5], positives: [0, 0], negatives: [1, 1] })).toThrow(/Average precision is undefined/);
  });
});
