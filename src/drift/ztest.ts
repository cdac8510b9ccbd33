/**
 * Two-proportion z-test with pooled variance (Evidently's `z` for binary features):
 * P = (x1 + x2)/(n1 + n2), z = (x1/n1 − x2/n2) / sqrt(P(1 − P)(1/n1 + 1/n2)), two-sided p = 2(1 − Φ(|z|)).
 * The p-value is computed as the chi-square(1) survival of z², the same number without the cancellation of
 * 1 − Φ in the tail. When both samples are constant and equal (P = 0 or 1), z = 0 and p = 1.
 */
import { chiSquareSf } from './chi2';
import { DriftInputError } from './errors';

export interface ZTestResult {
  statistic: number;
  pValue: number;
}

export function twoProportionZTest(successes1: number, n1: number, successes2: number, n2: number): ZTestResult {
  if (!(n1 > 0) || !(n2 > 0)) {
    throw new DriftInputError(`z-test needs observations on both sides (reference ${n1}, current ${n2})`);
  }
  const pooled = (successes1 + successes2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) {
    return { statistic: 0, pValue: 1 };
  }
  const z = (successes1 / n1 - successes2 / n2) / Math.sqrt(variance);
  return { statistic: z, pValue: chiSquareSf(z * z, 1) };
}
