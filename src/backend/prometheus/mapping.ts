/**
 * The datasource's Prometheus metric and label names (defaults overridden by the settings), checked once
 * so that a bad name is a clear settings error instead of a PromQL parse error later.
 */
import {
  DEFAULT_PROMETHEUS_HISTOGRAM_KIND,
  DEFAULT_PROMETHEUS_MAPPING,
  type PrometheusHistogramKind,
  type PrometheusMapping,
} from '../../shared/settingsModel';
import { badRequest } from '../errors';
import { isValidLabelName, isValidMetricName } from './promql';

const METRIC_KEYS = ['featureHistogram', 'featureCategoryCounter', 'predictionCounter', 'outcomeCounter', 'missingCounter'] as const;
const LABEL_KEYS = ['modelLabel', 'versionLabel', 'featureLabel', 'categoryLabel', 'predictedLabel', 'actualLabel', 'reasonLabel'] as const;

export function resolveMapping(overrides: Partial<PrometheusMapping> | undefined): PrometheusMapping {
  const mapping: PrometheusMapping = { ...DEFAULT_PROMETHEUS_MAPPING };
  for (const key of [...METRIC_KEYS, ...LABEL_KEYS]) {
    const value = overrides?.[key];
    if (typeof value === 'string' && value.trim() !== '') {
      mapping[key] = value.trim();
    }
  }
  const problems = [
    ...METRIC_KEYS.filter((key) => !isValidMetricName(mapping[key])).map(
      (key) => `${key}: ${JSON.stringify(mapping[key])} is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`
    ),
    ...LABEL_KEYS.filter((key) => !isValidLabelName(mapping[key])).map(
      (key) => `${key}: ${JSON.stringify(mapping[key])} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not __…)`
    ),
  ];
  if (mapping.featureHistogram.endsWith('_bucket')) {
    problems.push('featureHistogram: give the histogram base name, without the _bucket suffix');
  }
  if (problems.length > 0) {
    throw badRequest('the datasource Prometheus mapping has invalid names', problems);
  }
  return mapping;
}

const HISTOGRAM_KINDS: readonly PrometheusHistogramKind[] = ['auto', 'classic', 'native'];

/** The `prometheusHistogramKind` setting; empty means `auto`, anything else unknown is a settings error. */
export function resolveHistogramKind(value: unknown): PrometheusHistogramKind {
  if (value === undefined || value === null || value === '') {
    return DEFAULT_PROMETHEUS_HISTOGRAM_KIND;
  }
  const kind = HISTOGRAM_KINDS.find((k) => k === value);
  if (kind === undefined) {
    throw badRequest('the datasource setting prometheusHistogramKind is invalid', [`${JSON.stringify(value)} is not one of ${HISTOGRAM_KINDS.join(', ')}`]);
  }
  return kind;
}
