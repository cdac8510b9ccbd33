/**
 * When no document of the model version is in the range, say what the index holds there instead: one search
 * without the model and version clauses (the time range and the binding's filter kept), counting the documents
 * and their most frequent model values, and the versions of the model. Asked only after an empty answer, so
 * it costs nothing otherwise; the Elasticsearch side of `prometheus/emptyAnswers.ts`.
 * A read that also requires something of the documents (a label, for the labelled reads) names it as its
 * `requirement`: the search then counts the model version's documents too, so that an answer empty for want of
 * labels is not taken for a missing model version.
 */
import type { DriftNotice } from '../../drift/types';
import type { ModelRef, TimeRange } from '../sources/types';
import { bucketsAt, countAt, type JsonObject, objectAt, termKey } from './json';
import { type ElasticsearchLayout, modelFilter } from './requestBuilder';

/** Values listed per field: enough to spot a misspelt model or version. */
const LISTED_VALUES = 5;

const AGG = { models: 'present_models', ofModel: 'model_documents', versions: 'present_versions', anyTime: 'all_documents', timed: 'with_time_field', ofVersion: 'version_documents' } as const;

/** The field a selection reads, or undefined when the layout selects nothing (or a fixed value) by it. */
function selectedField(selection: ElasticsearchLayout['modelSelection'], defaultField: string): string | undefined {
  if (selection === 'none') {
    return undefined;
  }
  return selection?.field ?? defaultField;
}

/**
 * The search that describes the range: `undefined` fields are not asked about. With a `requirement`, it also
 * counts the documents of the model version (of its segment) in the range, whatever they lack.
 */
