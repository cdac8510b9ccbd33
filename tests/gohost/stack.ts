/**
 * Runs the Go host tests (`go test` in tests/gohost) against a real Prometheus with the shared scenario's
 * backfilled history. Before that, every query case goes through our JavaScript host (tests/harness) against
 * the same Prometheus, and its decoded answers are written beside the cases, so the Go tests can check that
 * Grafana's own client and frame decoder read exactly the same numbers. Stops everything afterwards.
 *
 *   npx tsx tests/gohost/stack.ts [go test flags…]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataType, TimeUnit, type Table, type Vector } from 'apache-arrow';
import { PluginHost, REPO_ROOT, executablePath, type QuerySpec } from '../harness/pluginHost';
import { startPrometheus, type PromServer } from '../prometheus/promServer';
import { BASELINE_ID, HOUR, NOW, SHIFT, START, history, scenarioBaseline } from '../prometheus/scenario';

const GO_TEST_TIMEOUT_MS = 10 * 60_000;
/** Where the Go toolchain is installed on the project's machines when it is not on PATH. */
const GO_FALLBACK = '/usr/local/go/bin/go';

function goBinary(): string {
  if (process.env.GO_BIN) {
    return process.env.GO_BIN;
  }
  if (spawnSync('go', ['version']).status === 0) {
    return 'go';
  }
  if (existsSync(GO_FALLBACK)) {
    return GO_FALLBACK;
  }
  throw new Error(`no Go toolchain: put go 1.26 on PATH, or set GO_BIN (${GO_FALLBACK} does not exist)`);
}

/** One query as both hosts send it; `headers` as Grafana sets them (alert rules send FromAlert). */
interface QueryCase {
  name: string;
  query: Record<string, unknown>;
  fromMs: number;
  toMs: number;
  intervalMs: number;
  headers?: Record<string, string>;
}

type Comparable = number | string | boolean | null;

/** A decoded frame in a form both languages produce: non-finite numbers as strings, times as epoch ms. */
interface ComparableFrame {
  name: string;
  meta: unknown;
  fields: Array<{ name: string; type: string; labels: Record<string, string>; config: unknown; values: Comparable[] }>;
}

const range = { fromMs: START + HOUR, toMs: NOW };
const QUARTER_HOUR = 15 * 60_000;

function queryCases(): QueryCase[] {
  const baseline = BASELINE_ID;
  const alert = { FromAlert: 'true' };
  return [
    { name: 'drift-range', query: { queryType: 'drift', baseline, method: 'psi', window: '1h' }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'drift-range-pvalue', query: { queryType: 'drift', baseline, method: 'chi2', window: '1h', includePValue: true, features: ['plan'] }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'drift-instant', query: { queryType: 'drift', baseline, window: '1h', instant: true, normalizeByThreshold: true }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'distribution', query: { queryType: 'distribution', baseline, features: ['age', 'plan'], method: 'psi' }, fromMs: SHIFT + HOUR, toMs: NOW, intervalMs: QUARTER_HOUR },
    { name: 'confusion', query: { queryType: 'confusion', baseline, includeClassMetrics: true }, fromMs: SHIFT + 10 * 60_000, toMs: NOW, intervalMs: QUARTER_HOUR },
    { name: 'performance-range', query: { queryType: 'performance', baseline, window: '1h', method: 'psi' }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'performance-instant', query: { queryType: 'performance', baseline, instant: true, window: '1h', performanceMetrics: ['accuracy', 'f1'] }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'performance-instant-all', query: { queryType: 'performance', baseline, instant: true, window: '1h', normalizeByThreshold: true }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'drift-range-explain', query: { queryType: 'drift', baseline, method: 'psi', window: '1h', explain: true, features: ['age', 'plan'] }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'drift-instant-explain', query: { queryType: 'drift', baseline, method: 'psi', window: '1h', instant: true, explain: true }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'drift-instant-share', query: { queryType: 'drift', baseline, method: 'psi', window: '1h', instant: true, includeDriftShare: true, correction: 'bh' }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'drift-instant-pvalue', query: { queryType: 'drift', baseline, method: 'chi2', window: '1h', instant: true, includePValue: true, features: ['plan'] }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'dataQuality-range', query: { queryType: 'dataQuality', baseline, window: '1h' }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'dataQuality-instant', query: { queryType: 'dataQuality', baseline, window: '1h', instant: true }, fromMs: NOW - HOUR, toMs: NOW, intervalMs: 15_000, headers: alert },
    { name: 'baseline', query: { queryType: 'baseline', baseline }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'error-unknown-baseline', query: { queryType: 'drift', baseline: 'nobody@0', window: '1h' }, ...range, intervalMs: QUARTER_HOUR },
    { name: 'error-unknown-type', query: { queryType: 'forecast', baseline }, ...range, intervalMs: QUARTER_HOUR },
  ];
}

