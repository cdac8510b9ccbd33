import { mulberry32, normalSamples, uniformSamples } from './prng';

describe('shared PRNG', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(Array.from(uniformSamples(5, 100))).toEqual(Array.from(uniformSamples(5, 100)));
    expect(Array.from(uniformSamples(5, 100))).not.toEqual(Array.from(uniformSamples(6, 100)));
  });

  it('yields k / 2^32 in [0, 1)', () => {
    const next = mulberry32(123);
    for (let i = 0; i < 10_000; i++) {
      const u = next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(Number.isInteger(u * 4294967296)).toBe(true);
    }
  });

  it('normal samples have the requested mean and spread', () => {
    const values = normalSamples(9, 200_000, 3, 2);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    // Standard errors are 2/sqrt(2e5) ≈ 0.0045 for the mean and ≈ 0.0032 for the std.
    expect(Math.abs(mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(std - 2)).toBeLessThan(0.03);
  });
});
