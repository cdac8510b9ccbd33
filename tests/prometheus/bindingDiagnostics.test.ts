/**
 * Issue 12, parts 3 and 4, through the built executable against a real Prometheus holding two hours of
 * backfilled exporter history:
 * - edges that do not match: an exporter's buckets 0.1, 0.2, …, 1.0 against a baseline whose quantile edges
 *   0.05, 0.15, …, 0.95 share none of them; drift and distribution answer on the live buckets with the
 *   baseline re-binned, and a notice that says so and how far off it can be;
 * - a query that matches no series: a histogram labelled only `{model_version, le}` (as the PyData talk's
 *   exporter writes it) read with the default labels; the notice names the query and the labels that exist;
 * - "Save & test" and `GET check-bindings` list per model and feature the live series, labels, edges and the
 *   first problem. Needs `npm run build:backend`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineFeature } from '../../src/drift/types';
import type { ModelCheck } from '../../src/shared/resourceModel';
import { dataFrames, notices } from '../harness/answerSeries';
import { executablePath, PluginHost } from '../harness/pluginHost';
import { baselineDocument } from './fixtures';
import { histogramFamily, openMetrics } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';

const runnable = prometheusAvailable() && existsSync(executablePath());
const describeLive = runnable ? describe : describe.skip;

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const SPAN = { startMs: NOW - 120 * MINUTE, endMs: NOW, intervalMs: MINUTE };
const EXPORTER_EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const BASELINE_EDGES = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];

/** A baseline of 10,000 values uniform on [0, 1] on quantile edges, with its percentiles as a builder stores them. */
function uniformScore(): BaselineFeature {
  const n = 10_000;
  const cumulative = [...BASELINE_EDGES, 1];
  const levels = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  return {
    name: 'score',
    kind: 'numeric',
    histogram: { upperBounds: BASELINE_EDGES, counts: cumulative.map((p, i) => Math.round(n * (p - (i === 0 ? 0 : cumulative[i - 1])))) },
    summary: { n, min: 0, max: 1, mean: 0.5, std: 0.2887, quantiles: { levels, values: levels } },
    missing: 0,
    nonFinite: 0,
    thresholds: { psi: 0.001 },
  };
}

