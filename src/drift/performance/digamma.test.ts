import { digammaDifference } from './digamma';

describe('digammaDifference', () => {
  it.each([0.3, 1, 5, 9.5, 12, 1e6])('satisfies ψ(x + 1) − ψ(x) = 1/x at x = %p', (x) => {
    expect(digammaDifference(x, x + 1)).toBeCloseTo(1 / x, 13);
  });

  it('sums the harmonic series: ψ(101) − ψ(1) = H₁₀₀', () => {
    let h = 0;
    for (let j = 1; j <= 100; j++) {
      h += 1 / j;
    }
    expect(Math.abs(digammaDifference(1, 101) - h)).toBeLessThan(1e-13);
  });

  it('keeps its digits for a short step far out (log1p, not a difference of two ψ ≈ 14)', () => {
    // Σ 1/(c + j), j = 0..2, with c = 1e6.
    const exact = 1 / 1e6 + 1 / (1e6 + 1) + 1 / (1e6 + 2);
    expect(Math.abs(digammaDifference(1e6, 1e6 + 3) - exact) / exact).toBeLessThan(1e-12);
  });

  it('is zero over an empty step and refuses reversed or non-positive arguments', () => {
    expect(digammaDifference(4, 4)).toBe(0);
    expect(() => digammaDifference(0, 1)).toThrow(RangeError);
    expect(() => digammaDifference(2, 1)).toThrow(RangeError);
  });
});
