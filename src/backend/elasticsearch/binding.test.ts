import { DEFAULT_ELASTICSEARCH_MAPPING } from '../../shared/settingsModel';
import type { FeatureSpec } from '../sources/types';
import { boundConfig } from './binding';
import { totalsBody } from './requestBuilder';

const config = { index: 'predictions-*', mapping: DEFAULT_ELASTICSEARCH_MAPPING, maxBuckets: 65_535 };
const model = { model: 'pydata', version: '1' };
const range = { fromMs: 1_000, toMs: 2_000 };
const features: FeatureSpec[] = [
  { name: 'response', kind: 'numeric', upperBounds: [0.5] },
  { name: 'channel', kind: 'categorical', categories: ['web', 'app'] },
];

describe('Elasticsearch bindings', () => {
  it('reads a model from its own index, time field, filter and fields, without a model field', () => {
    const bound = boundConfig(config, {
      index: 'pydata-logs',
      timeField: 'ts',
      filter: 'service:"pydata-api"',
      model: 'none',
      version: { field: 'model_version' },
      featurePrefix: '',
      features: { response: 'outputs.score' },
      missingValues: ['missing', 'None'],
    });
    expect(bound.index).toBe('pydata-logs');
    const body = totalsBody(bound.mapping, model, features, range);
    expect(body.query).toEqual({
      bool: {
        filter: [
          { term: { model_version: '1' } },
          { range: { ts: { gt: 1_000, lte: 2_000, format: 'epoch_millis' } } },
          { query_string: { query: 'service:"pydata-api"' } },
        ],
      },
    });
    expect(body.aggs).toMatchObject({
      f0: { range: { field: 'outputs.score' } },
      f0_missing: { missing: { field: 'outputs.score' } },
      // The values that mean missing are counted with absent fields, and not as categories.
      f1: { terms: { field: 'channel', exclude: ['missing', 'None'] } },
      f1_missing: {
        filter: { bool: { should: [{ bool: { must_not: { exists: { field: 'channel' } } } }, { terms: { channel: ['missing', 'None'] } }], minimum_should_match: 1 } },
      },
    });
  });

  it('keeps the datasource mapping for what the binding leaves out, and a fixed version value', () => {
    const bound = boundConfig(config, { filter: { term: { env: 'prod' } }, version: { field: 'build', value: '2026.11' } });
    expect(bound.index).toBe('predictions-*');
    const body = totalsBody(bound.mapping, model, features, range);
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toEqual([
      { term: { model: 'pydata' } },
      { term: { build: '2026.11' } },
      { range: { '@timestamp': { gt: 1_000, lte: 2_000, format: 'epoch_millis' } } },
      { term: { env: 'prod' } },
    ]);
    expect(body.aggs).toMatchObject({ f0: { range: { field: 'features.response' } }, f1: { terms: { field: 'features.channel' } } });
  });
});
