import { CoreApp, type DataSourceInstanceSettings } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { DataSource } from './datasource';
import { DEFAULT_QUERY } from '../shared/queryModel';
import type { DriftDataSourceOptions } from '../shared/settingsModel';

const SETTINGS = {
  id: 1,
  uid: 'drift-uid',
  name: 'ML Drift',
  type: 'mlops-drift-datasource',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'mlops-drift-datasource' },
} as unknown as DataSourceInstanceSettings<DriftDataSourceOptions>;

/** Grafana's template service is not running here; this one knows `$model` only. */
const mockTemplateSrv = {
  replace: (target = '') => target.replaceAll('$model', 'churn'),
} as unknown as TemplateSrv;

describe('DataSource', () => {
  const datasource = new DataSource(SETTINGS, mockTemplateSrv);

  it('starts new queries from the shared defaults', () => {
    expect(datasource.getDefaultQuery(CoreApp.Dashboard)).toBe(DEFAULT_QUERY);
  });

  it('skips hidden and incomplete queries', () => {
    const complete = {
      refId: 'A',
      queryType: 'drift' as const,
      baseline: 'churn@1',
      source: 'prometheus' as const,
      window: '1h',
    };
    expect(datasource.filterQuery(complete)).toBe(true);
    expect(datasource.filterQuery({ ...complete, hide: true })).toBe(false);
    expect(datasource.filterQuery({ ...complete, baseline: '' })).toBe(false);
    expect(datasource.filterQuery({ ...complete, window: 'an hour' })).toBe(false);
  });

  it('interpolates the query with its template service', () => {
    expect(datasource.applyTemplateVariables({ refId: 'A', baseline: '$model@2' }, {}).baseline).toBe('churn@2');
  });
});
