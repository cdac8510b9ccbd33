/**
 * Ships prediction logs to Elasticsearch with the bulk API, in the layout `DEFAULT_ELASTICSEARCH_MAPPING` expects.
 * Logging must never slow predictions down: documents wait in a bounded in-memory queue, a timer flushes them,
 * and anything that cannot be delivered is counted, logged and dropped.
 */
import type { FeatureRow } from '../data/dataset';

export interface PredictionLog {
  requestId: string;
  timestamp: Date;
  model: string;
  version: string;
  features: FeatureRow;
  prediction: string;
  probability: number;
}

export interface SinkOptions {
  url: string;
  index: string;
  flushIntervalMs?: number;
  maxQueue?: number;
  batchSize?: number;
  onDrop: (count: number, reason: string) => void;
}

type Action = { kind: 'prediction'; log: PredictionLog } | { kind: 'label'; requestId: string; label: string };

/** The index the sink creates: explicit types, so terms and histogram aggregations work on every field. */
export const INDEX_MAPPING = {
  mappings: {
    dynamic_templates: [
      { feature_strings: { path_match: 'features.*', match_mapping_type: 'string', mapping: { type: 'keyword' } } },
    ],
    properties: {
      '@timestamp': { type: 'date' },
      request_id: { type: 'keyword' },
      model: { type: 'keyword' },
      version: { type: 'keyword' },
      prediction: { type: 'keyword' },
      label: { type: 'keyword' },
      probability: { type: 'double' },
      features: {
        properties: {
          age: { type: 'double' },
          income: { type: 'double' },
          session_length: { type: 'double' },
          country: { type: 'keyword' },
          device: { type: 'keyword' },
        },
      },
    },
  },
};

export class ElasticsearchSink {
  private queue: Action[] = [];
  private timer?: NodeJS.Timeout;
  private flushing = false;

  constructor(private readonly options: SinkOptions) {}

  /** Creates the index with explicit keyword mappings (aggregations need them); an existing index is kept. */
  async start(): Promise<void> {
    try {
      const response = await fetch(`${this.options.url}/${encodeURIComponent(this.options.index)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(INDEX_MAPPING),
        signal: AbortSignal.timeout(5000),
      });
      const text = await response.text();
      if (!response.ok && !text.includes('resource_already_exists_exception')) {
        console.warn(
          `elasticsearch: could not create index ${this.options.index}: ${response.status} ${text.slice(0, 200)}`
        );
      }
    } catch (error) {
      console.warn(`elasticsearch: not reachable yet (${(error as Error).message}); logs will be retried per batch`);
    }
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  logPrediction(log: PredictionLog): void {
    this.enqueue({ kind: 'prediction', log });
  }

  logLabel(requestId: string, label: string): void {
    this.enqueue({ kind: 'label', requestId, label });
  }

  private enqueue(action: Action): void {
    const maxQueue = this.options.maxQueue ?? 10_000;
    if (this.queue.length >= maxQueue) {
      this.options.onDrop(1, 'queue full');
      return;
    }
    this.queue.push(action);
  }

  async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) {
      return;
    }
    this.flushing = true;
    const batch = this.queue.splice(0, this.options.batchSize ?? 1000);
    try {
      const response = await fetch(`${this.options.url}/_bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: bulkBody(this.options.index, batch),
        signal: AbortSignal.timeout(10_000),
      });
      const result = (await response.json()) as {
        errors?: boolean;
        items?: Array<Record<string, { error?: unknown }>>;
      };
      if (!response.ok) {
        this.options.onDrop(batch.length, `HTTP ${response.status}`);
      } else if (result.errors) {
        const failed = (result.items ?? []).filter((item) => Object.values(item).some((r) => r.error !== undefined));
        this.options.onDrop(failed.length, 'rejected by elasticsearch');
      }
    } catch (error) {
      this.options.onDrop(batch.length, (error as Error).message);
    } finally {
      this.flushing = false;
    }
  }
}

/** NDJSON for `_bulk`: predictions are indexed under their request id, so a late label updates the same document. */
export function bulkBody(index: string, actions: readonly Action[]): string {
  const lines: string[] = [];
  for (const action of actions) {
    if (action.kind === 'prediction') {
      const { log } = action;
      lines.push(JSON.stringify({ index: { _index: index, _id: log.requestId } }));
      lines.push(
        JSON.stringify({
          '@timestamp': log.timestamp.toISOString(),
          request_id: log.requestId,
          model: log.model,
          version: log.version,
          features: log.features,
          prediction: log.prediction,
          probability: log.probability,
        })
      );
    } else {
      lines.push(JSON.stringify({ update: { _index: index, _id: action.requestId, retry_on_conflict: 3 } }));
      lines.push(JSON.stringify({ doc: { label: action.label } }));
    }
  }
  return lines.join('\n') + '\n';
}
