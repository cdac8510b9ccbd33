import { createDataFrame, DataFrame, DataFrameType, FieldType } from '@grafana/data';

import { DRIFT_EXPLANATION, DRIFT_VALUE_FIELDS } from '../../shared/frameContract';

export interface DriftFrameSpec {
  feature: string;
  times: number[];
  values: Array<number | null>;
  /** Which quantity the frame carries; default the score. */
  quantity?: keyof typeof DRIFT_VALUE_FIELDS;
  method?: string;
  threshold?: number;
  windowMs?: number;
  /** `top_contributors` text per point, as an explaining query writes it. */
  contributors?: Array<string | null>;
}

/** A drift series frame as the backend writes it (see frameContract.ts), for tests and fixtures. */
export function driftFrame(spec: DriftFrameSpec): DataFrame {
  const custom: Record<string, number> = {};
  if (spec.threshold !== undefined) {
    custom.threshold = spec.threshold;
  }
  if (spec.windowMs !== undefined) {
    custom.windowMs = spec.windowMs;
  }
  return createDataFrame({
    meta: { type: DataFrameType.TimeSeriesMulti },
    fields: [
      { name: 'time', type: FieldType.time, values: spec.times },
      {
        name: DRIFT_VALUE_FIELDS[spec.quantity ?? 'score'],
        type: FieldType.number,
        values: spec.values,
        labels: { model: 'churn', version: '3', feature: spec.feature, method: spec.method ?? 'psi' },
        config: { custom },
      },
      ...(spec.contributors ? [{ name: DRIFT_EXPLANATION.topContributorsField, type: FieldType.string, values: spec.contributors }] : []),
    ],
  });
}
