/**
 * "Check bindings" on Elasticsearch: for one model, what its index holds for each baseline feature (and the
 * prediction and label) where the datasource mapping and the model's binding say to read it. Two requests, a
 * third only when the window holds no document of the model:
 * 1. `_field_caps` on the index pattern: whether each field is mapped, and as what (a text field cannot be
 *    counted, a numeric baseline needs a numeric field);
 * 2. one search over the model's documents in the window (the same filter a query uses), with per field a
 *    `filter`/`exists` aggregation counting the documents that have it, and under it `stats` (numeric fields,
 *    their range against the baseline's) or `terms` (categories the baseline never saw);
 * 3. when that search counts no document: the empty-answer search of `elasticsearch/emptyAnswers.ts`, saying
 *    which models and versions the range holds instead.
 * Its answer has the shape of the Prometheus check (`checkBindings.ts`), with `series` the documents counted.
 */
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import type { FeatureCheck, ModelCheck } from '../../shared/resourceModel';
import { emptyAnswerBody, emptyAnswerNotice } from '../elasticsearch/emptyAnswers';
import { bucketsAt, countAt, isObject, type JsonObject, metricAt, objectAt, termKey } from '../elasticsearch/json';
import { kindFromCaps } from '../elasticsearch/profile';
import { fieldOf, modelFilter, TERMS_MARGIN } from '../elasticsearch/requestBuilder';
import { readSearchResponse } from '../elasticsearch/responseParser';
import type { ElasticsearchSourceConfig } from '../elasticsearch/source';
import type { SearchTransport } from '../elasticsearch/transport';
import { errorMessage } from '../log';
import type { FieldRole, ModelRef, TimeRange } from '../sources/types';
import { checkedFields, type Window } from './checkBindings';

/** Live categories named in a note; the rest are counted. */
const LISTED_CATEGORIES = 5;

const agg = {
  present: (i: number) => `c${i}`,
  stats: 'stats',
  categories: 'categories',
} as const;

interface CheckedField {
  feature: BaselineFeature;
  role: FieldRole;
  field: string;
  /** From `_field_caps`; undefined when the lookup failed. */
  types: string[];
  /** What the field's mapping allows: absent when it can be counted. */
  mappingProblem?: string;
  /** `stats` for a numeric baseline feature, `terms` for a categorical one (only on a countable field). */
  detail?: 'stats' | 'terms';
}

/** The mapped types of a field from a `_field_caps` answer (none when unmapped). */
function mappedTypes(fields: JsonObject, field: string): string[] {
  const caps = fields[field];
  return isObject(caps)
    ? Object.keys(caps)
        .filter((type) => type !== 'unmapped')
        .sort()
    : [];
}

/** What a field's mapping means for a baseline feature of this kind and role (exported for its tests). */
export function mappingVerdict(fields: JsonObject, field: string, feature: BaselineFeature, role: FieldRole): Pick<CheckedField, 'mappingProblem' | 'detail'> {
  const caps = fields[field];
  if (!isObject(caps) || mappedTypes(fields, field).length === 0) {
    return { mappingProblem: `field "${field}" is not mapped in any index of the pattern: misspelt, or never logged (check the binding's features / prefix)` };
  }
  const { kind, problem } = kindFromCaps(caps);
  if (problem !== undefined) {
    const keyword = `${field}.keyword`;
    const hint = mappedTypes(fields, keyword).includes('keyword') ? `; bind "${keyword}" instead` : '; map it as keyword (or bind a keyword sub-field)';
    return { mappingProblem: `field "${field}" is ${problem}${hint}` };
  }
  if (feature.kind === 'numeric' && kind !== 'numeric') {
    return {
      mappingProblem: `the baseline's ${role} is numeric but field "${field}" is mapped as ${mappedTypes(fields, field).join(' and ')}; bind a numeric field (or make it categorical in the baseline)`,
    };
  }
  return { detail: feature.kind === 'numeric' ? 'stats' : 'terms' };
}

