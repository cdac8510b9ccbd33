/**
 * Profiling prediction logs for `baselines/capture`: which fields exist and what kind they are (`_field_caps`),
 * and per field the summary a baseline needs before its bins can be chosen: `extended_stats` and `percentiles`
 * for numeric fields, top `terms` for categorical ones, `missing` for both. One search for every field.
 *
 * Percentiles are Elasticsearch's TDigest estimates (exact for small sets, approximate beyond); they only choose
 * the bin edges. The counts stored in the baseline come from a second, exact `range` aggregation on those edges.
 */
import type { ElasticsearchMapping } from '../../shared/settingsModel';
import type { FeatureProfile, FieldRole, ModelRef, TimeRange } from '../sources/types';
import { countAt, isObject, type JsonObject, metricAt, objectAt, ResponseShapeError } from './json';
import { type ElasticsearchLayout, fieldOf, modelFilter } from './requestBuilder';
import { readTerms } from './responseParser';

export type FieldKind = 'numeric' | 'categorical';

const NUMERIC_TYPES = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);
const CATEGORICAL_TYPES = new Set(['keyword', 'constant_keyword', 'boolean', 'ip', 'version', 'wildcard']);

export interface ProfileSpec {
  name: string;
  role: FieldRole;
  kind: FieldKind;
}

export interface DiscoveredField {
  /** Field name below the feature prefix (features), or the full field name (prediction, label). */
  name: string;
  kind?: FieldKind;
  /** Why the field cannot be used, when it cannot. */
  problem?: string;
}

/** The kind of one field from its `_field_caps` entry (one entry per mapped type across the indices). */
export function kindFromCaps(caps: JsonObject): { kind?: FieldKind; problem?: string } {
  const types = Object.keys(caps).filter((type) => type !== 'unmapped');
  if (types.length === 0) {
    return { problem: 'not mapped in any index' };
  }
  const aggregatable = types.every((type) => !isObject(caps[type]) || caps[type].aggregatable !== false);
  if (types.every((type) => NUMERIC_TYPES.has(type)) && aggregatable) {
    return { kind: 'numeric' };
  }
  if (types.every((type) => CATEGORICAL_TYPES.has(type)) && aggregatable) {
    return { kind: 'categorical' };
  }
  return { problem: `mapped as ${types.join(' and ')}${aggregatable ? '' : ' (not aggregatable)'}; numeric or keyword/boolean types are needed` };
}

/** Query string of the `_field_caps` request: every feature field (or the named ones), prediction and label. */
export function fieldCapsFields(mapping: ElasticsearchMapping, features: readonly string[]): string {
  const featureFields = features.length > 0 ? features.map((name) => fieldOf(mapping, name)) : [`${mapping.featurePrefix}*`];
  return [...featureFields, mapping.predictionField, mapping.labelField].join(',');
}

/** Feature, prediction and label fields from a `_field_caps` answer. Object fields (parents) are skipped. */
function selectionFields(layout: ElasticsearchLayout): string[] {
  return [layout.modelSelection, layout.versionSelection].flatMap((selection) => (selection === undefined || selection === 'none' ? [] : [selection.field]));
}

export function readFieldCaps(body: unknown, mapping: ElasticsearchLayout, features: readonly string[]): { features: DiscoveredField[]; prediction?: DiscoveredField; label?: DiscoveredField } {
  const fields = objectAt(objectAt(body, '_field_caps').fields, '_field_caps.fields');
  const describe = (name: string, field: string): DiscoveredField => {
    const caps = fields[field];
    return caps === undefined ? { name, problem: 'not mapped in any index' } : { name, ...kindFromCaps(objectAt(caps, `fields.${field}`)) };
  };
  const isObjectField = (field: string) => isObject(fields[field]) && ('object' in (fields[field] as JsonObject) || 'nested' in (fields[field] as JsonObject));
  // With an empty prefix every top-level field matches: the time, model and version fields are not features, nor
  // Elasticsearch's own (`_id`, `_source`, `_seq_no`, …), which `_field_caps` lists under the same names as ours.
  const notFeatures = new Set([mapping.predictionField, mapping.labelField, mapping.timeField, mapping.modelField, mapping.versionField, ...selectionFields(mapping)]);
  const names =
    features.length > 0
      ? [...features]
      : Object.keys(fields)
          .filter((field) => field.startsWith(mapping.featurePrefix) && !field.startsWith('_') && !notFeatures.has(field) && !isObjectField(field))
          .map((field) => field.slice(mapping.featurePrefix.length))
          .sort();
  return {
    features: names.map((name) => describe(name, fieldOf(mapping, name))),
    ...(fields[mapping.predictionField] !== undefined ? { prediction: describe(mapping.predictionField, mapping.predictionField) } : {}),
    ...(fields[mapping.labelField] !== undefined ? { label: describe(mapping.labelField, mapping.labelField) } : {}),
  };
}

