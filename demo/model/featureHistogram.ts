/**
 * A Prometheus histogram family whose bucket bounds differ per feature. prom-client fixes one bucket list per
 * metric, but drift needs each feature's buckets to be exactly its baseline's edges, so this family renders its own
 * text exposition (format 0.0.4) and the service appends it to prom-client's output.
 */
import { bucketIndex } from '../../src/drift/baseline/edges';

interface Series {
  labels: Record<string, string>;
  upperBounds: readonly number[];
  /** Non-cumulative counts per bucket, the last one being (last bound, +Inf]. */
  counts: number[];
  sum: number;
}

export class FeatureHistogramFamily {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    private readonly help: string
  ) {}

  /**
   * Registers a series before its first observation, so Prometheus sees explicit zeros and `increase()` counts the
   * first observations too.
   */
  declare(labels: Record<string, string>, upperBounds: readonly number[]): void {
    const key = seriesKey(labels);
    if (!this.series.has(key)) {
      this.series.set(key, { labels, upperBounds, counts: new Array(upperBounds.length + 1).fill(0), sum: 0 });
    }
  }

  /** Observes a finite value in a declared series; returns false (and records nothing) otherwise. */
  observe(labels: Record<string, string>, value: number): boolean {
    const series = this.series.get(seriesKey(labels));
    if (!series || !Number.isFinite(value)) {
      return false;
    }
    series.counts[bucketIndex(series.upperBounds, value)] += 1;
    series.sum += value;
    return true;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const series of this.series.values()) {
      let cumulative = 0;
      series.upperBounds.forEach((bound, index) => {
        cumulative += series.counts[index];
        lines.push(`${this.name}_bucket${formatLabels({ ...series.labels, le: String(bound) })} ${cumulative}`);
      });
      cumulative += series.counts[series.upperBounds.length];
      lines.push(`${this.name}_bucket${formatLabels({ ...series.labels, le: '+Inf' })} ${cumulative}`);
      lines.push(`${this.name}_sum${formatLabels(series.labels)} ${series.sum}`);
      lines.push(`${this.name}_count${formatLabels(series.labels)} ${cumulative}`);
    }
    return lines.join('\n') + '\n';
  }
}

function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return `{${parts.join(',')}}`;
}
