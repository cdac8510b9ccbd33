/**
 * The datasource instance settings as Grafana sends them in every request's PluginContext, parsed once
 * into the shared settings model. Secrets stay in `secrets` and are never logged.
 */
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../datasource/types';

/** The protobuf `DataSourceInstanceSettings` as grpc-js decodes it (longs as numbers, bytes as Buffers). */
export interface RawInstanceSettings {
  uid?: string;
  name?: string;
  url?: string;
  jsonData?: Uint8Array;
  decryptedSecureJsonData?: Record<string, string>;
  lastUpdatedMS?: number;
}

export interface DatasourceSettings {
  uid: string;
  name: string;
  url: string;
  jsonData: DriftDataSourceOptions;
  secrets: DriftSecureJsonData;
  lastUpdatedMs: number;
}

const SECRET_KEYS: ReadonlyArray<keyof DriftSecureJsonData> = [
  'prometheusPassword',
  'prometheusToken',
  'prometheusCaCert',
  'elasticsearchPassword',
  'elasticsearchApiKey',
  'elasticsearchCaCert',
];

export class SettingsError extends Error {}

export function parseInstanceSettings(raw: RawInstanceSettings | undefined | null): DatasourceSettings {
  let jsonData: DriftDataSourceOptions = {};
  const bytes = raw?.jsonData;
  if (bytes && bytes.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw new SettingsError(`datasource jsonData is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      jsonData = parsed as DriftDataSourceOptions;
    } else if (parsed !== null) {
      throw new SettingsError('datasource jsonData must be a JSON object');
    }
  }
  const secrets: DriftSecureJsonData = {};
  for (const key of SECRET_KEYS) {
    const value = raw?.decryptedSecureJsonData?.[key];
    if (value) {
      secrets[key] = value;
    }
  }
  return {
    uid: raw?.uid ?? '',
    name: raw?.name ?? '',
    url: raw?.url ?? '',
    jsonData,
    secrets,
    lastUpdatedMs: Number(raw?.lastUpdatedMS ?? 0),
  };
}

/** Every secret value, so messages built from upstream errors can be scrubbed before they leave. */
export function secretValues(settings: DatasourceSettings): string[] {
  return Object.values(settings.secrets).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

export function redactSecrets(text: string, settings: DatasourceSettings): string {
  return secretValues(settings).reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
