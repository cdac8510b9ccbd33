/**
 * The live source a model is read from when nothing names one (no `source` chosen, no binding naming a single
 * source): the one the app's own queries take, and the one "Check bindings" checks such a model on.
 */
import type { LiveSource } from './queryModel';

/** Prometheus, unless the datasource has a URL for Elasticsearch only. */
export function defaultLiveSource(hasUrl: (source: LiveSource) => boolean): LiveSource {
  return !hasUrl('prometheus') && hasUrl('elasticsearch') ? 'elasticsearch' : 'prometheus';
}
