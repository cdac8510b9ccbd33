/**
 * A model's Elasticsearch binding (`src/shared/bindingModel.ts`) laid over the datasource's source settings:
 * its own index, time field, filter, model and version selection, and feature fields. What it leaves out stays
 * as the datasource says.
 */
import type { ElasticsearchBinding } from '../../shared/bindingModel';
import type { JsonObject } from './json';
import type { ElasticsearchLayout } from './requestBuilder';
import type { ElasticsearchSourceConfig } from './source';

export function boundConfig(config: ElasticsearchSourceConfig, binding: ElasticsearchBinding): ElasticsearchSourceConfig {
  const mapping = config.mapping;
  const layout: ElasticsearchLayout = {
    ...mapping,
    timeField: binding.timeField ?? mapping.timeField,
    featurePrefix: binding.featurePrefix ?? mapping.featurePrefix,
    predictionField: binding.predictionField ?? mapping.predictionField,
    labelField: binding.labelField ?? mapping.labelField,
    featureFields: binding.features,
    modelSelection: binding.model,
    versionSelection: binding.version,
    // A text filter is Lucene syntax, as users type it in Kibana or Grafana's Elasticsearch datasource.
    // An object filter came from JSON.parse of the binding file, so it is JSON.
    filter: typeof binding.filter === 'string' ? { query_string: { query: binding.filter } } : (binding.filter as JsonObject | undefined),
    missingValues: binding.missingValues,
    scoreField: binding.scoreField,
    positiveClass: binding.positiveClass,
    errorFields: binding.errorFields,
  };
  return { ...config, index: binding.index ?? config.index, mapping: layout };
}
