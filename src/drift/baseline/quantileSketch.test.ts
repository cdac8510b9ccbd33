import { QuantileSketch } from './quantileSketch';
import { mulberry32, normalSamples } from '../prng';

// Whole-file builds and 200 000-value sketches: allow for a loaded CI machine.
jest.setTimeout(30_000);

describe('QuantileSketch', () => {
  it('is exact with numpy’s linear interpolation while nothing is compacted', () => {
    const sketch = new QuantileSketch();
    [7, 1, 3, 10].forEach((v) => sketch.add(v));
    // numpy.quantile([1, 3, 7, 10], [0, 0.25, 0.5, 0.9, 1]) = [1, 2.5, 5, 9.1, 10]
    const [q0, q25, q50, q90, q100] = sketch.quantiles([0, 0.25, 0.5, 0.9, 1]);
    expect([q0, q25, q50, q100]).toEqual([1, 2.5, 5, 10]);
    expect(q90).toBeCloseTo(9.1, 12);
    expect(sketch.exact).toBe(true);
  });

  it('stays within 1 % rank error on 200 000 values and gives the same answer on every run', () => {
    const values = normalSamples(7, 200_000);
    const shuffled = Float64Array.from(values);
    const next = mulberry32(3);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const build = () => {
      const sketch = new QuantileSketch();
      shuffled.forEach((v) => sketch.add(v));
      return sketch;
    };
    const sketch = build();
    expect(sketch.exact).toBe(false);
    const sorted = Float64Array.from(values).sort();
    const levels = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
    const answers = sketch.quantiles(levels);
    levels.forEach((level, i) => {
      // Rank of the answer in the full data, found independently by counting.
      let below = 0;
      while (below < sorted.length && sorted[below] <= answers[i]) {
        below++;
      }
      expect(Math.abs(below / sorted.length - level)).toBeLessThan(0.01);
    });
    expect(build().quantiles(levels)).toEqual(answers);
  });
});
