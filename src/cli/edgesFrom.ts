/**
 * `mldrift baseline build --edges-from <Prometheus URL>`: numeric bucket edges taken from the `le` values of a
 * classic histogram a Prometheus already holds, so that the baseline's buckets are the exporter's exactly and
 * live drift is compared without merging or re-binning. One `/api/v1/series` request: the label sets of the
 * histogram's `_bucket` series in the window, not their samples.
 *
 * The selector is built and escaped by the backend's PromQL printer, and the answer read by its parser: the
 * same rules as the datasource's queries, not a second copy of them.
 */
import { parseLe } from '../backend/prometheus/buckets';
import { isValidLabelName, isValidMetricName, render, selector, equals, type LabelMatcher } from '../backend/prometheus/promql';
import { parseSeriesResponse, type Labels } from '../backend/prometheus/response';
import { DurationError, parseDuration } from '../backend/queries/timeGrid';
import { InputError, errorMessage } from '../tabular/inputError';
import { stringOption, type ParsedOptions } from './args';

export interface EdgesFromSpec {
  /** Prometheus' base URL. */
  url: string;
  /** The histogram's base name (without `_bucket`). */
  metric: string;
  /** Extra label matchers (`job=fraud-api`, `model_version=v1`). */
  matchers: LabelMatcher[];
  /** The label naming the feature; each of its values' edges go to the column of that name. */
  featureLabel?: string;
  /** For a histogram without a feature label: the one column its edges belong to. */
  column?: string;
  windowMs: number;
}

export const EDGES_FROM_HELP = `  --edges-from URL       take numeric bucket edges from a Prometheus: the le values of an exported histogram
  --edges-metric NAME    ... the classic histogram to read (base name, without _bucket); needed with --edges-from
  --edges-match l=v      ... only its series with this label value (repeatable), e.g. job=fraud-api
  --edges-feature-label L  ... the label naming the feature (default feature): its values are the columns
  --edges-column COL     ... or, for a histogram of one feature without such a label, the column it belongs to
  --edges-window DUR     ... series seen in this window up to now (default 1h)`;

export const EDGES_FROM_OPTIONS = {
  'edges-from': { type: 'string' },
  'edges-metric': { type: 'string' },
  'edges-match': { type: 'string', multiple: true },
  'edges-feature-label': { type: 'string' },
  'edges-column': { type: 'string' },
  'edges-window': { type: 'string' },
} as const;

function matchersOf(options: ParsedOptions): LabelMatcher[] {
  const value = options.values['edges-match'];
  const specs = value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const label = at > 0 ? spec.slice(0, at).trim() : '';
    if (!isValidLabelName(label)) {
      throw new InputError(`--edges-match ${JSON.stringify(spec)}: expected label=value with a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
    }
    return equals(label, spec.slice(at + 1));
  });
}

/** The `--edges-from` options, checked; undefined when `--edges-from` is not given (then the others are refused). */
export function edgesFromOptions(options: ParsedOptions): EdgesFromSpec | undefined {
  const url = stringOption(options, 'edges-from');
  if (url === undefined) {
    const stray = Object.keys(EDGES_FROM_OPTIONS).find((name) => options.values[name] !== undefined);
    if (stray) {
      throw new InputError(`--${stray} needs --edges-from`);
    }
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`--edges-from ${JSON.stringify(url)}: not a URL (expected http://host:9090)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`--edges-from: ${parsed.protocol} is not supported (http or https)`);
  }
  const metric = stringOption(options, 'edges-metric');
  if (metric === undefined || !isValidMetricName(metric) || metric.endsWith('_bucket')) {
    throw new InputError('--edges-from needs --edges-metric: the histogram base name, a Prometheus metric name without the _bucket suffix');
  }
  const column = stringOption(options, 'edges-column');
  const featureLabel = stringOption(options, 'edges-feature-label');
  if (column !== undefined && featureLabel !== undefined) {
    throw new InputError('give --edges-column or --edges-feature-label, not both');
  }
  if (featureLabel !== undefined && !isValidLabelName(featureLabel)) {
    throw new InputError(`--edges-feature-label ${JSON.stringify(featureLabel)} is not a Prometheus label name`);
  }
  let windowMs: number;
  try {
    windowMs = parseDuration(stringOption(options, 'edges-window') ?? '1h');
  } catch (error) {
    throw new InputError(`--edges-window: ${error instanceof DurationError ? error.message : errorMessage(error)}`);
  }
  return { url: url.replace(/\/+$/, ''), metric, matchers: matchersOf(options), ...(column !== undefined ? { column } : { featureLabel: featureLabel ?? 'feature' }), windowMs };
}

/** The series selector of the spec's `_bucket` series. */
export function bucketSelector(spec: EdgesFromSpec): string {
  return render(selector(`${spec.metric}_bucket`, spec.matchers));
}

/**
 * The finite `le` values per column from the bucket series' label sets. Series without the feature label, or
 * without a readable `le`, are left out; a column whose series disagree gets the union of their edges.
 */
export function edgesBySeries(series: readonly Labels[], spec: EdgesFromSpec): Map<string, number[]> {
  const sets = new Map<string, Set<number>>();
  for (const labels of series) {
    const column = spec.column ?? (spec.featureLabel === undefined ? undefined : labels[spec.featureLabel]);
    const le = labels.le === undefined ? undefined : parseLe(labels.le);
    if (column === undefined || le === undefined || !Number.isFinite(le)) {
      continue;
    }
    const set = sets.get(column) ?? new Set<number>();
    set.add(le);
    sets.set(column, set);
  }
  return new Map([...sets].map(([column, set]) => [column, [...set].sort((a, b) => a - b)]));
}

/** Asks Prometheus for the histogram's bucket series and returns the edges per column (an error when it finds none). */
export async function fetchExportedEdges(spec: EdgesFromSpec, nowMs: number, fetchImpl: typeof fetch = fetch): Promise<Map<string, number[]>> {
  const match = bucketSelector(spec);
  const form = new URLSearchParams({ 'match[]': match, start: String((nowMs - spec.windowMs) / 1000), end: String(nowMs / 1000) });
  let body: unknown;
  try {
    const response = await fetchImpl(`${spec.url}/api/v1/series`, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
    body = await response.json();
  } catch (error) {
    throw new InputError(`--edges-from: cannot read the series of ${match} from ${spec.url}: ${errorMessage(error)}`);
  }
  let series: Labels[];
  try {
    series = parseSeriesResponse(body).data;
  } catch (error) {
    throw new InputError(`--edges-from: Prometheus answered an error for ${match}: ${errorMessage(error)}`);
  }
  const edges = edgesBySeries(series, spec);
  if (edges.size === 0) {
    const why = series.length === 0 ? 'no series matched' : `its ${series.length} series have no finite le${spec.featureLabel ? ` with a ${spec.featureLabel} label` : ''}`;
    throw new InputError(`--edges-from: ${why} ${match} in the last ${spec.windowMs / 1000}s at ${spec.url}`);
  }
  return edges;
}