const profileAgg = {
  stats: (i: number) => `p${i}_stats`,
  percentiles: (i: number) => `p${i}_pct`,
  terms: (i: number) => `p${i}_terms`,
  missing: (i: number) => `p${i}_missing`,
};

/** One search profiling every field. Predictions and labels are class names, so always categorical. */
export function profileBody(mapping: ElasticsearchMapping, model: ModelRef, specs: ProfileSpec[], range: TimeRange, levels: readonly number[], maxCategories: number): JsonObject {
  const aggs: JsonObject = {};
  specs.forEach((spec, i) => {
    const field = fieldOf(mapping, spec.name, spec.role);
    aggs[profileAgg.missing(i)] = { missing: { field } };
    if (spec.kind === 'numeric') {
      aggs[profileAgg.stats(i)] = { extended_stats: { field } };
      aggs[profileAgg.percentiles(i)] = { percentiles: { field, percents: levels.map(percentOf), keyed: false } };
    } else {
      aggs[profileAgg.terms(i)] = { terms: { field, size: maxCategories } };
    }
  });
  return { size: 0, track_total_hits: true, query: modelFilter(mapping, model, range), aggs };
}

/** Percent points as sent: `levels × 100` without binary noise (0.07 × 100 is 7.000000000000001). */
export const percentOf = (level: number): number => Number((level * 100).toFixed(9));

/** Percentile values in the order of `levels`, from the array (`keyed: false`) or keyed-object ("10.0": …) form. */
function readPercentiles(aggregation: JsonObject, levels: readonly number[], path: string): number[] {
  const values = aggregation.values;
  const entries: Array<[number, number]> = Array.isArray(values)
    ? values.map((item, i) => {
        const entry = objectAt(item, `${path}.values[${i}]`);
        return [Number(entry.key), metricAt(entry.value, `${path}.values[${i}].value`)];
      })
    : Object.entries(objectAt(values, `${path}.values`)).map(([key, value]) => [Number(key), metricAt(value, `${path}.values.${key}`)]);
  return levels.map((level) => entries.find(([percent]) => Math.abs(percent - percentOf(level)) < 1e-6)?.[1] ?? NaN);
}

export function readProfiles(aggregations: JsonObject, totalHits: number, specs: ProfileSpec[], levels: readonly number[]): FeatureProfile[] {
  return specs.map((spec, i): FeatureProfile => {
    const path = 'aggregations';
    const missingAgg = aggregations[profileAgg.missing(i)];
    const missing = missingAgg === undefined ? 0 : countAt(objectAt(missingAgg, path).doc_count, `${path}.${profileAgg.missing(i)}.doc_count`);
    const base = { feature: spec.name, role: spec.role, kind: spec.kind, observations: totalHits, missing };
    if (spec.kind === 'categorical') {
      const terms = readTerms(aggregations[profileAgg.terms(i)], () => `${path}.${profileAgg.terms(i)}`);
      return { ...base, distribution: { categories: terms.categories, counts: terms.counts }, unlisted: terms.other };
    }
    const statsAgg = aggregations[profileAgg.stats(i)];
    if (statsAgg === undefined) {
      throw new ResponseShapeError(`missing ${profileAgg.stats(i)} in the profile answer`);
    }
    const stats = objectAt(statsAgg, `${path}.${profileAgg.stats(i)}`);
    const n = countAt(stats.count, `${path}.${profileAgg.stats(i)}.count`);
    const percentiles = aggregations[profileAgg.percentiles(i)];
    return {
      ...base,
      summary: {
        n,
        min: metricAt(stats.min, `${path}.stats.min`),
        max: metricAt(stats.max, `${path}.stats.max`),
        mean: metricAt(stats.avg, `${path}.stats.avg`),
        // Elasticsearch's `std_deviation` is the population standard deviation (ddof = 0), as baselines store.
        std: metricAt(stats.std_deviation, `${path}.stats.std_deviation`),
      },
      quantiles: {
        levels: [...levels],
        values: percentiles === undefined ? levels.map(() => NaN) : readPercentiles(objectAt(percentiles, `${path}.${profileAgg.percentiles(i)}`), levels, `${path}.${profileAgg.percentiles(i)}`),
      },
    };
  });
}

