/**
 * Loading the hand-written response fixtures (see `__fixtures__/README.md`) for tests and the benchmark.
 * Test support only: reads files, so it never ships in the pure request/response modules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Json, JsonObject } from './json';

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
