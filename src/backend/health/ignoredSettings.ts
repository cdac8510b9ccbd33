/**
 * The `jsonData` settings the backend never reads. Provisioned datasources are written by hand, and a setting one
 * level too high (`jsonData.timeField` for `jsonData.elasticsearch.timeField`) or misspelt in case is otherwise
 * ignored without a word. "Save & test" names each and, where it can tell, where it belongs; queries never fail
 * over them, since Grafana and other tools keep keys of their own in `jsonData`.
 */
import { DEFAULT_ELASTICSEARCH_MAPPING, DEFAULT_PROMETHEUS_MAPPING } from '../../shared/settingsModel';
import { SETTINGS_KEYS } from '../settings';

/**
 * Keys Grafana keeps in the `jsonData` of any datasource: the common `DataSourceJsonData` of `@grafana/data`,
 * the secure socks proxy (`enableSecureSocksProxy`, `secureSocksProxyUsername`), Private Data Source Connect
 * (`pdcInjected`) and the team LBAC rules (`teamHttpHeaders`).
 */
const GRAFANA_KEYS: ReadonlySet<string> = new Set([
  'alertmanagerUid',
  'allowAsRecordingRulesTarget',
  'authType',
  'defaultRegion',
  'disableGrafanaCache',
  'enableSecureSocksProxy',
  'manageAlerts',
  'pdcInjected',
  'profile',
  'secureSocksProxyUsername',
  'teamHttpHeaders',
]);

/** The two mapping objects and the keys each reads. */
const MAPPING_KEYS = {
  prometheus: Object.keys(DEFAULT_PROMETHEUS_MAPPING),
  elasticsearch: Object.keys(DEFAULT_ELASTICSEARCH_MAPPING),
} as const;

/** Every path a setting is read at, e.g. `jsonData.elasticsearch.timeField`. */
const KNOWN_PATHS: readonly string[] = [
  ...SETTINGS_KEYS.map((key) => `jsonData.${key}`),
  ...Object.entries(MAPPING_KEYS).flatMap(([mapping, keys]) => keys.map((key) => `jsonData.${mapping}.${key}`)),
];

export interface IgnoredSetting {
  /** Where it is, e.g. `jsonData.timeField`. */
  path: string;
  /** Where a setting of that name is read, when there is one. */
  belongsAt?: string;
}

/** Each key of `jsonData`, and of its two mappings, that nothing reads, in the order written. */
export function ignoredSettings(jsonData: object): IgnoredSetting[] {
  const entries = Object.entries(jsonData);
  const topLevel = entries
    .filter(([key]) => !SETTINGS_KEYS.includes(key) && !GRAFANA_KEYS.has(key))
    .map(([key]) => ignored(`jsonData.${key}`, key));
  const inMappings = entries.flatMap(([key, value]) => {
    const known = key === 'prometheus' || key === 'elasticsearch' ? MAPPING_KEYS[key] : undefined;
    if (!known || typeof value !== 'object' || value === null) {
      return [];
    }
    return Object.keys(value)
      .filter((inner) => !known.includes(inner))
      .map((inner) => ignored(`jsonData.${key}.${inner}`, inner));
  });
  return [...topLevel, ...inMappings];
}

function ignored(path: string, key: string): IgnoredSetting {
  const lower = key.toLowerCase();
  const belongsAt = KNOWN_PATHS.find((known) => known.slice(known.lastIndexOf('.') + 1).toLowerCase() === lower);
  return belongsAt === undefined ? { path } : { path, belongsAt };
}

/** The warning "Save & test" adds to its message; undefined when every setting is read. */
export function ignoredSettingsWarning(settings: readonly IgnoredSetting[]): string | undefined {
  if (settings.length === 0) {
    return undefined;
  }
  const named = settings.map(({ path, belongsAt }) => (belongsAt === undefined ? path : `${path} (belongs at ${belongsAt})`));
  return `Warning: ignored settings, not read by this datasource: ${named.join(', ')}`;
}
