/**
 * Explanation and multiple testing in `drift` queries, against a real Prometheus holding the shared scenario
 * (`age` shifts by one standard deviation, `plan` changes its mix, `income` stays): through the handler (the
 * frames) and through the built executable (the same frames as Arrow, as Grafana and its alert rules get them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from 'apache-arrow';
import { BackendError } from '../../src/backend/errors';
import type { Frame } from '../../src/backend/frames';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { distributionQuery } from '../../src/backend/queries/distribution';
import { driftQuery } from '../../src/backend/queries/drift';
import { adjustPValues } from '../../src/drift/dataset';
import { DISTRIBUTION_FIELDS, DRIFT_EXPLANATION, DRIFT_SHARE_FIELD, type DistributionFrameCustom } from '../../src/shared/frameContract';
import type { DriftQuery } from '../../src/shared/queryModel';
import { PluginHost } from '../harness/pluginHost';
import type { Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID, BOUNDS, HOUR, NOW, scenarioBaseline, SHIFT, START, startScenario } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

const FEATURES = ['age', 'income', 'plan'];

function valueField(frame: Frame) {
  const found = frame.fields.find((f) => f.type === 'number');
  if (!found) {
    throw new Error(`frame ${frame.name} has no number field`);
  }
  return found;
}

function byFeature(frames: Frame[], valueName: string): Map<string, Frame> {
  return new Map(frames.filter((f) => valueField(f).name === valueName).map((f) => [valueField(f).labels?.feature ?? '', f]));
}

/** The lower edge of a bucket label such as `(1, 1.5]` or `(2, +Inf]`. */
function lowerEdge(bin: string): number {
  const match = /^\(([^,]+),/.exec(bin);
  return match ? Number(match[1]) : NaN;
}

describeWithPrometheus('explanation and multiple testing on a real Prometheus', () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  let backend: Backend;
  const drift = driftQuery(prometheusSourceFor);
  const lastHour = { fromMs: NOW - HOUR, toMs: NOW };

  beforeAll(async () => {
    scenario = await startScenario();
    backend = scenario.backend;
  }, 90_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  const run = (query: Partial<DriftQuery>, range = lastHour, intervalMs = 0) =>
    drift(backend.context({ queryType: 'drift', baseline: BASELINE_ID, window: '1h', ...query }, range, { intervalMs }));

  it('names the top contributors of every point of a range query, the shifted side of age after the shift', async () => {
    const { frames } = await run({ method: 'psi', explain: true }, { fromMs: START + HOUR, toMs: NOW }, 15 * 60_000);
    const age = byFeature(frames, 'score').get('age')!;
    const times = age.fields[0].values as number[];
    const tops = age.fields.find((f) => f.name === DRIFT_EXPLANATION.topContributorsField)!;
    expect(tops.type).toBe('string');
    expect(tops.values).toHaveLength(times.length);
    // The score series is unchanged by the explanation.
    const plain = byFeature((await run({ method: 'psi' }, { fromMs: START + HOUR, toMs: NOW }, 15 * 60_000)).frames, 'score').get('age')!;
    expect(valueField(age).values).toEqual(valueField(plain).values);
    times.forEach((time, i) => {
      const text = tops.values[i] as string;
      expect(text).toMatch(/^\(.+\] \d+ %(, \(.+\] -?\d+ %){0,2}$/);
      if (time >= SHIFT + HOUR) {
        // Mass moved up by one standard deviation: the largest term is a bucket above the mean.
        expect(lowerEdge(text)).toBeGreaterThanOrEqual(0.5);
      }
    });
  });

  it('answers an instant explain with one top_contribution per feature, its bin as a label (for alert annotations)', async () => {
    const { frames } = await run({ method: 'psi', instant: true, explain: true });
    expect(frames.every((f) => f.meta?.type === 'numeric-multi')).toBe(true);
    expect(frames.map((f) => valueField(f).name)).toEqual(FEATURES.map(() => DRIFT_EXPLANATION.topContribution));
    const top = byFeature(frames, DRIFT_EXPLANATION.topContribution);
    const plan = valueField(top.get('plan')!);
    // psi terms: free (0.6 − 0.2)·ln 3 ≈ 0.44, team (0.1 − 0.5)·ln 0.2 ≈ 0.64 of ≈ 1.1.
    expect(plan.labels).toMatchObject({ feature: 'plan', method: 'psi', [DRIFT_EXPLANATION.binLabel]: 'team' });
    expect(plan.values[0]).toBeGreaterThan(0.45);
    expect(plan.values[0]).toBeLessThan(0.75);
    const age = valueField(top.get('age')!);
    expect(lowerEdge(age.labels![DRIFT_EXPLANATION.binLabel])).toBeGreaterThanOrEqual(0.5);
    for (const frame of top.values()) {
      const share = valueField(frame).values[0] as number;
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  });

  it('ks explains where its largest gap sits', async () => {
    const { frames } = await run({ method: 'ks', instant: true, explain: true, features: ['age'] });
    const age = valueField(byFeature(frames, DRIFT_EXPLANATION.topContribution).get('age')!);
    expect(age.labels![DRIFT_EXPLANATION.binLabel]).toMatch(/^<= -?\d/);
    expect(age.values[0]).toBe(1);
  });

  it('adjusts p-values across the features per step: Bonferroni multiplies by their number, BH as the step-up rule', async () => {
    const pValues = async (correction?: 'bonferroni' | 'bh') => {
      const { frames } = await run({ method: 'chi2', instant: true, includePValue: true, correction });
      const found = byFeature(frames, 'p_value');
      if (correction) {
        expect(valueField(found.get('age')!).config).toMatchObject({ custom: { [DRIFT_EXPLANATION.correctionCustomKey]: correction } });
      }
      return FEATURES.map((feature) => valueField(found.get(feature)!).values[0] as number);
    };
    const raw = await pValues();
    expect(raw[1]).toBeGreaterThan(1e-6);
    expect(await pValues('bonferroni')).toEqual(raw.map((p) => Math.min(1, 3 * p)));
    expect(await pValues('bh')).toEqual(adjustPValues(raw, 'bh'));
  });

  it('uses the adjusted p-values in the normalised score', async () => {
    const normalized = async (correction?: 'bonferroni') => {
      const { frames } = await run({ method: 'chi2', instant: true, normalizeByThreshold: true, features: ['income'], correction });
      return valueField(frames[0]).values[0] as number;
    };
    // One feature: a family of one, nothing to adjust.
    expect(await normalized('bonferroni')).toBe(await normalized());
  });

  it('writes the dataset-drift share as its own series: none before the shift, two of three features after', async () => {
    const { frames } = await run({ method: 'psi', includeDriftShare: true }, { fromMs: START + HOUR, toMs: NOW }, 15 * 60_000);
    const share = frames.find((f) => valueField(f).name === DRIFT_SHARE_FIELD)!;
    expect(share.meta?.type).toBe('timeseries-multi');
    expect(valueField(share).labels).toEqual({ model: scenarioBaseline().model, version: scenarioBaseline().version });
    const times = share.fields[0].values as number[];
    valueField(share).values.forEach((value, i) => {
      if (times[i] <= SHIFT) {
        expect(value).toBe(0);
      } else if (times[i] >= SHIFT + HOUR) {
        expect(value).toBeCloseTo(2 / 3, 12);
      }
    });
    // Instant: the share alone, so that an alert rule's condition sees no feature series.
    const instant = await run({ method: 'psi', includeDriftShare: true, instant: true });
    expect(instant.frames).toHaveLength(1);
    expect(valueField(instant.frames[0])).toMatchObject({ name: DRIFT_SHARE_FIELD, values: [expect.closeTo(2 / 3, 12)] });
  });

  it('distribution frames carry each bin’s share of the score and name the top contributors', async () => {
    const distribution = distributionQuery(prometheusSourceFor);
    const query = (method: 'psi' | 'ks') => distribution(backend.context({ queryType: 'distribution', baseline: BASELINE_ID, method }, lastHour));
    const frames = new Map((await query('psi')).frames.map((f) => [f.name, f]));
    const plan = frames.get('plan')!;
    const bins = plan.fields.find((f) => f.name === DISTRIBUTION_FIELDS.bin)!.values as string[];
    const shares = plan.fields.find((f) => f.name === DISTRIBUTION_FIELDS.contribution)!.values as number[];
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(bins[shares.indexOf(Math.max(...shares))]).toBe('team');
    const custom = plan.meta?.custom as unknown as DistributionFrameCustom;
    expect(custom.topContributors?.[0]).toEqual({ bin: 'team', share: Math.max(...shares) });
    const ageShares = frames.get('age')!.fields.find((f) => f.name === DISTRIBUTION_FIELDS.contribution)!.values as number[];
    expect(ageShares).toHaveLength(BOUNDS.length + 1);
    expect(ageShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);

    const ks = (await query('ks')).frames.find((f) => f.name === 'age')!;
    const gapShares = ks.fields.find((f) => f.name === DISTRIBUTION_FIELDS.contribution)!.values;
    // ks does not split: the one bucket whose upper edge carries the largest gap.
    expect(gapShares.filter((v) => v === 1)).toHaveLength(1);
    expect(gapShares.filter((v) => v === null)).toHaveLength(BOUNDS.length);
  });

  it('rejects an unknown correction as a bad request before asking Prometheus', async () => {
    const failure = run({ correction: 'holm' as 'bh' });
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    await expect(failure).rejects.toMatchObject({ status: 400, message: expect.stringContaining('bonferroni') });
  });

  describe('through the built executable', () => {
    let dataDir: string;
    let host: PluginHost;
    const datasource = () => ({ uid: 'mlops-drift', jsonData: { prometheusUrl: scenario.prometheus.url, minStep: '15s' } });
    const timeRange = { fromEpochMS: NOW - HOUR, toEpochMS: NOW };

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-explain-'));
      host = await PluginHost.start({ dataDir });
      const created = await host.callResource({ method: 'POST', path: 'baselines', body: scenarioBaseline(), datasource: datasource() });
      expect(created.code).toBe(201);
    }, 60_000);

    afterAll(async () => {
      await host?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers an alert rule’s two queries: scores (A) and top contributions (B) whose labels extend A’s', async () => {
      const json = { queryType: 'drift', baseline: BASELINE_ID, method: 'psi', window: '1h', instant: true };
      const answers = await host.queryData(
        [
          { refId: 'A', json: { ...json, normalizeByThreshold: true, correction: 'bonferroni' }, timeRange },
          { refId: 'B', json: { ...json, explain: true }, timeRange },
          { refId: 'S', json: { ...json, includeDriftShare: true, features: ['age', 'income'] }, timeRange },
        ],
        { datasource: datasource(), headers: { FromAlert: 'true' } }
      );
      const labelsOf = (refId: string) =>
        answers[refId].frames.map((frame) => ({ name: frame.schema.fields[0].name, labels: JSON.parse(frame.schema.fields[0].metadata.get('labels') ?? '{}') as Record<string, string>, value: frame.getChildAt(0)!.get(0) as number }));
      expect(answers.A.status).toBe(200);
      expect(answers.B.status).toBe(200);
      const scores = labelsOf('A');
      const tops = labelsOf('B');
      expect(tops.map((t) => t.name)).toEqual(FEATURES.map(() => DRIFT_EXPLANATION.topContribution));
      // Grafana attaches B's values to A's alert instance when one label set contains the other.
      for (const score of scores) {
        const top = tops.find((t) => t.labels.feature === score.labels.feature)!;
        expect(top.labels).toEqual({ ...score.labels, [DRIFT_EXPLANATION.binLabel]: expect.any(String) });
      }
      expect(labelsOf('S')).toEqual([{ name: DRIFT_SHARE_FIELD, labels: { model: scenarioBaseline().model, version: scenarioBaseline().version }, value: expect.closeTo(0.5, 12) }]);
    });

    it('sends the top contributors of a range query as a text field next to the score', async () => {
      const { A } = await host.queryData(
        [{ refId: 'A', json: { queryType: 'drift', baseline: BASELINE_ID, method: 'psi', window: '1h', explain: true, features: ['age'] }, timeRange, intervalMs: 15 * 60_000 }],
        { datasource: datasource() }
      );
      expect(A.status).toBe(200);
      const frame = A.frames[0];
      const tops = frame.getChild(DRIFT_EXPLANATION.topContributorsField)!;
      expect(tops.type.typeId).toBe(Type.Utf8);
      expect(tops.length).toBe(frame.numRows);
      expect(String(tops.get(frame.numRows - 1))).toMatch(/^\(.+\] \d+ %/);
    });
  });
});
