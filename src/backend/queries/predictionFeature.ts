/**
 * The model's prediction as one more compared distribution (`includePrediction`): a numeric prediction (a
 * probability score or a regression output, read from a histogram on Prometheus or a numeric field on
 * Elasticsearch) or a categorical one, against the baseline's prediction distribution, with every method the
 * features have. It is read with the `prediction` role, so each source finds it where its binding or mapping puts
 * predictions, and its series (`drift`) or frame (`distribution`) is named like a feature's by the prediction's name.
 */
import type { BaselineDocument, BaselineFeature, DriftNotice } from '../../drift/types';
import type { DriftQuery } from '../../shared/queryModel';
import type { FieldRole } from '../sources/types';

export interface ComparedFeatures {
  features: BaselineFeature[];
  /** `roles[i]` is how the source reads `features[i]`. */
  roles: FieldRole[];
  notices: DriftNotice[];
}

/** The selected features, followed by the prediction when the query asks for it and the baseline has one. */
export function withPrediction(baseline: BaselineDocument, selected: BaselineFeature[], query: DriftQuery): ComparedFeatures {
  const roles: FieldRole[] = selected.map(() => 'feature');
  if (query.includePrediction !== true) {
    return { features: selected, roles, notices: [] };
  }
  const prediction = baseline.prediction;
  if (prediction === undefined) {
    const text = `baseline "${baseline.model}@${baseline.version}" has no prediction distribution: build it with \`mldrift baseline build --prediction COL\``;
    return { features: selected, roles, notices: [{ severity: 'warning', text }] };
  }
  // Sources key what they read by name: a feature of the same name would take the prediction's counts.
  if (baseline.features.some((f) => f.name === prediction.name)) {
    const text = `the prediction "${prediction.name}" has the name of a feature of the baseline, so it cannot be read apart from it; rename one of the columns`;
    return { features: selected, roles, notices: [{ severity: 'error', text }] };
  }
  return { features: [...selected, prediction], roles: [...roles, 'prediction'], notices: [] };
}
