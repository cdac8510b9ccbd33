/**
 * The whole demo, end to end, without Docker: the training data is written and built into baselines by the
 * `mldrift` CLI, the demo model and the traffic generator run as Node processes (accelerated clock), a real
 * Prometheus scrapes the model, and the built backend executable answers the provisioned alert rule's query
 * through the plugin protocol. Before the drift injection no feature drifts; after it, the injected features
 * (and only they) do, and the confusion query shows the accuracy drop.
 *
 * Build the backend first (`npm run test:e2e` does). Needs Debian's prometheus package.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { DRIFTED_FEATURES, MODEL_NAME, NUMERIC_FEATURES, CATEGORICAL_FEATURES } from '../../demo/data/dataset';
import { buildBaselines } from '../../demo/data/build-baselines';
import { type ManagedProcess, REPOSITORY_ROOT, freePort, startTsx, waitUntilReady } from '../../demo/stack/processes';
import { CONFUSION_FIELDS } from '../../src/shared/frameContract';
import type { DriftQuery } from '../../src/shared/queryModel';
import type { BaselineDocument } from '../../src/drift/types';
import { DASHBOARDS } from '../../provisioning/dashboards/generate';
import { accuracyValue, metricValue, normalisedScores } from '../../demo/stack/frames';
import { accuracyRule, featureDriftRule, performanceRule, provisionedRuleQueries, withWindow } from '../../demo/stack/ruleQueries';
import { SPEND_MODEL_NAME, SPEND_VERSION } from '../../demo/data/spend';
import { UPSELL_MODEL_NAME, UPSELL_VERSION } from '../../demo/data/upsell';
import { dataFrames, notices } from '../harness/answerSeries';
import { PluginHost, executablePath } from '../harness/pluginHost';
import { eventually } from '../prometheus/eventually';
import { type PromServer, prometheusAvailable, startPrometheus } from '../prometheus/promServer';

/** The production version: the one the alert rules watch. */
const VERSION = 'v1';
const BASELINE_ID = `${MODEL_NAME}@${VERSION}`;

/** Accelerated clock: 10 demo seconds per second, drift injected after 40 s of wall clock. */
const TIME_SCALE = 10;
const DRIFT_AFTER_WALL_SECONDS = 40;
/** Rolling window of the drift queries (the provisioned rule's window is minutes; the test cannot wait that long). */
const WINDOW_SECONDS = 30;
const SCRAPE_SECONDS = 1;

type Json = Record<string, unknown>;

/** A provisioned rule's query on its own baseline (else the demo's) over the accelerated window. */
function accelerated(model: Partial<DriftQuery>): Partial<DriftQuery> {
  return withWindow(model, model.baseline ?? BASELINE_ID, `${WINDOW_SECONDS}s`);
}

/** The output models' rules (upsell: estimated accuracy without labels; spend: mean absolute error) and their values. */
const OUTPUT_RULES = [
  { rule: () => performanceRule(`${UPSELL_MODEL_NAME}@${UPSELL_VERSION}`, 'estimated_accuracy'), metric: 'estimated_accuracy', model: UPSELL_MODEL_NAME },
  { rule: () => performanceRule(`${SPEND_MODEL_NAME}@${SPEND_VERSION}`, 'mae'), metric: 'mae', model: SPEND_MODEL_NAME },
] as const;

/** Whether each output model's rule would fire on the answer of its query (over the accelerated window). */
async function outputRuleStates(
  query: (refId: string, model: Partial<DriftQuery>, toMs: number) => Promise<{ error: string; frames: Table[] }>,
  atMs: number
): Promise<Array<{ model: string; metric: string; value: number; finite: boolean; fires: boolean; error: string }>> {
  const states = [];
  for (const { rule, metric, model } of OUTPUT_RULES) {
    const { model: ruleQuery, threshold } = rule();
    const answer = await query('O', accelerated(ruleQuery), atMs);
    const value = metricValue(answer.frames, metric, model);
    const fires = threshold?.type === 'lt' ? value < threshold.value : value > (threshold?.value ?? NaN);
    states.push({ model, metric, value, finite: Number.isFinite(value), fires, error: answer.error });
  }
  return states;
}

/** The floor of the provisioned accuracy rule (it fires below it). */
function accuracyFloor(): number {
  const threshold = accuracyRule().threshold;
  if (threshold?.type !== 'lt') {
    throw new Error(`the accuracy rule should fire below a floor, found ${JSON.stringify(threshold)}`);
  }
  return threshold.value;
}