export function emptyAnswerBody(mapping: ElasticsearchLayout, model: ModelRef, range: TimeRange, requirement?: string): JsonObject {
  const modelField = selectedField(mapping.modelSelection, mapping.modelField);
  const versionField = selectedField(mapping.versionSelection, mapping.versionField);
  const aggs: JsonObject = {};
  if (modelField) {
    aggs[AGG.models] = { terms: { field: modelField, size: LISTED_VALUES } };
  }
  if (versionField) {
    const versions = { terms: { field: versionField, size: LISTED_VALUES } };
    aggs[AGG.ofModel] = modelField ? { filter: { term: { [modelField]: model.model } }, aggs: { [AGG.versions]: versions } } : { filter: { match_all: {} }, aggs: { [AGG.versions]: versions } };
  }
  if (requirement !== undefined) {
    aggs[AGG.ofVersion] = { filter: modelFilter(mapping, model, range) };
  }
  // Outside the query's time range: whether the index's documents carry the time field at all (a misnamed one).
  aggs[AGG.anyTime] = { global: {}, aggs: { [AGG.timed]: { filter: { exists: { field: mapping.timeField } } } } };
  return {
    size: 0,
    track_total_hits: true,
    query: {
      bool: {
        filter: [{ range: { [mapping.timeField]: { gt: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } }, ...(mapping.filter ? [mapping.filter] : [])],
      },
    },
    aggs,
  };
}

function listed(aggregation: JsonObject | undefined, path: string): string {
  if (!aggregation) {
    return '';
  }
  const buckets = bucketsAt(aggregation, path);
  const others = aggregation.sum_other_doc_count === undefined ? 0 : countAt(aggregation.sum_other_doc_count, `${path}.sum_other_doc_count`);
  const values = buckets.map((b, i) => `${JSON.stringify(termKey(b, `${path}.buckets[${i}]`))} (${countAt(b.doc_count, `${path}.buckets[${i}].doc_count`)})`);
  return values.length === 0 ? 'none' : `${values.join(', ')}${others > 0 ? `, and ${others} more` : ''}`;
}

/**
 * The segment a read selected, as the notice names it: the model version's documents may well be in the range, in
 * other segments, so "no document has model=…, version=…" alone would be untrue.
 */
function segmentSelected(model: ModelRef): string | undefined {
  const { segment } = model;
  if (!segment) {
    return undefined;
  }
  return 'value' in segment ? `${segment.label}=${JSON.stringify(segment.value)}` : `${segment.label} none of ${JSON.stringify(segment.except)}`;
}

/** How many documents the index holds when none of them has the time field; 0 otherwise (or when not asked). */
function documentsWithoutTimeField(aggregations: JsonObject): number {
  const all = aggregations[AGG.anyTime];
  if (all === undefined) {
    return 0;
  }
  const path = `aggregations.${AGG.anyTime}`;
  const global = objectAt(all, path);
  const timed = countAt(objectAt(global[AGG.timed], `${path}.${AGG.timed}`).doc_count, `${path}.${AGG.timed}.doc_count`);
  return timed === 0 ? countAt(global.doc_count, `${path}.doc_count`) : 0;
}

/** Documents of the model version in the range, when the search counted them (see `emptyAnswerBody`). */
function versionDocuments(aggregations: JsonObject): number {
  const counted = aggregations[AGG.ofVersion];
  const path = `aggregations.${AGG.ofVersion}`;
  return counted === undefined ? 0 : countAt(objectAt(counted, path).doc_count, `${path}.doc_count`);
}

/**
 * The notice for an empty answer, from the describing search's total and aggregations; `requirement` is what
 * the empty read required of the model version's documents besides being in the range (as given to the body).
 */
export function emptyAnswerNotice(
  mapping: ElasticsearchLayout,
  index: string,
  model: ModelRef,
  range: TimeRange,
  answer: { totalHits: number; aggregations: JsonObject },
  requirement?: string
): DriftNotice {
  const modelField = selectedField(mapping.modelSelection, mapping.modelField);
  const versionField = selectedField(mapping.versionSelection, mapping.versionField);
  const wanted = [modelField && `${modelField}=${JSON.stringify(model.model)}`, versionField && `${versionField}=${JSON.stringify(model.version)}`, segmentSelected(model)]
    .filter(Boolean)
    .join(', ');
  const when = `in (${new Date(range.fromMs).toISOString()}, ${new Date(range.toMs).toISOString()}]`;
  const head = `no document in "${index}" has ${wanted || 'the selected model'} ${when}`;
  const ofVersion = versionDocuments(answer.aggregations);
  if (requirement !== undefined && ofVersion > 0) {
    return {
      severity: 'warning',
      text: `${ofVersion} document(s) in "${index}" have ${wanted || 'the selected model'} ${when}, but none of them has ${requirement} (not logged yet, or named otherwise in the logs)`,
    };
  }
  const timeless = documentsWithoutTimeField(answer.aggregations);
  if (answer.totalHits === 0 && timeless > 0) {
    return {
      severity: 'warning',
      text:
        `${head}: none of the index's ${timeless} document(s) has the time field "${mapping.timeField}"; set the time field ` +
        `(jsonData.elasticsearch.timeField, or the model binding's timeField) to the date field the logs keep the time in`,
    };
  }
  if (answer.totalHits === 0) {
    return { severity: 'warning', text: `${head}: the index has no documents at all there${mapping.filter ? ' that pass the binding\'s filter' : ''} (check the index pattern, the time field "${mapping.timeField}" and that logs are shipped)` };
  }
  const parts = [`it has ${answer.totalHits} document(s) there`];
  if (modelField) {
    parts.push(`${modelField} values: ${listed(answer.aggregations[AGG.models] as JsonObject | undefined, `aggregations.${AGG.models}`)}`);
  }
  if (versionField) {
    const ofModel = answer.aggregations[AGG.ofModel] === undefined ? undefined : objectAt(answer.aggregations[AGG.ofModel], `aggregations.${AGG.ofModel}`);
    const versions = ofModel?.[AGG.versions] as JsonObject | undefined;
    parts.push(`${versionField} values${modelField ? ` of that ${modelField}` : ''}: ${listed(versions, `aggregations.${AGG.ofModel}.${AGG.versions}`)}`);
  }
  return { severity: 'warning', text: `${head}; ${parts.join('; ')}` };
}
