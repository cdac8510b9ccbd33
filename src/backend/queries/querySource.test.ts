import type { BindingDocument } from '../../shared/bindingModel';
import type { LiveSource } from '../../shared/queryModel';
import { querySource, type SourceClues } from './querySource';

const PROMETHEUS_BINDING: BindingDocument['prometheus'] = { features: {} };
const ELASTICSEARCH_BINDING: BindingDocument['elasticsearch'] = { index: 'predictions-*' };

function clues(configured: LiveSource[], bindings: Record<string, BindingDocument> = {}): SourceClues & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    isConfigured: (source) => configured.includes(source),
    bindingOf: async (model, version) => {
      asked.push(`${model}@${version}`);
      return bindings[`${model}@${version}`] ?? bindings[model];
    },
  };
}

describe('the source a query reads', () => {
  it('is the one the query names, whatever the binding says', async () => {
    const both = clues(['prometheus', 'elasticsearch'], { fraud: { model: 'fraud', elasticsearch: ELASTICSEARCH_BINDING } });
    await expect(querySource({ source: 'prometheus', baseline: 'fraud@1' }, both)).resolves.toBe('prometheus');
    expect(both.asked).toEqual([]);
  });

  it('refuses a source it does not know, naming the ones it does', async () => {
    await expect(querySource({ source: 'loki' as LiveSource }, clues(['prometheus']))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/unknown source "loki" \(prometheus or elasticsearch\)/) });
  });

  it('without one, is the single source the model binding names', async () => {
    const both = clues(['prometheus', 'elasticsearch'], { fraud: { model: 'fraud', elasticsearch: ELASTICSEARCH_BINDING } });
    await expect(querySource({ baseline: 'fraud@1' }, both)).resolves.toBe('elasticsearch');
    expect(both.asked).toEqual(['fraud@1']);
    const versioned = clues(['prometheus', 'elasticsearch'], { 'fraud@2': { model: 'fraud', version: '2', prometheus: PROMETHEUS_BINDING } });
    await expect(querySource({ baseline: 'fraud@2' }, versioned)).resolves.toBe('prometheus');
  });

  it('otherwise Prometheus, unless the datasource has only an Elasticsearch URL', async () => {
    const bothBound = { fraud: { model: 'fraud', prometheus: PROMETHEUS_BINDING, elasticsearch: ELASTICSEARCH_BINDING } };
    await expect(querySource({ baseline: 'fraud@1' }, clues(['prometheus', 'elasticsearch'], bothBound))).resolves.toBe('prometheus');
    await expect(querySource({ baseline: 'fraud@1' }, clues(['elasticsearch']))).resolves.toBe('elasticsearch');
    await expect(querySource({ baseline: 'fraud@1' }, clues(['prometheus', 'elasticsearch']))).resolves.toBe('prometheus');
    await expect(querySource({ baseline: 'fraud@1' }, clues([]))).resolves.toBe('prometheus');
  });

  it('leaves a missing or malformed baseline id, and a broken binding, to the handler that reads them', async () => {
    const only = clues(['elasticsearch']);
    await expect(querySource({}, only)).resolves.toBe('elasticsearch');
    await expect(querySource({ baseline: 'no-version' }, only)).resolves.toBe('elasticsearch');
    expect(only.asked).toEqual([]);
    const broken: SourceClues = { isConfigured: () => true, bindingOf: () => Promise.reject(new Error('the binding file fraud.json of model "fraud" is invalid')) };
    await expect(querySource({ baseline: 'fraud@1' }, broken)).resolves.toBe('prometheus');
  });
});
