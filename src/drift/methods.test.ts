import {
  DEFAULT_THRESHOLDS,
  DRIFT_METHODS,
  MIN_NORMALIZED_P_VALUE,
  WASSERSTEIN_DEFAULT_STD_FRACTION,
  chooseMethodFromFacts,
  isDrift,
  isDriftMethod,
  isTestMethod,
  normalizedScore,
} from './methods';

describe('chooseMethodFromFacts (Evidently rule)', () => {
  it.each([
    ['numeric', false, 1000, 50, 'ks'],
    ['numeric', false, 1001, 50, 'wasserstein_norm'],
    ['numeric', false, 500, 4, 'chi2'],
    ['numeric', false, 500, 2, 'z'],
    ['numeric', false, 5000, 3, 'js'],
    ['categorical', false, 200, 7, 'chi2'],
    ['categorical', false, 200, 2, 'z'],
    ['categorical', false, 20000, 2, 'js'],
    ['numeric', true, 800, Infinity, 'ks'],
    ['numeric', true, 1e6, Infinity, 'psi'],
  ] as const)('%s binned=%s n=%d distinct=%d → %s', (kind, binned, referenceSize, distinctValues, method) => {
    expect(chooseMethodFromFacts({ kind, binned, referenceSize, distinctValues })).toBe(method);
  });
});

describe('verdicts and defaults', () => {
  it('tests drift below the threshold, distances at or above it', () => {
    expect(isDrift('ks', 0.3, 0.049, 0.05)).toBe(true);
    expect(isDrift('ks', 0.3, 0.05, 0.05)).toBe(false);
    expect(isDrift('psi', 0.1, undefined, 0.1)).toBe(true);
    expect(isDrift('psi', 0.0999, undefined, 0.1)).toBe(false);
  });

  it('has a default threshold for every method: 0.05 for tests, 0.1 for distances (raw Wasserstein: 0.1 reference std)', () => {
    for (const method of DRIFT_METHODS) {
      if (method !== 'wasserstein') {
        expect(DEFAULT_THRESHOLDS[method]).toBe(isTestMethod(method) ? 0.05 : 0.1);
      }
    }
    expect(WASSERSTEIN_DEFAULT_STD_FRACTION).toBe(0.1);
  });

  it('recognises method names', () => {
    expect(isDriftMethod('wasserstein_norm')).toBe(true);
    expect(isDriftMethod('chisquare')).toBe(false);
  });
});

describe('normalizedScore', () => {
  it('is statistic ÷ threshold for distances and threshold ÷ p-value for tests', () => {
    expect(normalizedScore({ statistic: 0.3, threshold: 0.1 })).toBeCloseTo(3, 12);
    expect(normalizedScore({ statistic: 0.2, pValue: 0.01, threshold: 0.05 })).toBeCloseTo(5, 12);
  });

  it('stays finite for a p-value that underflowed to 0', () => {
    const score = normalizedScore({ statistic: 0.9, pValue: 0, threshold: 0.05 });
    expect(score).toBe(0.05 / MIN_NORMALIZED_P_VALUE);
    expect(Number.isFinite(score)).toBe(true);
  });

  it('follows the verdict at threshold 0: a distance always drifts, a test never does', () => {
    expect(normalizedScore({ statistic: 0.2, threshold: 0 })).toBe(Infinity);
    expect(normalizedScore({ statistic: 0, threshold: 0 })).toBe(1);
    expect(normalizedScore({ statistic: 0.2, pValue: 1e-9, threshold: 0 })).toBe(0);
    expect(normalizedScore({ statistic: 0.2, pValue: 0, threshold: 0 })).toBe(0);
  });

  it('agrees with isDrift for every method: at least 1 for a drifting distance, above 1 for a drifting test', () => {
    const statistics = [0, 1e-12, 0.05, 0.0999, 0.1, 0.25, 1, 40];
    const pValues = [0, 1e-320, 1e-12, 0.01, 0.049, 0.05, 0.2, 1];
    const thresholds = [0, 0.01, 0.05, 0.1, 0.25];
    for (const method of DRIFT_METHODS) {
      for (const threshold of thresholds) {
        for (const statistic of statistics) {
          for (const pValue of isTestMethod(method) ? pValues : [undefined]) {
            const score = normalizedScore({ statistic, pValue, threshold });
            const drifts = isTestMethod(method) ? score > 1 : score >= 1;
            expect({ method, statistic, pValue, threshold, drifts }).toEqual({ method, statistic, pValue, threshold, drifts: isDrift(method, statistic, pValue, threshold) });
          }
        }
      }
    }
  });
});
