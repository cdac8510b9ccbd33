import { DataFrame, Field } from '@grafana/data';

import type { DriftMethod } from '../../drift/types';
import { DISTRIBUTION_FIELDS, DistributionFrameCustom } from '../../shared/frameContract';
import { findFieldByName } from '../shared/frames';
import { FeatureDistribution } from './model';

export function isDatasourceFrame(frame: DataFrame): boolean {
  return findFieldByName(frame, DISTRIBUTION_FIELDS.bin) !== undefined;
}

function numbers(field: Field | undefined, length: number): number[] | undefined {
  if (!field) {
    return undefined;
  }
  return Array.from({ length }, (_, i) => {
    const value = field.values[i];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  });
}

/** A column where a missing value stays missing (a share of the score is not 0 for want of one). */
function optionalNumbers(field: Field | undefined, length: number): Array<number | undefined> | undefined {
  return field && Array.from({ length }, (_, i) => (typeof field.values[i] === 'number' && Number.isFinite(field.values[i]) ? (field.values[i] as number) : undefined));
}

function bound(field: Field | undefined, i: number, open: number): number | undefined {
  if (!field) {
    return undefined;
  }
  const value = field.values[i];
  // the backend writes the open-ended buckets' missing bound as null (JSON has no Infinity)
  return typeof value === 'number' ? value : value === null || value === undefined ? open : undefined;
}

function customOf(frame: DataFrame): Partial<DistributionFrameCustom> {
  const custom: unknown = frame.meta?.custom;
  return typeof custom === 'object' && custom !== null ? (custom as Partial<DistributionFrameCustom>) : {};
}

/** A frame of the `distribution` or `baseline` query (frameContract.ts): one row per bin or category. */
export function readDatasourceFrame(frame: DataFrame): FeatureDistribution {
  const custom = customOf(frame);
  const n = frame.length;
  const binField = findFieldByName(frame, DISTRIBUTION_FIELDS.bin)!;
  const lower = findFieldByName(frame, DISTRIBUTION_FIELDS.lower);
  const upper = findFieldByName(frame, DISTRIBUTION_FIELDS.upper);
  const kind = custom.kind ?? (lower && upper ? 'numeric' : 'categorical');
  const counts = (countName: string, ratioName: string): number[] | undefined =>
    numbers(findFieldByName(frame, countName), n) ?? numbers(findFieldByName(frame, ratioName), n);
  const baselineField = findFieldByName(frame, DISTRIBUTION_FIELDS.baselineCount);
  const currentField = findFieldByName(frame, DISTRIBUTION_FIELDS.currentCount);
  const feature: FeatureDistribution = {
    feature: custom.feature ?? frame.name ?? 'feature',
    kind,
    model: custom.model,
    version: custom.version,
    bins: Array.from({ length: n }, (_, i) => ({
      label: String(binField.values[i] ?? ''),
      lower: kind === 'numeric' ? bound(lower, i, -Infinity) : undefined,
      upper: kind === 'numeric' ? bound(upper, i, Infinity) : undefined,
    })),
    baseline: counts(DISTRIBUTION_FIELDS.baselineCount, DISTRIBUTION_FIELDS.baselineRatio),
    ...(typeof custom.reference === 'string' ? { reference: custom.reference } : {}),
    current: counts(DISTRIBUTION_FIELDS.currentCount, DISTRIBUTION_FIELDS.currentRatio),
    contributions: optionalNumbers(findFieldByName(frame, DISTRIBUTION_FIELDS.contribution), n),
    notices: (custom.notices ?? []).map((notice) => notice.text),
    linkField: currentField ?? baselineField,
    fields: { edges: upper ?? lower, baseline: baselineField, current: currentField },
  };
  if (custom.method !== undefined && typeof custom.statistic === 'number') {
    feature.stats = {
      method: custom.method as DriftMethod,
      statistic: custom.statistic,
      statisticUpperBound: custom.statisticUpperBound,
      pValue: custom.pValue,
      threshold: custom.threshold,
      drift: custom.drift,
      notices: custom.notices ?? [],
      computedInBrowser: false,
    };
  }
  return feature;
}
