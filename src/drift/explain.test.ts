import { explainComparison } from './compare';
import { describeContributors, sharesByBin, topContributors } from './explain';
import { mulberry32, normalSamples } from './prng';
import type { DriftMethod, FeatureInput } from './types';

const bins = (upperBounds: number[], counts: number[]): FeatureInput => ({ kind: 'numeric', binned: { upperBounds, counts } });
const categories = (names: string[], counts: number[]): FeatureInput => ({ kind: 'categorical', distribution: { categories: names, counts } });

function explained(method: DriftMethod, reference: FeatureInput, current: FeatureInput) {
  return explainComparison(reference, current, { method, threshold: method === 'wasserstein' ? 1 : undefined });
}

function parts(method: DriftMethod, reference: FeatureInput, current: FeatureInput): number[] {
  return (explained(method, reference, current).explanation.contributions ?? []).map((c) => c.contribution);
}

describe('explainComparison: hand-computed contributions', () => {
  const half = bins([0], [50, 50]);
  const shifted = bins([0], [25, 75]);

  it('psi: (p − q)·ln(p / q) per bin', () => {
    const { result, explanation } = explained('psi', half, shifted);
    const terms = [0.25 * Math.log(2), -0.25 * Math.log(0.5 / 0.75)];
    expect(explanation.contributions?.map((c) => c.contribution)).toEqual(terms.map((t) => expect.closeTo(t, 14)));
    expect(result.statistic).toBeCloseTo(terms[0] + terms[1], 14);
    expect(explanation.contributions?.map((c) => c.bin)).toEqual(['(-Inf, 0]', '(0, +Inf]']);
    expect(explanation.contributions?.[0].share).toBeCloseTo(terms[0] / (terms[0] + terms[1]), 14);
  });

  it('psi: an empty bin carries the term of the filled probability the score used', () => {
    // Reference (1, 0) becomes (1, 1e-4) (no renormalisation), as the score fills it.
    const contributions = parts('psi', bins([0], [100, 0]), bins([0], [50, 50]));
    expect(contributions[0]).toBeCloseTo(0.5 * Math.log(2), 14);
    expect(contributions[1]).toBeCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5), 12);
  });

  it('kl: p·ln(p / q), negative where the current side has more mass', () => {
    const contributions = parts('kl', half, shifted);
    expect(contributions[0]).toBeCloseTo(0.5 * Math.log(2), 14);
    expect(contributions[1]).toBeCloseTo(0.5 * Math.log(0.5 / 0.75), 14);
    expect(contributions[1]).toBeLessThan(0);
  });

  it('js: disjoint supports split the distance 1 evenly', () => {
    const { result, explanation } = explained('js', categories(['a', 'b'], [10, 0]), categories(['a', 'b'], [0, 10]));
    expect(result.statistic).toBeCloseTo(1, 14);
    expect(explanation.contributions?.map((c) => [c.bin, c.contribution, c.share])).toEqual([
      ['a', expect.closeTo(0.5, 14), expect.closeTo(0.5, 14)],
      ['b', expect.closeTo(0.5, 14), expect.closeTo(0.5, 14)],
    ]);
  });

  it('chi2 with Yates (dof 1): each column (|O − E| − 0.5)² / E over both rows; an empty column gives 0', () => {
    // Totals 40 and 40; columns of 40 and 40: E = 20 everywhere, |O − E| = 10, corrected 9.5.
    const { result, explanation } = explained('chi2', categories(['x', 'y', 'z'], [30, 10, 0]), categories(['x', 'y', 'z'], [10, 30, 0]));
    expect(result.statistic).toBeCloseTo(18.05, 12);
    expect(explanation.contributions?.map((c) => c.contribution)).toEqual([expect.closeTo(9.025, 12), expect.closeTo(9.025, 12), 0]);
  });

  it('chi2 without Yates (dof 2)', () => {
    expect(parts('chi2', categories(['x', 'y', 'z'], [30, 10, 20]), categories(['x', 'y', 'z'], [10, 30, 20]))).toEqual([
      expect.closeTo(10, 12),
      expect.closeTo(10, 12),
      expect.closeTo(0, 12),
    ]);
  });

  it('ks on histograms: the edge of the largest CDF gap and both CDFs there', () => {
    // CDFs at the edges 1, 2: reference 0.5, 1; current 0.1, 0.5.
    const { result, explanation } = explained('ks', bins([1, 2], [10, 10, 0]), bins([1, 2], [2, 8, 10]));
    expect(result.statistic).toBeCloseTo(0.5, 14);
    expect(explanation.largestGap).toEqual({ bin: '<= 2', index: 1, reference: 1, current: expect.closeTo(0.5, 14), bucket: '(1, 2]' });
    expect(sharesByBin(explanation)).toEqual(new Map([['(1, 2]', 1]]));
    expect(topContributors(explanation, 3)).toEqual([{ bin: '<= 2', share: 1, gap: { reference: 1, current: expect.closeTo(0.5, 14) } }]);
    expect(describeContributors(topContributors(explanation, 3))).toBe('<= 2 (baseline 1.00, current 0.50)');
  });

  it('ks on raw values: the value of the largest gap', () => {
    const { explanation } = explained('ks', { kind: 'numeric', samples: [1, 2, 3] }, { kind: 'numeric', samples: [2.5, 2.7, 6] });
    // After 2: reference 2/3, current 0; after 2.5: 2/3 vs 1/3; after 2.7: 2/3 vs 2/3; after 3: 1 vs 2/3.
    expect(explanation.largestGap).toEqual({ bin: '<= 2', index: 0, reference: 2 / 3, current: 0 });
  });

  it('wasserstein on histograms: ∫|F − G| per bucket, a unit shift split over the two buckets it crosses', () => {
    const reference: FeatureInput = { kind: 'numeric', binned: { upperBounds: [0, 1, 2], counts: [0, 10, 0, 0] }, summary: { min: 0, max: 1 } };
    const current: FeatureInput = { kind: 'numeric', binned: { upperBounds: [0, 1, 2], counts: [0, 0, 10, 0] }, summary: { min: 1, max: 2 } };
    const { result, explanation } = explained('wasserstein', reference, current);
    expect(result.statistic).toBeCloseTo(1, 12);
    expect(explanation.contributions?.map((c) => c.contribution)).toEqual([0, expect.closeTo(0.5, 12), expect.closeTo(0.5, 12), 0]);
  });

  it('wasserstein on raw values with few distinct values: the stretch after each value goes to it', () => {
    // F steps 0 → 0.5 → 1 at 0 and 1, G 0 → 0.5 → 1 at 1 and 2: |F − G| = 0.5 on [0, 1) and on [1, 2).
    const { result, explanation } = explained('wasserstein', { kind: 'numeric', samples: [0, 0, 1, 1] }, { kind: 'numeric', samples: [1, 1, 2, 2] });
    expect(result.statistic).toBeCloseTo(1, 14);
    expect(explanation.contributions?.map((c) => [c.bin, c.contribution])).toEqual([
      ['0', 0.5],
      ['1', 0.5],
      ['2', 0],
    ]);
  });

  it('wasserstein on raw values: each equal-width bin gets the integral of |F − G| over it', () => {
    const reference = Array.from({ length: 30 }, (_, i) => i);
    const current = reference.map((v) => v + 10.5);
    const { result, explanation } = explained('wasserstein', { kind: 'numeric', samples: reference }, { kind: 'numeric', samples: current });
    expect(result.statistic).toBeCloseTo(10.5, 12);
    // Independent check: midpoint-rule integration of the two ECDFs over each bin [a, b).
    const ecdf = (sample: number[], x: number) => sample.filter((v) => v <= x).length / sample.length;
    for (const c of explanation.contributions ?? []) {
      const [a, b] = c.bin.slice(1, -1).split(', ').map(Number);
      const steps = 20_000;
      let integral = 0;
      for (let k = 0; k < steps; k++) {
        const x = a + ((k + 0.5) * (b - a)) / steps;
        integral += (Math.abs(ecdf(reference, x) - ecdf(current, x)) * (b - a)) / steps;
      }
      expect([c.bin, c.contribution]).toEqual([c.bin, expect.closeTo(integral, 2)]);
    }
    expect(explanation.contributions?.length).toBeGreaterThan(4);
  });

  it('linf: the bin with the largest probability gap', () => {
    const { explanation } = explained('linf', categories(['a', 'b', 'c'], [5, 3, 2]), categories(['a', 'b', 'c'], [2, 3, 5]));
    expect(explanation.largestGap).toEqual({ bin: 'a', index: 0, reference: 0.5, current: 0.2 });
  });

  it('z: nothing to split', () => {
    const { explanation } = explained('z', categories(['n', 'y'], [50, 50]), categories(['n', 'y'], [30, 70]));
    expect(explanation.contributions).toBeUndefined();
    expect(explanation.largestGap).toBeUndefined();
    expect(topContributors(explanation, 3)).toEqual([]);
  });
});

