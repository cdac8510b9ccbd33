/**
 * JSON values and checked readers for Elasticsearch responses. A response is untrusted input: every read says
 * what it expected, so a shape we do not know becomes a clear error naming the path instead of a wrong number.
 */
import { BackendError } from '../errors';

/**
 * A value the byte parser packed (see packedBuckets.ts, timeBucketColumns.ts): buckets held as arrays, not a
 * plain JSON object, but able to give its buckets back in their plain form for readers without a packed path.
 */
export abstract class PackedValue {
  abstract toBuckets(): JsonObject[];
}

/** JSON as parsed from an answer, where some bucket lists may be packed. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json } | PackedValue;
export type JsonObject = { [key: string]: Json };

export class ResponseShapeError extends Error {}

/** An answer in a shape the reader cannot use is the cluster's (or a proxy's) fault: a downstream 502. */
export function unexpectedShape(error: unknown): unknown {
  return error instanceof ResponseShapeError ? new BackendError(502, `Elasticsearch answered in an unexpected shape: ${error.message}`, 'downstream') : error;
}

/**
 * Where a value sits in the response, for error messages. A function when the path would be built per bucket:
 * hundreds of thousands of buckets are read per query, and their paths are only needed when one is wrong.
 */
export type Path = string | (() => string);

const pathText = (path: Path): string => (typeof path === 'string' ? path : path());

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PackedValue);
}

export function objectAt(value: unknown, path: Path): JsonObject {
  if (!isObject(value)) {
    throw new ResponseShapeError(`expected an object at ${pathText(path)}`);
  }
  return value;
}

export function optionalObject(value: unknown, path: Path): JsonObject | undefined {
  return value === undefined || value === null ? undefined : objectAt(value, path);
}

/** A count: a finite non-negative number (Elasticsearch sends doc counts as JSON integers). */
export function countAt(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new ResponseShapeError(`expected a non-negative count at ${pathText(path)}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/**
 * A metric value, which Elasticsearch writes as `null` when there were no documents (and older versions as
 * the string "NaN" or "Infinity"); those become NaN so callers can tell "no data" from zero.
 */
export function metricAt(value: unknown, path: Path): number {
  if (typeof value === 'number') {
    return value;
  }
  if (value === null || value === undefined || value === 'NaN') {
    return NaN;
  }
  if (value === 'Infinity' || value === '-Infinity') {
    return Number(value);
  }
  throw new ResponseShapeError(`expected a number or null at ${pathText(path)}, got ${JSON.stringify(value)}`);
}

/**
 * Buckets of a multi-bucket aggregation as a list, whichever form the server used: an array (the default) or
 * an object keyed by bucket key (`keyed: true`), where the key is moved into the bucket. No `buckets` at all is
 * an empty list: `filter_path` drops arrays none of whose elements it keeps.
 */
export function bucketsAt(aggregation: JsonObject, path: Path): JsonObject[] {
  const buckets: unknown = aggregation.buckets;
  if (buckets instanceof PackedValue) {
    return buckets.toBuckets();
  }
  if (Array.isArray(buckets)) {
    for (let i = 0; i < buckets.length; i++) {
      if (!isObject(buckets[i])) {
        throw new ResponseShapeError(`expected an object at ${pathText(path)}.buckets[${i}]`);
      }
    }
    return buckets as JsonObject[];
  }
  if (isObject(buckets)) {
    return Object.entries(buckets).map(([key, bucket]) => ({ key, ...objectAt(bucket, () => `${pathText(path)}.buckets.${key}`) }));
  }
  if (buckets === undefined) {
    return [];
  }
  throw new ResponseShapeError(`expected buckets (array or keyed object) at ${pathText(path)}`);
}

/** The key of a terms bucket as text: `key_as_string` when the server formatted it (booleans, dates, IPs). */
export function termKey(bucket: JsonObject, path: Path): string {
  if (typeof bucket.key_as_string === 'string') {
    return bucket.key_as_string;
  }
  if (typeof bucket.key === 'string') {
    return bucket.key;
  }
  if (typeof bucket.key === 'number' || typeof bucket.key === 'boolean') {
    return String(bucket.key);
  }
  throw new ResponseShapeError(`expected a bucket key at ${pathText(path)}`);
}
