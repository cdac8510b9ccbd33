/**
 * Differences of the digamma function ψ, which sum harmonic-like series in closed form:
 * Σⱼ₌₀ᵏ⁻¹ 1/(x + j) = ψ(x + k) − ψ(x) for whole k, extended smoothly to fractional k.
 *
 * ψ(z) = ln z + tail(z) with the asymptotic tail −1/(2z) − Σ B₂ₙ/(2n z²ⁿ) (error below 1e-15 for z ≥ 10); smaller
 * arguments are first raised with ψ(z) = ψ(z + 1) − 1/z. The difference takes the logarithms' ratio through log1p
 * so that ψ(c + K) − ψ(c) keeps its digits when c is in the millions and K small.
 */

const ASYMPTOTIC_FROM = 10;

function tail(z: number): number {
  const inv2 = 1 / (z * z);
  // Bernoulli terms B₂ₙ/(2n): 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760.
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return -1 / (2 * z) - series;
}

/** z ≥ ASYMPTOTIC_FROM and the offset with ψ(x) = ψ(z) − offset. */
function raise(x: number): { z: number; offset: number } {
  let z = x;
  let offset = 0;
  while (z < ASYMPTOTIC_FROM) {
    offset += 1 / z;
    z += 1;
  }
  return { z, offset };
}

/** ψ(y) − ψ(x) for 0 < x ≤ y. */
export function digammaDifference(x: number, y: number): number {
  if (!(x > 0) || !(y >= x)) {
    throw new RangeError(`digammaDifference needs 0 < x <= y, got x=${x}, y=${y}`);
  }
  const a = raise(x);
  const b = raise(y);
  return Math.log1p((b.z - a.z) / a.z) + tail(b.z) - tail(a.z) - b.offset + a.offset;
}
