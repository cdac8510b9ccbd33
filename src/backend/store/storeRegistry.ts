/**
 * Which directory holds a datasource's baselines, and one store object per configuration. Grafana runs one
 * plugin process for every datasource of this type, so stores are keyed by their directories.
 */
import path from 'node:path';
import { BaselineStore } from './baselineStore';
import { encodeFileSegment } from './ids';
import { KeyedQueue } from './keyedQueue';
import type { BaselineValidator } from './validation';

export const PLUGIN_ID = 'mlops-drift-datasource';

export interface StoreLocation {
  /** Grafana's `GF_PATHS_DATA`, if set. */
  grafanaDataPath?: string;
  /** Directory of the executable, the fallback when Grafana gave no data path. */
  executableDirectory: string;
}

export interface StoreSettings {
  uid: string;
  baselineDirectory?: string;
  provisionedBaselineDirectory?: string;
}

/** The writable directory: configured (absolute, or relative to the default root), else per datasource uid. */
export function resolveBaselineDirectory(settings: StoreSettings, location: StoreLocation): string {
  const root = location.grafanaDataPath
    ? path.join(location.grafanaDataPath, 'plugins', PLUGIN_ID)
    : path.join(location.executableDirectory, 'data');
  const configured = settings.baselineDirectory?.trim();
  if (configured) {
    return path.resolve(root, configured);
  }
  return path.join(root, encodeFileSegment(settings.uid || '_no_uid'), 'baselines');
}

export class StoreRegistry {
  private readonly stores = new Map<string, BaselineStore>();
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly location: StoreLocation,
    private readonly validate: BaselineValidator
  ) {}

  forSettings(settings: StoreSettings): BaselineStore {
    const directory = resolveBaselineDirectory(settings, this.location);
    const provisioned = settings.provisionedBaselineDirectory?.trim() || undefined;
    const provisionedDirectory = provisioned ? path.resolve(directory, provisioned) : undefined;
    const key = `${directory}\u0000${provisionedDirectory ?? ''}`;
    let store = this.stores.get(key);
    if (!store) {
      store = new BaselineStore({ directory, provisionedDirectory, validate: this.validate, queue: this.queue });
      this.stores.set(key, store);
    }
    return store;
  }
}
