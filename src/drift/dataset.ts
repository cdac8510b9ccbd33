/**
 * Dataset-level verdict over per-feature results, with optional multiple-testing correction of the test
 * p-values (distances keep their own verdicts):
 * - 'bonferroni': adjusted p = min(1, K·p), K = number of features with a p-value;
 * - 'bh' (Benjamini–Hochberg): adjusted p_(i) = min over j >= i of K·p_(j)/j (ascending order), capped at 1;
 *   comparing it with the threshold α controls the false discovery rate at α.
 * A feature drifts when its (adjusted) p-value < its threshold. The dataset drifts when the share of drifted
 * features >= driftShare (Evidently's rule, default 0.5).
 */
import { DriftInputError } from './errors';
import type { DriftResult } from './types';

export type MultipleTestingCorrection = 'none' | 'bonferroni' | 'bh';

export interface DatasetDriftOptions {
  driftShare?: number;
  correction?: MultipleTestingCorrection;
}

export interface AdjustedVerdict {
  feature: string;
  method: DriftResult['method'];
  pValue?: number;
  adjustedPValue?: number;
  threshold: number;
  drift: boolean;
}

export interface DatasetDrift {
  /** Drifted features / all features (0 when there are none). */
  driftShare: number;
  datasetDrift: boolean;
  drifted: number;
  total: number;
  verdicts: AdjustedVerdict[];
}

/** The p-values adjusted for testing them together (see the module comment), in their order. */
export function adjustPValues(pValues: number[], correction: MultipleTestingCorrection): number[] {
  const k = pValues.length;
  if (correction === 'none') {
    return pValues;
  }
  if (correction === 'bonferroni') {
    return pValues.map((p) => Math.min(1, p * k));
  }
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(k);
  let running = 1;
  for (let rank = k; rank >= 1; rank--) {
    const index = order[rank - 1];
    running = Math.min(running, (pValues[index] * k) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}

export const MULTIPLE_TESTING_CORRECTIONS: readonly MultipleTestingCorrection[] = ['none', 'bonferroni', 'bh'];

/** Throws `DriftInputError` naming the allowed values for anything but a known correction. */
export function checkCorrection(correction: string): asserts correction is MultipleTestingCorrection {
  if (!(MULTIPLE_TESTING_CORRECTIONS as readonly string[]).includes(correction)) {
    throw new DriftInputError(`unknown multiple-testing correction ${JSON.stringify(correction)} (none, bonferroni, bh)`);
  }
}

export function dataDrift(results: DriftResult[], options: DatasetDriftOptions = {}): DatasetDrift {
  const driftShare = options.driftShare ?? 0.5;
  const correction = options.correction ?? 'none';
  if (!(driftShare >= 0 && driftShare <= 1)) {
    throw new DriftInputError(`driftShare must be between 0 and 1, got ${driftShare}`);
  }
  checkCorrection(correction);
  const tested = results.map((result, i) => ({ result, i })).filter(({ result }) => result.pValue !== undefined);
  const adjusted = adjustPValues(
    tested.map(({ result }) => result.pValue as number),
    correction
  );
  const adjustedByIndex = new Map(tested.map(({ i }, k) => [i, adjusted[k]]));
  const verdicts = results.map((result, i): AdjustedVerdict => {
    const adjustedPValue = adjustedByIndex.get(i);
    const verdict: AdjustedVerdict = {
      feature: result.feature,
      method: result.method,
      threshold: result.threshold,
      drift: adjustedPValue === undefined ? result.drift : adjustedPValue < result.threshold,
    };
    if (adjustedPValue !== undefined) {
      verdict.pValue = result.pValue;
      verdict.adjustedPValue = adjustedPValue;
    }
    return verdict;
  });
  const drifted = verdicts.filter((verdict) => verdict.drift).length;
  const share = results.length === 0 ? 0 : drifted / results.length;
  return { driftShare: share, datasetDrift: results.length > 0 && share >= driftShare, drifted, total: results.length, verdicts };
}
