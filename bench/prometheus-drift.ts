/**
 * Benchmark (not a test; no assertions): the `drift` query for 50 numeric features × 288 steps (24 h at a
 * 5-minute step, 1-hour rolling window) against a local Prometheus holding 25 h of backfilled exporter
 * history. Reports the total time of the handler, the time spent waiting for Prometheus' HTTP answers
 * (union of in-flight intervals), the backend's own share (parsing, de-cumulation, alignment, statistics,
 * frames), and memory. A second dataset with 10× the observations per scrape shows that the backend's
 * memory does not grow with the number of observations (it only ever sees counts). When the executable has been
 * built (`npm run build:backend`), each dataset also times the same query through it, as Grafana sends it, against
 * the same PromQL sent straight to Prometheus (`shippedExecutable`).
 * Run it bundled as the shipped executable is (needs /usr/bin/prometheus and promtool; tsx wraps every closure in a
 * naming helper and made the byte parser look four times slower than it runs):
 *   npx esbuild bench/prometheus-drift.ts --bundle --platform=node --minify --outfile=bench/out/prom-drift.js \
 *     && node --expose-gc bench/out/prom-drift.js
 * Figures go to stdout and bench/out/prometheus-drift.json; `answerParsing` times one answer's parse against plain
 * `JSON.parse` (a ratio independent of the machine). Of the `shippedExecutable` figures, `overheadOverPrometheus`
 * is a difference of two separately timed medians and swings with Prometheus' own run-to-run variation;
 * `ownTimeOverPrometheus` comes from the executable's own query and upstream duration metrics over the same runs,
 * like the in-process figures (which measure the wait inside each query). `prometheusGzipCost` times the same
 * requests straight to Prometheus with gzip asked (as the plugin asks) and without, on loopback.
 * Before/after on the same data in one run (from source, so both sides pay tsx's overhead alike):
 * `BENCH_BEFORE=<dir> npx tsx bench/prometheus-drift.ts`, where <dir> holds
 * an older `src/` (e.g. `git archive <commit> src | tar -x -C <dir>`, plus a `node_modules` symlink); each run
 * then executes the query with both implementations, alternating which goes first, and both are reported (in
 * bench/out/prometheus-drift-before-after.json).
 * Profile: `node --expose-gc --cpu-prof --import tsx bench/prometheus-drift.ts` (the `tsx` binary would profile
 * only its launcher process).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from '../src/backend/frames';
import * as client from '../src/backend/prometheus/client';
import type { PrometheusTransport } from '../src/backend/prometheus/client';
import * as mappingModule from '../src/backend/prometheus/mapping';
import * as sourceModule from '../src/backend/prometheus/source';
import * as driftModule from '../src/backend/queries/drift';
import { createBackend, normalFeature, baselineDocument } from '../tests/prometheus/fixtures';
import { MATRIX_ANSWER_PACKERS } from '../src/backend/prometheus/packedSamples';
import { parseJsonBytes } from '../src/backend/upstream/byteJson';
import { executablePath, metricValue, PluginHost } from '../tests/harness/pluginHost';
import { histogramFamily, normal, openMetrics } from '../tests/prometheus/history';
import { startPrometheus } from '../tests/prometheus/promServer';

const FEATURES = 50;
const STEPS = 288;
const STEP_MS = 5 * 60_000;
const WINDOW = '1h';
const SCRAPE_MS = 60_000;
const RUNS = 11;
const BOUNDS = [-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3];
const HOUR = 3_600_000;

/** Records when each Prometheus request was in flight, to measure wall time spent waiting for it. */
class TimedTransport implements PrometheusTransport {
  intervals: Array<[number, number]> = [];
  bytes = 0;
  /** The last answer, to time parsing it alone (see `parsingAlone`). */
  lastBody: Buffer = Buffer.alloc(0);
  /** What was asked, to replay the same requests straight to Prometheus (see `throughExecutable`). */
  requests: Array<Parameters<PrometheusTransport['request']>[1]> = [];

