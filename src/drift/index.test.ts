import * as drift from './index';

describe('public API of the drift engine', () => {
  it('compares two features end to end through the index', () => {
    const result = drift.compareDistributions(
      { kind: 'categorical', distribution: { categories: ['a', 'b'], counts: [60, 40] } },
      { kind: 'categorical', distribution: { categories: ['a', 'b'], counts: [20, 80] } },
      { name: 'colour' }
    );
    expect(result).toMatchObject({ feature: 'colour', method: 'z', drift: true });
    expect(drift.dataDrift([result])).toMatchObject({ drifted: 1, datasetDrift: true });
  });

  it('exposes the entry points other modules rely on', () => {
    for (const name of ['compareDistributions', 'chooseMethod', 'dataDrift', 'dataDrivenThreshold', 'referenceChunkThresholds', 'isDriftMethod'] as const) {
      expect(typeof drift[name]).toBe('function');
    }
    expect(drift.DEFAULT_THRESHOLDS.psi).toBe(0.1);
  });
});
