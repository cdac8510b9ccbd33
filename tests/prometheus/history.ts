/**
 * Synthetic model-server history as OpenMetrics text with timestamps, for `promtool` backfilling: feature
 * histograms, categorical and prediction counters and labelled outcomes, exactly as a real exporter would
 * have exposed them at every scrape. Observations are drawn from a seeded generator, so every run sees the
 * same data; the distribution of each window is a function of time, so a test can place a shift anywhere.
 */
import { mulberry32 } from '../../src/drift/prng';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';

export type Random = () => number;

/** Approximately standard normal (Irwin–Hall sum of 12 uniforms), as `src/drift/prng.ts` does. */
export function normal(random: Random, mean = 0, std = 1): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    sum += random();
  }
  return mean + std * (sum - 6);
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

function formatLe(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}

export interface HistorySpan {
  startMs: number;
  endMs: number;
  /** Scrape interval of the simulated Prometheus. */
  intervalMs: number;
}

export interface NumericHistory {
  name: string;
  upperBounds: number[];
  /** One observation at simulated time `timeMs`. */
  draw: (timeMs: number, random: Random) => number;
}

function timesOf(span: HistorySpan): number[] {
  const times: number[] = [];
  for (let t = span.startMs; t <= span.endMs; t += span.intervalMs) {
    times.push(t);
  }
  return times;
}

/**
 * A histogram family (`<metric>_bucket`, `_count`, `_sum`), one series set per feature, labelled as the
 * datasource mapping expects unless `labelsOf` gives a feature's labels (instrumentation of its own).
 */
export function histogramFamily(
  model: { model: string; version: string },
  features: NumericHistory[],
  span: HistorySpan,
  observationsPerInterval: number,
  seed: number,
  metric = NAMES.featureHistogram,
  labelsOf?: (feature: string) => Record<string, string>
): string {
  const random = mulberry32(seed);
  const out: string[] = [`# TYPE ${metric} histogram`];
  const times = timesOf(span);
  for (const feature of features) {
    const bounds = [...feature.upperBounds, Infinity];
    const cumulative = new Array<number>(bounds.length).fill(0);
    let sum = 0;
    const labels = labelsOf?.(feature.name) ?? { [NAMES.modelLabel]: model.model, [NAMES.versionLabel]: model.version, [NAMES.featureLabel]: feature.name };
    for (const time of times) {
      for (let i = 0; i < observationsPerInterval; i++) {
        const value = feature.draw(time, random);
        sum += value;
        for (let b = 0; b < bounds.length; b++) {
          if (value <= bounds[b]) {
            cumulative[b]++;
          }
        }
      }
      const ts = (time / 1000).toFixed(3);
      bounds.forEach((bound, b) => out.push(`${metric}_bucket{${labelText({ ...labels, le: formatLe(bound) })}} ${cumulative[b]} ${ts}`));
      out.push(`${metric}_count{${labelText(labels)}} ${cumulative[bounds.length - 1]} ${ts}`);
      out.push(`${metric}_sum{${labelText(labels)}} ${sum} ${ts}`);
    }
  }
  return out.join('\n');
}

/**
 * A counter family (`<family>_total`) whose series are the label sets `draw` returns, one increment per
 * observation. Series are written one after the other, each in time order, as the backfiller wants.
 */
export function counterFamily(
  family: string,
  span: HistorySpan,
  observationsPerInterval: number,
  seed: number,
  draw: (timeMs: number, random: Random) => Record<string, string>
): string {
  const random = mulberry32(seed);
  const series = new Map<string, { labels: string; counts: number[] }>();
  const times = timesOf(span);
  times.forEach((time, index) => {
    for (let i = 0; i < observationsPerInterval; i++) {
      const labels = labelText(draw(time, random));
      let entry = series.get(labels);
      if (!entry) {
        entry = { labels, counts: new Array<number>(times.length).fill(0) };
        series.set(labels, entry);
      }
      entry.counts[index]++;
    }
  });
  const out: string[] = [`# TYPE ${family} counter`];
  for (const { labels, counts } of series.values()) {
    let total = 0;
    times.forEach((time, index) => {
      total += counts[index];
      out.push(`${family}_total{${labels}} ${total} ${(time / 1000).toFixed(3)}`);
    });
  }
  return out.join('\n');
}

export function openMetrics(families: string[]): string {
  return families.join('\n') + '\n# EOF\n';
}

/** Prometheus' counter family name for a `_total` metric name. */
export function familyOf(counterName: string): string {
  return counterName.replace(/_total$/, '');
}
