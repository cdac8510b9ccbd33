/**
 * Validation of the JSON bodies the demo model accepts. Bad input is answered with a message naming the field;
 * missing and non-finite feature values are not errors: they are counted, as a real model server would.
 */
import { CATEGORICAL_FEATURES, CLASS_NAMES, type ClassName, type FeatureRow, NUMERIC_FEATURES } from '../data/dataset';
import type { NumericObservation } from './instrumentation';

export interface PredictRequest {
  features: FeatureRow;
  numeric: Map<string, NumericObservation>;
  /** Pin the request to a version (otherwise the service routes it). */
  version?: string;
}

export interface LabelRequest {
  requestId: string;
  label: ClassName;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** JSON has no NaN or Infinity; exports from pandas and friends write them as these strings. */
const NON_FINITE_SPELLINGS = new Set(['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-inf']);
const MAX_CATEGORY_LENGTH = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePredictRequest(body: unknown): Parsed<PredictRequest> {
  if (!isRecord(body) || !isRecord(body.features)) {
    return { ok: false, error: 'expected a JSON object with a "features" object' };
  }
  if (body.version !== undefined && typeof body.version !== 'string') {
    return { ok: false, error: '"version" must be a string' };
  }
  const input = body.features;
  const features: FeatureRow = {};
  const numeric = new Map<string, NumericObservation>();
  for (const name of NUMERIC_FEATURES) {
    const value = input[name];
    if (value === undefined || value === null) {
      numeric.set(name, { kind: 'missing' });
      features[name] = null;
    } else if (typeof value === 'number') {
      numeric.set(name, { kind: 'value', value });
      features[name] = value;
    } else if (typeof value === 'string' && NON_FINITE_SPELLINGS.has(value)) {
      numeric.set(name, { kind: 'non_finite' });
      features[name] = null;
    } else {
      return { ok: false, error: `feature "${name}" must be a number, null or a NaN/Infinity string` };
    }
  }
  for (const name of CATEGORICAL_FEATURES) {
    const value = input[name];
    if (value === undefined || value === null) {
      features[name] = null;
    } else if (typeof value === 'string' && value.length <= MAX_CATEGORY_LENGTH) {
      features[name] = value;
    } else {
      return { ok: false, error: `feature "${name}" must be a string of at most ${MAX_CATEGORY_LENGTH} characters` };
    }
  }
  return { ok: true, value: { features, numeric, version: body.version } };
}

export function parseLabelRequest(body: unknown): Parsed<LabelRequest> {
  if (!isRecord(body) || typeof body.requestId !== 'string' || body.requestId === '') {
    return { ok: false, error: 'expected a JSON object with a "requestId" string' };
  }
  const label = body.label;
  if (typeof label !== 'string' || !(CLASS_NAMES as readonly string[]).includes(label)) {
    return { ok: false, error: `"label" must be one of ${CLASS_NAMES.join(', ')}` };
  }
  return { ok: true, value: { requestId: body.requestId, label: label as ClassName } };
}
