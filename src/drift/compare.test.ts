import { chooseMethod, compareDistributions } from './compare';
import { DriftInputError } from './errors';
import { normalSamples } from './prng';
import type { FeatureInput } from './types';

const numeric = (samples: ArrayLike<number>): FeatureInput => ({ kind: 'numeric', samples });

describe('compareDistributions', () => {
  it('chooses the method automatically and says so', () => {
    const small = compareDistributions(numeric(normalSamples(1, 300)), numeric(normalSamples(2, 300)));
    expect(small.method).toBe('ks');
    expect(small.notices.some((n) => n.text.includes('chosen automatically'))).toBe(true);
    const large = compareDistributions(numeric(normalSamples(1, 3000)), numeric(normalSamples(2, 300)));
    expect(large.method).toBe('wasserstein_norm');
    expect(chooseMethod({ kind: 'categorical', samples: ['a', 'b', 'a'] }, { kind: 'categorical', samples: ['b'] })).toBe('z');
  });

  it('takes the threshold from options, then the baseline, then the default', () => {
    const ref = numeric(normalSamples(3, 2000));
    const cur = numeric(normalSamples(4, 2000, 0.05));
    expect(compareDistributions(ref, cur, { method: 'psi' }).threshold).toBe(0.1);
    expect(compareDistributions(ref, cur, { method: 'psi', referenceThresholds: { psi: 0.02 } }).threshold).toBe(0.02);
    expect(compareDistributions(ref, cur, { method: 'psi', threshold: 0.3, referenceThresholds: { psi: 0.02 } }).threshold).toBe(0.3);
  });

  it('flags a clear shift and not a resample of the same distribution', () => {
    const ref = numeric(normalSamples(5, 5000));
    expect(compareDistributions(ref, numeric(normalSamples(6, 5000, 1))).drift).toBe(true);
    expect(compareDistributions(ref, numeric(normalSamples(7, 5000))).drift).toBe(false);
  });

  it('counts non-finite and missing values apart and reports them', () => {
    const result = compareDistributions(
      { kind: 'numeric', samples: [1, 2, NaN, 3, Infinity, 4, 5, 6], missing: 2 },
      numeric([1, 2, 3, 4, 5, 6, 7]),
      { method: 'ks', name: 'age' }
    );
    expect(result.feature).toBe('age');
    expect(result.referenceCount).toBe(6);
    expect(result.excluded).toEqual({ reference: { missing: 2, nonFinite: 2 }, current: { missing: 0, nonFinite: 0 } });
    expect(result.notices.some((n) => n.text.includes('2 missing and 2 non-finite'))).toBe(true);
  });

  it('compares a histogram baseline with raw current values on the baseline buckets', () => {
    const result = compareDistributions(
      { kind: 'numeric', binned: { upperBounds: [0, 1], counts: [10, 20, 10] }, summary: { std: 0.8, min: -2, max: 3 } },
      numeric([-0.5, 0.5, 0.5, 0.7, 2]),
      { method: 'ks' }
    );
    expect(result.currentCount).toBe(5);
    expect(result.statisticUpperBound).toBeGreaterThanOrEqual(result.statistic);
    expect(result.notices.some((n) => n.text.startsWith('KS from histograms'))).toBe(true);
  });

  it('warns when open-ended buckets hold mass and no min/max is known (Wasserstein)', () => {
    const result = compareDistributions(
      { kind: 'numeric', binned: { upperBounds: [0, 1], counts: [5, 20, 10] } },
      { kind: 'numeric', binned: { upperBounds: [0, 1], counts: [1, 20, 30] } },
      { method: 'wasserstein_norm' }
    );
    const warnings = result.notices.filter((n) => n.severity === 'warning').map((n) => n.text);
    expect(warnings.some((text) => text.includes('(-Inf, 0]'))).toBe(true);
    expect(warnings.some((text) => text.includes('standard deviation estimated'))).toBe(true);
  });

  it('gives raw Wasserstein a scale-free default threshold: a tenth of the reference standard deviation', () => {
    const reference = normalSamples(5, 2000, 3, 1.2);
    const current = normalSamples(6, 1500, 3.1, 1.2);
    const inUnits = (scale: number) => compareDistributions(numeric(reference.map((v) => v * scale)), numeric(current.map((v) => v * scale)), { method: 'wasserstein' });
    const [metres, millimetres] = [inUnits(1), inUnits(1000)];
    expect(millimetres.statistic).toBeCloseTo(1000 * metres.statistic, 6);
    expect(millimetres.threshold).toBeCloseTo(1000 * metres.threshold, 6);
    expect(metres.drift).toBe(millimetres.drift);
    const normalised = compareDistributions(numeric(reference), numeric(current), { method: 'wasserstein_norm' });
    expect(metres.threshold).toBeCloseTo(0.1 * (metres.statistic / normalised.statistic), 12);
    expect(metres.drift).toBe(normalised.drift);
    expect(metres.notices.some((n) => n.text.includes("0.1 × the reference's standard deviation"))).toBe(true);
    // A threshold given is used as it is, in data units, with no notice about the default.
    const given = compareDistributions(numeric(reference), numeric(current), { method: 'wasserstein', threshold: 0.05 });
    expect(given.threshold).toBe(0.05);
    expect(given.notices.some((n) => n.text.includes('standard deviation'))).toBe(false);
  });

  it('compares categories, with unseen ones and the other bucket', () => {
    const result = compareDistributions(
      { kind: 'categorical', distribution: { categories: ['a', 'b', 'c'], counts: [100, 50, 1] } },
      { kind: 'categorical', samples: ['a', 'b', 'z', 'z', ''] },
      { method: 'js', maxCategories: 3 }
    );
    expect(result.excluded?.current.missing).toBe(1);
    expect(result.notices.some((n) => n.text.includes('"z"'))).toBe(true);
    expect(result.notices.some((n) => n.text.includes('(other)'))).toBe(true);
  });

  it('runs z on binary samples and refuses it on more than two values', () => {
    const binary = compareDistributions(numeric([0, 1, 1, 0, 1]), numeric([1, 1, 1, 1, 0]), { method: 'z' });
    expect(binary.pValue).toBeGreaterThan(0);
    expect(() => compareDistributions(numeric([0, 1, 2]), numeric([1, 2, 3]), { method: 'z' })).toThrow(/binary/);
  });

  it.each([
    [{ kind: 'numeric', samples: [1, 2] }, { kind: 'categorical', samples: ['a'] }, {}, /cannot compare/],
    [{ kind: 'categorical', samples: ['a'] }, { kind: 'categorical', samples: ['b'] }, { method: 'ks' }, /numeric/],
    [{ kind: 'numeric', samples: [NaN] }, { kind: 'numeric', samples: [1] }, {}, /no usable values/],
    [{ kind: 'numeric', samples: [1, 2] }, { kind: 'numeric', samples: [1, 3] }, { threshold: NaN }, /threshold/],
  ] as const)('rejects bad input %#', (reference, current, options, message) => {
    expect(() => compareDistributions(reference as FeatureInput, current as FeatureInput, options)).toThrow(DriftInputError);
    expect(() => compareDistributions(reference as FeatureInput, current as FeatureInput, options)).toThrow(message);
  });
});