function fieldAggregation(checked: CheckedField, missingValues: readonly string[]): JsonObject {
  const { field, feature } = checked;
  const aggs: JsonObject = {};
  if (checked.detail === 'stats') {
    aggs[agg.stats] = { stats: { field } };
  } else if (checked.detail === 'terms' && feature.kind === 'categorical') {
    const size = feature.distribution.categories.length + TERMS_MARGIN;
    aggs[agg.categories] = { terms: { field, size, ...(missingValues.length > 0 ? { exclude: [...missingValues] } : {}) } };
  }
  return { filter: { exists: { field } }, ...(Object.keys(aggs).length > 0 ? { aggs } : {}) };
}

/** The counting search: the model's documents in the window, and per countable field its documents and detail. */
function checkSearchBody(config: ElasticsearchSourceConfig, model: ModelRef, range: TimeRange, fields: readonly CheckedField[]): JsonObject {
  const aggs: JsonObject = {};
  fields.forEach((checked, i) => {
    if (checked.mappingProblem === undefined) {
      aggs[agg.present(i)] = fieldAggregation(checked, config.mapping.missingValues ?? []);
    }
  });
  return { size: 0, track_total_hits: true, query: modelFilter(config.mapping, model, range), aggs };
}

/** Where the live values lie against the baseline's range: nothing, a note, or a problem (exported for its tests). */
export function rangeVerdict(
  feature: Extract<BaselineFeature, { kind: 'numeric' }>,
  live: { min: number; max: number }
): Pick<FeatureCheck, 'problem' | 'note'> {
  const baseline = { min: feature.summary.min, max: feature.summary.max };
  if (!Number.isFinite(baseline.min) || !Number.isFinite(baseline.max)) {
    return {};
  }
  const span = `live values [${live.min}, ${live.max}], baseline [${baseline.min}, ${baseline.max}]`;
  if (live.max < baseline.min || live.min > baseline.max) {
    return { problem: `${span} do not overlap at all: a different field, or another unit than the baseline's?` };
  }
  if (live.min < baseline.min || live.max > baseline.max) {
    return { note: `${span}: values beyond the baseline's range fall in its first or last bucket` };
  }
  return {};
}

function categoriesNote(feature: Extract<BaselineFeature, { kind: 'categorical' }>, live: string[]): string | undefined {
  const known = new Set(feature.distribution.categories);
  const unseen = live.filter((category) => !known.has(category));
  if (unseen.length === 0) {
    return undefined;
  }
  const named = unseen
    .slice(0, LISTED_CATEGORIES)
    .map((c) => JSON.stringify(c))
    .join(', ');
  const more = unseen.length > LISTED_CATEGORIES ? ` and ${unseen.length - LISTED_CATEGORIES} more` : '';
  return `live categories the baseline never saw: ${named}${more} (values that mean missing belong in the binding's missingValues)`;
}

/** One field's result from the counting search's aggregation. */
function readField(checked: CheckedField, aggregation: JsonObject, documents: number, path: string): FeatureCheck {
  const present = countAt(aggregation.doc_count, `${path}.doc_count`);
  const result: FeatureCheck = {
    feature: checked.feature.name,
    role: checked.role,
    series: present,
    labels: [],
    field: checked.field,
    types: checked.types,
    documents,
  };
  if (present === 0) {
    return {
      ...result,
      problem: `none of the model's ${documents} documents in the window has a value for field "${checked.field}" (mapped, but not logged for this model?)`,
    };
  }
  const { feature } = checked;
  if (feature.kind === 'numeric' && checked.detail === 'stats') {
    const stats = objectAt(aggregation[agg.stats], `${path}.${agg.stats}`);
    const live = { min: metricAt(stats.min, `${path}.stats.min`), max: metricAt(stats.max, `${path}.stats.max`) };
    return { ...result, valueRange: { live, baseline: { min: feature.summary.min, max: feature.summary.max } }, ...rangeVerdict(feature, live) };
  }
  if (feature.kind === 'categorical' && checked.detail === 'terms') {
    const where = `${path}.${agg.categories}`;
    const live = bucketsAt(objectAt(aggregation[agg.categories], where), where).map((bucket, i) => termKey(bucket, `${where}.buckets[${i}]`));
    const note = categoriesNote(feature, live);
    return note ? { ...result, note } : result;
  }
  return result;
}

