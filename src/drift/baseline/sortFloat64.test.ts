import { sortFloat64 } from './sortFloat64';
import { mulberry32 } from '../prng';

/** Bit-for-bit comparison, so −0 and +0 are told apart. */
function sameOrder(actual: Float64Array, wanted: Float64Array): boolean {
  return actual.length === wanted.length && actual.every((value, i) => Object.is(value, wanted[i]));
}

describe('sortFloat64', () => {
  it('sorts exactly as Float64Array.prototype.sort: signs, zeros of both signs, ties, extremes', () => {
    const next = mulberry32(5);
    const shapes: Array<() => number> = [
      () => (next() - 0.5) * 1e4,
      () => Math.floor(next() * 7),
      () => (next() < 0.5 ? -0 : 0),
      // Equal in their high 32 bits, apart in the low ones: the insertion pass gives up for the full sort.
      () => 1 + next() * 1e-9,
      () => -1 - next() * 1e-9,
      () => (next() - 0.5) * 10 ** Math.floor(next() * 600 - 300),
      () => [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 0, -0, 1][Math.floor(next() * 7)],
    ];
    for (const shape of shapes) {
      for (const n of [0, 1, 2, 3, 17, 1024, 5000]) {
        const values = Float64Array.from({ length: n }, shape);
        expect(sameOrder(sortFloat64(values.slice()), values.slice().sort())).toBe(true);
      }
    }
  });

  it('sorts nearly sorted input (sorted runs with an item out of place) as the built-in sort does', () => {
    const next = mulberry32(9);
    for (const n of [2, 9, 513, 1025]) {
      const run = Float64Array.from({ length: n }, () => (next() - 0.5) * 100).sort();
      const withStray = Float64Array.from([next() * 100 - 50, ...run]);
      const twoRuns = Float64Array.from([...run, ...run.map((v) => v + 1)]);
      const zeros = Float64Array.from([0, -0, 0, -0, ...run.filter((v) => v > 0)]);
      for (const values of [withStray, twoRuns, zeros, run]) {
        expect(sameOrder(sortFloat64(values.slice()), values.slice().sort())).toBe(true);
      }
    }
  });

  it('sorts a subarray in place without touching its neighbours', () => {
    const values = Float64Array.from([9, 3, 2, 1, -5]);
    sortFloat64(values.subarray(1, 4));
    expect(Array.from(values)).toEqual([9, 1, 2, 3, -5]);
  });
});
