/**
 * Deterministic pseudo-random data shared by tests, fixtures and benchmarks. `scripts/reference/prng.py` is the
 * numpy twin: both produce bit-identical sequences, so large samples are regenerated on either side instead of
 * being stored.
 *
 * Uniforms come from mulberry32 (a 32-bit counter hashed by a xorshift-multiply mix); every uniform is k / 2^32,
 * exact in a double. Approximately normal values are the Irwin–Hall sum of 12 uniforms minus 6: a sum of twelve
 * 32-bit fractions is exact in a double whatever the summation order, so no transcendental function (whose last
 * bit may differ between V8 and glibc) is involved.
 */

const GOLDEN_GAMMA = 0x6d2b79f5;
const TWO_POW_32 = 4294967296;

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + GOLDEN_GAMMA) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

export function uniformSamples(seed: number, count: number): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = next();
  }
  return out;
}

/** `count` values of mean + std·Z with Z ≈ N(0, 1) (Irwin–Hall, 12 uniforms per value). */
export function normalSamples(seed: number, count: number, mean = 0, std = 1): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let k = 0; k < 12; k++) {
      sum += next();
    }
    out[i] = mean + std * (sum - 6);
  }
  return out;
}
