/**
 * Immutable updates of the datasource settings for the config editor. Secrets only ever go into
 * `secureJsonData`; resetting one clears its value and marks it unconfigured so Grafana deletes it on save.
 */
import type { DataSourceSettings } from '@grafana/data';
import type {
  DriftDataSourceOptions,
  DriftSecureJsonData,
  ElasticsearchMapping,
  PrometheusMapping,
} from '../shared/settingsModel';

export type DriftSettings = DataSourceSettings<DriftDataSourceOptions, DriftSecureJsonData>;

type PlainJsonKey = Exclude<keyof DriftDataSourceOptions, 'prometheus' | 'elasticsearch'>;

export function setJsonValue<K extends PlainJsonKey>(
  options: DriftSettings,
  key: K,
  value: DriftDataSourceOptions[K]
): DriftSettings {
  return { ...options, jsonData: { ...options.jsonData, [key]: value } };
}

/** Text settings: an empty field removes the key, so the backend's default applies. */
export function setJsonText(options: DriftSettings, key: PlainJsonKey, text: string): DriftSettings {
  const jsonData = { ...options.jsonData };
  const value = text.trim();
  if (value === '') {
    delete jsonData[key];
  } else {
    Object.assign(jsonData, { [key]: value });
  }
  return { ...options, jsonData };
}

/** The configurable metric/field names of each live source. */
export interface Mappings {
  prometheus: PrometheusMapping;
  elasticsearch: ElasticsearchMapping;
}

/** One name of a source's metric/field mapping; an empty field removes it, so the default name applies. */
export function setMapping<U extends keyof Mappings>(
  options: DriftSettings,
  upstream: U,
  key: Extract<keyof Mappings[U], string>,
  text: string
): DriftSettings {
  const mapping: Record<string, string | undefined> = { ...options.jsonData[upstream] };
  const value = text.trim();
  if (value === '') {
    delete mapping[key];
  } else {
    mapping[key] = value;
  }
  return { ...options, jsonData: { ...options.jsonData, [upstream]: mapping } };
}

export function setSecret(options: DriftSettings, key: keyof DriftSecureJsonData, value: string): DriftSettings {
  return { ...options, secureJsonData: { ...options.secureJsonData, [key]: value } };
}

export function resetSecret(options: DriftSettings, key: keyof DriftSecureJsonData): DriftSettings {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

export function isSecretConfigured(options: DriftSettings, key: keyof DriftSecureJsonData): boolean {
  return options.secureJsonFields?.[key] === true;
}

/** Numbers typed as text: empty removes the key (the backend's default applies), anything else is kept as a
 * number (validation reports nonsense). */
export function setJsonNumber(
  options: DriftSettings,
  key: 'timeoutSeconds' | 'elasticsearchMaxBuckets' | 'cacheMaxMegabytes',
  text: string
): DriftSettings {
  const value = text.trim();
  if (value === '') {
    const jsonData = { ...options.jsonData };
    delete jsonData[key];
    return { ...options, jsonData };
  }
  return setJsonValue(options, key, Number(value));
}
