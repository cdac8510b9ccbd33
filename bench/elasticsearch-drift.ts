/**
 * Benchmark (not a test; no assertions): the `drift` query over Elasticsearch for 100 features × 288 windows
 * (24 h at a 5-minute step), from recorded responses, first load (nothing cached). The first run records a
 * synthetic answer to every search the source sends (counts in the documented response shape, filtered by the
 * source's `filter_path`, some features shifting in the last 6 hours) as JSON bytes; the timed runs replay those
 * bytes. Reports request build, parsing the answers' bytes (as the HTTP transport does), reading them into window
 * counts, drift statistics + frames, and the heap the window counts keep, for the same buckets holding 1,000 and
 * 100,000 documents per time bucket (memory follows buckets, not documents). For a figure that does not depend on
 * the machine, every run also times plain `JSON.parse` of the same answers: `handlerDividedByPlainJsonParse` is
 * the whole handler against that, in wall time and (`handlerCpuDividedByPlainJsonParseCpu`) in CPU time. The
 * answers' gzipped size and the time to gunzip them (what the upstream client does as an answer streams in, on
 * libuv's thread pool rather than the JavaScript thread) are reported apart.
 * Run it bundled as the shipped executable is (minified, no `keepNames`: tsx wraps every closure in a naming
 * helper that costs more than the parsing it wraps):
 *   npx esbuild bench/elasticsearch-drift.ts --bundle --platform=node --minify --outfile=bench/out/es-drift.js \
 *     && node --expose-gc bench/out/es-drift.js
 * (`--expose-gc` for the memory figures and `afterFullGc`: the handler right after a full collection, as after an
 * idle spell, when V8 has discarded the optimised code whose object maps died.) Figures go to stdout and
 * bench/out/elasticsearch-drift.json. `medianCpuMs` (process CPU time) is the figure to trust on a busy machine; wall times include waiting for a core.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BaselineFeature } from '../src/drift/types';
import { featureSpec } from '../src/backend/queries/namedBaseline';
import { driftQuery } from '../src/backend/queries/drift';
import type { JsonObject } from '../src/backend/elasticsearch/json';
import { planWindowSearches, windowBodies } from '../src/backend/elasticsearch/requestBuilder';
import { ElasticsearchSource } from '../src/backend/elasticsearch/source';
import { layoutTimeBuckets } from '../src/backend/elasticsearch/timeBuckets';
import { parseAnswer, type SearchOptions, type SearchTransport } from '../src/backend/elasticsearch/transport';
import { DEFAULT_ELASTICSEARCH_MAPPING } from '../src/shared/settingsModel';
import { applyFilterPath } from '../tests/elasticsearch/filterPath';
import { baselineDocument, categoricalFeature, createBackend, normalFeature } from '../tests/prometheus/fixtures';

const NUMERIC = 80;
const CATEGORICAL = 20;
const STEPS = 288;
const STEP_MS = 5 * 60_000;
const RUNS = 9;
const BOUNDS = Array.from({ length: 19 }, (_, i) => -2.25 + i * 0.25);
const CATEGORIES = ['a', 'b', 'c', 'd', 'e'];
const model = { model: 'bench', version: 'v1' };

function features(): BaselineFeature[] {
  return [
    ...Array.from({ length: NUMERIC }, (_, i) => normalFeature(`n${String(i).padStart(2, '0')}`, BOUNDS, 1_000_000)),
    ...Array.from({ length: CATEGORICAL }, (_, i) => categoricalFeature(`c${String(i).padStart(2, '0')}`, CATEGORIES, [5, 4, 3, 2, 1], 1_000_000)),
  ];
}

/** Deterministic weights per bucket: normal-ish bins, shifted for every fifth feature in the last 6 hours. */
function weights(count: number, shifted: boolean): number[] {
  const centre = (count - 1) / 2 + (shifted ? count / 6 : 0);
  return Array.from({ length: count }, (_, j) => Math.exp(-(((j - centre) / (count / 5)) ** 2)));
}

function split(total: number, w: number[]): number[] {
  const sum = w.reduce((a, b) => a + b, 0);
  const counts = w.map((x) => Math.floor((total * x) / sum));
  counts[Math.floor(w.length / 2)] += total - counts.reduce((a, b) => a + b, 0);
  return counts;
}

