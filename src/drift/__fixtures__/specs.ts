/**
 * Materialises the generator specs of scipy-reference.json (see scripts/reference/drift_reference.py) with the
 * shared PRNG, so the fixture stores seeds instead of large arrays.
 */
import { normalSamples, uniformSamples } from '../prng';

export type SampleSpec =
  | { values: number[] }
  | { normal: [number, number, number, number]; exp?: boolean; floor?: number }
  | { uniform: [number, number, number, number]; exp?: boolean; floor?: number }
  | { pareto: [number, number, number, number]; exp?: boolean; floor?: number };

export function materialise(spec: SampleSpec): Float64Array {
  if ('values' in spec) {
    return Float64Array.from(spec.values);
  }
  let values: Float64Array;
  if ('normal' in spec) {
    const [seed, n, mean, std] = spec.normal;
    values = normalSamples(seed, n, mean, std);
  } else if ('pareto' in spec) {
    const [seed, n, scale, alpha] = spec.pareto;
    values = uniformSamples(seed, n).map((u) => scale * u ** (-1 / alpha));
  } else {
    const [seed, n, low, high] = spec.uniform;
    values = uniformSamples(seed, n).map((u) => low + (high - low) * u);
  }
  if (spec.exp) {
    values = values.map(Math.exp);
  }
  const { floor } = spec;
  return floor === undefined ? values : values.map((v) => Math.floor(v * floor) / floor);
}

/** |actual − expected| <= rel·|expected| (exact match required when expected is 0). */
export function relativeError(actual: number, expected: number): number {
  if (expected === 0) {
    return Math.abs(actual);
  }
  return Math.abs(actual - expected) / Math.abs(expected);
}
