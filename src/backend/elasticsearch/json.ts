/**
 * JSON values and checked readers for Elasticsearch responses. A response is untrusted input: every read says
 * what it expected, so a shape we do not know becomes a clear error naming the path instead of a wrong number.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class ResponseShapeError extends Error {}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw new ResponseShapeError(`expected an object at ${path}`);
  }
  return value;
}

export function optionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : objectAt(value, path);
}

/** A count: a finite non-negative number (Elasticsearch sends doc counts as JSON integers). */
export function countAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ResponseShapeError(`expected a non-negative count at ${path}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/**
 * A metric value, which Elasticsearch writes as `null` when there were no documents (and older versions as
 * the string "NaN" or "Infinity"); those become NaN so callers can tell "no data" from zero.
 */
export function metricAt(value: unknown, path: string): number {
  if (typeof value === 'number') {
    return value;
  }
  if (value === null || value === undefined || value === 'NaN') {
    return NaN;
  }
  if (value === 'Infinity' || value === '-Infinity') {
    return Number(value);
  }
  throw new ResponseShapeError(`expected a number or null at ${path}, got ${JSON.stringify(value)}`);
}

/**
 * Buckets of a multi-bucket aggregation as a list, whichever form the server used: an array (the default) or
 * an object keyed by bucket key (`keyed: true`), where the key is moved into the bucket.
 */
export function bucketsAt(aggregation: JsonObject, path: string): JsonObject[] {
  const buckets = aggregation.buckets;
  if (Array.isArray(buckets)) {
    return buckets.map((bucket, index) => objectAt(bucket, `${path}.buckets[${index}]`));
  }
  if (isObject(buckets)) {
    return Object.entries(buckets).map(([key, bucket]) => ({ key, ...objectAt(bucket, `${path}.buckets.${key}`) }));
  }
  throw new ResponseShapeError(`expected buckets (array or keyed object) at ${path}`);
}

/** The key of a terms bucket as text: `key_as_string` when the server formatted it (booleans, dates, IPs). */
export function termKey(bucket: JsonObject, path: string): string {
  if (typeof bucket.key_as_string === 'string') {
    return bucket.key_as_string;
  }
  if (typeof bucket.key === 'string') {
    return bucket.key;
  }
  if (typeof bucket.key === 'number' || typeof bucket.key === 'boolean') {
    return String(bucket.key);
  }
  throw new ResponseShapeError(`expected a bucket key at ${path}`);
}
