/**
 * Native histogram samples as Prometheus' HTTP API writes them (`{count, sum, buckets: [[rule, lower, upper,
 * count], ...]}`), and their conversion onto a baseline's right-closed buckets (-Inf,b1], ..., (bm,+Inf].
 *
 * A native bucket wholly inside one baseline bucket goes there unchanged. One that straddles baseline edges is
 * split the way PromQL interpolates inside a bucket: linearly for custom-bounds (NHCB) and zero buckets,
 * exponentially (uniform in log|x|) for buckets of a standard exponential schema. What was split is counted and
 * reported, so an approximate number never passes for an exact one.
 */
import type { BinnedCounts, DriftNotice } from '../../drift/types';
import { PrometheusResponseError, isRecord, parseEnvelope, parseLabels, parseSampleValue, timeMsOf, type Labels, type ParsedResponse } from './response';

/**
 * Which ends of a native bucket are closed, as the API encodes it: 0 = (lower, upper], 1 = [lower, upper),
 * 2 = (lower, upper), 3 = [lower, upper].
 */
export type BoundaryRule = 0 | 1 | 2 | 3;

export interface NativeBucket {
  boundaryRule: BoundaryRule;
  lower: number;
  upper: number;
  count: number;
}

export interface NativeHistogram {
  count: number;
  sum: number;
  buckets: NativeBucket[];
}

/** How the mass inside a straddling bucket is spread: `auto` tells exponential schemas from custom bounds. */
export type NativeInterpolation = 'auto' | 'linear' | 'exponential';

export interface NativeConversion {
  binned: BinnedCounts;
  /** Observations in native buckets that straddled a baseline edge and were split by interpolation. */
  interpolatedMass: number;
  interpolatedBuckets: number;
  /**
   * Observations in a native bucket with an infinite end that straddled a baseline edge: no width to
   * interpolate over, so they were put in the baseline bucket next to its finite end (as histogram_quantile
   * answers the finite bound).
   */
  unboundedMass: number;
  /**
   * Observations in native buckets whose closed lower end lies exactly on a baseline edge: values equal to
   * that edge belong to the baseline bucket below, but the native bucket cannot tell how many there were.
   */
  lowerEdgeMass: number;
  /** Whether straddling buckets were spread exponentially (standard schema) or linearly (custom bounds). */
  interpolation: 'linear' | 'exponential';
}

const STANDARD_SCHEMAS = [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8];

function parseBucket(raw: unknown): NativeBucket {
  if (!Array.isArray(raw) || raw.length !== 4 || ![0, 1, 2, 3].includes(raw[0] as number)) {
    throw new PrometheusResponseError(`native histogram bucket must be [rule 0..3, "lower", "upper", "count"], got ${JSON.stringify(raw)}`);
  }
  const [rule, lowerText, upperText, countText] = raw as [BoundaryRule, unknown, unknown, unknown];
  const lower = parseSampleValue(lowerText);
  const upper = parseSampleValue(upperText);
  const count = parseSampleValue(countText);
  if (Number.isNaN(lower) || Number.isNaN(upper) || lower > upper) {
    throw new PrometheusResponseError(`native histogram bucket has bounds ${JSON.stringify(lowerText)}..${JSON.stringify(upperText)}`);
  }
  if (!Number.isFinite(count) || count < 0) {
    throw new PrometheusResponseError(`native histogram bucket count ${JSON.stringify(countText)} is not a non-negative number`);
  }
  return { boundaryRule: rule, lower, upper, count };
}

/** Reads one `histogram` object of the API; anything off is an error that says what. */
export function parseNativeHistogram(raw: unknown): NativeHistogram {
  if (!isRecord(raw)) {
    throw new PrometheusResponseError('native histogram is not an object');
  }
  const buckets = raw.buckets === undefined ? [] : raw.buckets;
  if (!Array.isArray(buckets)) {
    throw new PrometheusResponseError('native histogram buckets is not an array');
  }
  return { count: parseSampleValue(raw.count), sum: parseSampleValue(raw.sum), buckets: buckets.map(parseBucket) };
}

/** Exponent of |bound| in the base 2^(2^-schema), when it is (close to) a whole number. */
function isPowerOfBase(bound: number, schema: number): boolean {
  const exponent = Math.log2(Math.abs(bound)) * 2 ** schema;
  return Math.abs(exponent - Math.round(exponent)) < 1e-6;
}