describe('explainComparison: the parts add up to the score', () => {
  const random = mulberry32(16);
  const counts = (n: number, zeros: boolean) => Array.from({ length: n }, () => (zeros && random() < 0.2 ? 0 : Math.round(random() * 500)));
  const edges = [-2, -1, -0.5, 0, 0.5, 1, 2];

  it.each(['psi', 'kl', 'js', 'hellinger', 'chi2', 'wasserstein', 'wasserstein_norm'] as DriftMethod[])('%s on histograms with empty bins', (method) => {
    for (let trial = 0; trial < 20; trial++) {
      const reference: FeatureInput = { kind: 'numeric', binned: { upperBounds: edges, counts: counts(8, true) }, summary: { min: -3, max: 3, mean: 0, std: 1 } };
      const { result, explanation } = explained(method, reference, bins(edges, counts(8, trial % 2 === 0)));
      const sum = (explanation.contributions ?? []).reduce((total, c) => total + c.contribution, 0);
      expect(sum).toBeCloseTo(result.statistic, 9);
    }
  });

  it.each(['psi', 'kl', 'js', 'chi2', 'wasserstein_norm'] as DriftMethod[])('%s on raw values (binned as the score bins them)', (method) => {
    const { result, explanation } = explained(method, { kind: 'numeric', samples: normalSamples(1, 800) }, { kind: 'numeric', samples: normalSamples(2, 700, 0.4) });
    const sum = (explanation.contributions ?? []).reduce((total, c) => total + c.contribution, 0);
    expect(sum).toBeCloseTo(result.statistic, 9);
    expect(explanation.contributions?.length).toBeGreaterThan(5);
  });

  it('ranks the top contributors by contribution and leaves out those that subtract', () => {
    const { explanation } = explained('kl', bins([0, 1], [50, 30, 20]), bins([0, 1], [20, 30, 50]));
    const top = topContributors(explanation, 5);
    expect(top.map((t) => t.bin)).toEqual(['(-Inf, 0]']);
    expect(top[0].share).toBeGreaterThan(1);
  });

  it('describes contributors as one line', () => {
    const { explanation } = explained('psi', bins([0, 1], [50, 30, 20]), bins([0, 1], [20, 30, 50]));
    expect(describeContributors(topContributors(explanation, 3))).toBe('(-Inf, 0] 50 %, (1, +Inf] 50 %');
    expect([...sharesByBin(explanation).values()]).toEqual([expect.closeTo(0.5, 14), 0, expect.closeTo(0.5, 14)]);
  });
});
