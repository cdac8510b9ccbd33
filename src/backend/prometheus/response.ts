/**
 * Checks and converts the JSON body of Prometheus' `/api/v1/query` and `/api/v1/query_range` into typed
 * series. Anything that does not look like the documented envelope is an error that names what was wrong,
 * never a silently empty result.
 */

export class PrometheusResponseError extends Error {
  constructor(
    message: string,
    /** Prometheus' `errorType` (`bad_data`, `timeout`, `execution`, ...) when it sent one. */
    readonly errorType?: string
  ) {
    super(message);
  }
}

export type Labels = Record<string, string>;

/**
 * The samples of one series as two columns rather than an object per `[time, "value"]` pair: a range answer
 * holds hundreds of thousands of samples, and columns are what the packed parse (packedSamples.ts) reads them
 * into without allocating anything per sample.
 */
export class SampleColumns {
  constructor(
    /** Epoch milliseconds, as `timeMsOf` converts the answer's seconds. */
    readonly timesMs: Float64Array,
    /** As `parseSampleValue` reads them: NaN and ±Inf kept. */
    readonly values: Float64Array
  ) {}

  /** Columns from the answer's times in seconds, which are converted in place. */
  static fromSeconds(seconds: Float64Array, values: Float64Array): SampleColumns {
    for (let i = 0; i < seconds.length; i++) {
      seconds[i] = timeMsOf(seconds[i]);
    }
    return new SampleColumns(seconds, values);
  }

  get length(): number {
    return this.timesMs.length;
  }
}

/** The samples of a series that has none (one shared, empty, never written). */
export const NO_SAMPLES = new SampleColumns(new Float64Array(0), new Float64Array(0));

export interface MatrixSeries {
  labels: Labels;
  samples: SampleColumns;
}

export interface VectorSample {
  labels: Labels;
  timeMs: number;
  value: number;
}

export interface ParsedResponse<T> {
  data: T;
  /** Prometheus' `warnings` (e.g. partial data from a remote read), shown as frame notices. */
  warnings: string[];
  /** Prometheus' `infos` (Prometheus ≥ 2.53), shown as info notices. */
  infos: string[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Prometheus writes sample values as strings so that NaN and ±Inf survive JSON. */
export function parseSampleValue(raw: unknown): number {
  if (typeof raw !== 'string') {
    throw new PrometheusResponseError(`sample value must be a string, got ${JSON.stringify(raw)}`);
  }
  // Plain decimals are by far the most common: one conversion, then the spellings Number() rejects.
  const value = Number(raw);
  // Number('') and Number('  ') are 0, so only a 0 needs the (allocating) blank check.
  if (!Number.isNaN(value) && (value !== 0 || raw.trim() !== '')) {
    return value;
  }
  switch (raw) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  throw new PrometheusResponseError(`sample value ${JSON.stringify(raw)} is not a number`);
}

/** The API's timestamps are seconds since the epoch, possibly fractional (millisecond resolution). */
export function timeMsOf(seconds: number): number {
  return Math.round(seconds * 1000);
}

function parsePair(raw: unknown): Omit<VectorSample, 'labels'> {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') {
    throw new PrometheusResponseError(`sample must be [time, "value"], got ${JSON.stringify(raw)}`);
  }
  return { timeMs: timeMsOf(raw[0]), value: parseSampleValue(raw[1]) };
}

/** The plain form of a series' samples (an array of pairs), checked pair by pair into columns. */
function columnsOf(pairs: readonly unknown[]): SampleColumns {
  if (pairs.length === 0) {
    return NO_SAMPLES;
  }
  const timesMs = new Float64Array(pairs.length);
  const values = new Float64Array(pairs.length);
  pairs.forEach((raw, i) => {
    const sample = parsePair(raw);
    timesMs[i] = sample.timeMs;
    values[i] = sample.value;
  });
  return new SampleColumns(timesMs, values);
}

export function parseLabels(raw: unknown): Labels {
  if (!isRecord(raw)) {
    throw new PrometheusResponseError('series without a metric object');
  }
  const labels: Labels = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new PrometheusResponseError(`label ${key} has a non-string value`);
    }
    labels[key] = value;
  }
  return labels;
}

