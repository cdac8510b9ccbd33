import { interpolateClipped, isotonicFit } from './isotonic';

describe('isotonic regression', () => {
  it('keeps a non-decreasing sequence as it is', () => {
    expect(isotonicFit([0.1, 0.2, 0.2, 0.9], [1, 2, 3, 4])).toEqual([0.1, 0.2, 0.2, 0.9]);
  });

  it('pools violators into their weighted mean, repeatedly', () => {
    // 0.5 (w 1) > 0.2 (w 3): pooled 0.275; then 0.275 > 0.1 (w 4): (0.275·4 + 0.1·4)/8 = 0.1875.
    const fitted = isotonicFit([0.5, 0.2, 0.1, 0.6], [1, 3, 4, 1]);
    expect(fitted.slice(0, 3).every((v) => Math.abs(v - 0.1875) < 1e-15)).toBe(true);
    expect(fitted[3]).toBe(0.6);
  });

  it('interpolates linearly between points and clips beyond them', () => {
    expect(interpolateClipped([0.1, 0.5], [0.2, 0.6], 0.3)).toBeCloseTo(0.4, 15);
    expect(interpolateClipped([0.1, 0.5], [0.2, 0.6], 0)).toBe(0.2);
    expect(interpolateClipped([0.1, 0.5], [0.2, 0.6], 0.9)).toBe(0.6);
    expect(interpolateClipped([0.5], [0.3], 0.1)).toBe(0.3);
  });
});
