/**
 * Benchmark (not a test; no assertions): the source-independent phase of the `drift` query, i.e. statistics for
 * every feature and window plus the frames, and the Arrow encoding of those frames, for 80 numeric (20 bins) and 20
 * categorical (5 categories) features × 288 windows, from window counts made once in the shape the live sources
 * hand over (plain count arrays on the baseline's own bounds, some windows empty, shifted, or with an empty bin).
 * Both the Elasticsearch and the Prometheus benchmarks include this phase, where it is measured as a difference
 * of two noisy totals and shares its garbage collections with the parsing before it; here it is timed alone.
 * Run bundled as the shipped executable is:
 *   npx esbuild bench/drift-frames.ts --bundle --platform=node --minify --outfile=bench/out/drift-frames.js \
 *     && node bench/out/drift-frames.js
 * Before/after in one process (alternating, so both see the same machine load):
 *   BENCH_BEFORE=<dir> npx tsx bench/drift-frames.ts
 * where <dir> holds an older `src/` (`git archive <commit> src | tar -x -C <dir>`, plus a `node_modules` symlink);
 * tsx adds the same overhead to both. The frames of both are compared (JSON and Arrow bytes) and must be equal.
 * Figures go to stdout and bench/out/drift-frames.json.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BaselineFeature } from '../src/drift/types';
import * as framesModule from '../src/backend/frames';
import * as driftModule from '../src/backend/queries/drift';
import type { FeatureWindowSeries, LiveSource, WindowCounts } from '../src/backend/sources/types';
import { baselineDocument, categoricalFeature, createBackend, normalFeature } from '../tests/prometheus/fixtures';

const NUMERIC = 80;
const CATEGORICAL = 20;
const STEPS = 288;
const STEP_MS = 5 * 60_000;
const FROM_MS = Date.UTC(2026, 10, 21);
const RUNS = Number(process.env.RUNS ?? 40);
const WARMUP = 5;
const BOUNDS = Array.from({ length: 19 }, (_, i) => -2.25 + i * 0.25);
const CATEGORIES = ['a', 'b', 'c', 'd', 'e'];

interface Implementation {
  name: string;
  driftQuery: typeof driftModule.driftQuery;
  encodeFrame: typeof framesModule.encodeFrame;
}

function features(): BaselineFeature[] {
  return [
    ...Array.from({ length: NUMERIC }, (_, i) => normalFeature(`n${String(i).padStart(2, '0')}`, BOUNDS, 1_000_000)),
    ...Array.from({ length: CATEGORICAL }, (_, i) => categoricalFeature(`c${String(i).padStart(2, '0')}`, CATEGORIES, [5, 4, 3, 2, 1], 1_000_000)),
  ];
}

/** Deterministic counts around the baseline's shape; every fifth feature shifts in the last 6 hours. */
function windowCounts(feature: BaselineFeature, index: number, step: number): WindowCounts {
  const empty = (index + step) % 97 === 0;
  const shift = index % 5 === 0 && step >= STEPS - 72 ? 3 : 0;
  if (feature.kind === 'numeric') {
    const counts = Array.from({ length: BOUNDS.length + 1 }, (_, j) => (empty ? 0 : Math.round(1000 * Math.exp(-(((j - 10 - shift) / 4) ** 2))) + ((step * 7 + j) % 5)));
    if (step % 11 === 0) {
      counts[3] = 0;
    }
    return { kind: 'numeric', binned: { upperBounds: feature.histogram.upperBounds, counts }, missing: step % 3, nonFinite: 0 };
  }
  const counts = CATEGORIES.map((_, j) => (empty ? 0 : 100 * (5 - j) + ((step + j) % 7) + shift * j * 15));
  return { kind: 'categorical', distribution: { categories: [...CATEGORIES], counts }, missing: 0, nonFinite: 0, unlisted: 0 };
}

function series(all: BaselineFeature[]): FeatureWindowSeries[] {
  return all.map((feature, index) => ({
    feature: feature.name,
    role: 'feature',
    times: Array.from({ length: STEPS }, (_, step) => FROM_MS + step * STEP_MS),
    windows: Array.from({ length: STEPS }, (_, step) => windowCounts(feature, index, step)),
    observations: Array.from({ length: STEPS }, () => 1000),
    notices: [],
  }));
}

