import { fillEmptyBins, hellingerDistance, jensenShannonDistance, klDivergence, linfDistance, psi } from './divergences';
import { DriftInputError } from './errors';

const all = { psi, kl: klDivergence, js: jensenShannonDistance, hellinger: hellingerDistance, linf: linfDistance };

describe('distances on counts', () => {
  it.each(Object.entries(all))('%s is 0 for proportional counts', (_, distance) => {
    expect(distance([1, 2, 3, 0], [2, 4, 6, 0])).toBeCloseTo(0, 12);
  });

  it('js, hellinger and linf reach 1 on disjoint supports', () => {
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 15);
    expect(hellingerDistance([1, 0], [0, 1])).toBeCloseTo(1, 15);
    expect(linfDistance([1, 0], [0, 1])).toBe(1);
  });

  it('psi is symmetric, kl is not', () => {
    const a = [10, 20, 70];
    const b = [30, 30, 40];
    expect(psi(a, b)).toBeCloseTo(psi(b, a), 14);
    expect(klDivergence(a, b)).not.toBeCloseTo(klDivergence(b, a), 3);
  });

  it.each(Object.entries(all))('%s rejects mismatched lengths and empty sides', (_, distance) => {
    expect(() => distance([1, 2], [1, 2, 3])).toThrow(DriftInputError);
    expect(() => distance([0, 0], [1, 2])).toThrow(/reference has no observations/);
  });
});

describe('fillEmptyBins (Evidently rule)', () => {
  it('fills zeros with 1e-4 when every observed bin is above 1e-4', () => {
    expect(Array.from(fillEmptyBins(Float64Array.of(0.5, 0.5, 0)))).toEqual([0.5, 0.5, 1e-4]);
  });

  it('fills zeros with min_nonzero / 1e6 when a bin is at or below 1e-4', () => {
    expect(Array.from(fillEmptyBins(Float64Array.of(0.99995, 0.00005, 0)))).toEqual([0.99995, 0.00005, 0.00005 / 1e6]);
  });
});
