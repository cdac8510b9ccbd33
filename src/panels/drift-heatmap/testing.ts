import { createDataFrame, DataFrame, DataFrameType, FieldType } from '@grafana/data';

import { DRIFT_EXPLANATION, DRIFT_VALUE_FIELDS } from '../../shared/frameContract';
import { FeatureSeries } from './readFrames';
import { rowKey, rowQualifiers, rowTitle } from './rows';

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
  /** Labels besides `feature` and `method`, replacing the default `model` and `version` where given (`segment`, `reference`). */
  labels?: Record<string, string>;
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
        labels: { model: 'churn', version: '3', ...spec.labels, feature: spec.feature, method: spec.method ?? 'psi' },
        config: { custom },
      },
      ...(spec.contributors ? [{ name: DRIFT_EXPLANATION.topContributorsField, type: FieldType.string, values: spec.contributors }] : []),
    ],
  });
}

/** A row as `readDriftFrames` makes it, alone in its panel, from its series (for grid and layout tests). */
export function featureSeries(fields: Omit<FeatureSeries, 'key' | 'title' | 'qualifiers'>): FeatureSeries {
  const [qualifiers] = rowQualifiers([fields]);
  const { model, version, reference, segment } = fields;
  const labels = Object.fromEntries(Object.entries({ model, version, reference, segment }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { ...fields, key: rowKey(fields.feature, labels), title: rowTitle(fields.feature, qualifiers), qualifiers };
}
