/**
 * Plays Grafana's plugin host for the built executable: starts it exactly as go-plugin does (only the
 * magic cookie, the protocol versions and Grafana's data path in the environment, no PATH, cwd `/`),
 * reads the one handshake line, and calls every service over gRPC with a client built from our own
 * protocol description. Frames are decoded with apache-arrow and checked against Grafana's rules.
 */
import * as grpc from '@grpc/grpc-js';
import { Table, Type, TimeUnit, tableFromIPC } from 'apache-arrow';
import { ChildProcess, SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProtocol, serviceClients } from '../../src/backend/grpc/protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PROTO_DIR = path.join(REPO_ROOT, 'src', 'backend', 'grpc', 'protos');
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The executable under test: this machine's architecture, or `PLUGIN_ARCH` (amd64 | arm64). For a foreign
 * architecture set `PLUGIN_EMULATOR` too (e.g. /usr/bin/qemu-aarch64-static), which then runs it.
 */
export function executablePath(arch = process.env.PLUGIN_ARCH || GOARCH[process.arch]): string {
  return path.join(REPO_ROOT, 'dist', 'datasource', `gpx_mlops_drift_linux_${arch}`);
}

function command(executable: string): [string, string[]] {
  const emulator = process.env.PLUGIN_EMULATOR;
  return emulator ? [emulator, [executable]] : [executable, []];
}

/** Runs the executable to completion with exactly `env` (for start-up refusals). */
export function runToExit(env: Record<string, string>): SpawnSyncReturns<Buffer> {
  const [file, args] = command(executablePath());
  return spawnSync(file, args, { cwd: '/', env, timeout: 30_000 });
}

export const HANDSHAKE_PATTERN = /^1\|2\|tcp\|127\.0\.0\.1:(\d+)\|grpc\n$/;

const clients = serviceClients(
  loadProtocol(['pluginv2.proto', 'controller.proto', 'health.proto'].map((f) => readFileSync(path.join(PROTO_DIR, f), 'utf8')))
);

export interface DatasourceConfig {
  uid?: string;
  name?: string;
  jsonData?: Record<string, unknown>;
  /** Raw jsonData bytes, to send what Grafana would never send. */
  rawJsonData?: Buffer;
  secrets?: Record<string, string>;
}

export interface QuerySpec {
  refId: string;
  /** The query model, sent as JSON. */
  json?: unknown;
  /** Raw bytes instead of `json`, to send what Grafana never would. */
  rawJson?: Buffer;
  /** The protocol's queryType field. */
  queryType?: string;
  timeRange?: { fromEpochMS: number; toEpochMS: number };
  /** The panel's interval and point budget (Grafana's defaults here: 15 s, 1000). */
  intervalMs?: number;
  maxDataPoints?: number;
}

export interface RawResponse {
  status: number;
  error: string;
  errorSource: string;
  frames: Buffer[];
}

export interface DecodedResponse {
  status: number;
  error: string;
  errorSource: string;
  frames: Table[];
}

export interface ResourceAnswer {
  code: number;
  headers: Record<string, string[]>;
  body: Buffer;
  /** How many stream messages carried the answer. */
  messages: number;
  json<T = Record<string, unknown>>(): T;
}

