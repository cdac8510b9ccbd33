/**
 * Numeric prediction drift and summaries (issue 13) on Elasticsearch, through the built executable against the
 * run's OpenSearch node: a probability score stored in the mapping's numeric `prediction` field, U² before a
 * shift and 1 − U² after it, compared with a baseline whose numeric prediction distribution is the pre-shift
 * one. Build first: `npm run build:backend`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../src/drift/prng';
import type { BaselineFeature } from '../../src/drift/types';
import { find, notices, seriesOf } from '../harness/answerSeries';
import { PluginHost, type DecodedResponse } from '../harness/pluginHost';
import { admin, bulk, liveCluster, type LiveCluster } from './liveCluster';

const HOUR = 3_600_000;
const END = Math.floor(Date.now() / HOUR) * HOUR;
const START = END - 4 * HOUR;
const SHIFT = END - 2 * HOUR;
const BOUNDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const INDEX = `mlops-score-${process.pid}`;

/** One document every 2 s; the feature `x` never moves, the score's distribution flips at SHIFT. */
function records(): Array<{ time: number; score: number; x: number }> {
  const random = mulberry32(77);
  const out: Array<{ time: number; score: number; x: number }> = [];
  for (let time = START + 1000; time <= END; time += 2000) {
    const u = random();
    out.push({ time, score: time > SHIFT ? 1 - u * u : u * u, x: random() });
  }
  return out;
}

function documents(): string[] {
  return records().flatMap(({ time, score, x }) => [
    JSON.stringify({ index: { _index: INDEX } }),
    JSON.stringify({ '@timestamp': new Date(time).toISOString(), model: 'scorer', version: '1', prediction: score, features: { x } }),
  ]);
}

/** The scores of the hour ending at `end`, sorted. */
function scoresOfHour(end: number): number[] {
  return records()
    .filter((r) => r.time > end - HOUR && r.time <= end)
    .map((r) => r.score)
    .sort((a, b) => a - b);
}

function numeric(name: string, cdf: (b: number) => number): BaselineFeature {
  const shares = [...BOUNDS.map(cdf), 1];
  const counts = shares.map((c, i) => Math.round(100_000 * (c - (i === 0 ? 0 : shares[i - 1]))));
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds: BOUNDS, counts },
    summary: { n: 100_000, min: 0, max: 1, mean: 0.4, std: 0.3, quantiles: { levels: [0.5], values: [0.3] } },
    missing: 0,
    nonFinite: 0,
  };
}

let cluster: LiveCluster;
let host: PluginHost;
let directory: string;

beforeAll(async () => {
  cluster = await liveCluster();
  await admin(cluster, 'PUT', `/${INDEX}`, {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { properties: { '@timestamp': { type: 'date' }, model: { type: 'keyword' }, version: { type: 'keyword' }, prediction: { type: 'double' }, features: { properties: { x: { type: 'double' } } } } },
  });
  await bulk(cluster, documents(), INDEX);
  directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-es-score-'));
  await mkdir(path.join(directory, 'baselines'));
  const baseline = {
    schemaVersion: 1,
    model: 'scorer',
    version: '1',
    createdAt: '2026-12-01T00:00:00Z',
    features: [numeric('x', (b) => Math.min(1, b))],
    prediction: numeric('prediction', Math.sqrt),
  };
  await writeFile(path.join(directory, 'baselines', 'scorer.json'), JSON.stringify(baseline));
  host = await PluginHost.start({ dataDir: path.join(directory, 'grafana') });
}, 300_000);

afterAll(async () => {
  await host?.dispose();
  if (cluster) {
    await admin(cluster, 'DELETE', `/${INDEX}`);
  }
  if (directory) {
    await rm(directory, { recursive: true, force: true });
  }
});

