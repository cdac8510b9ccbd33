/**
 * The query model as it arrives: JSON written by the query editor, a provisioned dashboard, an alert rule or
 * anyone calling the API. Every field the handlers read is type-checked here, at the edge, so that
 * `"baseline": 123` is a 400 naming `baseline` rather than a TypeError deep in a handler. Allowed values
 * (methods, durations, metric names) are checked where they are used.
 */
import type { DriftQuery } from '../../shared/queryModel';
import { badRequest } from '../errors';
import { parseCheckedObject, type FieldKind } from '../jsonFields';

const QUERY_FIELDS: Readonly<Record<keyof Omit<DriftQuery, 'datasource' | 'hide' | 'key'>, FieldKind>> = {
  refId: 'string',
  queryType: 'string',
  source: 'string',
  baseline: 'string',
  features: 'string list',
  method: 'string',
  window: 'string',
  instant: 'boolean',
  normalizeByThreshold: 'boolean',
  includePValue: 'boolean',
  correction: 'string',
  includeDriftShare: 'boolean',
  explain: 'boolean',
  includeClassMetrics: 'boolean',
  includePrediction: 'boolean',
  performanceMetrics: 'string list',
  scoreThreshold: 'number',
  predictionMin: 'number',
  predictionMax: 'number',
  reference: 'string map',
  segmentBy: 'string',
  segmentLimit: 'number',
  segmentOther: 'boolean',
  segment: 'string',
};

/** Parses the query JSON bytes into a query model whose known fields have their documented types. */
export function parseQueryModel(bytes: Uint8Array | undefined, refId: string): DriftQuery {
  const fields = parseCheckedObject(bytes, QUERY_FIELDS, 'query', badRequest) ?? {};
  // Checked: every field a handler reads has its documented JSON type, or is absent. A `null` (JSON written by
  // hand or by a script, `"source": null`) passed the check as "not given", so it is left out like one.
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
  return { ...(given as Partial<DriftQuery>), refId };
}
