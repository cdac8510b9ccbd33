import { normalSamples, uniformSamples } from './prng';
import { sortAscending } from './sort';

function expectSameAsBuiltIn(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortAscending(Float64Array.from(values));
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`position ${i}: ${actual[i]} instead of ${expected[i]}`);
    }
  }
}

describe('sortAscending', () => {
  it('sorts small arrays like the built-in sort', () => {
    expectSameAsBuiltIn(Float64Array.of(3, -1, 0, -0, 2.5, -7e300, 5e-324));
  });

  it('sorts large arrays (radix path) exactly like the built-in sort: signs, ties, −0, extremes, subnormals', () => {
    const base = normalSamples(1, 100_000, 0, 1e3);
    const u = uniformSamples(2, 100_000);
    const values = base.map((v, i) => {
      switch (i % 7) {
        case 0:
          return Math.round(v); // ties
        case 1:
          return u[i] < 0.5 ? -0 : 0;
        case 2:
          return (u[i] - 0.5) * 1e300;
        case 3:
          return (u[i] - 0.5) * 1e-310; // subnormal
        default:
          return v;
      }
    });
    expectSameAsBuiltIn(values);
  });
});
