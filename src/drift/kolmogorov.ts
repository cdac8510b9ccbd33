/**
 * Distribution of the one-sample Kolmogorov–Smirnov statistic for a finite sample size n: the survival
 * function P(D_n >= x), D_n = sup |F_n − F|, which scipy exposes as `kstwo.sf(x, n)`. ks_2samp's asymptotic
 * p-value is this function at n = round(n1·n2/(n1+n2)), so matching it matters more than the bare Kolmogorov
 * limit (which is off by percents at moderate n).
 *
 * Which algorithm for which (n, x) follows the decision tree of Simard & L'Ecuyer (2011), "Computing the
 * two-sided Kolmogorov–Smirnov distribution", J. Stat. Software 39(11), as scipy does:
 * - closed forms of Ruben & Gambino at the edges (n·x <= 1 and n·x >= n − 1);
 * - x >= 0.5, or a large n·x²: 2·P(D_n⁺ >= x) (the two one-sided events cannot both happen, or barely);
 * - small n·x^1.5 (n <= 100 000): the exact Durbin matrix, evaluated as Marsaglia, Tsang & Wang (2003);
 * - otherwise the Pelz–Good (1976) asymptotic series.
 * One deliberate difference: where Simard & L'Ecuyer use Pomeranz's recursion (n <= 140, 0.754693 < n·x² <= 4)
 * we use the Durbin matrix too. Both are exact; in that region the matrix is at most 47×47, so it is cheap,
 * and one exact algorithm is less code to get right than two. The fixture tests pin the agreement with scipy.
 */
import { CompensatedSum } from './numeric';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
/** Scaling step for intermediate values that would overflow or underflow a double (an exact power of two). */
const SCALE_EXP = 128;
const SCALE_UP = 2 ** SCALE_EXP;
const SCALE_DOWN = 2 ** -SCALE_EXP;
/** log of the smallest normal double: below this an exponential is zero for our purposes. */
const MIN_LOG = -708;

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** log(n! / n^n) by Stirling's series (n >= 1); the n·log n part is removed analytically, so no cancellation. */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  const r2 = r * r;
  // Stirling corrections B_2j / (2j (2j−1) n^(2j−1)) for j = 1..4; at n > 140 the next term is below 1e-24.
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
  return 0.5 * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + series;
}

/**
 * One-sided Smirnov survival function P(D_n⁺ >= x) by the Birnbaum–Tingey sum
 *   x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1),
 * every term a positive number evaluated in log space (no cancellation, no overflow). Used by
 * `kolmogorovSf` only where the sum converges quickly (x >= 0.5 or n·x² >= 2.2).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n >= 1) || !(x >= 0 && x <= 1)) {
    return NaN;
  }
  if (x === 0) {
    return 1;
  }
  if (x === 1) {
    return 0;
  }
  if (n === 1) {
    return 1 - x;
  }
  if (-2 * n * x * x < MIN_LOG) {
    return 0;
  }
  if (n > 1_000_000) {
    // The sum would take too long; the same large-n approximation as scipy's smirnov: exp(−(6nx+1)²/(18n)).
    return Math.exp(-((6 * n * x + 1) ** 2) / 18 / n);
  }
  if (n * x <= 1) {
    return 1 - x * Math.pow(1 + x, n - 1);
  }
  if (n * x >= n - 1) {
    return Math.pow(1 - x, n);
  }
  // The early terms can underflow while later ones dominate, so the sum is kept as sum·exp(logScale) with
  // logScale the largest log-term so far (a streaming log-sum-exp).
  const lastJ = Math.floor(n * (1 - x));
  // log C(n, j) grows to thousands while each step adds a small number: summed with compensation, else the
  // rounding of thousands of additions would cost ~1e-9 relative on the result at n ≈ 1e5.
  const logBinomial = new CompensatedSum();
  let logScale = -Infinity;
  let scaledSum = 0;
  let previousLogTerm = -Infinity;
  for (let j = 0; j <= lastJ; j++) {
    const left = x + j / n;
    if (left >= 1) {
      break;
    }
    const logTerm = logBinomial.value() + (n - j) * Math.log1p(-left) + (j - 1) * Math.log(left);
    if (logTerm > logScale) {
      scaledSum = scaledSum * Math.exp(logScale - logTerm) + 1;
      logScale = logTerm;
    } else {
      scaledSum += Math.exp(logTerm - logScale);
    }
    // Past the peak and below 1e-18 of the sum: the remaining terms keep shrinking, stop.
    if (logTerm < previousLogTerm && logTerm < logScale + Math.log(scaledSum) - 41.5) {
      break;
    }
    previousLogTerm = logTerm;
    logBinomial.add(Math.log((n - j) / (j + 1)));
  }
  return clip01(x * Math.exp(logScale + Math.log(scaledSum)));
}

/** Square-matrix product of two row-major m×m matrices. */
function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) {
        continue;
      }
      const rowB = k * m;
      const rowOut = i * m;
      for (let j = 0; j < m; j++) {
        out[rowOut + j] += aik * b[rowB + j];
      }
    }
  }
  return out;
}

/**
 * P(D_n < d) by Durbin's matrix: with n·d = k − h (k integer, 0 <= h < 1) and m = 2k − 1, the probability is
 * n!/n^n · (H^n)[k−1, k−1] for an m×m matrix H of inverse factorials corrected by powers of h on the first
 * column and the last row. H^n by repeated squaring; magnitudes are kept in range by exact powers of two whose
 * exponents are tracked separately (Marsaglia, Tsang & Wang 2003).
 */
function durbinMatrixCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) {
    return 0;
  }
  if (d >= 1) {
    return 1;
  }
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let i = 1; i <= m; i++) {
    inverseFactorial[i] = inverseFactorial[i - 1] / i;
  }
  const base = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const order = i - j + 1;
      if (order >= 0) {
        base[i * m + j] = inverseFactorial[order];
      }
    }
  }
  for (let i = 0; i < m; i++) {
    base[i * m] = (1 - Math.pow(h, i + 1)) * inverseFactorial[i + 1];
    base[(m - 1) * m + (m - 1 - i)] = (1 - Math.pow(h, i + 1)) * inverseFactorial[i + 1];
  }
  base[(m - 1) * m] = (1 - 2 * Math.pow(h, m) + Math.pow(Math.max(0, 2 * h - 1), m)) * inverseFactorial[m];

  const centre = (k - 1) * m + (k - 1);
  let power: Float64Array | undefined;
  let powerExp = 0;
  let square: Float64Array = base;
  let squareExp = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) {
      power = power === undefined ? square.slice() : multiply(power, square, m);
      powerExp += squareExp;
    }
    if (e > 1) {
      square = multiply(square, square, m);
      squareExp *= 2;
      if (Math.abs(square[centre]) > SCALE_UP) {
        for (let i = 0; i < square.length; i++) {
          square[i] *= SCALE_DOWN;
        }
        squareExp += SCALE_EXP;
      }
    }
  }
  let p = (power as Float64Array)[centre];
  let exp2 = powerExp;
  for (let i = 1; i <= n; i++) {
    p = (p * i) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exp2 -= SCALE_EXP;
    }
  }
  return clip01(p * Math.pow(2, exp2));
}

/**
 * Pelz–Good approximation of P(D_n <= x): the Li-Chien/Korolyuk expansion K0 + K1/√n + K2/n + K3/n^1.5 in
 * z = x√n, each K rewritten through Jacobi's theta identity as rapidly converging sums over odd m = 2k−1
 * (weights exp(−m²π²/(8z²))) and over all k (weights exp(−k²π²/(2z²))).
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) {
    return 0;
  }
  if (x >= 1) {
    return 1;
  }
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const z8 = z4 * z4;
  if (-PI2 / 8 / z2 < MIN_LOG) {
    return 0;
  }
  const terms = Math.ceil((16 * z) / Math.PI);
  let k0 = 0;
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  for (let k = terms; k >= 1; k--) {
    const odd = 2 * k - 1;
    const o2 = odd * odd;
    const o4 = o2 * o2;
    const o6 = o4 * o2;
    const weight = Math.exp((-o2 * PI2) / (8 * z2));
    k0 += weight;
    k1 += weight * ((PI2 / 4) * o2 - z2);
    k2 += weight * (6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * PI2 * o2) / 4 + (PI4 * (1 - 2 * z2) * o4) / 16);
    k3 +=
      weight *
      (-30 * z6 -
        90 * z8 +
        (PI2 * (135 * z4 - 96 * z6) * o2) / 4 +
        (PI4 * (212 * z4 - 60 * z2) * o4) / 16 +
        (PI6 * (5 - 30 * z2) * o6) / 64);
  }
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = terms; k >= 1; k--) {
    const k2sq = k * k;
    const weight = Math.exp((-PI2 * k2sq) / (2 * z2));
    k2Extra += k2sq * weight;
    k3Extra += (3 * z2 - PI2 * k2sq) * k2sq * weight;
  }
  const c0 = (SQRT_2PI / z) * k0;
  const c1 = (SQRT_2PI / (6 * z4)) * k1;
  const c2 = (SQRT_2PI / (72 * z2 * z4 * z)) * k2 - ((PI2 * SQRT_2PI) / (36 * z2 * z)) * k2Extra;
  const c3 = (SQRT_2PI / (6480 * z8 * z2)) * k3 + ((PI2 * SQRT_2PI) / (216 * z6)) * k3Extra;
  const rootN = Math.sqrt(n);
  return c0 + c1 / rootN + c2 / n + c3 / (n * rootN);
}

/**
 * P(D_n >= x) for the two-sided one-sample KS statistic with sample size n (scipy `kstwo.sf(x, n)`).
 * n must be a positive integer.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) {
    return NaN;
  }
  if (x >= 1) {
    return 0;
  }
  if (x <= 0) {
    return 1;
  }
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) {
      return 1;
    }
    // Ruben–Gambino: P(D_n < x) = n!/n^n · (2t − 1)^n for 1/(2n) < x <= 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) {
        cdf *= (i / n) * (2 * t - 1);
      }
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - cdf);
  }
  if (t >= n - 1) {
    // Ruben–Gambino at the other end: only the two extreme one-sided events remain, and they are disjoint.
    return clip01(2 * Math.pow(1 - x, n));
  }
  if (x >= 0.5) {
    return clip01(2 * smirnovSf(n, x));
  }
  const nx2 = t * x;
  if (n <= 140) {
    return nx2 <= 4 ? clip01(1 - durbinMatrixCdf(n, x)) : clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) {
    return 0;
  }
  if (nx2 >= 2.2) {
    return clip01(2 * smirnovSf(n, x));
  }
  if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
    return clip01(1 - durbinMatrixCdf(n, x));
  }
  return clip01(1 - pelzGoodCdf(n, x));
}

/** Exposed for the accuracy tests, which compare each algorithm with scipy's on its own. */
export const kolmogorovAlgorithms = { durbinMatrixCdf, pelzGoodCdf };
