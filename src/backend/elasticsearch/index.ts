/**
 * Elasticsearch as the live source of a query: the datasource's upstream client (URL, auth, TLS, timeout) behind
 * the search transport, and the index and field mapping from the settings, or from the model's binding.
 */
import { bindingStoreFor } from '../bindings/bindingStore';
import { perModelSource } from '../bindings/perModelSource';
import type { ElasticsearchBinding } from '../../shared/bindingModel';
import type { QueryContext } from '../queries/types';
import type { DatasourceSettings } from '../settings';
import { SharedReads } from '../sources/sharedReads';
import type { LiveSource, ModelRef } from '../sources/types';
import type { SearchOutcome } from './responseParser';
import { boundConfig } from './binding';
import { elasticsearchConfig, ElasticsearchSource, type ElasticsearchSourceConfig } from './source';
import { HttpSearchTransport } from './transport';

export function elasticsearchSourceFor(
  context: Pick<QueryContext, 'upstream' | 'settings' | 'cache'>,
  config: ElasticsearchSourceConfig = elasticsearchConfig(context.settings),
  setReads?: SharedReads<SearchOutcome[]>
): ElasticsearchSource {
  return new ElasticsearchSource(new HttpSearchTransport(context.upstream), config, context.cache, setReads);
}

/** The source settings of a model: the datasource's, with its binding (if any) over them. */
export function boundElasticsearchConfig(settings: DatasourceSettings, binding: ElasticsearchBinding | undefined): ElasticsearchSourceConfig {
  if (!binding) {
    return elasticsearchConfig(settings);
  }
  // The binding's index stands in for the datasource's, which may then be left empty.
  const index = binding.index ?? settings.jsonData.elasticsearchIndex;
  return boundConfig(elasticsearchConfig({ ...settings, jsonData: { ...settings.jsonData, elasticsearchIndex: index } }), binding);
}

/** Per model: the source settings its binding (from the provisioned or saved bindings) says. */
function elasticsearchConfigFor(settings: DatasourceSettings, baselineDirectory: string): (model: ModelRef) => Promise<ElasticsearchSourceConfig> {
  const bindings = bindingStoreFor(settings.jsonData.provisionedBindingDirectory, baselineDirectory);
  return async (model) => boundElasticsearchConfig(settings, (await bindings.find(model.model, model.version))?.elasticsearch);
}

/**
 * For queries: each model as its provisioned binding says (index, fields, filter), the others as the settings say.
 * Every call gets a source of its own, so the searches of segment sets are shared here, for the query's life.
 */
export function boundElasticsearchSourceFor(context: Pick<QueryContext, 'upstream' | 'settings' | 'cache' | 'baselines'>): LiveSource {
  const configFor = elasticsearchConfigFor(context.settings, context.baselines.directory);
  const setReads = new SharedReads<SearchOutcome[]>();
  return perModelSource('elasticsearch', async (model) => elasticsearchSourceFor(context, await configFor(model), setReads));
}

export { ElasticsearchSource } from './source';