function isExponentialBucket(bucket: NativeBucket, schema: number): boolean {
  const { lower, upper } = bucket;
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || lower === 0 || upper === 0 || Math.sign(lower) !== Math.sign(upper)) {
    return false;
  }
  const step = Math.log2(Math.abs(upper) / Math.abs(lower)) * 2 ** schema;
  return Math.abs(Math.abs(step) - 1) < 1e-6 && isPowerOfBase(lower, schema) && isPowerOfBase(upper, schema);
}

function isZeroBucket(bucket: NativeBucket): boolean {
  return bucket.boundaryRule === 3 && bucket.lower <= 0 && bucket.upper >= 0 && bucket.lower === -bucket.upper;
}

/**
 * The JSON carries no schema, so `auto` calls a histogram exponential when every bucket but the zero bucket
 * is one step of the same standard schema (custom bounds have an infinite bucket or uneven steps).
 */
export function detectInterpolation(histogram: NativeHistogram): 'linear' | 'exponential' {
  const regular = histogram.buckets.filter((b) => !isZeroBucket(b));
  if (regular.length === 0) {
    return 'linear';
  }
  return STANDARD_SCHEMAS.some((schema) => regular.every((b) => isExponentialBucket(b, schema))) ? 'exponential' : 'linear';
}

/** Index of the right-closed baseline bucket holding `value` (the last index is the +Inf bucket). */
function bucketOf(upperBounds: readonly number[], value: number): number {
  let low = 0;
  let high = upperBounds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= upperBounds[mid]) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

/** Share of a bucket's mass at or below `x`, for lower < x < upper. */
function shareBelow(lower: number, upper: number, x: number, exponential: boolean): number {
  if (exponential) {
    // Negative buckets mirror positive ones: uniform in log|x|, measured from the end nearer zero outwards.
    return lower > 0 ? Math.log(x / lower) / Math.log(upper / lower) : Math.log(lower / x) / Math.log(lower / upper);
  }
  return (x - lower) / (upper - lower);
}

/**
 * The zero bucket [-t, t] of a histogram with buckets on one side only holds values of that side alone, so it
 * is narrowed to [0, t] (or [-t, 0]) before interpolating, as PromQL's histogram_quantile does.
 */
function effectiveZeroBucket(bucket: NativeBucket, all: readonly NativeBucket[]): NativeBucket {
  const hasNegative = all.some((b) => b !== bucket && b.upper <= 0 && b.count > 0);
  const hasPositive = all.some((b) => b !== bucket && b.lower >= 0 && b.count > 0);
  if (hasPositive && !hasNegative) {
    return { ...bucket, lower: 0 };
  }
  if (hasNegative && !hasPositive) {
    return { ...bucket, upper: 0 };
  }
  return bucket;
}

/** Relative distance within which a baseline edge counts as a native bucket bound (a few ulps). */
const BOUND_TOLERANCE = 1e-12;

function onBound(edge: number, bound: number): boolean {
  return edge === bound || (Number.isFinite(bound) && Math.abs(edge - bound) <= BOUND_TOLERANCE * Math.abs(bound));
}

export function nativeToBaselineBuckets(
  histogram: NativeHistogram,
  upperBounds: readonly number[],
  interpolation: NativeInterpolation = 'auto'
): NativeConversion {
  const mode = interpolation === 'auto' ? detectInterpolation(histogram) : interpolation;
  const counts = new Array<number>(upperBounds.length + 1).fill(0);
  const result: NativeConversion = {
    binned: { upperBounds: [...upperBounds], counts },
    interpolatedMass: 0,
    interpolatedBuckets: 0,
    unboundedMass: 0,
    lowerEdgeMass: 0,
    interpolation: mode,
  };

  for (const original of histogram.buckets) {
    if (original.count === 0) {
      continue;
    }
    const zero = isZeroBucket(original);
    const bucket = zero ? effectiveZeroBucket(original, histogram.buckets) : original;
    const { lower, upper, count } = bucket;
    const first = bucketOf(upperBounds, lower);
    const last = bucketOf(upperBounds, upper);
    const lowerClosed = bucket.boundaryRule === 1 || bucket.boundaryRule === 3;
    if (lower === upper) {
      // A point (a zero bucket of width 0): its values equal the bound.
      counts[first] += count;
      continue;
    }
    if (lowerClosed && first < upperBounds.length && upperBounds[first] === lower) {
      result.lowerEdgeMass += count;
    }
    // Edges strictly inside (lower, upper): baseline bucket `first` ends at or above lower; if it ends at lower
    // the mass starts in the next one. An edge a rounding away from a bound is on it: 2 ** -0.25 lies an ulp
    // above Prometheus' 2^(−1/4), and splitting off that sliver would report a whole bucket as interpolated.
    const start = first < upperBounds.length && onBound(upperBounds[first], lower) ? first + 1 : first;
    const end = last > start && onBound(upperBounds[last - 1], upper) ? last - 1 : last;
    if (start === end) {
      counts[start] += count;
      continue;
    }
    if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
      result.unboundedMass += count;
      counts[Number.isFinite(lower) ? start : end] += count;
      continue;
    }
    const exponential = mode === 'exponential' && !zero && Math.sign(lower) === Math.sign(upper) && lower !== 0 && upper !== 0;
    let previousShare = 0;
    for (let k = start; k < end; k++) {
      const share = shareBelow(lower, upper, upperBounds[k], exponential);
      counts[k] += count * (share - previousShare);
      previousShare = share;
    }
    counts[end] += count * (1 - previousShare);
    result.interpolatedMass += count;
    result.interpolatedBuckets++;
  }
  return result;
}