async function query(json: Record<string, unknown>, fromMs: number, toMs: number, intervalMs?: number): Promise<DecodedResponse> {
  const datasource = {
    jsonData: { ...cluster.jsonData, elasticsearchUrl: cluster.url, elasticsearchIndex: INDEX, provisionedBaselineDirectory: path.join(directory, 'baselines') },
    secrets: { ...cluster.secrets },
  };
  const { A } = await host.queryData([{ refId: 'A', json: { source: 'elasticsearch', baseline: 'scorer@1', window: '1h', instant: true, ...json }, timeRange: { fromEpochMS: fromMs, toEpochMS: toMs }, intervalMs }], { datasource });
  expect(A).toMatchObject({ status: 200, error: '' });
  return A;
}

describe('a numeric prediction field on Elasticsearch, the built executable, the OpenSearch node', () => {
  it('drifts only after the shift, beside a feature that does not', async () => {
    for (const [toMs, drifts] of [
      [SHIFT, false],
      [END, true],
    ] as const) {
      const answer = await query({ queryType: 'drift', method: 'psi', normalizeByThreshold: true, includePrediction: true }, toMs - HOUR, toMs);
      const all = seriesOf(answer);
      const score = find(all, 'normalized_score', { feature: 'prediction' }).values[0];
      expect(drifts ? score > 5 : score < 1).toBe(true);
      expect(find(all, 'normalized_score', { feature: 'x' }).values[0]).toBeLessThan(1);
    }
  });

  it('gives percentiles and the exact minimum and maximum of the values, and a CBPE precision that moves with the scores', async () => {
    const answer = await query(
      { queryType: 'performance', performanceMetrics: ['prediction_p5', 'prediction_p50', 'prediction_p95', 'prediction_min', 'prediction_max', 'estimated_precision'] },
      END - HOUR,
      END
    );
    const all = seriesOf(answer);
    const scores = scoresOfHour(END);
    // TDigest estimates over 1800 values: close to the order statistics, not equal to them.
    for (const [metric, level] of [
      ['prediction_p5', 0.05],
      ['prediction_p50', 0.5],
      ['prediction_p95', 0.95],
    ] as const) {
      expect(Math.abs(find(all, metric, {}).values[0] - scores[Math.floor(level * (scores.length - 1))])).toBeLessThan(0.01);
    }
    expect(find(all, 'prediction_min', {}).values[0]).toBe(scores[0]);
    expect(find(all, 'prediction_max', {}).values[0]).toBe(scores[scores.length - 1]);
    // Beside the baseline's observed range and stored median.
    expect(find(all, 'prediction_max', {}).config.custom?.mlopsBaselineValue).toBe(1);
    expect(find(all, 'prediction_p50', {}).config.custom?.mlopsBaselineValue).toBe(0.3);
    expect(notices(answer).join('\n')).toMatch(/TDigest/);
    const precision = find(all, 'estimated_precision', {});
    // Calibrated scores: 0.82 after the shift against 0.74 on the baseline (see the Prometheus test's numbers).
    expect(precision.values[0]).toBeGreaterThan((precision.config.custom?.mlopsBaselineValue as number) + 0.05);
  });

  it('gives the maximum of each rolling window over a range, one date_range bucket per window', async () => {
    const answer = await query({ queryType: 'performance', performanceMetrics: ['prediction_max'], instant: false }, END - 2 * HOUR, END, 20 * 60_000);
    const max = find(seriesOf(answer), 'prediction_max', {});
    expect(max.times.length).toBeGreaterThan(3);
    max.times.forEach((time, i) => expect(max.values[i]).toBe(scoresOfHour(time).at(-1)));
  });

  it('reads no classes from a numeric prediction field unless a class series is named', async () => {
    const all = seriesOf(await query({ queryType: 'performance' }, END - HOUR, END));
    expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['prediction_p50', 'estimated_accuracy']));
    // Each distinct score would have been a "class" with its share.
    expect(all.filter((s) => s.name === 'prediction_share')).toEqual([]);
  });
});
