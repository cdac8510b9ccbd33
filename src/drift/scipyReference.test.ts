/**
 * Accuracy against scipy 1.17 (numbers in __fixtures__/scipy-reference.json, produced by
 * scripts/reference/drift_reference.py). Statistics within 1e-9 relative, p-values within 1e-6 relative, tails
 * included (no absolute slack: a p-value of 1e-170 must be right to 6 digits too).
 */
import reference from './__fixtures__/scipy-reference.json';
import { materialise, relativeError, type SampleSpec } from './__fixtures__/specs';
import { binnedWasserstein } from './binnedWasserstein';
import { chi2Homogeneity } from './chi2';
import { compareDistributions } from './compare';
import { dataDrift } from './dataset';
import { hellingerDistance, jensenShannonDistance, klDivergence, linfDistance, psi } from './divergences';
import { kolmogorovSf } from './kolmogorov';
import { ksTwoSample } from './ks';
import { sumOf } from './numeric';
import { wassersteinWeightedSorted } from './wasserstein';
import { twoProportionZTest } from './ztest';

const STAT_TOL = 1e-9;
const P_TOL = 1e-6;

function sortedWithWeights(values: Float64Array, weights?: Float64Array): { values: Float64Array; weights?: Float64Array } {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  return {
    values: Float64Array.from(order, (i) => values[i]),
    weights: weights ? Float64Array.from(order, (i) => weights[i]) : undefined,
  };
}

describe('kstwo.sf (finite-n Kolmogorov distribution)', () => {
  it.each(reference.kstwo.map((c) => [c.n, c.x, c.sf]))('n=%d x=%d', (n, x, sf) => {
    expect(relativeError(kolmogorovSf(n, x), sf)).toBeLessThan(P_TOL);
  });
});

describe('two-sample KS as ks_2samp(method="auto")', () => {
  it.each(reference.ks.map((c) => [c.name, c]))('%s', (_, c) => {
    const result = ksTwoSample(materialise(c.a as SampleSpec), materialise(c.b as SampleSpec));
    expect(relativeError(result.statistic, c.statistic)).toBeLessThan(STAT_TOL);
    expect(relativeError(result.pValue, c.pvalue)).toBeLessThan(P_TOL);
    expect(result.pValueMethod).toBe(c.method);
  });

  it('goes through compareDistributions unchanged', () => {
    const c = reference.ks[1];
    const result = compareDistributions(
      { kind: 'numeric', samples: materialise(c.a as SampleSpec) },
      { kind: 'numeric', samples: materialise(c.b as SampleSpec) },
      { method: 'ks' }
    );
    expect(relativeError(result.pValue as number, c.pvalue)).toBeLessThan(P_TOL);
    expect(result.drift).toBe(c.pvalue < 0.05);
  });
});

describe('count-based methods (psi, kl, js, hellinger, linf, chi2_contingency)', () => {
  it.each(reference.counts.map((c) => [c.name, c]))('%s', (_, c) => {
    expect(relativeError(psi(c.reference, c.current), c.psi)).toBeLessThan(STAT_TOL);
    expect(relativeError(klDivergence(c.reference, c.current), c.kl)).toBeLessThan(STAT_TOL);
    expect(relativeError(jensenShannonDistance(c.reference, c.current), c.js)).toBeLessThan(STAT_TOL);
    expect(relativeError(hellingerDistance(c.reference, c.current), c.hellinger)).toBeLessThan(STAT_TOL);
    expect(relativeError(linfDistance(c.reference, c.current), c.linf)).toBeLessThan(STAT_TOL);
    const chi2 = chi2Homogeneity(c.reference, c.current);
    expect(relativeError(chi2.statistic, c.chi2.statistic)).toBeLessThan(STAT_TOL);
    expect(relativeError(chi2.pValue, c.chi2.pvalue)).toBeLessThan(P_TOL);
    expect(chi2.dof).toBe(c.chi2.dof);
  });
});

describe('two-proportion z-test', () => {
  it.each(reference.ztest.map((c) => [`${c.x1}/${c.n1} vs ${c.x2}/${c.n2}`, c]))('%s', (_, c) => {
    const result = twoProportionZTest(c.x1, c.n1, c.x2, c.n2);
    expect(relativeError(result.statistic, c.z)).toBeLessThan(STAT_TOL);
    expect(relativeError(result.pValue, c.pvalue)).toBeLessThan(P_TOL);
  });
});

describe('wasserstein_distance', () => {
  it.each(reference.wasserstein.map((c) => [c.name, c]))('%s', (_, c) => {
    const u = materialise(c.u as SampleSpec);
    const v = materialise(c.v as SampleSpec);
    if ('uWeights' in c) {
      const su = sortedWithWeights(u, materialise(c.uWeights as SampleSpec));
      const sv = sortedWithWeights(v, materialise(c.vWeights as SampleSpec));
      expect(relativeError(wassersteinWeightedSorted(su.values, su.weights, sv.values, sv.weights), c.distance)).toBeLessThan(STAT_TOL);
      return;
    }
    const samples = (values: Float64Array) => ({ kind: 'numeric' as const, samples: values });
    const plain = compareDistributions(samples(u), samples(v), { method: 'wasserstein' });
    const normed = compareDistributions(samples(u), samples(v), { method: 'wasserstein_norm' });
    expect(relativeError(plain.statistic, c.distance)).toBeLessThan(STAT_TOL);
    expect(relativeError(normed.statistic, c.normalized as number)).toBeLessThan(STAT_TOL);
  });
});

