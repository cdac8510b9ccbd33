/**
 * Elasticsearch as the live source of a query: the datasource's upstream client (URL, auth, TLS, timeout) behind
 * the search transport, and the index and field mapping from the settings.
 */
import type { QueryContext } from '../queries/types';
import { elasticsearchConfig, ElasticsearchSource } from './source';
import { HttpSearchTransport } from './transport';

export function elasticsearchSourceFor(context: Pick<QueryContext, 'upstream' | 'settings'>): ElasticsearchSource {
  return new ElasticsearchSource(new HttpSearchTransport(context.upstream), elasticsearchConfig(context.settings));
}

export { ElasticsearchSource } from './source';
