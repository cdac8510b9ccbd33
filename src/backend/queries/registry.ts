/**
 * Which handler answers which query type (and, for live queries, which source). New query types are
 * added here, never in the dispatcher.
 */
import type { DriftQueryType, LiveSource } from '../../shared/queryModel';
import { boundElasticsearchSourceFor } from '../elasticsearch';
import { prometheusSourceFor } from '../prometheus';
import { withCheckedCounts } from '../sources/checkedCounts';
import { baselineQuery } from './baselineQuery';
import { confusionQuery } from './confusion';
import { dataQualityQuery } from './dataQuality';
import { distributionQuery } from './distribution';
import { driftQuery } from './drift';
import { performanceQuery } from './performance';
import { withIgnoredSegmentNotice } from './segments';
import type { SourceFactory } from './liveWindows';
import type { QueryHandler } from './types';

export const KNOWN_QUERY_TYPES: readonly DriftQueryType[] = ['drift', 'distribution', 'confusion', 'performance', 'dataQuality', 'baseline'];

export interface QueryHandlerEntry {
  queryType: DriftQueryType;
  /** Omitted: the handler serves every source (e.g. `baseline`, which reads only the store). */
  source?: LiveSource;
  handler: QueryHandler;
}

export type Resolution =
  /** `live`: the handler reads an upstream (and so takes one of the datasource's live-query slots). */
  | { kind: 'found'; handler: QueryHandler; live: boolean }
  | { kind: 'unknownType' }
  | { kind: 'notImplemented' };

export class QueryRegistry {
  private readonly entries: QueryHandlerEntry[] = [];

  register(entry: QueryHandlerEntry): this {
    if (this.entries.some((e) => e.queryType === entry.queryType && e.source === entry.source)) {
      throw new Error(`a handler for ${entry.queryType}/${entry.source ?? 'any source'} is already registered`);
    }
    this.entries.push(entry);
    return this;
  }

  /** Whether the query type reads an upstream (has a handler per source), so where its model is bound matters. */
  readsLiveData(queryType: string): boolean {
    return this.entries.some((e) => e.queryType === queryType && e.source !== undefined);
  }

  resolve(queryType: string, source: LiveSource): Resolution {
    if (!(KNOWN_QUERY_TYPES as readonly string[]).includes(queryType)) {
      return { kind: 'unknownType' };
    }
    const matching = this.entries.filter((e) => e.queryType === queryType);
    const entry = matching.find((e) => e.source === source) ?? matching.find((e) => e.source === undefined);
    return entry ? { kind: 'found', handler: entry.handler, live: entry.source !== undefined } : { kind: 'notImplemented' };
  }
}

/** Every live source and how a handler gets it; a live handler is registered once per source. */
const LIVE_SOURCES: ReadonlyArray<readonly [LiveSource, SourceFactory]> = [
  ['prometheus', (context) => withCheckedCounts(prometheusSourceFor(context))],
  ['elasticsearch', (context) => withCheckedCounts(boundElasticsearchSourceFor(context))],
];

function registerLive(registry: QueryRegistry, queryType: DriftQueryType, handlerFor: (sourceFor: SourceFactory) => QueryHandler): QueryRegistry {
  for (const [source, sourceFor] of LIVE_SOURCES) {
    registry.register({ queryType, source, handler: handlerFor(sourceFor) });
  }
  return registry;
}

/** The live query types; each gets a notice for the segment options it does not read (`withIgnoredSegmentNotice`). */
const LIVE_QUERIES: ReadonlyArray<readonly [DriftQueryType, (sourceFor: SourceFactory) => QueryHandler]> = [
  ['drift', driftQuery],
  ['distribution', distributionQuery],
  ['confusion', confusionQuery],
  ['performance', performanceQuery],
  ['dataQuality', dataQualityQuery],
];

/** The handlers this build ships. */
export function createQueryRegistry(): QueryRegistry {
  const registry = new QueryRegistry().register({ queryType: 'baseline', handler: baselineQuery });
  for (const [queryType, handlerFor] of LIVE_QUERIES) {
    registerLive(registry, queryType, (sourceFor) => withIgnoredSegmentNotice(queryType, handlerFor(sourceFor)));
  }
  return registry;
}
