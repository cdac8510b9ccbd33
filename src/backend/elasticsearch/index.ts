/**
 * Elasticsearch as the live source of a query: the datasource's upstream client (URL, auth, TLS, timeout) behind
 * the search transport, and the index and field mapping from the settings, or from the model's binding.
 */
import { bindingStoreFor } from '../bindings/bindingStore';
import { perModelSource } from '../bindings/perModelSource';
import type { QueryContext } from '../queries/types';
import type { LiveSource } from '../sources/types';
import { boundConfig } from './binding';
import { elasticsearchConfig, ElasticsearchSource, type ElasticsearchSourceConfig } from './source';
import { HttpSearchTransport } from './transport';

export function elasticsearchSourceFor(
  context: Pick<QueryContext, 'upstream' | 'settings' | 'cache'>,
  config: ElasticsearchSourceConfig = elasticsearchConfig(context.settings)
): ElasticsearchSource {
  return new ElasticsearchSource(new HttpSearchTransport(context.upstream), config, context.cache);
}

/** For queries: each model as its provisioned binding says (index, fields, filter), the others as the settings say. */
export function boundElasticsearchSourceFor(context: Pick<QueryContext, 'upstream' | 'settings' | 'cache' | 'baselines'>): LiveSource {
  const bindings = bindingStoreFor(context.settings.jsonData.provisionedBindingDirectory, context.baselines.directory);
  return perModelSource('elasticsearch', async (model) => {
    const binding = (await bindings.find(model.model, model.version))?.elasticsearch;
    if (!binding) {
      return elasticsearchSourceFor(context);
    }
    // The binding's index stands in for the datasource's, which may then be left empty.
    const { settings } = context;
    const index = binding.index ?? settings.jsonData.elasticsearchIndex;
    return elasticsearchSourceFor(context, boundConfig(elasticsearchConfig({ ...settings, jsonData: { ...settings.jsonData, elasticsearchIndex: index } }), binding));
  });
}

export { ElasticsearchSource } from './source';
