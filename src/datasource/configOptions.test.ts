import {
  isSecretConfigured,
  resetSecret,
  setJsonText,
  setMapping,
  setSecret,
  setJsonNumber,
  type DriftSettings,
} from './configOptions';
import { datasourceSettings } from './testing/settingsFixture';

function settings(overrides: Partial<DriftSettings> = {}): DriftSettings {
  return Object.freeze(datasourceSettings(overrides));
}

describe('config option updates', () => {
  it('removes a text setting when emptied so the backend default applies', () => {
    const withUrl = setJsonText(settings(), 'prometheusUrl', ' http://prom:9090 ');
    expect(withUrl.jsonData.prometheusUrl).toBe('http://prom:9090');
    expect('prometheusUrl' in setJsonText(withUrl, 'prometheusUrl', '').jsonData).toBe(false);
  });

  it('keeps other mapping names when one changes', () => {
    const first = setMapping(settings(), 'prometheus', 'featureHistogram', 'my_hist');
    const second = setMapping(first, 'prometheus', 'modelLabel', 'service');
    expect(second.jsonData.prometheus).toEqual({ featureHistogram: 'my_hist', modelLabel: 'service' });
    expect(setMapping(second, 'prometheus', 'modelLabel', '').jsonData.prometheus).toEqual({ featureHistogram: 'my_hist' });
  });

  it('sets Elasticsearch field names beside the Prometheus names', () => {
    const withProm = setMapping(settings(), 'prometheus', 'modelLabel', 'service');
    const both = setMapping(withProm, 'elasticsearch', 'timeField', ' ts ');
    expect(both.jsonData.elasticsearch).toEqual({ timeField: 'ts' });
    expect(both.jsonData.prometheus).toEqual({ modelLabel: 'service' });
    expect(setMapping(both, 'elasticsearch', 'timeField', '').jsonData.elasticsearch).toEqual({});
  });

  it('puts secrets only into secureJsonData', () => {
    const next = setSecret(settings(), 'prometheusToken', 's3cret');
    expect(next.secureJsonData).toEqual({ prometheusToken: 's3cret' });
    expect(JSON.stringify(next.jsonData)).not.toContain('s3cret');
  });

  it('marks a reset secret as unconfigured', () => {
    const configured = settings({ secureJsonFields: { prometheusToken: true } });
    expect(isSecretConfigured(configured, 'prometheusToken')).toBe(true);
    const reset = resetSecret(configured, 'prometheusToken');
    expect(isSecretConfigured(reset, 'prometheusToken')).toBe(false);
    expect(reset.secureJsonData?.prometheusToken).toBe('');
  });

  it('stores the timeout as a number and removes it when emptied', () => {
    expect(setJsonNumber(settings(), 'timeoutSeconds', '45').jsonData.timeoutSeconds).toBe(45);
    expect('timeoutSeconds' in setJsonNumber(settings({ jsonData: { timeoutSeconds: 5 } }), 'timeoutSeconds', '').jsonData).toBe(
      false
    );
  });

  it('stores the maximum buckets as a number and removes it when emptied', () => {
    expect(setJsonNumber(settings(), 'elasticsearchMaxBuckets', '20000').jsonData.elasticsearchMaxBuckets).toBe(20_000);
    const emptied = setJsonNumber(settings({ jsonData: { elasticsearchMaxBuckets: 5 } }), 'elasticsearchMaxBuckets', ' ');
    expect('elasticsearchMaxBuckets' in emptied.jsonData).toBe(false);
  });
});
