/**
 * Template-variable interpolation of a query, field by field, with the template service passed in (so it can
 * be tested without Grafana). Multi-value variables in `features` become several features, never one
 * comma-joined name. A `segment` value is taken as the variable holds it, quotes, braces and all (see `plainValue`).
 */
import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import type { DriftQuery } from '../shared/queryModel';

/** Joins the values of a multi-value variable with a character no feature name contains, to split them again. */
const VALUE_SEPARATOR = '\u001f';

function joinValues(value: string | string[]): string {
  return Array.isArray(value) ? value.join(VALUE_SEPARATOR) : value;
}

export function interpolateFeatures(templateSrv: TemplateSrv, features: string[], scopedVars: ScopedVars): string[] {
  const expanded = features.flatMap((feature) =>
    templateSrv
      .replace(feature, scopedVars, joinValues)
      .split(VALUE_SEPARATOR)
      .map((name) => name.trim())
      .filter((name) => name !== '')
  );
  return [...new Set(expanded)];
}

/**
 * A label value as it is: a segment value is matched literally, so it needs no escaping here; the values of a
 * multi-value variable, which cannot name one segment, are joined by commas.
 */
function plainValue(value: string | string[]): string {
  return Array.isArray(value) ? value.join(',') : value;
}

export function interpolateQuery(templateSrv: TemplateSrv, query: DriftQuery, scopedVars: ScopedVars): DriftQuery {
  const interpolated: DriftQuery = { ...query };
  if (query.baseline !== undefined) {
    interpolated.baseline = templateSrv.replace(query.baseline, scopedVars);
  }
  if (query.window !== undefined) {
    interpolated.window = templateSrv.replace(query.window, scopedVars);
  }
  if (query.segmentBy !== undefined) {
    interpolated.segmentBy = templateSrv.replace(query.segmentBy, scopedVars);
  }
  if (query.segment !== undefined) {
    interpolated.segment = templateSrv.replace(query.segment, scopedVars, plainValue);
  }
  if (query.features !== undefined) {
    interpolated.features = interpolateFeatures(templateSrv, query.features, scopedVars);
  }
  return interpolated;
}
