import { kolmogorovAlgorithms, kolmogorovSf, smirnovSf } from './kolmogorov';

describe('kolmogorovSf (P(D_n >= x))', () => {
  it('is 1 at x <= 1/(2n) and 0 at x >= 1', () => {
    expect(kolmogorovSf(10, 0)).toBe(1);
    expect(kolmogorovSf(10, 0.05)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
  });

  it('matches the closed form for n = 1 (D_1 = max(U, 1 − U))', () => {
    for (const x of [0.3, 0.5, 0.6, 0.75, 0.99]) {
      expect(kolmogorovSf(1, x)).toBeCloseTo(x <= 0.5 ? 1 : 2 * (1 - x), 14);
    }
  });

  it('decreases in x across all algorithm regions', () => {
    for (const n of [7, 140, 141, 3000, 200_000]) {
      let previous = 1;
      for (let i = 1; i < 400; i++) {
        const x = i / 400;
        const sf = kolmogorovSf(n, x);
        expect(sf).toBeLessThanOrEqual(previous + 1e-12);
        previous = sf;
      }
    }
  });

  it('rejects a non-integer or non-positive n', () => {
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
    expect(kolmogorovSf(0, 0.3)).toBeNaN();
  });

  it('Durbin matrix and Pelz–Good agree where both apply', () => {
    const { durbinMatrixCdf, pelzGoodCdf } = kolmogorovAlgorithms;
    for (const [n, x] of [
      [5000, 0.012],
      [20000, 0.008],
    ]) {
      expect(Math.abs(durbinMatrixCdf(n, x) - pelzGoodCdf(n, x))).toBeLessThan(1e-7);
    }
  });
});

describe('smirnovSf (P(D_n+ >= x))', () => {
  it('is 1 − x for n = 1 and (1 − x)^n near x = 1', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnovSf(4, 0.9)).toBeCloseTo(0.1 ** 4, 15);
  });

  it('stays positive and accurate in the far tail where early terms underflow', () => {
    const p = smirnovSf(100_000, 0.03);
    expect(p).toBeGreaterThan(0);
    // Leading behaviour exp(−2 n x²) up to a factor close to 1.
    expect(Math.log(p) / (-2 * 100_000 * 0.03 * 0.03)).toBeCloseTo(1, 2);
  });
});
