/**
 * Chi-square homogeneity test on a 2×K table (reference counts, current counts), as
 * scipy.stats.chi2_contingency: expected_ij = row_i · column_j / total, χ² = Σ (observed − expected)² / expected,
 * dof = K − 1, Yates' continuity correction when dof = 1 (each |observed − expected| reduced by at most 0.5).
 * Columns empty on both sides have expected 0; they carry no information, are dropped and reported (scipy
 * raises instead). dof = 0 (a single non-empty column) gives χ² = 0 and p = 1.
 */
import { jStat } from 'jstat';
import { DriftInputError } from './errors';

/**
 * Upper tail Q(a, x) of the regularized incomplete gamma function. jstat's P(a, x) is used where the tail is
 * not small (x < a + 1); beyond, 1 − P would cancel, so Q comes from Legendre's continued fraction
 * (modified Lentz), which keeps full relative precision in the far tail (p-values of 1e-300 stay exact).
 */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) {
    return 1;
  }
  if (x < a + 1) {
    return 1 - jStat.lowRegGamma(a, x);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) {
      d = tiny;
    }
    c = b + an / c;
    if (Math.abs(c) < tiny) {
      c = tiny;
    }
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-16) {
      break;
    }
  }
  return Math.exp(-x + a * Math.log(x) - jStat.gammaln(a)) * fraction;
}

/** Survival function of the chi-square distribution with `dof` degrees of freedom. */
export function chiSquareSf(statistic: number, dof: number): number {
  if (dof <= 0) {
    return 1;
  }
  return Math.min(1, Math.max(0, upperRegularizedGamma(dof / 2, statistic / 2)));
}

export interface Chi2Result {
  statistic: number;
  pValue: number;
  dof: number;
  /** Indices of the columns dropped because both sides are empty there. */
  droppedEmpty: number[];
  yates: boolean;
}

export function chi2Homogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): Chi2Result {
  if (reference.length !== current.length) {
    throw new DriftInputError(`chi2: reference has ${reference.length} columns, current ${current.length}`);
  }
  const kept: number[] = [];
  const droppedEmpty: number[] = [];
  let total1 = 0;
  let total2 = 0;
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] + current[i] > 0) {
      kept.push(i);
    } else {
      droppedEmpty.push(i);
    }
    total1 += reference[i];
    total2 += current[i];
  }
  if (!(total1 > 0) || !(total2 > 0)) {
    throw new DriftInputError(`chi2 needs observations on both sides (reference ${total1}, current ${total2})`);
  }
  const dof = kept.length - 1;
  if (dof <= 0) {
    return { statistic: 0, pValue: 1, dof: Math.max(dof, 0), droppedEmpty, yates: false };
  }
  const yates = dof === 1;
  let statistic = 0;
  for (const i of kept) {
    statistic += chi2ColumnTerm(reference[i], current[i], total1, total2, yates);
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof, droppedEmpty, yates };
}

/**
 * Column i's term of χ²: Σ over both rows of (|observed − expected| − Yates' correction)² / expected. The terms
 * of the non-empty columns sum to the statistic; a column empty on both sides has none (it is dropped).
 */
export function chi2ColumnTerm(reference: number, current: number, total1: number, total2: number, yates: boolean): number {
  const column = reference + current;
  const total = total1 + total2;
  let term = 0;
  for (const [observed, rowTotal] of [
    [reference, total1],
    [current, total2],
  ]) {
    const expected = (rowTotal * column) / total;
    let gap = Math.abs(observed - expected);
    if (yates) {
      gap -= Math.min(0.5, gap);
    }
    term += (gap * gap) / expected;
  }
  return term;
}