/** A live source that answers with the counts made up front, so that only the drift phase is timed. */
function recordedSource(data: FeatureWindowSeries[]): LiveSource {
  const unused = async (): Promise<never> => {
    throw new Error('not used by the benchmark');
  };
  return { kind: 'elasticsearch', featureWindows: async () => ({ data, notices: [] }), featureTotals: unused, confusion: unused, confusionWindows: unused };
}

async function implementations(): Promise<Implementation[]> {
  const current: Implementation = { name: 'current', driftQuery: driftModule.driftQuery, encodeFrame: framesModule.encodeFrame };
  const before = process.env.BENCH_BEFORE;
  if (!before) {
    return [current];
  }
  const [olderDrift, olderFrames] = await Promise.all([
    import(path.resolve(before, 'src/backend/queries/drift.ts')),
    import(path.resolve(before, 'src/backend/frames/index.ts')),
  ]);
  return [{ name: 'before', driftQuery: olderDrift.driftQuery, encodeFrame: olderFrames.encodeFrame }, current];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const backend = await createBackend({});
  const all = features();
  await backend.store.put(baselineDocument('bench', 'v1', all));
  const source = recordedSource(series(all));
  const query = backend.context(
    { queryType: 'drift', baseline: 'bench@v1', method: 'psi', window: '5m', source: 'elasticsearch' },
    { fromMs: FROM_MS, toMs: FROM_MS + (STEPS - 1) * STEP_MS },
    { intervalMs: STEP_MS, maxDataPoints: 1000 }
  );
  const runs = await implementations();
  const figures = runs.map(() => ({ drift: [] as number[], encode: [] as number[], frames: 0, json: '', arrow: '' }));
  for (let run = 0; run < RUNS + WARMUP; run++) {
    // Alternate which implementation goes first, so that neither always runs right after the other's garbage.
    const order = run % 2 === 0 ? runs.map((_, i) => i) : runs.map((_, i) => runs.length - 1 - i);
    for (const i of order) {
      const handler = runs[i].driftQuery(() => source);
      let started = performance.now();
      const { frames } = await handler(query);
      const driftMs = performance.now() - started;
      started = performance.now();
      const encoded = frames.map((frame) => runs[i].encodeFrame(frame));
      const encodeMs = performance.now() - started;
      if (run >= WARMUP) {
        figures[i].drift.push(driftMs);
        figures[i].encode.push(encodeMs);
      }
      if (run === RUNS + WARMUP - 1) {
        const arrow = createHash('sha256');
        encoded.forEach((bytes) => arrow.update(bytes));
        figures[i] = { ...figures[i], frames: frames.length, json: createHash('sha256').update(JSON.stringify(frames)).digest('hex'), arrow: arrow.digest('hex') };
      }
    }
  }
  await backend.cleanup();
  const results = runs.map((implementation, i) => ({
    implementation: implementation.name,
    frames: figures[i].frames,
    driftAndFramesMs: { median: round(median(figures[i].drift)), min: round(Math.min(...figures[i].drift)) },
    arrowEncodeMs: { median: round(median(figures[i].encode)), min: round(Math.min(...figures[i].encode)) },
  }));
  results.forEach((result) => console.log(JSON.stringify(result)));
  const identical = figures.every((f) => f.json === figures[0].json && f.arrow === figures[0].arrow);
  if (runs.length > 1) {
    console.log(identical ? 'frames identical (JSON and Arrow bytes)' : 'FRAMES DIFFER between the implementations');
  }
  const out = path.basename(__dirname) === 'out' ? __dirname : path.join(__dirname, 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'drift-frames.json'),
    JSON.stringify(
      { date: new Date().toISOString(), node: process.version, features: NUMERIC + CATEGORICAL, windows: STEPS, runs: RUNS, loadAverage: round(os.loadavg()[0], 1), identical, results },
      null,
      2
    )
  );
}

void main();
