/**
 * The backend's own metrics in the Prometheus text exposition format, served through
 * `Diagnostics/CollectMetrics` (Grafana exposes them under `/metrics/plugins/<id>`). A tiny registry
 * rather than a client library: a few metric families, no dependencies in the single executable.
 */
type LabelValues = Record<string, string>;

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function labelKey(labels: LabelValues): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${escapeLabelValue(labels[name])}"`)
    .join(',');
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function braces(key: string): string {
  return key ? `{${key}}` : '';
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return String(value);
}

class Counter {
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string
  ) {}

  inc(labels: LabelValues, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  /** The count for exactly these labels (0 before the first increment). */
  value(labels: LabelValues): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) {
      lines.push(`${this.name}${braces(key)} ${formatNumber(value)}`);
    }
    return lines;
  }
}

class Gauge {
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string
  ) {}

  set(labels: LabelValues, value: number): void {
    this.values.set(labelKey(labels), value);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [key, value] of this.values) {
      lines.push(`${this.name}${braces(key)} ${formatNumber(value)}`);
    }
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: number[]
  ) {}

  observe(labels: LabelValues, value: number): void {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { buckets: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    this.upperBounds.forEach((bound, index) => {
      if (value <= bound) {
        entry.buckets[index]++;
      }
    });
    entry.sum += value;
    entry.count++;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.series) {
      const prefix = key ? `${key},` : '';
      this.upperBounds.forEach((bound, index) => {
        lines.push(`${this.name}_bucket{${prefix}le="${formatNumber(bound)}"} ${entry.buckets[index]}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum${braces(key)} ${formatNumber(entry.sum)}`);
      lines.push(`${this.name}_count${braces(key)} ${entry.count}`);
    }
    return lines;
  }
}

export type QueryOutcome = 'ok' | 'error';

export class BackendMetrics {
  readonly queries = new Counter('mlops_drift_queries_total', 'Queries answered, by query type, status and whether an alert rule asked.');
  readonly queryDuration = new Histogram(
    'mlops_drift_query_duration_seconds',
    'Time to answer one query, by query type.',
    LATENCY_BUCKETS_SECONDS
  );
  readonly errors = new Counter('mlops_drift_errors_total', 'Failed requests, by operation and error source.');
  readonly upstreamCalls = new Counter(
    'mlops_drift_upstream_requests_total',
    'Requests to Prometheus and Elasticsearch, by target and HTTP status (or "error" without a response).'
  );
  readonly upstreamDuration = new Histogram(
    'mlops_drift_upstream_request_duration_seconds',
    'Time from sending a request to Prometheus or Elasticsearch to its whole answer, by target: with the query duration, what the upstream costs and what the plugin adds.',
    LATENCY_BUCKETS_SECONDS
  );
  readonly resourceCalls = new Counter('mlops_drift_resource_requests_total', 'Resource API calls, by method and status.');
  readonly cacheSteps = new Counter(
    'mlops_drift_cache_steps_total',
    'Steps of range queries answered from the completed-bucket cache (result="hit") or fetched upstream (result="miss"), by datasource and target.'
  );
  readonly cacheEvictions = new Counter('mlops_drift_cache_evictions_total', 'Cache entries dropped to stay within the byte budget, by datasource.');
  readonly cacheBytes = new Gauge('mlops_drift_cache_bytes', 'Estimated bytes held by the completed-bucket cache, by datasource.');
  readonly upstreamSamples = new Counter(
    'mlops_drift_upstream_samples_total',
    'Samples (Prometheus) or time buckets (Elasticsearch) read from upstream range answers, by datasource and target.'
  );

  recordQuery(queryType: string, status: number, seconds: number, fromAlert: boolean): void {
    this.queries.inc({ query_type: queryType, status: String(status), alert: String(fromAlert) });
    this.queryDuration.observe({ query_type: queryType }, seconds);
  }

  recordError(operation: string, source: string): void {
    this.errors.inc({ operation, source });
  }

  recordUpstream(target: string, status: number | 'error', seconds: number): void {
    this.upstreamCalls.inc({ target, status: String(status) });
    this.upstreamDuration.observe({ target }, seconds);
  }

  recordResource(method: string, status: number): void {
    this.resourceCalls.inc({ method, status: String(status) });
  }

  render(): string {
    const families = [
      this.queries,
      this.queryDuration,
      this.errors,
      this.upstreamCalls,
      this.upstreamDuration,
      this.resourceCalls,
      this.cacheSteps,
      this.cacheEvictions,
      this.cacheBytes,
      this.upstreamSamples,
    ];
    return [...families.flatMap((family) => family.render()), ...processGauges()].join('\n') + '\n';
  }
}

/** The process's own memory and start time, under the names Prometheus client libraries use. */
function processGauges(): string[] {
  const memory = process.memoryUsage();
  const startSeconds = Math.round((Date.now() - process.uptime() * 1000) / 10) / 100;
  return [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${memory.rss}`,
    '# HELP nodejs_heap_size_used_bytes V8 heap in use, in bytes.',
    '# TYPE nodejs_heap_size_used_bytes gauge',
    `nodejs_heap_size_used_bytes ${memory.heapUsed}`,
    '# HELP process_start_time_seconds Start time of the process since the Unix epoch, in seconds.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${startSeconds}`,
  ];
}