export interface HealthAnswer {
  status: 'UNKNOWN' | 'OK' | 'ERROR';
  message: string;
  details: Record<string, unknown>;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function pluginContext(config: DatasourceConfig) {
  return {
    orgId: 1,
    pluginId: 'mlops-drift-datasource',
    dataSourceInstanceSettings: {
      uid: config.uid ?? 'ds-test',
      name: config.name ?? 'ML Monitor',
      jsonData: config.rawJsonData ?? Buffer.from(JSON.stringify(config.jsonData ?? {})),
      decryptedSecureJsonData: config.secrets ?? {},
      lastUpdatedMS: 1,
    },
  };
}

/** Grafana's frame rules: one Arrow IPC file, explicit types only, nanosecond timestamps. */
export function decodeFrame(bytes: Uint8Array): Table {
  const magic = (b: Uint8Array) => Buffer.from(b).toString('latin1');
  if (magic(bytes.subarray(0, 6)) !== 'ARROW1' || magic(bytes.subarray(bytes.length - 6)) !== 'ARROW1') {
    throw new Error('frame is not an Arrow IPC file (ARROW1 magic missing)');
  }
  const table = tableFromIPC(bytes);
  const allowed = new Set([Type.Utf8, Type.Float, Type.Int, Type.Bool, Type.Timestamp]);
  for (const f of table.schema.fields) {
    if (!allowed.has(f.type.typeId)) {
      throw new Error(`field ${f.name} has type ${String(f.type)}, which Grafana does not read`);
    }
    if (f.type.typeId === Type.Timestamp && (f.type as { unit: TimeUnit }).unit !== TimeUnit.NANOSECOND) {
      throw new Error(`field ${f.name} is a timestamp that is not in nanoseconds`);
    }
  }
  return table;
}

export class PluginHost {
  readonly stdout: Buffer[] = [];
  readonly stderrLines: string[] = [];
  readonly exited: Promise<ExitInfo>;
  private readonly channelClients = new Map<string, grpc.Client>();
  private stderrRest = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    exited: Promise<ExitInfo>,
    readonly startupMs: number
  ) {
    this.exited = exited;
  }

