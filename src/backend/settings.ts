/**
 * The datasource instance settings as Grafana sends them in every request's PluginContext, parsed once
 * into the shared settings model. Secrets stay in `secrets` and are never logged.
 */
import path from 'node:path';
import type { DataSourceJsonData } from '@grafana/schema';
import {
  DEFAULT_QUERY_TIMEOUT_SECONDS,
  MAX_QUERY_TIMEOUT_SECONDS,
  type DriftDataSourceOptions,
  type DriftSecureJsonData,
} from '../shared/settingsModel';
import { parseCheckedObject, type FieldKind } from './jsonFields';
import { redactorFor } from './redaction';

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

export class SettingsError extends Error {
  constructor(
    message: string,
    /** Each wrongly typed field, with its path. */
    readonly problems: string[] = []
  ) {
    super(problems.length > 0 ? `${message}: ${problems.join('; ')}` : message);
  }
}

/** The JSON types of the settings the backend reads; the values are checked where they are used. */
const SETTINGS_FIELDS: Readonly<Record<Exclude<keyof DriftDataSourceOptions, keyof DataSourceJsonData>, FieldKind>> = {
  prometheusUrl: 'string',
  prometheusAuth: 'string',
  prometheusUser: 'string',
  prometheusTlsSkipVerify: 'boolean',
  prometheus: 'string map',
  prometheusHistogramKind: 'string',
  elasticsearchUrl: 'string',
  elasticsearchIndex: 'string',
  elasticsearchAuth: 'string',
  elasticsearchUser: 'string',
  elasticsearchTlsSkipVerify: 'boolean',
  elasticsearch: 'string map',
  elasticsearchMaxBuckets: 'number',
  baselineDirectory: 'string',
  provisionedBaselineDirectory: 'string',
  provisionedBindingDirectory: 'string',
  timeoutSeconds: 'number',
  minStep: 'string',
  cacheEnabled: 'boolean',
  cacheMaxMegabytes: 'number',
  cacheCompleteAfter: 'string',
};

/** Every `jsonData` key the backend reads (besides Grafana's own, `DataSourceJsonData`). */
export const SETTINGS_KEYS = Object.keys(SETTINGS_FIELDS);

/** The whole budget of one query and of each upstream request in it, in milliseconds. */
export function queryTimeoutMs(settings: Pick<DatasourceSettings, 'jsonData'>): number {
  return (settings.jsonData.timeoutSeconds ?? DEFAULT_QUERY_TIMEOUT_SECONDS) * 1000;
}

export function parseInstanceSettings(raw: RawInstanceSettings | undefined | null): DatasourceSettings {
  const parsed = parseCheckedObject(raw?.jsonData, SETTINGS_FIELDS, 'datasource jsonData', (message, problems) => new SettingsError(message, problems));
  // Checked: every setting the backend reads has its documented JSON type.
  const jsonData = (parsed ?? {}) as DriftDataSourceOptions;
  const timeout = jsonData.timeoutSeconds;
  if (timeout !== undefined && !(timeout > 0 && timeout <= MAX_QUERY_TIMEOUT_SECONDS)) {
    throw new SettingsError('datasource jsonData has a value out of range', [`timeoutSeconds: expected more than 0 and at most ${MAX_QUERY_TIMEOUT_SECONDS}, got ${timeout}`]);
  }
  const bindingDirectory = jsonData.provisionedBindingDirectory?.trim();
  // Grafana starts the plugin in a working directory of its choosing, so a relative path would name nothing useful.
  if (bindingDirectory && !path.isAbsolute(bindingDirectory)) {
    throw new SettingsError('datasource jsonData has a value out of range', [`provisionedBindingDirectory: expected an absolute path, got ${JSON.stringify(bindingDirectory)}`]);
  }
  // jsonData is stored unencrypted and sent to every browser: a secret there is a leak, and never read either.
  const misplaced = SECRET_KEYS.filter((key) => (parsed ?? {})[key] !== undefined);
  if (misplaced.length > 0) {
    throw new SettingsError(
      'datasource jsonData holds a secret',
      misplaced.map((key) => `${key}: secrets belong in secureJsonData (Grafana encrypts them); move it to secureJsonData.${key} and remove it from jsonData`)
    );
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

/** The text with every configured credential removed, in each spelling an upstream may echo it (`redaction.ts`). */
export function redactSecrets(text: string, settings: DatasourceSettings): string {
  return redactorFor(settings).text(text);
}
