import { ignoredSettings, ignoredSettingsWarning } from './ignoredSettings';

describe('ignoredSettings', () => {
  it('names a mapping key put at the top level, and where it belongs', () => {
    expect(ignoredSettings({ elasticsearchUrl: 'http://es', timeField: 'ts', modelLabel: 'model_name' })).toEqual([
      { path: 'jsonData.timeField', belongsAt: 'jsonData.elasticsearch.timeField' },
      { path: 'jsonData.modelLabel', belongsAt: 'jsonData.prometheus.modelLabel' },
    ]);
  });

  it('names a key that differs from a known one only by case, at the top level and in a mapping', () => {
    expect(ignoredSettings({ prometheusURL: 'http://p', Prometheus: {}, elasticsearch: { TimeField: 'ts' } })).toEqual([
      { path: 'jsonData.prometheusURL', belongsAt: 'jsonData.prometheusUrl' },
      { path: 'jsonData.Prometheus', belongsAt: 'jsonData.prometheus' },
      { path: 'jsonData.elasticsearch.TimeField', belongsAt: 'jsonData.elasticsearch.timeField' },
    ]);
  });

  it('names a key in the wrong mapping, and one that is nowhere, without a place', () => {
    expect(ignoredSettings({ prometheus: { timeField: 'ts', modelLabel: 'm' }, elasticsearch: { modelField: 'm' }, colour: 'red' })).toEqual([
      { path: 'jsonData.colour' },
      { path: 'jsonData.prometheus.timeField', belongsAt: 'jsonData.elasticsearch.timeField' },
    ]);
  });

  it('never names the settings it reads or the keys Grafana keeps in every datasource', () => {
    const grafanaKeys = { manageAlerts: true, alertmanagerUid: 'a', enableSecureSocksProxy: false, pdcInjected: false, teamHttpHeaders: {}, authType: 'keys' };
    const ours = { prometheusUrl: 'http://p', prometheus: { modelLabel: 'm' }, elasticsearch: { timeField: 'ts' }, cacheEnabled: true, minStep: '15s' };
    expect(ignoredSettings({ ...grafanaKeys, ...ours })).toEqual([]);
    expect(ignoredSettings({})).toEqual([]);
  });
});

describe('ignoredSettingsWarning', () => {
  it('names each setting and where it belongs, and is absent when every setting is read', () => {
    expect(ignoredSettingsWarning([{ path: 'jsonData.timeField', belongsAt: 'jsonData.elasticsearch.timeField' }, { path: 'jsonData.colour' }])).toBe(
      'Warning: ignored settings, not read by this datasource: jsonData.timeField (belongs at jsonData.elasticsearch.timeField), jsonData.colour'
    );
    expect(ignoredSettingsWarning([])).toBeUndefined();
  });
});
