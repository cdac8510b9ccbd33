/**
 * Benchmark of the built backend executable (not a test; no assertions): start-up to handshake, QueryData
 * latency of a 50-feature `baseline` query alone and under 20 concurrent callers, and memory (RSS).
 * Build first (`npm run build:backend`), then `npx tsx bench/backend.ts`. Figures go to stdout and to
 * bench/out/backend.json. Targets from issue 3: handshake < 300 ms, p95 < 20 ms, RSS < 150 MB.
 *
 * The timed calls must measure the server, not this process: a grpc-js client decoding 50 frames per
 * answer saturated its own thread (the server sat idle most of the time). So the timed path is a bare
 * HTTP/2 client in worker threads (`CLIENT_THREADS`, each with its own connection, like Grafana's one
 * connection per plugin): the request is serialised once, each call is timed from send to the answer's
 * trailers, and an answer only has its grpc-status and byte length checked, against an answer that was
 * decoded and checked frame by frame beforehand (HTTP/2 window: see FLOW_CONTROL_WINDOW_BYTES). Besides
 * the client-side latency the run reports the server's own view: its query duration histogram (delta of
 * CollectMetrics around the concurrent phase) and its CPU time per query (/proc), plus the client's CPU
 * time and the machine's load average (the figures only mean something next to it on shared cores).
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  PluginHost,
  decodeFrame,
  executablePath,
  metricValue,
} from "../tests/harness/pluginHost";
import { baselineFixture } from "../src/backend/testing/baselineFixture";
import { loadProtocol, serviceClients } from "../src/backend/grpc/protocol";

const STARTS = 15;
const SEQUENTIAL_QUERIES = 300;
const CALLERS = 20;
const QUERIES_PER_CALLER = 50;
const WARM_UP_QUERIES = 40;
/**
 * HTTP/2 receive window of the timed client. go-plugin dials with no window options, so Grafana's grpc-go
 * client runs its dynamic (BDP-estimated) windows, which grow past 64 KiB on a busy connection; Node's
 * fixed 64 KiB default would stall every 87 KB answer for a WINDOW_UPDATE round trip. Set
 * BENCH_FLOW_WINDOW_BYTES=65535 to measure that worst case.
 */
const FLOW_CONTROL_WINDOW_BYTES =
  Number(process.env.BENCH_FLOW_WINDOW_BYTES) || 4 * 1024 * 1024;
const CLIENT_THREADS = Number(process.env.BENCH_CLIENT_THREADS) || 2;
const QUERY_METHOD_PATH = "/pluginv2.Data/QueryData";
const PROTO_DIR = path.join(
  __dirname,
  "..",
  "src",
  "backend",
  "grpc",
  "protos",
);

function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const round = (n: number) => Math.round(n * 100) / 100;

function summary(values: ArrayLike<number>) {
  return {
    n: values.length,
    median: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(percentile(values, 100)),
  };
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return {
    rss: Math.round(kb("VmRSS") / 1024),
    peak: Math.round(kb("VmHWM") / 1024),
  };
}

/** User + system CPU time a process used so far, in ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The request Grafana would send, as one length-prefixed gRPC message (serialised once, outside the timed path). */
function dataMethod() {
  const protos = ["pluginv2.proto", "controller.proto", "health.proto"].map(
    (f) => readFileSync(path.join(PROTO_DIR, f), "utf8"),
  );
  return serviceClients(loadProtocol(protos)).data.service.QueryData;
}

function queryDataMessage(): Uint8Array {
  const body = dataMethod().requestSerialize({
    pluginContext: {
      orgId: 1,
      pluginId: "mlops-drift-datasource",
      dataSourceInstanceSettings: {
        uid: "ds-test",
        name: "ML Monitor",
        jsonData: Buffer.from("{}"),
        decryptedSecureJsonData: {},
        lastUpdatedMS: 1,
      },
    },
    headers: {},
    queries: [
      {
        refId: "A",
        maxDataPoints: 1000,
        intervalMS: 15000,
        timeRange: { fromEpochMS: 1767225600000, toEpochMS: 1767229200000 },
        json: Buffer.from(
          JSON.stringify({ queryType: "baseline", baseline: "bench@v1" }),
        ),
      },
    ],
  });
  const message = Buffer.alloc(5 + body.length);
  message.writeUInt32BE(body.length, 1);
  body.copy(message, 5);
  return message;
}

interface ClientJob {
  port: number;
  message: Uint8Array;
  /** Every answer must have exactly this many bytes (the length of the answer checked frame by frame); < 0: probe. */
  expectedBytes: number;
  callers: number;
  queriesPerCaller: number;
}

