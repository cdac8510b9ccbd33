/**
 * `mldrift baseline build --edges-from` against a real Prometheus: the baseline's numeric buckets are the le
 * values an exporter already writes, for a histogram with a feature label and for one without (the PyData
 * talk's `response_distribution{model_version}`), so live drift needs no merging or re-binning.
 */
import * as fs from 'node:fs';
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
});
