import { dataDrift } from './dataset';
import type { DriftMethod, DriftResult } from './types';

function result(feature: string, method: DriftMethod, statistic: number, pValue?: number, threshold = 0.05): DriftResult {
  const drift = pValue === undefined ? statistic >= threshold : pValue < threshold;
  return { feature, method, statistic, pValue, threshold, drift, referenceCount: 100, currentCount: 100, notices: [] };
}

describe('dataDrift', () => {
  const results = [result('a', 'ks', 0.2, 0.01), result('b', 'ks', 0.1, 0.03), result('c', 'psi', 0.2, undefined, 0.1), result('d', 'chi2', 1, 0.5)];

  it('counts drifted features and applies the share rule (>=)', () => {
    const summary = dataDrift(results);
    expect(summary).toMatchObject({ drifted: 3, total: 4, driftShare: 0.75, datasetDrift: true });
    expect(dataDrift(results, { driftShare: 0.8 }).datasetDrift).toBe(false);
  });

  it('Bonferroni multiplies p-values by the number of tests, distances untouched', () => {
    const summary = dataDrift(results, { correction: 'bonferroni' });
    expect(summary.verdicts.map((v) => v.adjustedPValue)).toEqual([0.03, 0.09, undefined, 1]);
    expect(summary.verdicts.map((v) => v.drift)).toEqual([true, false, true, false]);
  });

  it('handles no results', () => {
    expect(dataDrift([])).toMatchObject({ driftShare: 0, datasetDrift: false, drifted: 0 });
  });

  it('rejects a share outside [0, 1]', () => {
    expect(() => dataDrift(results, { driftShare: 2 })).toThrow(/driftShare/);
  });
});