/**
 * The timed client, as plain JavaScript for a worker thread (no TypeScript loader needed there): callers
 * share one HTTP/2 connection and run their calls back to back; each call is timed from the request's
 * send to its trailers. Any answer that is not grpc-status 0 with the expected length fails the run.
 * With \`expectedBytes\` < 0 it makes one call and posts back the answer's bytes, to be checked in full.
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http2 = require('node:http2');
const { port, message, expectedBytes, callers, queriesPerCaller } = workerData;
const session = http2.connect('http://127.0.0.1:' + port, { settings: { initialWindowSize: ${FLOW_CONTROL_WINDOW_BYTES} } });
session.once('connect', () => session.setLocalWindowSize(${FLOW_CONTROL_WINDOW_BYTES}));
const headers = { ':method': 'POST', ':path': '${QUERY_METHOD_PATH}', 'content-type': 'application/grpc', te: 'trailers' };
const payload = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
function call() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const stream = session.request(headers);
    let bytes = 0;
    let status = null;
    const chunks = [];
    stream.on('response', (h) => { if (h['grpc-status'] !== undefined) status = h['grpc-status']; });
    stream.on('trailers', (t) => { status = t['grpc-status']; });
    stream.on('data', (chunk) => { bytes += chunk.length; if (expectedBytes < 0) chunks.push(chunk); });
    stream.on('error', reject);
    stream.on('end', () => {
      const elapsed = performance.now() - started;
      if (expectedBytes < 0) {
        resolve(Buffer.concat(chunks));
      } else if (status !== '0' || bytes !== expectedBytes) {
        reject(new Error('bad answer: grpc-status ' + status + ', ' + bytes + ' bytes (expected ' + expectedBytes + ')'));
      } else {
        resolve(elapsed);
      }
    });
    stream.end(payload);
  });
}
async function caller(into) {
  for (let i = 0; i < queriesPerCaller; i++) into.push(await call());
}
(async () => {
  if (expectedBytes < 0) {
    parentPort.postMessage(await call());
    session.close();
    return;
  }
  const latencies = [];
  await Promise.all(Array.from({ length: callers }, () => caller(latencies)));
  session.close();
  parentPort.postMessage(Float64Array.from(latencies));
})().catch((error) => { session.destroy(); throw error; });
`;

function runClient(job: ClientJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_WORKER, { eval: true, workerData: job });
    worker.once("message", (latencies: Float64Array) => resolve(latencies));
    worker.once("error", reject);
    worker.once(
      "exit",
      (code) =>
        code !== 0 && reject(new Error(`client worker exited with ${code}`)),
    );
  });
}

function probeAnswer(port: number, message: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_WORKER, {
      eval: true,
      workerData: {
        port,
        message,
        expectedBytes: -1,
        callers: 1,
        queriesPerCaller: 1,
      },
    });
    worker.once("message", (answer: Uint8Array) => resolve(answer));
    worker.once("error", reject);
  });
}

/** Decodes one answer as the harness would (protobuf, then 50 Arrow frames checked); returns its length. */
function checkedAnswerBytes(answer: Uint8Array): number {
  const body = Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength);
  if (body.length < 5 || body.readUInt32BE(1) !== body.length - 5) {
    throw new Error(`answer is not one gRPC message (${body.length} bytes)`);
  }
  const { responses } = dataMethod().responseDeserialize(body.subarray(5)) as {
    responses: Record<
      string,
      { status: number; error: string; frames: Buffer[] }
    >;
  };
  const A = responses.A;
  if (
    A?.status !== 200 ||
    A.frames.length !== 50 ||
    A.frames.map(decodeFrame).some((table) => table.numRows === 0)
  ) {
    throw new Error(`unexpected answer: ${A?.status} ${A?.error}`);
  }
  return body.length;
}