/** The envelope of any API answer: `status: error` becomes an exception with Prometheus' own message. */
function successData(body: unknown): { data: unknown; warnings: string[]; infos: string[] } {
  if (!isRecord(body)) {
    throw new PrometheusResponseError('response is not a JSON object');
  }
  const warnings = stringList(body.warnings);
  const infos = stringList(body.infos);
  if (body.status === 'error') {
    const errorType = typeof body.errorType === 'string' ? body.errorType : undefined;
    const message = typeof body.error === 'string' ? body.error : 'unknown error';
    throw new PrometheusResponseError(`${errorType ?? 'error'}: ${message}`, errorType);
  }
  if (body.status !== 'success') {
    throw new PrometheusResponseError(`unexpected status ${JSON.stringify(body.status)}`);
  }
  return { data: body.data, warnings, infos };
}

/** Reads the envelope of a query answer, whose data is a result of `expectedType`. */
export function parseEnvelope(body: unknown, expectedType: 'matrix' | 'vector'): { result: unknown[]; warnings: string[]; infos: string[] } {
  const { data, warnings, infos } = successData(body);
  if (!isRecord(data) || !Array.isArray(data.result)) {
    throw new PrometheusResponseError('response has no data.result array');
  }
  if (data.resultType !== expectedType) {
    throw new PrometheusResponseError(`expected a ${expectedType} result, got ${JSON.stringify(data.resultType)}`);
  }
  return { result: data.result, warnings, infos };
}

/**
 * Native-histogram samples (`histogram`/`histograms` keys) are rejected with a clear message: the queries
 * here aggregate classic `_bucket` series, and a native histogram in the result means the mapping points at
 * a native metric.
 */
function rejectNativeHistogram(entry: Record<string, unknown>): void {
  if ('histogram' in entry || 'histograms' in entry) {
    throw new PrometheusResponseError(
      'the query returned native histograms; configure the classic histogram (`_bucket` series with `le`) or enable classic buckets on the exporter'
    );
  }
}

export function parseMatrixResponse(body: unknown): ParsedResponse<MatrixSeries[]> {
  const { result, warnings, infos } = parseEnvelope(body, 'matrix');
  const data = result.map((entry): MatrixSeries => {
    if (!isRecord(entry)) {
      throw new PrometheusResponseError('matrix entry is not an object');
    }
    rejectNativeHistogram(entry);
    // Packed by the byte parser, or (a shape the packer left alone, or a body parsed without packers) plain pairs.
    if (entry.values instanceof SampleColumns) {
      return { labels: parseLabels(entry.metric), samples: entry.values };
    }
    if (!Array.isArray(entry.values)) {
      throw new PrometheusResponseError('matrix entry has no values array');
    }
    return { labels: parseLabels(entry.metric), samples: columnsOf(entry.values) };
  });
  return { data, warnings, infos };
}

export function parseVectorResponse(body: unknown): ParsedResponse<VectorSample[]> {
  const { result, warnings, infos } = parseEnvelope(body, 'vector');
  const data = result.map((entry): VectorSample => {
    if (!isRecord(entry)) {
      throw new PrometheusResponseError('vector entry is not an object');
    }
    rejectNativeHistogram(entry);
    const sample = parsePair(entry.value);
    return { labels: parseLabels(entry.metric), timeMs: sample.timeMs, value: sample.value };
  });
  return { data, warnings, infos };
}

/** The answer of `/api/v1/labels` and `/api/v1/label/<name>/values`: a list of strings. */
export function parseStringListResponse(body: unknown): ParsedResponse<string[]> {
  const { data, warnings, infos } = successData(body);
  if (!Array.isArray(data) || data.some((item) => typeof item !== 'string')) {
    throw new PrometheusResponseError('response data is not a list of strings');
  }
  return { data: data as string[], warnings, infos };
}

/** The answer of `/api/v1/series`: the label sets of the matching series. */
export function parseSeriesResponse(body: unknown): ParsedResponse<Labels[]> {
  const { data, warnings, infos } = successData(body);
  if (!Array.isArray(data)) {
    throw new PrometheusResponseError('response data is not a list of series');
  }
  return { data: data.map(parseLabels), warnings, infos };
}