/** A synthetic answer to one of our window searches, in Elasticsearch 8's documented shape. */
function synthesize(body: JsonObject, docsPerBucket: number, shiftFromMs: number): JsonObject {
  const histogram = (body.aggs as { t: { date_histogram: { fixed_interval: string; extended_bounds: { min: number; max: number } }; aggs: JsonObject } }).t;
  const interval = Number(histogram.date_histogram.fixed_interval.replace('ms', ''));
  const { min, max } = histogram.date_histogram.extended_bounds;
  const buckets: JsonObject[] = [];
  for (let key = min; key <= max; key += interval) {
    const bucket: JsonObject = { key_as_string: new Date(key).toISOString(), key, doc_count: docsPerBucket };
    for (const [name, aggregation] of Object.entries(histogram.aggs)) {
      const feature = Number(/^f(\d+)/.exec(name)?.[1]);
      const shifted = feature % 5 === 0 && key >= shiftFromMs;
      const spec = aggregation as { missing?: unknown; range?: { keyed?: boolean; ranges: Array<{ key: string; from?: number; to?: number }> }; terms?: unknown };
      if (spec.missing) {
        bucket[name] = { doc_count: 0 };
      } else if (spec.range) {
        // Out-of-range counts (`_range`) are zero: the synthetic values stay inside the baseline's range.
        const counts = name.endsWith('_range') ? spec.range.ranges.map(() => 0) : split(docsPerBucket, weights(spec.range.ranges.length, shifted));
        const buckets = spec.range.ranges.map((r, j) => ({ ...r, doc_count: counts[j] }));
        // As Elasticsearch answers: an object by range key when the request asks for `keyed`.
        bucket[name] = { buckets: spec.range.keyed ? Object.fromEntries(buckets.map(({ key, ...rest }) => [key, rest])) : buckets };
      } else if (spec.terms) {
        const counts = split(docsPerBucket, weights(CATEGORIES.length, shifted));
        bucket[name] = {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: CATEGORIES.map((c, j) => ({ key: c, doc_count: counts[j] })).sort((a, b) => b.doc_count - a.doc_count),
        };
      }
    }
    buckets.push(bucket);
  }
  return {
    took: 412,
    timed_out: false,
    _shards: { total: 3, successful: 3, skipped: 0, failed: 0 },
    hits: { total: { value: docsPerBucket * buckets.length, relation: 'eq' }, max_score: null, hits: [] },
    aggregations: { t: { buckets } },
  };
}

/** Answers with recorded JSON bytes, parsed on every call as the HTTP transport would; times the parsing. */
class RecordedTransport implements SearchTransport {
  parseMs = 0;
  parseCpuMs = 0;
  private readonly recorded = new Map<string, Buffer>();

  constructor(private readonly docsPerBucket: number, private readonly shiftFromMs: number) {}

  private answer(body: JsonObject, filterPath: readonly string[] | undefined): unknown {
    const key = JSON.stringify(body);
    if (!this.recorded.has(key)) {
      // Recorded as the cluster would send it: filtered by the source's filter_path.
      const full = synthesize(body, this.docsPerBucket, this.shiftFromMs);
      const filtered = filterPath ? applyFilterPath(full as never, [...filterPath, 'error', 'status']) : full;
      this.recorded.set(key, Buffer.from(JSON.stringify(filtered)));
    }
    const bytes = this.recorded.get(key)!;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const parsed = parseAnswer(bytes);
    this.parseMs += performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    this.parseCpuMs += (cpu.user + cpu.system) / 1000;
    return parsed;
  }