const INTERPOLATION_WORDS: Record<NativeConversion['interpolation'], string> = {
  linear: 'linear',
  exponential: 'exponential (linear in the zero bucket)',
};

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** What the conversion approximated, summed over windows, as notices for the feature's frame. */
export function nativeConversionNotices(feature: string, conversions: readonly NativeConversion[]): DriftNotice[] {
  const total = (pick: (c: NativeConversion) => number) => conversions.reduce((sum, c) => sum + pick(c), 0);
  const all = total((c) => c.binned.counts.reduce((a, b) => a + b, 0));
  const share = (mass: number) => (all > 0 ? ` (${((100 * mass) / all).toFixed(1)} % of ${formatCount(all)})` : '');
  const notices: DriftNotice[] = [];
  const interpolated = total((c) => c.interpolatedMass);
  if (interpolated > 0) {
    const kinds = [...new Set(conversions.filter((c) => c.interpolatedMass > 0).map((c) => INTERPOLATION_WORDS[c.interpolation]))].join(' or ');
    notices.push({
      severity: 'info',
      text: `${feature}: native histogram buckets straddling baseline edges were split by ${kinds} interpolation; ${formatCount(interpolated)} observations affected${share(interpolated)}`,
    });
  }
  const unbounded = total((c) => c.unboundedMass);
  if (unbounded > 0) {
    notices.push({
      severity: 'warning',
      text: `${feature}: ${formatCount(unbounded)} observations${share(unbounded)} were in a native bucket with an infinite end crossing baseline edges; they were put next to its finite end`,
    });
  }
  const edge = total((c) => c.lowerEdgeMass);
  if (edge > 0) {
    notices.push({
      severity: 'info',
      text: `${feature}: ${formatCount(edge)} observations${share(edge)} were in native buckets closed at a baseline edge; values equal to that edge were counted one baseline bucket too high`,
    });
  }
  return notices;
}

/** One series of native histogram samples (a range query's `histograms`, or an instant query's `histogram`). */
export interface NativeSeries {
  labels: Labels;
  samples: Array<{ timeMs: number; histogram: NativeHistogram }>;
}

function parseTimedHistogram(raw: unknown): { timeMs: number; histogram: NativeHistogram } {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') {
    throw new PrometheusResponseError(`native histogram sample must be [time, {count, sum, buckets}], got ${JSON.stringify(raw)}`);
  }
  return { timeMs: timeMsOf(raw[0]), histogram: parseNativeHistogram(raw[1]) };
}

/**
 * Reads the answer of a query over a native histogram. A series of plain floats there means the metric is
 * not a native histogram (or the expression lost it), which is said rather than read as nothing.
 */
export function parseNativeResponse(body: unknown, expectedType: 'matrix' | 'vector'): ParsedResponse<NativeSeries[]> {
  const { result, warnings, infos } = parseEnvelope(body, expectedType);
  const data = result.map((entry): NativeSeries => {
    if (!isRecord(entry)) {
      throw new PrometheusResponseError(`${expectedType} entry is not an object`);
    }
    const raw = expectedType === 'matrix' ? entry.histograms : entry.histogram;
    if (raw === undefined) {
      const floats = expectedType === 'matrix' ? 'values' in entry : 'value' in entry;
      throw new PrometheusResponseError(
        floats ? 'the native histogram query returned float samples: the metric is not a native histogram' : `${expectedType} entry has no native histogram samples`
      );
    }
    if (expectedType === 'matrix' && !Array.isArray(raw)) {
      throw new PrometheusResponseError('matrix entry histograms is not an array');
    }
    const samples = expectedType === 'matrix' ? (raw as unknown[]).map(parseTimedHistogram) : [parseTimedHistogram(raw)];
    return { labels: parseLabels(entry.metric), samples };
  });
  return { data, warnings, infos };
}
