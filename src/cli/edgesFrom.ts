/**
 * `mldrift baseline build --edges-from <Prometheus URL>`: numeric bucket edges taken from the `le` values of a
 * classic histogram a Prometheus already holds, so that the baseline's buckets are the exporter's exactly and
 * live drift is compared without merging or re-binning. One `/api/v1/series` request: the label sets of the
 * histogram's `_bucket` series in the window, not their samples.
 *
 * With `--edges-binding FILE` the histograms are those of a binding file (the model's bound features and its
 * `numeric` signal), read with the binding's metric names, labels and matchers: one request per histogram.
 * Credentials for the Prometheus come from a file or the environment, never the command line, and never appear
 * in a message.
 *
 * The selector is built and escaped by the backend's PromQL printer, and the answer read by its parser: the
 * same rules as the datasource's queries, not a second copy of them.
 */
import { readFileSync } from 'node:fs';
import { validateBinding } from '../backend/bindings/validate';
import { parseLe } from '../backend/prometheus/buckets';
import { modelLayout } from '../backend/prometheus/layout';
import { isValidLabelName, isValidMetricName, render, selector, equals, type LabelMatcher } from '../backend/prometheus/promql';
import { parseSeriesResponse, type Labels } from '../backend/prometheus/response';
import { DurationError, parseDuration } from '../backend/queries/timeGrid';
import { InputError, errorMessage } from '../tabular/inputError';
import type { PrometheusBinding } from '../shared/bindingModel';
import { DEFAULT_PROMETHEUS_HISTOGRAM_KIND, DEFAULT_PROMETHEUS_MAPPING } from '../shared/settingsModel';
import { stringOption, type ParsedOptions } from './args';

/** The environment variable holding a bearer token for the `--edges-from` Prometheus (when no file is given). */
const TOKEN_ENV = 'MLDRIFT_PROMETHEUS_TOKEN';

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
  /** The Authorization header's value; a secret, never printed. */
  authorization?: string;
}

export const EDGES_FROM_HELP = `  --edges-from URL       take numeric bucket edges from a Prometheus: the le values of an exported histogram
  --edges-metric NAME    ... the classic histogram to read (base name, without _bucket); needed with --edges-from
  --edges-match l=v      ... only its series with this label value (repeatable), e.g. job=fraud-api
  --edges-feature-label L  ... the label naming the feature (default feature): its values are the columns
  --edges-column COL     ... or, for a histogram of one feature without such a label, the column it belongs to
  --edges-window DUR     ... series seen in this window up to now (default 1h)
  --edges-binding FILE   ... or the histograms a binding file names (its bound features and numeric signal),
                         read with its metric names, labels and matchers for --model/--version
  --edges-bearer-token-file FILE  ... a bearer token for that Prometheus (or env ${TOKEN_ENV})
  --edges-basic-auth-file FILE    ... or user:password for basic auth (credentials never go on the command line)`;

export const EDGES_FROM_OPTIONS = {
  'edges-from': { type: 'string' },
  'edges-metric': { type: 'string' },
  'edges-match': { type: 'string', multiple: true },
  'edges-feature-label': { type: 'string' },
  'edges-column': { type: 'string' },
  'edges-window': { type: 'string' },
  'edges-binding': { type: 'string' },
  'edges-bearer-token-file': { type: 'string' },
  'edges-basic-auth-file': { type: 'string' },
} as const;

/** Options that say which histogram to read, which a binding file says instead. */
const SELECTION_OPTIONS = ['edges-metric', 'edges-match', 'edges-feature-label', 'edges-column'] as const;

function readSecretFile(option: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`--${option}: cannot read ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const secret = text.split(/\r?\n/)[0].trim();
  if (secret === '') {
    throw new InputError(`--${option}: ${JSON.stringify(file)} is empty`);
  }
  return secret;
}

/** The Authorization header from `--edges-bearer-token-file`, `--edges-basic-auth-file` or the environment. */
function authorizationOf(options: ParsedOptions, env: NodeJS.ProcessEnv): string | undefined {
  const tokenFile = stringOption(options, 'edges-bearer-token-file');
  const basicFile = stringOption(options, 'edges-basic-auth-file');
  if (tokenFile !== undefined && basicFile !== undefined) {
    throw new InputError('give --edges-bearer-token-file or --edges-basic-auth-file, not both');
  }
  if (basicFile !== undefined) {
    const credentials = readSecretFile('edges-basic-auth-file', basicFile);
    if (!credentials.includes(':')) {
      throw new InputError(`--edges-basic-auth-file: ${JSON.stringify(basicFile)} must hold user:password on its first line`);
    }
    return `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const token = tokenFile !== undefined ? readSecretFile('edges-bearer-token-file', tokenFile) : env[TOKEN_ENV]?.trim();
  return token ? `Bearer ${token}` : undefined;
}

/** A binding file's Prometheus part, validated (the messages name the path of a bad value). */
function bindingOf(file: string): PrometheusBinding {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`--edges-binding: cannot read ${JSON.stringify(file)} as JSON: ${errorMessage(error)}`);
  }
  const checked = validateBinding(document);
  if (!checked.ok) {
    throw new InputError(`--edges-binding ${JSON.stringify(file)}: ${checked.errors.join('; ')}`);
  }
  if (!checked.binding.prometheus) {
    throw new InputError(`--edges-binding ${JSON.stringify(file)}: the binding has no prometheus part`);
  }
  return checked.binding.prometheus;
}