  /** For comparison: the time `JSON.parse` alone takes to read every recorded answer (as the transport once did). */
  plainJsonParse(): { ms: number; cpuMs: number } {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (const bytes of this.recorded.values()) {
      JSON.parse(bytes.toString('utf8'));
    }
    const cpu = process.cpuUsage(cpuStarted);
    return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  /** Size of one query's answers (every search of the plan once). */
  recordedBytes(): number {
    return [...this.recorded.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  }

  /** The answers gzipped as a cluster sends them when asked: their size, and the time to decompress them. */
  gzipped(): { bytes: number; gunzipMs: number } {
    const compressed = [...this.recorded.values()].map((bytes) => gzipSync(bytes));
    const started = performance.now();
    compressed.forEach((bytes) => gunzipSync(bytes));
    return { bytes: compressed.reduce((sum, bytes) => sum + bytes.length, 0), gunzipMs: performance.now() - started };
  }

  async search(_index: string, body: JsonObject, options: SearchOptions = {}): Promise<unknown> {
    return this.answer(body, options.filterPath);
  }

  async msearch(_index: string, bodies: JsonObject[], options: SearchOptions = {}): Promise<unknown[]> {
    return bodies.map((body) => this.answer(body, options.filterPath));
  }

  async fieldCaps(): Promise<unknown> {
    throw new Error('not used by the benchmark');
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function runDataset(docsPerBucket: number, windowMs: number) {
  const backend = await createBackend({ elasticsearchUrl: 'http://recorded.invalid', elasticsearchIndex: 'predictions' });
  const baselineFeatures = features();
  await backend.store.put(baselineDocument('bench', 'v1', baselineFeatures));
  const toMs = Math.floor(Date.UTC(2026, 10, 21) / STEP_MS) * STEP_MS;
  const range = { fromMs: toMs - (STEPS - 1) * STEP_MS, toMs };
  const transport = new RecordedTransport(docsPerBucket, toMs - 6 * 3_600_000);
  const config = { index: 'predictions', mapping: DEFAULT_ELASTICSEARCH_MAPPING, maxBuckets: 65_535 };
  const specs = baselineFeatures.map((f) => featureSpec(f));
  const grid = { fromMs: range.fromMs, toMs: range.toMs, stepMs: STEP_MS, windowMs };
  const window = `${windowMs / 60_000}m`;
  const query = backend.context({ queryType: 'drift', baseline: 'bench@v1', method: 'psi', window, source: 'elasticsearch' }, range, { intervalMs: STEP_MS, maxDataPoints: 1000 });

  const build: number[] = [];
  const answerParse: number[] = [];
  const countsParse: number[] = [];
  const handlerTotal: number[] = [];
  const handlerCpu: number[] = [];
  const plainJsonParse: number[] = [];
  const plainJsonParseCpu: number[] = [];
  const cpuJson: number[] = [];
  const cpuAggregations: number[] = [];
  const cpuDrift: number[] = [];
  let searches = 0;
  let series = 0;
  for (let run = 0; run <= RUNS; run++) {
    // Request build alone (the source does the same inside the handler).
    let started = performance.now();
    const layout = layoutTimeBuckets(grid);
    const plan = planWindowSearches(specs, layout, config.maxBuckets);
    const bodies = windowBodies(config.mapping, model, specs, layout, plan);
    const buildMs = performance.now() - started;
    searches = bodies.length;

    // Source alone: parsing the recorded bytes + reading them into window counts.
    transport.parseMs = 0;
    transport.parseCpuMs = 0;
    started = performance.now();
    const sourceCpuStarted = process.cpuUsage();
    const counted = await new ElasticsearchSource(transport, config).featureWindows(model, specs, grid);
    const sourceCpuUsage = process.cpuUsage(sourceCpuStarted);
    const sourceMs = performance.now() - started;
    const jsonMs = transport.parseMs;
    const jsonCpu = transport.parseCpuMs;
    const sourceCpu = (sourceCpuUsage.user + sourceCpuUsage.system) / 1000;

    // The whole drift handler: build + parsing + window counts + statistics for every feature and window + frames.
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await driftQuery(() => new ElasticsearchSource(transport, config))(query);
    const cpu = process.cpuUsage(cpuBefore);
    const totalMs = performance.now() - started;
    if (run > 0) {
      build.push(buildMs);
      answerParse.push(jsonMs);
      countsParse.push(sourceMs - jsonMs - buildMs);
      handlerTotal.push(totalMs);
      handlerCpu.push((cpu.user + cpu.system) / 1000);
      cpuJson.push(jsonCpu);
      cpuAggregations.push(sourceCpu - jsonCpu);
      cpuDrift.push((cpu.user + cpu.system) / 1000 - sourceCpu);
      const plain = transport.plainJsonParse();
      plainJsonParse.push(plain.ms);
      plainJsonParseCpu.push(plain.cpuMs);
    }
    series = result.frames.length;
    if (counted.data.length !== NUMERIC + CATEGORICAL || counted.data[0].windows.length !== STEPS) {
      throw new Error('unexpected window counts');
    }
  }
  // The same handler right after a full collection, as after an idle spell (V8's memory reducer collects then): it
  // discards the optimised code compiled for maps whose last objects died, so the query starts in the interpreter.
  const afterFullGc: number[] = [];
  const afterFullGcCpu: number[] = [];
  for (let run = 0; run <= RUNS && global.gc; run++) {
    global.gc();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await driftQuery(() => new ElasticsearchSource(transport, config))(query);
    const cpu = process.cpuUsage(cpuBefore);
    if (run > 0) {
      afterFullGc.push(performance.now() - started);
      afterFullGcCpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  // What the window counts keep once the parsed answer is garbage (run with --expose-gc): V8 heap and the typed
  // arrays' buffers (outside the heap), as the source returns them (by row) and once every window is made.
  const used = () => {
    // Twice: buffers are released one collection after the objects that held them.
    global.gc?.();
    global.gc?.();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const heapBefore = used();
  const kept = await new ElasticsearchSource(transport, config).featureWindows(model, specs, grid);
  const heapOfCounts = used() - heapBefore;
  const windowsKept = kept.data.reduce((n, f) => n + f.windows.length, 0);
  const heapOfWindows = used() - heapBefore;
  await backend.cleanup();
  const buildMs = median(build);
  const jsonMs = median(answerParse);
  const parseMs = median(countsParse);
  const totalMs = median(handlerTotal);
  const gzipped = transport.gzipped();
  return {
    docsPerTimeBucket: docsPerBucket,
    window,
    searches,
    responseMiB: round(transport.recordedBytes() / 2 ** 20, 2),
    gzippedMiB: round(gzipped.bytes / 2 ** 20, 2),
    gunzipMs: round(gzipped.gunzipMs),
    series,
    medianMs: {
      requestBuild: round(buildMs, 2),
      answerParse: round(jsonMs),
      aggregationParse: round(parseMs),
      driftAndFrames: round(totalMs - buildMs - jsonMs - parseMs),
      handlerTotal: round(totalMs),
      withoutAnswerParse: round(totalMs - jsonMs),
      plainJsonParseAlone: round(median(plainJsonParse)),
    },
    handlerDividedByPlainJsonParse: round(totalMs / median(plainJsonParse), 2),
    medianCpuMs: {
      answerParse: round(median(cpuJson)),
      aggregationParse: round(median(cpuAggregations)),
      driftAndFrames: round(median(cpuDrift)),
      handlerTotal: round(median(handlerCpu)),
      plainJsonParseAlone: round(median(plainJsonParseCpu)),
    },
    handlerCpuDividedByPlainJsonParseCpu: round(median(handlerCpu) / median(plainJsonParseCpu), 2),
    ...(afterFullGc.length > 0
      ? {
          afterFullGc: {
            handlerMs: round(median(afterFullGc)),
            dividedByPlainJsonParse: round(median(afterFullGc) / median(plainJsonParse), 2),
            cpuDividedByPlainJsonParseCpu: round(median(afterFullGcCpu) / median(plainJsonParseCpu), 2),
          },
        }
      : {}),
    heapOfWindowCountsMiB: { byRow: round(heapOfCounts / 2 ** 20, 1), asWindowObjects: round(heapOfWindows / 2 ** 20, 1) },
    windowsKept,
    loadAverage: round(os.loadavg()[0]),
  };
}

async function main(): Promise<void> {
  const results = [];
  for (const [docs, windowMs] of [
    [1_000, STEP_MS],
    [100_000, STEP_MS],
    [1_000, 3_600_000],
  ] as const) {
    const result = await runDataset(docs, windowMs);
    results.push(result);
    console.log(JSON.stringify(result));
  }
  // Bundled into bench/out/, run from source in bench/: either way the figures go to bench/out/.
  const out = path.basename(__dirname) === 'out' ? __dirname : path.join(__dirname, 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'elasticsearch-drift.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, features: NUMERIC + CATEGORICAL, windows: STEPS, bins: BOUNDS.length + 1, results }, null, 2)
  );
}

void main();
