/**
 * `GET check-bindings` (`src/shared/resourceModel.ts`) for the Models page: the request, its answer checked
 * before it is shown, and the text of each field's line.
 */
import { getBackendSrv, type BackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { isLiveSource } from '../shared/queryModel';
import { CHECK_BINDINGS_RESOURCE, type CheckBindingsResponse, type FeatureCheck, type ModelCheck } from '../shared/resourceModel';
import { errorMessageOf } from './baselineClient';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}

const ROLES: ReadonlyArray<FeatureCheck['role']> = ['feature', 'prediction', 'label'];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function span(value: unknown): { min: number; max: number } | undefined {
  return isRecord(value) && typeof value.min === 'number' && typeof value.max === 'number' ? { min: value.min, max: value.max } : undefined;
}

function valueRange(value: unknown): FeatureCheck['valueRange'] {
  const live = isRecord(value) ? span(value.live) : undefined;
  const baseline = isRecord(value) ? span(value.baseline) : undefined;
  return live && baseline ? { live, baseline } : undefined;
}

function parseFeatureCheck(entry: unknown): FeatureCheck {
  if (!isRecord(entry) || typeof entry.feature !== 'string' || typeof entry.series !== 'number') {
    throw new Error('The datasource answered a binding check entry without feature and series');
  }
  const role = ROLES.find((r) => r === entry.role) ?? 'feature';
  const edges = isRecord(entry.edges) ? { live: numbers(entry.edges.live), baseline: numbers(entry.edges.baseline), shared: typeof entry.edges.shared === 'number' ? entry.edges.shared : 0 } : undefined;
  return {
    feature: entry.feature,
    role,
    series: entry.series,
    labels: strings(entry.labels),
    ...(typeof entry.selector === 'string' ? { selector: entry.selector } : {}),
    ...(edges ? { edges } : {}),
    ...(typeof entry.field === 'string' ? { field: entry.field, types: strings(entry.types) } : {}),
    ...(typeof entry.documents === 'number' ? { documents: entry.documents } : {}),
    ...(valueRange(entry.valueRange) ? { valueRange: valueRange(entry.valueRange) } : {}),
    ...(typeof entry.problem === 'string' ? { problem: entry.problem } : {}),
    ...(typeof entry.note === 'string' ? { note: entry.note } : {}),
  };
}

function parseModelCheck(entry: unknown): ModelCheck {
  if (!isRecord(entry) || typeof entry.baseline !== 'string' || !Array.isArray(entry.features)) {
    throw new Error('The datasource answered a binding check without baseline and features');
  }
  const features = entry.features.map(parseFeatureCheck);
  return {
    baseline: entry.baseline,
    // An answer from before Elasticsearch was checked too is a Prometheus check.
    source: isLiveSource(entry.source) ? entry.source : 'prometheus',
    features,
    problems: features.filter((f) => f.problem !== undefined).length,
    unchecked: typeof entry.unchecked === 'number' ? entry.unchecked : 0,
  };
}

export function parseCheckBindings(data: unknown): CheckBindingsResponse {
  if (!isRecord(data) || !Array.isArray(data.models)) {
    throw new Error('The datasource answered GET check-bindings without a list of models');
  }
  return { window: typeof data.window === 'string' ? data.window : '', models: data.models.map(parseModelCheck) };
}

/** What one Elasticsearch field's line says: the field, its mapped types, its documents and its values' range. */
function fieldText(check: FeatureCheck & { field: string }): string {
  const types = check.types && check.types.length > 0 ? ` (${check.types.join(', ')})` : ' (not mapped)';
  const documents = check.documents === undefined ? '' : ` of ${check.documents}`;
  const range = check.valueRange ? `; values ${check.valueRange.live.min} to ${check.valueRange.live.max} (baseline ${check.valueRange.baseline.min} to ${check.valueRange.baseline.max})` : '';
  return `${check.series}${documents} documents with field ${check.field}${types}${range}`;
}

/** What one field's line says: where it was looked for, what was found, and the problem or note. */
export function featureCheckText(check: FeatureCheck): { found: string; detail?: string } {
  if (check.field !== undefined) {
    return { found: fieldText({ ...check, field: check.field }), detail: check.problem ?? check.note };
  }
  const where = check.selector ? ` of ${check.selector}` : '';
  const labels = check.labels.length > 0 ? ` with labels {${check.labels.join(', ')}}` : '';
  const edges = check.edges ? `; le ${check.edges.live.join(', ')} (${check.edges.shared} of the baseline's ${check.edges.baseline.length} edges shared)` : '';
  return { found: `${check.series} series${where}${labels}${edges}`, detail: check.problem ?? check.note };
}

/** Checks one model version's bindings (`GET check-bindings?baseline=<id>`): one check per source it was checked on. */
export async function checkModelBindings(datasourceUid: string, baselineId: string, backendSrv: () => Pick<BackendSrv, 'fetch'> = getBackendSrv): Promise<ModelCheck[]> {
  let data: unknown;
  try {
    const response = await lastValueFrom(
      backendSrv().fetch<unknown>({
        url: `api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources/${CHECK_BINDINGS_RESOURCE}`,
        params: { baseline: baselineId },
        method: 'GET',
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    data = response.data;
  } catch (error) {
    throw new Error(errorMessageOf(error));
  }
  return parseCheckBindings(data).models.filter((m) => m.baseline === baselineId);
}