/** Runs `callers` callers spread over `threads` worker threads; returns all latencies in ms and the wall time. */
async function timedCalls(
  job: Omit<ClientJob, "callers">,
  callers: number,
  threads: number,
): Promise<{ latencies: Float64Array; wallMs: number }> {
  const started = performance.now();
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      runClient({
        ...job,
        callers:
          Math.floor(callers / threads) + (t < callers % threads ? 1 : 0),
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const latencies = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (latencies.set(p, offset), offset + p.length), 0);
  return { latencies, wallMs };
}

const DURATION = "mlops_drift_query_duration_seconds";

/**
 * The server's own latency for the baseline queries between two CollectMetrics texts: mean, share of
 * queries under each bucket bound, and the bucket bound p95 falls under (an upper bound: the histogram's
 * first bucket is 5 ms wide, so interpolating inside it would only report 95 % of its width).
 */
function serverLatency(before: string, after: string) {
  const labels = { query_type: "baseline" };
  const delta = (name: string, extra: Record<string, string> = {}) =>
    metricValue(after, name, { ...labels, ...extra }) -
    metricValue(before, name, { ...labels, ...extra });
  const count = delta(`${DURATION}_count`);
  const bounds = [
    ...after.matchAll(
      new RegExp(
        `^${DURATION}_bucket\\{[^}]*query_type="baseline"[^}]*le="([^"]+)"`,
        "gm",
      ),
    ),
  ]
    .map((m) => m[1])
    .filter((le) => le !== "+Inf");
  const cumulative = bounds.map((le) => ({
    leMs: Number(le) * 1000,
    count: delta(`${DURATION}_bucket`, { le }),
  }));
  return {
    queries: count,
    meanMs: round((delta(`${DURATION}_sum`) / count) * 1000),
    p95AtMostMs:
      cumulative.find((b) => b.count >= 0.95 * count)?.leMs ??
      Number.POSITIVE_INFINITY,
    shareUnder: Object.fromEntries(
      cumulative
        .slice(0, 4)
        .map((b) => [`${b.leMs}ms`, round(b.count / count)]),
    ),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "mlops-bench-"));
  const loadAverageAtStart = loadavg().map(round);
  try {
    const startups: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const host = await PluginHost.start({ dataDir });
      startups.push(host.startupMs);
      await host.shutdown();
      await host.dispose();
    }

    const host = await PluginHost.start({ dataDir });
    const pid = host.child.pid!;
    const idle = memoryMiB(pid);
    const doc = baselineFixture({
      model: "bench",
      version: "v1",
      numericFeatures: 40,
      categoricalFeatures: 10,
      bins: 20,
    });
    const created = await host.callResource({
      method: "POST",
      path: "baselines",
      body: doc,
    });
    if (created.code !== 201) {
      throw new Error(`upload failed: ${created.body.toString()}`);
    }
    const message = queryDataMessage();
    const job = {
      port: host.port,
      message,
      expectedBytes: checkedAnswerBytes(await probeAnswer(host.port, message)),
    };

    await timedCalls({ ...job, queriesPerCaller: WARM_UP_QUERIES }, 1, 1);
    const sequential = await timedCalls(
      { ...job, queriesPerCaller: SEQUENTIAL_QUERIES },
      1,
      1,
    );

    const metricsBefore = await host.collectMetrics();
    const serverCpuBefore = processCpuMs(pid);
    const clientCpuBefore = process.cpuUsage();
    const concurrent = await timedCalls(
      { ...job, queriesPerCaller: QUERIES_PER_CALLER },
      CALLERS,
      CLIENT_THREADS,
    );
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const serverCpuMs = processCpuMs(pid) - serverCpuBefore;
    const metricsAfter = await host.collectMetrics();
    const loaded = memoryMiB(pid);
    await host.shutdown();
    await host.dispose();

    const queries = concurrent.latencies.length;
    const results = {
      executable: path.relative(process.cwd(), executablePath()),
      sizeMiB:
        Math.round((statSync(executablePath()).size / 1024 / 1024) * 10) / 10,
      handshakeMs: summary(startups),
      baselineQuery50Features: {
        answerBytes: job.expectedBytes,
        sequentialMs: summary(sequential.latencies),
        concurrent20CallersMs: summary(concurrent.latencies),
        throughputPerSecond: Math.round((queries / concurrent.wallMs) * 1000),
        clientThreads: CLIENT_THREADS,
        clientFlowControlWindowBytes: FLOW_CONTROL_WINDOW_BYTES,
        server: {
          ...serverLatency(metricsBefore, metricsAfter),
          cpuMsPerQuery: round(serverCpuMs / queries),
          cpuShareOfWall: round(serverCpuMs / concurrent.wallMs),
        },
        client: {
          cpuMsPerQuery: round(
            (clientCpu.user + clientCpu.system) / 1000 / queries,
          ),
          cpuShareOfWall: round(
            (clientCpu.user + clientCpu.system) / 1000 / concurrent.wallMs,
          ),
        },
      },
      memoryMiB: { idle, afterLoad: loaded },
      node: process.version,
      cpus: cpus().length,
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadavg().map(round) },
      date: new Date().toISOString(),
    };
    mkdirSync(path.join(__dirname, "out"), { recursive: true });
    writeFileSync(
      path.join(__dirname, "out", "backend.json"),
      JSON.stringify(results, null, 2) + "\n",
    );
    process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
