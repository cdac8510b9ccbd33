import { DEFAULT_THRESHOLDS, DRIFT_METHODS, chooseMethodFromFacts, isDrift, isDriftMethod, isTestMethod } from './methods';

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

  it('has a default threshold for every method: 0.05 for tests, 0.1 for distances', () => {
    for (const method of DRIFT_METHODS) {
      expect(DEFAULT_THRESHOLDS[method]).toBe(isTestMethod(method) ? 0.05 : 0.1);
    }
  });

  it('recognises method names', () => {
    expect(isDriftMethod('wasserstein_norm')).toBe(true);
    expect(isDriftMethod('chisquare')).toBe(false);
  });
});