function comparable(value: unknown, type: DataType): Comparable {
  if (value === null || value === undefined) {
    return null;
  }
  if (DataType.isTimestamp(type)) {
    // apache-arrow reads nanosecond timestamps as epoch milliseconds (or as bigint nanoseconds).
    return typeof value === 'bigint' ? Number(value) / 1e6 : Number(value);
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  }
  return value as Comparable;
}

function typeName(type: DataType): string {
  if (DataType.isTimestamp(type)) {
    return type.unit === TimeUnit.NANOSECOND ? 'time' : `time(${TimeUnit[type.unit]})`;
  }
  if (DataType.isFloat(type)) {
    return 'number';
  }
  if (DataType.isInt(type)) {
    return type.bitWidth === 64 && type.isSigned ? 'int64' : String(type);
  }
  return DataType.isUtf8(type) ? 'string' : DataType.isBool(type) ? 'boolean' : String(type);
}

function jsonMetadata(metadata: Map<string, string>, key: string): unknown {
  const text = metadata.get(key);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function comparableFrame(table: Table): ComparableFrame {
  return {
    name: table.schema.metadata.get('name') ?? '',
    meta: jsonMetadata(table.schema.metadata, 'meta'),
    fields: table.schema.fields.map((f, i) => {
      const vector = table.getChildAt(i) as Vector;
      const values: Comparable[] = [];
      for (let row = 0; row < vector.length; row++) {
        values.push(comparable(vector.get(row), f.type));
      }
      return {
        name: f.name,
        type: typeName(f.type),
        labels: (jsonMetadata(f.metadata, 'labels') ?? {}) as Record<string, string>,
        config: jsonMetadata(f.metadata, 'config'),
        values,
      };
    }),
  };
}

/** Every case through the JavaScript host: status, error, error source and frames as it decodes them. */
async function javascriptAnswers(prometheusUrl: string, cases: QueryCase[]): Promise<unknown[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-gohost-js-'));
  const host = await PluginHost.start({ dataDir });
  try {
    const datasource = { uid: 'mlops-drift', jsonData: { prometheusUrl, minStep: '15s' } };
    const stored = await host.callResource({ method: 'POST', path: 'baselines', body: scenarioBaseline(), datasource });
    if (stored.code !== 201) {
      throw new Error(`storing the scenario baseline through the JavaScript host answered ${stored.code}`);
    }
    const answers: unknown[] = [];
    for (const c of cases) {
      const spec: QuerySpec = { refId: 'A', json: c.query, timeRange: { fromEpochMS: c.fromMs, toEpochMS: c.toMs }, intervalMs: c.intervalMs };
      const { A } = await host.queryData([spec], { datasource, headers: c.headers });
      answers.push({ status: A.status, error: A.error, errorSource: A.errorSource, frames: A.frames.map(comparableFrame) });
    }
    return answers;
  } finally {
    await host.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runGoTest(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // -mod=readonly: go.mod and go.sum are committed; a test run must never change them.
    // go test's own timeout panics the test binary first; the plugins it started die with it (Pdeathsig).
    const child = spawn(goBinary(), ['test', '-mod=readonly', '-count=1', '-timeout=5m', ...args, './...'], {
      cwd: path.join(REPO_ROOT, 'tests', 'gohost'),
      env,
      stdio: 'inherit',
    });
    const timer = setTimeout(() => {
      process.stderr.write(`go test did not finish within ${GO_TEST_TIMEOUT_MS / 1000} s; killing it\n`);
      child.kill('SIGKILL');
    }, GO_TEST_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'mlops-gohost-'));
  let prometheus: PromServer | undefined;
  try {
    prometheus = await startPrometheus({ backfill: history() });
    const cases = queryCases();
    const answers = await javascriptAnswers(prometheus.url, cases);
    const casesFile = path.join(workDir, 'cases.json');
    writeFileSync(
      casesFile,
      JSON.stringify({
        prometheusUrl: prometheus.url,
        baselineId: BASELINE_ID,
        baseline: scenarioBaseline(),
        scenario: { startMs: START, shiftMs: SHIFT, nowMs: NOW, hourMs: HOUR },
        cases: cases.map((c, i) => ({ ...c, javascript: answers[i] })),
      })
    );
    return await runGoTest({ ...process.env, GOHOST_CASES: casesFile, GOHOST_PLUGIN: executablePath() }, process.argv.slice(2));
  } finally {
    await prometheus?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
);