describe('raw numeric samples binned as Evidently does (Sturges over both sides)', () => {
  const c = reference.sturges;
  const inputs = [materialise(c.a as SampleSpec), materialise(c.b as SampleSpec)].map((samples) => ({ kind: 'numeric' as const, samples }));
  it.each(['psi', 'kl', 'js', 'hellinger', 'linf'] as const)('%s', (method) => {
    const result = compareDistributions(inputs[0], inputs[1], { method });
    expect(relativeError(result.statistic, c[method])).toBeLessThan(STAT_TOL);
    expect(result.notices.some((n) => n.text.includes(`${c.bins} bins`))).toBe(true);
  });
});

describe('histograms (fixture D and finer buckets)', () => {
  it.each(reference.binned.map((c) => [c.name, c]))('%s', (_, c) => {
    const a = materialise(c.a as SampleSpec);
    const b = materialise(c.b as SampleSpec);
    const summaryOf = (values: Float64Array) => {
      let min = Infinity;
      let max = -Infinity;
      values.forEach((v) => ((min = Math.min(min, v)), (max = Math.max(max, v))));
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      return { min, max, std, mean };
    };
    const quantiles = 'referenceQuantiles' in c ? c.referenceQuantiles : undefined;
    const side = (counts: number[], values: Float64Array, extra = {}) => ({
      kind: 'numeric' as const,
      binned: { upperBounds: c.upperBounds, counts },
      ...(c.withSummary ? { summary: { ...summaryOf(values), ...extra } } : {}),
    });
    const ref = side(c.referenceCounts, a, { quantiles });
    const cur = side(c.currentCounts, b);
    // The raw current values counted into the reference buckets give the same histogram as Python's.
    const fromSamples = compareDistributions(ref, { kind: 'numeric', samples: b }, { method: 'psi' });
    expect(relativeError(fromSamples.statistic, c.psi)).toBeLessThan(STAT_TOL);

    const ks = compareDistributions(ref, cur, { method: 'ks' });
    expect(relativeError(ks.statistic, c.ksLower)).toBeLessThan(STAT_TOL);
    expect(relativeError(ks.statisticUpperBound as number, c.ksUpper)).toBeLessThan(STAT_TOL);
    expect(ks.statistic).toBeLessThanOrEqual(c.trueKs);
    expect(ks.statisticUpperBound as number).toBeGreaterThanOrEqual(c.trueKs);
    expect(relativeError(ks.pValue as number, c.ksPValue)).toBeLessThan(P_TOL);

    // Wasserstein from the histograms against scipy on the raw values: the true distance lies within the bounds
    // the edges allow, and with a baseline summary (quantiles, mean, extremes) the estimate is within 2 %, heavy
    // tails included (placing bucket mass at midpoints was 7.5× too high on the log-normal, 130× on the Pareto).
    const reference_ = { counts: c.referenceCounts, total: sumOf(c.referenceCounts), ...ref.summary };
    const current_ = { counts: c.currentCounts, total: sumOf(c.currentCounts), ...cur.summary };
    const bounds = binnedWasserstein(c.upperBounds, reference_, current_);
    expect(bounds.lower).toBeLessThanOrEqual(c.trueWasserstein);
    expect(bounds.upper).toBeGreaterThanOrEqual(c.trueWasserstein);
    const w = compareDistributions(ref, cur, { method: 'wasserstein' });
    const wn = compareDistributions(ref, cur, { method: 'wasserstein_norm' });
    if (c.withSummary) {
      expect(relativeError(w.statistic, c.trueWasserstein)).toBeLessThan(0.02);
      expect(relativeError(wn.statistic, c.trueWassersteinNorm)).toBeLessThan(0.02);
      // A live histogram with only its mean (what a Prometheus histogram's _sum / _count give): within 3 %.
      // With no mean at all its tail takes the baseline's shape: 0.4–6 % here, but 21 % and 60 % off on the
      // heavy tails, whose scale changed.
      const live = compareDistributions(ref, { kind: 'numeric', binned: cur.binned, summary: { mean: cur.summary!.mean } }, { method: 'wasserstein' });
      expect(relativeError(live.statistic, c.trueWasserstein)).toBeLessThan(0.03);
    } else {
      // Without extremes or means the open buckets' mass sits on their edges: an underestimate, said so.
      expect(w.statistic).toBeLessThan(c.trueWasserstein);
      expect(bounds.upper).toBe(Infinity);
      expect(w.notices.filter((n) => n.severity === 'warning' && n.text.includes('underestimated'))).toHaveLength(4);
    }

    for (const method of ['kl', 'js', 'hellinger', 'linf'] as const) {
      expect(relativeError(compareDistributions(ref, cur, { method }).statistic, c[method])).toBeLessThan(STAT_TOL);
    }
    const chi2 = compareDistributions(ref, cur, { method: 'chi2' });
    expect(relativeError(chi2.statistic, c.chi2.statistic)).toBeLessThan(STAT_TOL);
    expect(relativeError(chi2.pValue as number, c.chi2.pvalue)).toBeLessThan(P_TOL);
  });
});

describe('Benjamini–Hochberg adjusted p-values (scipy.stats.false_discovery_control)', () => {
  it.each(reference.bh.map((c, i) => [i, c]))('set %d', (_, c) => {
    const results = c.pvalues.map((pValue, i) => ({
      feature: `f${i}`,
      method: 'ks' as const,
      statistic: 0,
      pValue,
      threshold: 0.05,
      drift: pValue < 0.05,
      referenceCount: 1,
      currentCount: 1,
      notices: [],
    }));
    const adjusted = dataDrift(results, { correction: 'bh' }).verdicts.map((v) => v.adjustedPValue as number);
    adjusted.forEach((value, i) => expect(relativeError(value, c.adjusted[i])).toBeLessThan(STAT_TOL));
  });
});