  /** Spawns the executable with Grafana's environment and waits for the handshake line. */
  static async start(options: { dataDir: string; env?: Record<string, string>; executable?: string }): Promise<PluginHost> {
    const started = performance.now();
    const [file, args] = command(options.executable ?? executablePath());
    const child = spawn(file, args, {
      cwd: '/',
      env: options.env ?? { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2', GF_PATHS_DATA: options.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<ExitInfo>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const stdout: Buffer[] = [];
    const stderr: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no handshake within 30 s; stderr: ${stderr.join('')}`)), 30_000);
      const onData = () => {
        const text = Buffer.concat(stdout).toString('utf8');
        const newline = text.indexOf('\n');
        if (newline >= 0) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          const match = HANDSHAKE_PATTERN.exec(text.slice(0, newline + 1));
          if (match) {
            resolve(Number(match[1]));
          } else {
            reject(new Error(`bad handshake line ${JSON.stringify(text.slice(0, newline + 1))}`));
          }
        }
      };
      child.stdout!.on('data', onData);
      void exited.then((info) => {
        clearTimeout(timer);
        reject(new Error(`plugin exited before the handshake (${JSON.stringify(info)}); stderr: ${stderr.join('')}`));
      });
    });
    const host = new PluginHost(child, port, exited, performance.now() - started);
    host.stdout.push(...stdout);
    child.stdout!.on('data', (chunk: Buffer) => host.stdout.push(chunk));
    host.collectStderr(stderr.join(''));
    child.stderr!.on('data', (chunk: Buffer) => host.collectStderr(chunk.toString('utf8')));
    return host;
  }

  /** Everything the process wrote to stdout so far. */
  stdoutText(): string {
    return Buffer.concat(this.stdout).toString('utf8');
  }

  private collectStderr(text: string): void {
    const lines = (this.stderrRest + text).split('\n');
    this.stderrRest = lines.pop() ?? '';
    this.stderrLines.push(...lines.filter((l) => l.length > 0));
  }

  /** One client per service, like Grafana's single connection to the plugin. */
  private client(name: keyof typeof clients): grpc.Client {
    let client = this.channelClients.get(name);
    if (!client) {
      client = new clients[name](`127.0.0.1:${this.port}`, grpc.credentials.createInsecure(), {
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
      });
      this.channelClients.set(name, client);
    }
    return client;
  }

  private unary<T>(service: keyof typeof clients, method: string, request: unknown): Promise<T> {
    const client = this.client(service) as unknown as Record<string, (req: unknown, cb: (e: grpc.ServiceError | null, r: T) => void) => void>;
    return new Promise((resolve, reject) => client[method](request, (error, response) => (error ? reject(error) : resolve(response))));
  }

  /** QueryData with the frames left as bytes (for benchmarks: no decoding on the caller's CPU). */
  async queryDataRaw(
    queries: QuerySpec[],
    options: { datasource?: DatasourceConfig; headers?: Record<string, string> } = {}
  ): Promise<Record<string, RawResponse>> {
    const request = {
      pluginContext: pluginContext(options.datasource ?? {}),
      headers: options.headers ?? {},
      queries: queries.map((q) => ({
        refId: q.refId,
        queryType: q.queryType ?? '',
        maxDataPoints: q.maxDataPoints ?? 1000,
        intervalMS: q.intervalMs ?? 15000,
        timeRange: q.timeRange ?? { fromEpochMS: 1767225600000, toEpochMS: 1767229200000 },
        json: q.rawJson ?? Buffer.from(JSON.stringify(q.json ?? {})),
      })),
    };
    const response = await this.unary<{ responses: Record<string, RawResponse> }>('data', 'QueryData', request);
    return response.responses;
  }

  async queryData(
    queries: QuerySpec[],
    options: { datasource?: DatasourceConfig; headers?: Record<string, string> } = {}
  ): Promise<Record<string, DecodedResponse>> {
    const responses = await this.queryDataRaw(queries, options);
    return Object.fromEntries(
      Object.entries(responses).map(([refId, r]) => [
        refId,
        { status: r.status, error: r.error, errorSource: r.errorSource, frames: r.frames.map(decodeFrame) },
      ])
    );
  }

  callResource(options: {
    method: string;
    path: string;
    body?: Buffer | string | object;
    headers?: Record<string, string>;
    datasource?: DatasourceConfig;
  }): Promise<ResourceAnswer> {
    const body =
      options.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(options.body)
          ? options.body
          : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    const request = {
      pluginContext: pluginContext(options.datasource ?? {}),
      // Like Grafana: `path` is below resources/ without the query string, `url` carries both.
      path: options.path.split('?')[0],
      method: options.method,
      url: options.path,
      headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, { values: [v] }])),
      body,
    };
    const client = this.client('resource') as unknown as { CallResource(req: unknown): grpc.ClientReadableStream<{ code: number; headers: Record<string, { values: string[] }>; body: Buffer }> };
    return new Promise((resolve, reject) => {
      const stream = client.CallResource(request);
      const messages: Array<{ code: number; headers: Record<string, { values: string[] }>; body: Buffer }> = [];
      stream.on('data', (m) => messages.push(m));
      stream.on('error', reject);
      stream.on('end', () => {
        if (messages.length === 0) {
          reject(new Error('received empty resource response'));
          return;
        }
        const bodyBytes = Buffer.concat(messages.map((m) => m.body));
        resolve({
          code: messages[0].code,
          headers: Object.fromEntries(Object.entries(messages[0].headers).map(([k, v]) => [k, v.values])),
          body: bodyBytes,
          messages: messages.length,
          json: <T>() => JSON.parse(bodyBytes.toString('utf8')) as T,
        });
      });
    });
  }

  async checkHealth(datasource: DatasourceConfig = {}): Promise<HealthAnswer> {
    const response = await this.unary<{ status: HealthAnswer['status']; message: string; jsonDetails: Buffer }>('diagnostics', 'CheckHealth', {
      pluginContext: pluginContext(datasource),
      headers: {},
    });
    return {
      status: response.status,
      message: response.message,
      details: response.jsonDetails.length > 0 ? (JSON.parse(response.jsonDetails.toString('utf8')) as Record<string, unknown>) : {},
    };
  }

  async collectMetrics(): Promise<string> {
    const response = await this.unary<{ metrics: { prometheus: Buffer } | null }>('diagnostics', 'CollectMetrics', {
      pluginContext: pluginContext({}),
    });
    return response.metrics?.prometheus.toString('utf8') ?? '';
  }

  async grpcHealth(service = 'plugin'): Promise<string> {
    const response = await this.unary<{ status: string }>('health', 'Check', { service });
    return response.status;
  }

  /** `plugin.GRPCController/Shutdown`, then the process's exit. */
  async shutdown(): Promise<ExitInfo> {
    await this.unary('controller', 'Shutdown', {});
    return this.exited;
  }

  /** Closes client channels and makes sure the process is gone (SIGKILL if needed). */
  async dispose(): Promise<void> {
    this.channelClients.forEach((c) => c.close());
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}

/** A metric sample value from Prometheus text, summed over series whose labels include `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const present = new Map([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present.get(k) === v)) {
      total += Number(match[4]);
    }
  }
  return total;
}
