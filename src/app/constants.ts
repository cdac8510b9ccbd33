export const APP_ID = 'mlops-monitor-app';
export const DRIFT_DATASOURCE_TYPE = 'mlops-drift-datasource';
export const PLUGIN_BASE_URL = `/a/${APP_ID}`;

export const ROUTES = {
  models: 'models',
  baselines: 'baselines',
  gettingStarted: 'getting-started',
} as const;

/** Dashboards provisioned with the app; each takes `var-model` and `var-version`. */
export const MODEL_DASHBOARDS = [
  { uid: 'mlops-model-overview', title: 'Overview' },
  { uid: 'mlops-data-drift', title: 'Data drift' },
  { uid: 'mlops-model-performance', title: 'Performance' },
] as const;

/** Window of live data behind the status chips on the Models page. */
export const STATUS_WINDOW = '1h';