const CONFUSION_QUERY: Partial<DriftQuery> = {
  queryType: 'confusion',
  source: 'prometheus',
  baseline: BASELINE_ID,
  window: `${WINDOW_SECONDS}s`,
};

/** The drift-datasource queries of the provisioned dashboards, with the variables set to the demo model. */
/**
 * What is wrong with a provisioned query's answer, '' when nothing: an error, or no data. A reference an offset
 * earlier reaches back before the demo's Prometheus holds anything (a week ago), so it may answer no data, but then
 * with notices that say the reference found nothing.
 */
function answerProblem(answer: { error: string; frames: Table[] }, model: Partial<DriftQuery>): string {
  if (answer.error !== '') {
    return answer.error;
  }
  if (dataFrames(answer).length > 0) {
    return '';
  }
  const said = notices(answer);
  return model.reference?.kind === 'offset' && said.some((text) => text.startsWith('reference (')) ? '' : `no data; notices: ${JSON.stringify(said)}`;
}

function dashboardQueries(): Array<{ panel: string; model: Partial<DriftQuery> }> {
  const variables: Record<string, string> = { model: MODEL_NAME, version: VERSION, feature: 'income' };
  const substitute = (text: string) => text.replace(/\$(\w+)/g, (whole, name: string) => variables[name] ?? whole);
  return DASHBOARDS.flatMap((dashboard) => dashboard.panels)
    .flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, target })))
    .filter(({ target }) => (target.datasource as Json | undefined)?.uid === 'mlops-drift')
    // This stack runs no Elasticsearch: panels on the prediction logs are answered by tests/elasticsearch.
    .filter(({ target }) => target.source !== 'elasticsearch')
    .map(({ panel, target }) => {
      const model = JSON.parse(substitute(JSON.stringify(target))) as Partial<DriftQuery> & Json;
      delete model.datasource;
      return { panel: substitute(panel), model };
    });
}

/** Features whose normalised score is past the threshold (1), sorted. */
function driftingFeatures(scores: Map<string, number>): string[] {
  return [...scores]
    .filter(([, score]) => score > 1)
    .map(([feature]) => feature)
    .sort();
}

/** Accuracy of the labelled outcomes in a confusion answer (long frame: actual, predicted, count). */
function accuracy(frames: Table[]): { accuracy: number; total: number } {
  let correct = 0;
  let total = 0;
  for (const table of frames) {
    const actual = table.getChild(CONFUSION_FIELDS.actual);
    const predicted = table.getChild(CONFUSION_FIELDS.predicted);
    const count = table.getChild(CONFUSION_FIELDS.count);
    if (!actual || !predicted || !count) {
      continue;
    }
    for (let row = 0; row < table.numRows; row++) {
      const n = Number(count.get(row));
      total += n;
      correct += actual.get(row) === predicted.get(row) ? n : 0;
    }
  }
  return { accuracy: total > 0 ? correct / total : NaN, total };
}

