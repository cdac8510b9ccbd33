/**
 * `mldrift baseline build --edges-from` against a real Prometheus: the baseline's numeric buckets are the le
 * values an exporter already writes, for a histogram with a feature label and for one without (the PyData
 * talk's `response_distribution{model_version}`), so live drift needs no merging or re-binning.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineDocument, NumericBaselineFeature } from '../../src/drift/types';
import { runCli } from '../../src/cli/testing';
import { histogramFamily, openMetrics } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const SPAN = { startMs: NOW - 30 * MINUTE, endMs: NOW, intervalMs: MINUTE };
const SCORE_EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const AGE_EDGES = [18, 25, 35, 50, 65];

describeWithPrometheus('mldrift baseline build --edges-from a real Prometheus', () => {
  let prometheus: PromServer;
  let dir: string;
  let train: string;

  beforeAll(async () => {
    const uniform = (_t: number, random: () => number) => random();
    prometheus = await startPrometheus({
      backfill: openMetrics([
        histogramFamily({ model: 'fraud', version: 'v1' }, [{ name: 'age', upperBounds: AGE_EDGES, draw: (_t, random) => 18 + 60 * random() }], SPAN, 5, 1),
        histogramFamily({ model: 'fraud', version: 'v1' }, [{ name: 'score', upperBounds: SCORE_EDGES, draw: uniform }], SPAN, 5, 2, 'response_distribution', () => ({ model_version: 'v1' })),
      ]),
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-edges-from-'));
    train = path.join(dir, 'train.csv');
    const rows = Array.from({ length: 500 }, (_, i) => `${20 + (i % 50)},${((i * 37) % 100) / 100}`);
    fs.writeFileSync(train, ['age,score', ...rows].join('\n') + '\n');
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const built = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineDocument;
  const edgesOf = (doc: BaselineDocument, name: string) => (doc.features.find((f) => f.name === name) as NumericBaselineFeature).histogram.upperBounds;

  it('takes each feature’s edges from the exported histogram with a feature label', async () => {
    const output = path.join(dir, 'by-feature.json');
    const run = await runCli(['baseline', 'build', '--input', train, '--output', output, '--model', 'fraud', '--version', 'v1', '--edges-from', prometheus.url, '--edges-metric', 'model_feature_value', '--edges-match', 'model=fraud', '--edges-match', 'version=v1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = built(output);
    expect(edgesOf(doc, 'age')).toEqual(AGE_EDGES);
    // Not exported: the default quantile edges.
    expect(edgesOf(doc, 'score')).toHaveLength(9);
    expect(run.stdout).toContain(`note: bucket edges of age from model_feature_value_bucket{model="fraud",version="v1"} at ${prometheus.url}`);
  });

  it('gives a histogram without a feature label to the column named', async () => {
    const output = path.join(dir, 'one-column.json');
    const run = await runCli(['baseline', 'build', '--input', train, '--output', output, '--model', 'fraud', '--version', 'v1', '--edges-from', prometheus.url, '--edges-metric', 'response_distribution', '--edges-match', 'model_version=v1', '--edges-column', 'score']);
    expect(run.code).toBe(0);
    expect(edgesOf(built(output), 'score')).toEqual(SCORE_EDGES);
  });

  it('says what matched nothing, with exit code 2', async () => {
    const run = await runCli(['baseline', 'build', '--input', train, '--output', path.join(dir, 'none.json'), '--edges-from', prometheus.url, '--edges-metric', 'model_feature_value', '--edges-match', 'model=nobody']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--edges-from: no series matched model_feature_value_bucket\{model="nobody"\} in the last 3600s/);
    const unreachable = await runCli(['baseline', 'build', '--input', train, '--output', path.join(dir, 'none.json'), '--edges-from', 'http://127.0.0.1:9', '--edges-metric', 'x']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/--edges-from: cannot read the series of x_bucket\{\} from http:\/\/127\.0\.0\.1:9/);
  });

  describe('behind a proxy that wants a bearer token, with the histograms of a binding file', () => {
    const TOKEN = 'tok-5f1c9e-not-for-logs';
    let proxy: http.Server;
    let proxyUrl: string;
    let binding: string;
    let tokenFile: string;

    beforeAll(async () => {
      proxy = http.createServer((request, response) => {
        if (request.headers.authorization !== `Bearer ${TOKEN}`) {
          response.writeHead(401, { 'content-type': 'text/plain' }).end(`unauthorized: got ${request.headers.authorization ?? 'nothing'}`);
          return;
        }
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          fetch(`${prometheus.url}${request.url}`, { method: request.method, headers: { 'content-type': request.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) })
            .then(async (answer) => response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()))
            .catch(() => response.writeHead(502).end());
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      binding = path.join(dir, 'fraud.binding.json');
      // The PyData layout: the score histogram has its own version label and no model or feature label.
      fs.writeFileSync(binding, JSON.stringify({ model: 'fraud', prometheus: { model: 'none', version: 'none', features: { score: { kind: 'histogram', metric: 'response_distribution', version: { label: 'model_version' } } } } }));
      tokenFile = path.join(dir, 'token');
      fs.writeFileSync(tokenFile, `${TOKEN}\n`);
    });

    afterAll(async () => {
      await new Promise((resolve) => proxy.close(resolve));
      delete process.env.MLDRIFT_PROMETHEUS_TOKEN;
    });

    const build = (output: string, extra: string[]) =>
      runCli(['baseline', 'build', '--input', train, '--output', path.join(dir, output), '--model', 'fraud', '--version', 'v1', '--edges-from', proxyUrl, '--edges-binding', binding, ...extra]);

    it('takes the bound histogram\'s edges with a token from a file, and from the environment', async () => {
      const fromFile = await build('bound-file.json', ['--edges-bearer-token-file', tokenFile]);
      expect(fromFile.stderr).toBe('');
      expect(fromFile.code).toBe(0);
      expect(edgesOf(built(path.join(dir, 'bound-file.json')), 'score')).toEqual(SCORE_EDGES);
      expect(fromFile.stdout).toContain(`note: bucket edges of score from response_distribution_bucket{model_version="v1"} at ${proxyUrl}`);
      expect(fromFile.stdout).not.toContain(TOKEN);

      process.env.MLDRIFT_PROMETHEUS_TOKEN = TOKEN;
      const fromEnv = await build('bound-env.json', []);
      delete process.env.MLDRIFT_PROMETHEUS_TOKEN;
      expect(fromEnv.code).toBe(0);
      expect(edgesOf(built(path.join(dir, 'bound-env.json')), 'score')).toEqual(SCORE_EDGES);
    });

    it('says the credentials were refused without ever printing them', async () => {
      const wrong = path.join(dir, 'wrong-token');
      fs.writeFileSync(wrong, 'wrong-secret-value');
      const refused = await build('refused.json', ['--edges-bearer-token-file', wrong]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--edges-from: http:\/\/127\.0\.0\.1:\d+ refused the credentials \(HTTP 401\)/);
      const none = await build('none.json', []);
      expect(none.stderr).toMatch(/refused a request without credentials \(HTTP 401\); give --edges-bearer-token-file/);
      for (const run of [refused, none]) {
        expect(`${run.stdout}${run.stderr}`).not.toMatch(/wrong-secret-value|tok-5f1c9e/);
      }
      const inUrl = await runCli(['baseline', 'build', '--input', train, '--output', path.join(dir, 'x.json'), '--edges-from', `http://user:${TOKEN}@127.0.0.1:9`, '--edges-metric', 'x']);
      expect(inUrl.code).toBe(2);
      expect(inUrl.stderr).toMatch(/the URL holds credentials/);
      expect(inUrl.stderr).not.toContain(TOKEN);
    });
  });
});