  constructor(private readonly inner: PrometheusTransport) {}

  async request(target: 'prometheus', request: Parameters<PrometheusTransport['request']>[1]) {
    const started = performance.now();
    this.requests.push(request);
    const response = await this.inner.request(target, request);
    this.intervals.push([started, performance.now()]);
    this.bytes += response.body.length;
    this.lastBody = response.body;
    return response;
  }

  waitedMs(): number {
    const sorted = [...this.intervals].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [s, e] of sorted) {
      if (s > end) {
        total += e - s;
        end = e;
      } else if (e > end) {
        total += e - end;
        end = e;
      }
    }
    return total;
  }
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The modules whose code is measured: this checkout's, or an older one's for a before/after comparison. */
interface Implementation {
  name: string;
  PrometheusApi: typeof client.PrometheusApi;
  PrometheusSource: typeof sourceModule.PrometheusSource;
  resolveMapping: typeof mappingModule.resolveMapping;
  driftQuery: typeof driftModule.driftQuery;
}

async function implementations(): Promise<Implementation[]> {
  const current: Implementation = { name: 'current', ...client, ...sourceModule, ...mappingModule, ...driftModule };
  const before = process.env.BENCH_BEFORE;
  if (!before) {
    return [current];
  }
  const load = (file: string) => import(path.resolve(before, 'src/backend', file));
  const [olderClient, olderSource, olderMapping, olderDrift] = await Promise.all([
    load('prometheus/client.ts'),
    load('prometheus/source.ts'),
    load('prometheus/mapping.ts'),
    load('queries/drift.ts'),
  ]);
  return [{ name: 'before', ...olderClient, ...olderSource, ...olderMapping, ...olderDrift } as Implementation, current];
}

type RunFigures = {
  totalMs: number;
  prometheusMs: number;
  ownMs: number;
  sourceOwnMs: number;
  statisticsMs: number;
  backendCpuMs: number;
  sourceCpuMs: number;
  prometheusCpuMs: number;
  bytes: number;
  frames: number;
  points: number;
  heapPeakDelta: number;
  requests: TimedTransport['requests'];
  lastBody: Buffer;
};

function summarise(results: RunFigures[]) {
  const totalMs = median(results.map((r) => r.totalMs));
  const prometheusMs = median(results.map((r) => r.prometheusMs));
  const ownMs = median(results.map((r) => r.ownMs));
  return {
    frames: results[0].frames,
    points: results[0].points,
    responseMiB: round(results[0].bytes / 1024 / 1024, 2),
    medianTotalMs: round(totalMs),
    medianPrometheusMs: round(prometheusMs),
    medianBackendMs: round(ownMs),
    /** Parsing the JSON, de-cumulating and aligning buckets (this module's own work). */
    medianSourceProcessingMs: round(median(results.map((r) => r.sourceOwnMs))),
    /** The drift engine (14,400 comparisons) and frame building. */
    medianStatisticsMs: round(median(results.map((r) => r.statisticsMs))),
    backendShareOfTotal: round(ownMs / totalMs, 3),
    /** CPU time, robust when other processes compete for the cores (wall times above are not). */
    medianBackendCpuMs: round(median(results.map((r) => r.backendCpuMs))),
    /** Of which: receiving and parsing the JSON, grouping, de-cumulation, alignment. */
    medianSourceCpuMs: round(median(results.map((r) => r.sourceCpuMs))),
    medianPrometheusCpuMs: round(median(results.map((r) => r.prometheusCpuMs))),
    backendCpuOverPrometheusCpu: round(median(results.map((r) => r.backendCpuMs / Math.max(r.prometheusCpuMs, 1))), 3),
    backendOverPrometheus: round(ownMs / prometheusMs, 3),
    heapPeakDeltaMiB: round(Math.max(...results.map((r) => r.heapPeakDelta)) / 1024 / 1024),
    runs: results.map((r) => ({
      totalMs: round(r.totalMs),
      prometheusMs: round(r.prometheusMs),
      sourceProcessingMs: round(r.sourceOwnMs),
      statisticsMs: round(r.statisticsMs),
      backendCpuMs: round(r.backendCpuMs),
      sourceCpuMs: round(r.sourceCpuMs),
      prometheusCpuMs: round(r.prometheusCpuMs),
    })),
  };
}