async function promQuery(
  prometheus: PromServer,
  expr: string
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as {
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.data.result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const describeWhenRunnable = prometheusAvailable() && existsSync(executablePath()) ? describe : describe.skip;

describeWhenRunnable('demo end to end: model, traffic, Prometheus, backend executable', () => {
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'mlops-e2e-'));
  const baselineDirectory = path.join(workDirectory, 'baselines');
  const processes: ManagedProcess[] = [];
  let prometheus: PromServer;
  let backend: PluginHost;
  let baseline: BaselineDocument;
  let trafficStartedAt = 0;
  const datasource = () => ({
    uid: 'mlops-drift',
    jsonData: {
      prometheusUrl: prometheus.url,
      provisionedBaselineDirectory: baselineDirectory,
      // The output models' metrics carry no model label: the provisioned bindings say where they are.
      provisionedBindingDirectory: path.join(REPOSITORY_ROOT, 'provisioning', 'bindings'),
      minStep: `${SCRAPE_SECONDS}s`,
    },
  });
  const query = async (
    refId: string,
    model: Partial<DriftQuery>,
    toMs: number,
    fromMs = toMs - WINDOW_SECONDS * 1000
  ) =>
    (
      await backend.queryData(
        [{ refId, json: { refId, ...model }, timeRange: { fromEpochMS: fromMs, toEpochMS: toMs } }],
        { datasource: datasource(), headers: { FromAlert: 'true' } }
      )
    )[refId];

  beforeAll(async () => {
    buildBaselines(baselineDirectory, workDirectory);
    baseline = JSON.parse(
      readFileSync(path.join(baselineDirectory, `${BASELINE_ID}.json`), 'utf8')
    ) as BaselineDocument;

    const modelPort = await freePort();
    const model = startTsx('model', 'demo/model/main.ts', {
      env: { PORT: String(modelPort), HOST: '127.0.0.1', BASELINE_DIR: baselineDirectory, INFERENCE_DELAY_MS: '0' },
    });
    processes.push(model);
    await model.waitForLine(/listening on/, 60_000);
    await waitUntilReady(`http://127.0.0.1:${modelPort}/healthz`, 10_000);

    prometheus = await startPrometheus({
      scrapeTargets: [{ address: `127.0.0.1:${modelPort}`, jobName: 'demo-model' }],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
    });
    backend = await PluginHost.start({ dataDir: path.join(workDirectory, 'grafana') });

    const traffic = startTsx('traffic', 'demo/traffic/main.ts', {
      env: {
        TARGET_URL: `http://127.0.0.1:${modelPort}`,
        TIME_SCALE: String(TIME_SCALE),
        REQUESTS_PER_SECOND: '20',
        DRIFT_AFTER_SECONDS: String(DRIFT_AFTER_WALL_SECONDS * TIME_SCALE),
        LABEL_DELAY_SECONDS: '10',
      },
    });
    processes.push(traffic);
    await traffic.waitForLine(/^traffic: \d/, 30_000);
    trafficStartedAt = Date.now();
  }, 120_000);

  afterAll(async () => {
    for (const child of processes.reverse()) {
      await child.stop();
    }
    await backend?.dispose();
    await prometheus?.stop();
    rmSync(workDirectory, { recursive: true, force: true });
  });

  let beforeDrift: { confusionAccuracy: number; ruleAccuracy: number };

  it('exports feature histograms on exactly the baseline edges, scraped by Prometheus', async () => {
    await sleep(Math.max(0, trafficStartedAt + 8000 - Date.now()));
    const buckets = await promQuery(
      prometheus,
      `model_feature_value_bucket{model="${MODEL_NAME}", version="${VERSION}"}`
    );
    for (const feature of baseline.features) {
      const les = buckets.filter((s) => s.metric.feature === feature.name).map((s) => s.metric.le);
      if (feature.kind === 'numeric') {
        const expected = [...feature.histogram.upperBounds.map(String), '+Inf'];
        expect(les.sort()).toEqual(expected.sort());
      } else {
        expect(les).toEqual([]);
      }
    }
    const categories = await promQuery(
      prometheus,
      `sum by (feature, category) (model_feature_category_total{model="${MODEL_NAME}", version="${VERSION}"})`
    );
    expect(new Set(categories.map((s) => s.metric.feature))).toEqual(new Set(CATEGORICAL_FEATURES));
    const observed = await promQuery(prometheus, `sum by (feature) (model_feature_value_count{model="${MODEL_NAME}"})`);
    expect(new Set(observed.map((s) => s.metric.feature))).toEqual(new Set(NUMERIC_FEATURES));
    observed.forEach((s) => expect(Number(s.value[1])).toBeGreaterThan(100));
  }, 30_000);

  it('finds no drifting feature before the injection', async () => {
    // A full window of undrifted traffic, ending before the injection.
    await sleep(Math.max(0, trafficStartedAt + (DRIFT_AFTER_WALL_SECONDS - 3) * 1000 - Date.now()));
    const atMs = Date.now() - 1000;
    const answer = await query('A', accelerated(featureDriftRule().model), atMs);
    expect(answer.error).toBe('');
    const scores = normalisedScores(answer.frames);
    expect([...scores.keys()].sort()).toEqual(baseline.features.map((f) => f.name).sort());
    // The scores ride along so a failure shows how close each feature came.
    expect({ drifting: driftingFeatures(scores), scores: Object.fromEntries(scores) }).toEqual({
      drifting: [],
      scores: expect.any(Object),
    });
    const confusion = await query('C', CONFUSION_QUERY, atMs);
    const performance = await query('P', accelerated(accuracyRule().model), atMs);
    expect(performance.error).toBe('');
    beforeDrift = {
      confusionAccuracy: accuracy(confusion.frames).accuracy,
      ruleAccuracy: accuracyValue(performance.frames, MODEL_NAME),
    };
    expect(beforeDrift.ruleAccuracy).toBeCloseTo(beforeDrift.confusionAccuracy, 1);
    // The accuracy alert stays quiet: the model is above the rule's floor.
    const floor = accuracyFloor();
    expect(beforeDrift.ruleAccuracy).toBeGreaterThanOrEqual(floor);
    // The output models' rules stay quiet too (values ride along for a failure's message).
    const outputs = await outputRuleStates(query, atMs);
    expect(outputs).toEqual(outputs.map((state) => ({ ...state, value: expect.any(Number), finite: true, fires: false, error: '' })));
  }, 60_000);

  it('accepts the query of every provisioned alert rule', async () => {
    const rules = provisionedRuleQueries();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const answer = await query('A', accelerated(rule.model), Date.now() - 1000);
      expect({ rule: rule.title, problem: answerProblem(answer, rule.model) }).toEqual({ rule: rule.title, problem: '' });
    }
  }, 30_000);

  it('finds exactly the injected features drifting after the injection', async () => {
    // Wait until the window holds only drifted traffic (plus two scrapes).
    await sleep(
      Math.max(
        0,
        trafficStartedAt + (DRIFT_AFTER_WALL_SECONDS + WINDOW_SECONDS + 2 * SCRAPE_SECONDS + 1) * 1000 - Date.now()
      )
    );
    expect(processes[1].output()).toMatch(/drift injected/);
    // A late scrape leaves undrifted traffic in the window for a moment longer: wait for it to pass (bounded).
    const clearlyDrifted = (candidate: { frames: Table[] }) => {
      const candidateScores = normalisedScores(candidate.frames);
      return DRIFTED_FEATURES.every((feature) => (candidateScores.get(feature) ?? 0) > 2);
    };
    const answer = await eventually(() => query('A', accelerated(featureDriftRule().model), Date.now() - 1000), clearlyDrifted, 20_000);
    expect(answer.error).toBe('');
    const scores = normalisedScores(answer.frames);
    expect({ drifting: driftingFeatures(scores), scores: Object.fromEntries(scores) }).toEqual({
      drifting: [...DRIFTED_FEATURES].sort(),
      scores: expect.any(Object),
    });
    // Clearly past the threshold, not borderline.
    DRIFTED_FEATURES.forEach((feature) => expect(scores.get(feature)).toBeGreaterThan(2));
  }, 90_000);

  it('answers every query of the provisioned dashboards', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(5);
    const toMs = Date.now() - 1000;
    const failures: string[] = [];
    for (const { panel, model } of queries) {
      const refId = 'D';
      const answers = await backend.queryData(
        [{ refId, json: { ...model, refId }, timeRange: { fromEpochMS: toMs - 5 * 60_000, toEpochMS: toMs } }],
        { datasource: datasource() }
      );
      const answer = answers[refId];
      const problem = answerProblem(answer, model);
      if (problem !== '') {
        failures.push(`${panel}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('shows the accuracy drop in the confusion query and the accuracy rule', async () => {
    const atMs = Date.now() - 1000;
    const confusion = await query('C', CONFUSION_QUERY, atMs);
    expect(confusion.error).toBe('');
    const after = accuracy(confusion.frames);
    expect(after.total).toBeGreaterThan(500);
    expect(after.accuracy).toBeLessThan(beforeDrift.confusionAccuracy - 0.1);
    const performance = await query('P', accelerated(accuracyRule().model), atMs);
    const ruleAccuracy = accuracyValue(performance.frames, MODEL_NAME);
    expect(ruleAccuracy).toBeLessThan(beforeDrift.ruleAccuracy - 0.1);
    // …and now it fires.
    expect(ruleAccuracy).toBeLessThan(accuracyFloor());
  }, 30_000);

  it("fires the output models' rules: fewer accepted offers than the scores promise, spend overshot", async () => {
    const outputs = await outputRuleStates(query, Date.now() - 1000);
    expect(outputs).toEqual(outputs.map((state) => ({ ...state, value: expect.any(Number), finite: true, fires: true, error: '' })));
  }, 30_000);
});
