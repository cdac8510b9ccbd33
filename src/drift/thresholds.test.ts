import { DriftInputError } from './errors';
import { normalSamples } from './prng';
import { dataDrivenThreshold, distanceMethodsFor, referenceChunkThresholds } from './thresholds';
import { compareDistributions } from './compare';

describe('dataDrivenThreshold', () => {
  it('is mean + 3·population std', () => {
    const scores = [0.1, 0.2, 0.3];
    const std = Math.sqrt(((0.1 - 0.2) ** 2 + 0 + (0.3 - 0.2) ** 2) / 3);
    expect(dataDrivenThreshold(scores)).toBeCloseTo(0.2 + 3 * std, 15);
  });

  it('is clipped to the method range', () => {
    expect(dataDrivenThreshold([0.5, 0.9, 0.95], 'js')).toBe(1);
    expect(dataDrivenThreshold([0.5, 0.9, 0.95], 'psi')).toBeGreaterThan(1);
  });

  it('rejects empty or non-finite scores', () => {
    expect(() => dataDrivenThreshold([])).toThrow(DriftInputError);
    expect(() => dataDrivenThreshold([0.1, NaN])).toThrow(DriftInputError);
  });
});

describe('referenceChunkThresholds', () => {
  const values = normalSamples(11, 10_000);
  const whole = { kind: 'numeric' as const, samples: values };
  const chunks = Array.from({ length: 10 }, (_, i) => ({ kind: 'numeric' as const, samples: values.subarray(i * 1000, (i + 1) * 1000) }));

  it('gives every applicable distance a threshold above the chunks’ typical score', () => {
    const thresholds = referenceChunkThresholds(whole, chunks);
    expect(Object.keys(thresholds).sort()).toEqual(distanceMethodsFor('numeric').sort());
    const chunkScore = compareDistributions(whole, chunks[0], { method: 'wasserstein_norm' }).statistic;
    expect(thresholds.wasserstein_norm as number).toBeGreaterThan(chunkScore);
  });

  it('flags a shifted chunk-sized batch with the data-driven threshold', () => {
    const { psi } = referenceChunkThresholds(whole, chunks, ['psi']);
    const shifted = { kind: 'numeric' as const, samples: normalSamples(12, 1000, 0.5) };
    expect(compareDistributions(whole, shifted, { method: 'psi', referenceThresholds: { psi } }).drift).toBe(true);
  });

  it('refuses tests and fewer than two chunks', () => {
    expect(() => referenceChunkThresholds(whole, chunks, ['ks'])).toThrow(/test/);
    expect(() => referenceChunkThresholds(whole, chunks.slice(0, 1))).toThrow(/at least 2/);
  });

  it('offers no Wasserstein for categorical features', () => {
    expect(distanceMethodsFor('categorical')).not.toContain('wasserstein');
  });
});
