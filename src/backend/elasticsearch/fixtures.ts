/**
 * Loading the hand-written response fixtures (see `__fixtures__/README.md`) for tests and the benchmark.
 * Test support only: reads files, so it never ships in the pure request/response modules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { binKey } from './edges';
import { type Json, type JsonObject, PackedValue } from './json';
import { PackedRangeBuckets } from './packedBuckets';

export interface SearchFixture {
  description: string;
  version: string;
  request: { method: string; path: string; body?: JsonObject };
  status: number;
  response: JsonObject;
}

export interface ErrorFixture {
  name: string;
  version: string;
  status: number;
  response: Json;
}

const directory = path.join(__dirname, '__fixtures__');

export function loadFixture(name: string): SearchFixture {
  return JSON.parse(readFileSync(path.join(directory, `${name}.json`), 'utf8')) as SearchFixture;
}

export function loadErrorFixtures(): ErrorFixture[] {
  return (JSON.parse(readFileSync(path.join(directory, 'errors.json'), 'utf8')) as { cases: ErrorFixture[] }).cases;
}

/** Packed values back in the plain form they were read from, so a packed parse can be compared with JSON.parse. */
export function unpack(value: unknown): unknown {
  if (value instanceof PackedRangeBuckets) {
    // In the keyed form our range buckets are answered in.
    return Object.fromEntries(value.counts.map((count, i) => [binKey(value.firstBin + i), { doc_count: count }]));
  }
  if (value instanceof PackedValue) {
    return unpack(value.toBuckets());
  }
  if (Array.isArray(value)) {
    return value.map(unpack);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, unpack(v)]));
  }
  return value;
}