/** A field that could not be counted, and why. */
function failedField(f: Pick<CheckedField, 'feature' | 'role' | 'field' | 'types'>, problem: string, documents?: number): FeatureCheck {
  return {
    feature: f.feature.name,
    role: f.role,
    series: 0,
    labels: [],
    field: f.field,
    types: f.types,
    ...(documents !== undefined ? { documents } : {}),
    problem,
  };
}

/** The same problem for every field (the index or the search failed). */
function allFail(fields: ReadonlyArray<Pick<CheckedField, 'feature' | 'role' | 'field' | 'types'>>, problem: string): FeatureCheck[] {
  return fields.map((f) => failedField(f, problem));
}

async function readFields(
  transport: SearchTransport,
  config: ElasticsearchSourceConfig,
  planned: ReadonlyArray<{ feature: BaselineFeature; role: FieldRole }>,
  signal?: AbortSignal
): Promise<CheckedField[] | string> {
  const fields = planned.map(({ feature, role }) => ({ feature, role, field: fieldOf(config.mapping, feature.name, role) }));
  // Each field and its `.keyword` sub-field, so that a text field's message can name the field to bind.
  const asked = [...new Set(fields.flatMap(({ field }) => [field, `${field}.keyword`]))].join(',');
  let caps: JsonObject;
  try {
    caps = objectAt(await transport.fieldCaps(config.index, asked, signal), '_field_caps');
  } catch (error) {
    return `the field lookup on "${config.index}" failed: ${errorMessage(error)}`;
  }
  if (Array.isArray(caps.indices) && caps.indices.length === 0) {
    return `the index pattern "${config.index}" matches no index (check the binding's or the datasource's index)`;
  }
  const mapped = isObject(caps.fields) ? caps.fields : {};
  return fields.map((f) => ({ ...f, types: mappedTypes(mapped, f.field), ...mappingVerdict(mapped, f.field, f.feature, f.role) }));
}

/** Checks one model on Elasticsearch: its baseline's fields, over the window, with the model's bound config. */
export async function checkElasticsearchModel(
  transport: SearchTransport,
  config: ElasticsearchSourceConfig,
  baseline: BaselineDocument,
  window: Window,
  signal?: AbortSignal
): Promise<ModelCheck> {
  const { checked, unchecked } = checkedFields(baseline);
  const model = { model: baseline.model, version: baseline.version };
  const range = { fromMs: window.fromMs, toMs: window.toMs };
  const summary = (features: FeatureCheck[]): ModelCheck => ({
    baseline: `${baseline.model}@${baseline.version}`,
    source: 'elasticsearch',
    features,
    problems: features.filter((f) => f.problem !== undefined).length,
    unchecked,
  });
  const fields = await readFields(transport, config, checked, signal);
  if (typeof fields === 'string') {
    return summary(
      allFail(
        checked.map((c) => ({ ...c, field: fieldOf(config.mapping, c.feature.name, c.role), types: [] })),
        fields
      )
    );
  }
  let outcome;
  try {
    outcome = readSearchResponse(await transport.search(config.index, checkSearchBody(config, model, range, fields), { signal }), config.index);
  } catch (error) {
    return summary(allFail(fields, `the search of the model's documents failed: ${errorMessage(error)}`));
  }
  if (outcome.totalHits === 0) {
    try {
      const described = readSearchResponse(await transport.search(config.index, emptyAnswerBody(config.mapping, model, range), { signal }), config.index);
      return summary(allFail(fields, emptyAnswerNotice(config.mapping, config.index, model, range, described).text));
    } catch (error) {
      return summary(allFail(fields, `no document of the model in the window (and describing the range failed: ${errorMessage(error)})`));
    }
  }
  return summary(
    fields.map((f, i): FeatureCheck => {
      if (f.mappingProblem !== undefined) {
        return failedField(f, f.mappingProblem, outcome.totalHits);
      }
      const path = `aggregations.${agg.present(i)}`;
      return readField(f, objectAt(outcome.aggregations[agg.present(i)], path), outcome.totalHits, path);
    })
  );
}