describeLive('bucket edges and empty answers, through the executable on a real Prometheus', () => {
  let prometheus: PromServer;
  let host: PluginHost;
  let dataDir: string;
  const datasource = (jsonData: Record<string, unknown> = {}) => ({ uid: 'diagnostics', jsonData: { prometheusUrl: prometheus.url, minStep: '1m', ...jsonData } });

  beforeAll(async () => {
    const score = [{ name: 'score', upperBounds: EXPORTER_EDGES, draw: (_t: number, random: () => number) => random() }];
    const history = openMetrics([
      histogramFamily({ model: 'edges', version: 'v1' }, score, SPAN, 20, 7),
      histogramFamily({ model: 'pydata', version: 'v1' }, score, SPAN, 20, 8, 'response_distribution', () => ({ model_version: 'v1' })),
    ]);
    prometheus = await startPrometheus({ backfill: history });
    dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-diagnostics-'));
    host = await PluginHost.start({ dataDir });
    for (const [model, features] of [
      ['edges', [uniformScore()]],
      ['pydata', [uniformScore()]],
      ['ghost', [uniformScore()]],
    ] as const) {
      const created = await host.callResource({ method: 'POST', path: 'baselines', body: baselineDocument(model, 'v1', [...features]), datasource: datasource() });
      expect(created.code).toBe(201);
    }
  }, 90_000);

  afterAll(async () => {
    await host?.dispose();
    await prometheus?.stop();
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  async function query(json: Record<string, unknown>, jsonData: Record<string, unknown> = {}) {
    const { A } = await host.queryData([{ refId: 'A', json: { method: 'psi', window: '1h', ...json }, timeRange: { fromEpochMS: NOW - 60 * MINUTE, toEpochMS: NOW }, intervalMs: 5 * MINUTE }], {
      datasource: datasource(jsonData),
    });
    expect(A.error).toBe('');
    expect(A.status).toBe(200);
    return A;
  }

  it('drift on live buckets that share no edge with the baseline: re-binned, no drift, with a notice stating the approximation', async () => {
    const A = await query({ queryType: 'drift', baseline: 'edges@v1', instant: true, normalizeByThreshold: true });
    expect(A.frames).toHaveLength(1);
    const score = A.frames[0].getChildAt(0)!.get(0) as number;
    // Live values are the baseline's distribution: PSI well under the default threshold (the baseline's own
    // 0.001, made on its own buckets, is not used).
    expect(score).toBeLessThan(0.2);
    const text = notices(A).find((t) => t.includes('re-binned'));
    expect(text).toMatch(
      /^score: the live buckets share 0 of their edges with the baseline's \(live le: 0\.1, 0\.2, .*; baseline: 0\.05, 0\.15, .*\), so the baseline was re-binned onto the live buckets .* off by up to [0-9.]+ % \(1 of 10 live edges exact\);.*method defaults apply/
    );
  }, 30_000);

  it('drift over time and distribution answer on the live buckets too', async () => {
    const range = await query({ queryType: 'drift', baseline: 'edges@v1' });
    expect(range.frames.length).toBeGreaterThan(0);
    expect(notices(range).some((t) => t.includes('re-binned'))).toBe(true);
    const distribution = await query({ queryType: 'distribution', baseline: 'edges@v1' });
    const upper = Array.from(distribution.frames[0].getChild('upper')!.toArray() as Float64Array);
    expect(upper).toEqual([...EXPORTER_EDGES, Infinity]);
    const baselineRatio = Array.from(distribution.frames[0].getChild('baseline_ratio')!.toArray() as Float64Array);
    // Uniform: 10 % per live bucket up to 1, nothing above.
    baselineRatio.slice(0, 10).forEach((r) => expect(r).toBeCloseTo(0.1, 2));
    expect(baselineRatio[10]).toBeCloseTo(0, 6);
  }, 30_000);

  it('a query matching no series names the executed query and the labels the metric has', async () => {
    const A = await query({ queryType: 'drift', baseline: 'pydata@v1', instant: true }, { prometheus: { featureHistogram: 'response_distribution' } });
    expect(dataFrames(A)).toHaveLength(0);
    expect(notices(A)).toContainEqual(
      expect.stringMatching(
        /^no series matched `sum by \(feature, le\) \(increase\(response_distribution_bucket\{model="pydata",version="v1",feature="score"\}\[3600s\]\)\)`: `response_distribution_bucket` exists with labels \{le, model_version\}; it has no label model, version, feature/
      )
    );
    const ghost = await query({ queryType: 'drift', baseline: 'ghost@v1', instant: true });
    expect(notices(ghost)).toContainEqual(expect.stringMatching(/`model_feature_value_bucket` exists with labels \{feature, le, model, version\}, but none of its series in the window has model="ghost"/));
  }, 30_000);

  it('Save & test lists per model and feature the live series, labels, edges and the first problem', async () => {
    const health = await host.checkHealth(datasource());
    expect(health.status).toBe('OK');
    expect(health.message).toMatch(/Bindings \(live data in the last hour\): .*ghost@v1 \(Prometheus\): 0 of 1 fields .*first problem, "score": no series matched/);
    const models = (health.details.bindings as { models: ModelCheck[] }).models;
    const edges = models.find((m) => m.baseline === 'edges@v1')!;
    expect(edges.problems).toBe(0);
    expect(edges.features[0]).toMatchObject({
      feature: 'score',
      role: 'feature',
      selector: 'model_feature_value_bucket{model="edges",version="v1",feature="score"}',
      series: 11,
      labels: ['feature', 'le', 'model', 'version'],
      edges: { live: EXPORTER_EDGES, baseline: BASELINE_EDGES, shared: 0 },
      note: expect.stringMatching(/^edges differ .* re-binned onto the live edges, off by up to/),
    });
    expect(health.details.verboseMessage).toMatch(/score \(feature\): no series matched/);

    const checked = await host.callResource({ method: 'GET', path: 'check-bindings?baseline=pydata@v1&window=2h', datasource: datasource() });
    expect(checked.code).toBe(200);
    const answer = checked.json<{ window: string; models: ModelCheck[] }>();
    expect(answer.window).toBe('2h');
    expect(answer.models.map((m) => m.baseline)).toEqual(['pydata@v1']);
    expect(answer.models[0].features[0].problem).toMatch(/`model_feature_value_bucket` exists with labels/);

    for (const query of ['window=soon', 'window=60d', 'baseline=no-version']) {
      const bad = await host.callResource({ method: 'GET', path: `check-bindings?${query}`, datasource: datasource() });
      expect({ query, code: bad.code }).toEqual({ query, code: 400 });
    }
    // A model bound to Elasticsearch only is not looked for in Prometheus: its check says why it was not made.
    expect((await host.callResource({ method: 'POST', path: 'baselines', body: baselineDocument('logged', 'v1', [uniformScore()]), datasource: datasource() })).code).toBe(201);
    const logsOnly = { model: 'logged', elasticsearch: { index: 'predictions', features: { score: 'score' } } };
    expect((await host.callResource({ method: 'POST', path: 'bindings', body: logsOnly, datasource: datasource() })).code).toBe(201);
    const logged = (await host.callResource({ method: 'GET', path: 'check-bindings?baseline=logged@v1', datasource: datasource() })).json<{ models: ModelCheck[] }>();
    expect(logged.models).toEqual([
      expect.objectContaining({
        baseline: 'logged@v1',
        source: 'elasticsearch',
        problems: 1,
        features: [expect.objectContaining({ feature: 'score', problem: 'not checked: its binding names Elasticsearch only, and the datasource has no URL for it' })],
      }),
    ]);

    // With Elasticsearch configured too, a model without a binding is checked where queries read it by default,
    // Prometheus, and Elasticsearch says why it was not looked at, unless the caller names it.
    const bothSources = datasource({ elasticsearchUrl: 'http://127.0.0.1:9' });
    const unbound = (await host.callResource({ method: 'GET', path: 'check-bindings?baseline=pydata@v1&window=2h', datasource: bothSources })).json<{ models: ModelCheck[] }>();
    expect(unbound.models.map((m) => m.source)).toEqual(['prometheus', 'elasticsearch']);
    expect(unbound.models[0].features[0].problem).toMatch(/`model_feature_value_bucket` exists with labels/);
    expect(unbound.models[1].features.map((f) => f.problem)).toEqual(
      unbound.models[1].features.map(() => expect.stringMatching(/^not checked: it has no binding, so it is read from Prometheus/))
    );
    const named = (await host.callResource({ method: 'GET', path: 'check-bindings?baseline=pydata@v1&source=elasticsearch', datasource: bothSources })).json<{ models: ModelCheck[] }>();
    expect(named.models.map((m) => m.source)).toEqual(['elasticsearch']);
    expect(named.models[0].features[0].problem).not.toMatch(/^not checked/);

    const unknown = await host.callResource({ method: 'GET', path: 'check-bindings?baseline=nobody@v1', datasource: datasource() });
    expect(unknown.code).toBe(404);
    const noPrometheus = await host.callResource({ method: 'GET', path: 'check-bindings', datasource: { uid: 'diagnostics', jsonData: {} } });
    expect(noPrometheus.code).toBe(400);
    expect(noPrometheus.json<{ error: string }>().error).toMatch(/neither a Prometheus nor an Elasticsearch URL/);
  }, 60_000);
});
