/**
 * The live source a query reads. A query that names none (an alert rule or dashboard written as code often leaves
 * `source` out) reads where its model's data is: the one source the model's binding names, else the datasource's
 * default (`defaultLiveSource`: Prometheus, unless only an Elasticsearch URL is set). The app's own queries and
 * "Check bindings" decide the same way, so what the check found is what the query reads.
 */
import { checkBaselineId } from '../../drift/baseline/baselineId';
import { defaultLiveSource } from '../../shared/defaultSource';
import { boundSources, type BindingDocument } from '../../shared/bindingModel';
import { isLiveSource, LIVE_SOURCES, type DriftQuery, type LiveSource } from '../../shared/queryModel';
import { badRequest } from '../errors';

export interface SourceClues {
  /** Whether the datasource has a URL for the source. */
  isConfigured(source: LiveSource): boolean;
  /** The binding of a model version (or of the whole model), undefined when it has none. */
  bindingOf(model: string, version: string): Promise<BindingDocument | undefined>;
}

export async function querySource(query: Pick<DriftQuery, 'source' | 'baseline'>, clues: SourceClues): Promise<LiveSource> {
  const named: unknown = query.source;
  if (named !== undefined) {
    if (!isLiveSource(named)) {
      throw badRequest(`unknown source "${String(named)}" (${LIVE_SOURCES.join(' or ')})`);
    }
    return named;
  }
  // A missing or malformed baseline id is the handler's error to report, with its own message.
  const id = typeof query.baseline === 'string' ? checkBaselineId(query.baseline) : undefined;
  if (id?.ok) {
    // A broken binding file is reported by the source that reads it; a query that reads no live data never needs it.
    const binding = await clues.bindingOf(id.model, id.version).catch(() => undefined);
    const bound = boundSources(binding);
    if (bound.length === 1) {
      return bound[0];
    }
  }
  return defaultLiveSource((source) => clues.isConfigured(source));
}