async function runDataset(observationsPerScrape: number, implementationsToRun: Implementation[]) {
  const now = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  const names = Array.from({ length: FEATURES }, (_, i) => `f${String(i).padStart(2, '0')}`);
  const generated = performance.now();
  const text = openMetrics([
    histogramFamily(
      { model: 'bench', version: 'v1' },
      names.map((name, i) => ({ name, upperBounds: BOUNDS, draw: (t: number, r: () => number) => normal(r, t > now - 6 * HOUR && i % 5 === 0 ? 0.8 : 0) })),
      { startMs: now - 25 * HOUR, endMs: now, intervalMs: SCRAPE_MS },
      observationsPerScrape,
      1
    ),
  ]);
  const generateMs = performance.now() - generated;
  const prometheus = await startPrometheus({ backfill: text });
  const backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s' });
  await backend.store.put(baselineDocument('bench', 'v1', names.map((name) => normalFeature(name, BOUNDS, 1_000_000))));
  const range = { fromMs: now - (STEPS - 1) * STEP_MS, toMs: now };

  /** One execution of the drift query with one implementation. */
  async function measure(impl: Implementation): Promise<RunFigures> {
    const transport = new TimedTransport(backend.upstream);
    const source = new impl.PrometheusSource(new impl.PrometheusApi(transport), impl.resolveMapping(undefined));
    let sourceMs = 0;
    let sourceCpuMs = 0;
    const featureWindows = source.featureWindows.bind(source);
    // The source's own time: the PromQL round trip plus parsing, de-cumulation and alignment.
    source.featureWindows = async (...args) => {
      const sourceStarted = performance.now();
      const sourceCpu = process.cpuUsage();
      const answer = await featureWindows(...args);
      const used = process.cpuUsage(sourceCpu);
      sourceCpuMs += (used.user + used.system) / 1000;
      sourceMs += performance.now() - sourceStarted;
      return answer;
    };
    const handler = impl.driftQuery(() => source);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 5);
    const cpuBefore = process.cpuUsage();
    const prometheusCpuBefore = processCpuMs(prometheus.pid);
    const started = performance.now();
    const result = await handler(backend.context({ queryType: 'drift', baseline: 'bench@v1', method: 'psi', window: WINDOW }, range, { intervalMs: STEP_MS, maxDataPoints: 1000 }));
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const prometheusCpuMs = processCpuMs(prometheus.pid) - prometheusCpuBefore;
    clearInterval(sampler);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const frames = result.frames as Frame[];
    const prometheusMs = transport.waitedMs();
    return {
      totalMs,
      prometheusMs,
      ownMs: totalMs - prometheusMs,
      sourceOwnMs: sourceMs - prometheusMs,
      statisticsMs: totalMs - sourceMs,
      backendCpuMs: (cpu.user + cpu.system) / 1000,
      sourceCpuMs,
      prometheusCpuMs,
      bytes: transport.bytes,
      frames: frames.length,
      points: frames.reduce((sum, f) => sum + (f.fields[0]?.values.length ?? 0), 0),
      heapPeakDelta: heapPeak - heapBefore,
      requests: transport.requests,
      lastBody: transport.lastBody,
    };
  }

  /**
   * The same query through the shipped executable, as Grafana sends it (gRPC QueryData, Arrow frames back, left
   * undecoded), and right after it the same PromQL requests straight to Prometheus: the executable's overhead is
   * the difference, including what the in-process figures leave out (gRPC, Arrow encoding, the executable's own
   * Node and V8 flags). Skipped when the executable has not been built.
   */
  async function throughExecutable(requests: TimedTransport['requests']) {
    if (!existsSync(executablePath())) {
      return { skipped: 'no built executable (npm run build:backend)' };
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-bench-'));
    const host = await PluginHost.start({ dataDir });
    // A first load every time: without the completed-bucket cache the same query repeated would be answered from it.
    const datasource = { uid: 'bench', jsonData: { prometheusUrl: prometheus.url, minStep: '15s', cacheEnabled: false } };
    try {
      await host.callResource({ method: 'POST', path: 'baselines', body: baselineDocument('bench', 'v1', names.map((name) => normalFeature(name, BOUNDS, 1_000_000))), datasource });
      const query = {
        refId: 'A',
        json: { queryType: 'drift', baseline: 'bench@v1', method: 'psi', window: WINDOW },
        timeRange: { fromEpochMS: range.fromMs, toEpochMS: range.toMs },
        intervalMs: STEP_MS,
      };
      const queryDataMs: number[] = [];
      const prometheusMs: number[] = [];
      const viaExecutable = async () => {
        const started = performance.now();
        const { A } = await host.queryDataRaw([query], { datasource });
        if (A.error || A.frames.length !== FEATURES) {
          throw new Error(`executable answered ${A.frames.length} frames: ${A.error}`);
        }
        return performance.now() - started;
      };
      const straight = async () => {
        const started = performance.now();
        await Promise.all(requests.map((request) => backend.upstream.request('prometheus', request)));
        return performance.now() - started;
      };
      /** The executable's own time sums: its drift queries and its requests to Prometheus (its metrics). */
      const ownSums = async () => {
        const text = await host.collectMetrics();
        return {
          querySeconds: metricValue(text, 'mlops_drift_query_duration_seconds_sum', { query_type: 'drift' }),
          upstreamSeconds: metricValue(text, 'mlops_drift_upstream_request_duration_seconds_sum', { target: 'prometheus' }),
        };
      };
      let before = await ownSums();
      for (let run = 0; run < RUNS + 1; run++) {
        // Alternating which goes first: the second meets a Prometheus warmed by the same query.
        const [answerMs, directMs] = run % 2 === 0 ? [await viaExecutable(), await straight()] : [await straight(), await viaExecutable()].reverse();
        if (run > 0) {
          queryDataMs.push(answerMs);
          prometheusMs.push(directMs);
        } else {
          before = await ownSums();
        }
      }
      const after = await ownSums();
      const queryData = median(queryDataMs);
      const direct = median(prometheusMs);
      const waited = after.upstreamSeconds - before.upstreamSeconds;
      return {
        medianQueryDataMs: round(queryData),
        medianPrometheusAloneMs: round(direct),
        overheadOverPrometheus: round((queryData - direct) / direct, 3),
        /** From the executable's own duration metrics over the same runs: the precise figure. */
        ownTimeOverPrometheus: round((after.querySeconds - before.querySeconds - waited) / waited, 3),
      };
    } finally {
      await host.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  /**
   * What asking for gzip costs on loopback: the query's requests straight to Prometheus through the upstream
   * client (gzip asked, decompressed as it streams in) against the same requests without `Accept-Encoding`
   * (Prometheus then answers uncompressed), alternating. On a real network the smaller answer saves transfer time.
   */
  async function gzipCost(requests: TimedTransport['requests']) {
    /** One request sent with Node's bare HTTP client: the bytes that came over the wire. */
    const post = (request: TimedTransport['requests'][number], acceptGzip: boolean) =>
      new Promise<number>((resolve, reject) => {
        const body = String(request.body);
        const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...(acceptGzip ? { 'Accept-Encoding': 'gzip' } : {}) };
        const req = http.request(new URL(request.path, prometheus.url), { method: 'POST', headers }, (res) => {
          let wire = 0;
          res.on('data', (chunk: Buffer) => (wire += chunk.length));
          res.on('end', () => resolve(wire));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    const timed = async (all: () => Promise<unknown>) => {
      const started = performance.now();
      await all();
      return performance.now() - started;
    };
    const gzipped = () => timed(() => Promise.all(requests.map((request) => backend.upstream.request('prometheus', request))));
    const uncompressed = () => timed(() => Promise.all(requests.map((request) => post(request, false))));
    const gzip: number[] = [];
    const identity: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const [g, u] = run % 2 === 0 ? [await gzipped(), await uncompressed()] : [await uncompressed(), await gzipped()].reverse();
      if (run > 0) {
        gzip.push(g);
        identity.push(u);
      }
    }
    const [wireGzipped, wirePlain] = [await post(requests[0], true), await post(requests[0], false)];
    return { medianGzipMs: round(median(gzip)), medianUncompressedMs: round(median(identity)), firstAnswerKiB: { gzipped: round(wireGzipped / 1024), plain: round(wirePlain / 1024) } };
  }

  /** Parsing one answer alone, as the client does and with plain `JSON.parse`, alternating: a ratio that does not depend on the machine. */
  function parsingAlone(body: Buffer) {
    const packed: number[] = [];
    const plain: number[] = [];
    for (let run = 0; run < 21; run++) {
      let started = performance.now();
      parseJsonBytes(body, MATRIX_ANSWER_PACKERS);
      packed.push(performance.now() - started);
      started = performance.now();
      JSON.parse(body.toString('utf8'));
      plain.push(performance.now() - started);
    }
    return { medianPackedMs: round(median(packed)), medianPlainJsonParseMs: round(median(plain)), ratio: round(median(packed) / median(plain), 2) };
  }

  try {
    const results = new Map<string, RunFigures[]>(implementationsToRun.map((impl) => [impl.name, []]));
    for (let run = 0; run < RUNS + 1; run++) {
      // Alternate which implementation goes first, so that neither always meets a warmer Prometheus.
      const order = run % 2 === 0 ? implementationsToRun : [...implementationsToRun].reverse();
      for (const impl of order) {
        const figures = await measure(impl);
        if (run > 0) {
          // Run 0 warms up the JIT and Prometheus' caches.
          results.get(impl.name)!.push(figures);
        }
      }
    }
    const summaries = Object.fromEntries([...results].map(([name, runs]) => [name, summarise(runs)]));
    return {
      observationsPerScrape,
      observationsInHistory: observationsPerScrape * FEATURES * Math.round((25 * HOUR) / SCRAPE_MS),
      generateMs: round(generateMs),
      backfillMs: round(prometheus.backfillMs),
      ...(implementationsToRun.length === 1 ? summaries.current : { implementations: summaries }),
      answerParsing: parsingAlone(results.get('current')![0].lastBody),
      shippedExecutable: await throughExecutable(results.get('current')![0].requests),
      prometheusGzipCost: await gzipCost(results.get('current')![0].requests),
    };
  } finally {
    await prometheus.stop();
    await backend.cleanup();
  }
}

async function main() {
  const datasets = [];
  const implementationsToRun = await implementations();
  for (const observations of [20, 200]) {
    datasets.push(await runDataset(observations, implementationsToRun));
    console.log(JSON.stringify(datasets[datasets.length - 1], null, 1));
  }
  const report = {
    what: `drift, ${FEATURES} numeric features × ${STEPS} steps (${STEP_MS / 60_000} min step, ${WINDOW} window), psi, ${BOUNDS.length + 1} buckets per feature`,
    node: process.version,
    prometheus: '2.42 (Debian)',
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    maxRssMiB: round(process.resourceUsage().maxRSS / 1024),
    ...(implementationsToRun.length > 1 ? { before: process.env.BENCH_BEFORE } : {}),
    datasets,
  };
  // Bundled into bench/out/ (the way to measure the code as it ships), or run from source in bench/.
  const out = path.basename(__dirname) === 'out' ? __dirname : path.join(__dirname, 'out');
  mkdirSync(out, { recursive: true });
  const file = implementationsToRun.length > 1 ? 'prometheus-drift-before-after.json' : 'prometheus-drift.json';
  writeFileSync(path.join(out, file), JSON.stringify(report, null, 1) + '\n');
  console.log(`maxRSS ${report.maxRssMiB} MiB; written to bench/out/${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