/**
 * The histograms a binding reads for `model@version`: each bound feature's (its column is the feature), and the
 * binding's `numeric` signal by its feature label. Raw PromQL and counters have no edges to take.
 */
function bindingHistograms(
  binding: PrometheusBinding,
  model: { model: string; version: string }
): Array<Pick<EdgesFromSpec, 'metric' | 'matchers' | 'featureLabel' | 'column'>> {
  const layout = modelLayout(DEFAULT_PROMETHEUS_MAPPING, DEFAULT_PROMETHEUS_HISTOGRAM_KIND, model, binding);
  const bound = Object.entries(binding.features ?? {}).flatMap(([name, signal]) => {
    const resolved = signal.kind === 'histogram' ? layout.signalFor(name, 'feature', 'numeric') : undefined;
    if (resolved?.kind !== 'histogram') {
      return [];
    }
    const matchers = resolved.featureLabel === undefined ? resolved.matchers : [...resolved.matchers, equals(resolved.featureLabel, name)];
    return [{ metric: resolved.metric, matchers, column: name }];
  });
  // '' is never a bound feature name: this is the signal of every feature the binding does not name.
  const numeric = binding.numeric?.kind === 'histogram' ? layout.signalFor('', 'feature', 'numeric') : undefined;
  const byLabel =
    numeric?.kind === 'histogram' && numeric.featureLabel !== undefined
      ? [{ metric: numeric.metric, matchers: numeric.matchers, featureLabel: numeric.featureLabel }]
      : [];
  return [...bound, ...byLabel];
}

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

/**
 * The `--edges-from` options, checked: one histogram to read, or those of `--edges-binding` for `identity`;
 * undefined when `--edges-from` is not given (then the others are refused).
 */
export function edgesFromOptions(
  options: ParsedOptions,
  identity: { model: string; version: string },
  env: NodeJS.ProcessEnv = process.env
): EdgesFromSpec[] | undefined {
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
  if (parsed.username !== '' || parsed.password !== '') {
    // Said without the URL: it holds the credentials.
    throw new InputError('--edges-from: the URL holds credentials; put them in --edges-basic-auth-file (or a token in --edges-bearer-token-file) instead');
  }
  const authorization = authorizationOf(options, env);
  let windowMs: number;
  try {
    windowMs = parseDuration(stringOption(options, 'edges-window') ?? '1h');
  } catch (error) {
    throw new InputError(`--edges-window: ${error instanceof DurationError ? error.message : errorMessage(error)}`);
  }
  const common = { url: url.replace(/\/+$/, ''), windowMs, ...(authorization ? { authorization } : {}) };
  const bindingFile = stringOption(options, 'edges-binding');
  if (bindingFile !== undefined) {
    const stray = SELECTION_OPTIONS.find((name) => options.values[name] !== undefined);
    if (stray) {
      throw new InputError(`give --edges-binding or --${stray}, not both: the binding names the histograms`);
    }
    const binding = bindingOf(bindingFile);
    const histograms = bindingHistograms(binding, identity);
    if (histograms.length === 0) {
      throw new InputError(
        `--edges-binding ${JSON.stringify(bindingFile)}: it binds no histogram (no feature of kind histogram, no numeric histogram with a featureLabel)`
      );
    }
    return histograms.map((histogram) => ({ ...common, ...histogram }));
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
  return [{ ...common, metric, matchers: matchersOf(options), ...(column !== undefined ? { column } : { featureLabel: featureLabel ?? 'feature' }) }];
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
  // Whatever a message quotes (a proxy's answer, a fetch error), the secret never reaches the terminal.
  const redact = (text: string) => (spec.authorization ? text.split(spec.authorization.replace(/^\S+ /, '')).join('[redacted]') : text);
  let body: unknown;
  try {
    const response = await fetchImpl(`${spec.url}/api/v1/series`, {
      method: 'POST',
      body: form,
      headers: spec.authorization ? { Authorization: spec.authorization } : {},
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 401 || response.status === 403) {
      throw new InputError(
        `--edges-from: ${spec.url} refused ${spec.authorization ? 'the credentials' : 'a request without credentials'} (HTTP ${response.status}); ` +
          `give --edges-bearer-token-file, --edges-basic-auth-file or ${TOKEN_ENV}`
      );
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    throw new InputError(redact(`--edges-from: cannot read the series of ${match} from ${spec.url}: ${errorMessage(error)}`));
  }
  let series: Labels[];
  try {
    series = parseSeriesResponse(body).data;
  } catch (error) {
    throw new InputError(redact(`--edges-from: Prometheus answered an error for ${match}: ${errorMessage(error)}`));
  }
  const edges = edgesBySeries(series, spec);
  if (edges.size === 0) {
    const why = series.length === 0 ? 'no series matched' : `its ${series.length} series have no finite le${spec.featureLabel ? ` with a ${spec.featureLabel} label` : ''}`;
    throw new InputError(`--edges-from: ${why} ${match} in the last ${spec.windowMs / 1000}s at ${spec.url}`);
  }
  return edges;
}
