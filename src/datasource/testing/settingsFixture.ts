/** Datasource settings as Grafana hands them to the config editor, for tests and the browser harness. */
import type { DriftSettings } from '../configOptions';

export function datasourceSettings(overrides: Partial<DriftSettings> = {}): DriftSettings {
  return {
    id: 1,
    uid: 'drift',
    orgId: 1,
    name: 'ML Drift',
    type: 'mlops-drift-datasource',
    typeName: 'ML Drift',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: {},
    secureJsonFields: {},
    ...overrides,
  };
}
