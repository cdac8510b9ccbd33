/** App-level settings, stored in the app plugin's jsonData. */
export interface AppSettings {
  /** Drift datasource the app pages use; empty means the first `mlops-drift-datasource` found. */
  defaultDatasourceUid?: string;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {};
