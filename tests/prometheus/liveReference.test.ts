/**
 * Live references on a real Prometheus (the shared scenario: `age` shifts by one standard deviation three hours
 * ago, `income` never changes). A fixed range scores exactly as a stored baseline built from the same window's
 * counts; an offset reference is that range moved with the clock; frames carry a `reference` label.
 */
import type { Frame } from '../../src/backend/frames';
import { DRIFT_THRESHOLD_CUSTOM_KEY } from '../../src/shared/frameContract';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { distributionQuery } from '../../src/backend/queries/distribution';
import { driftQuery } from '../../src/backend/queries/drift';
import { featureSpec } from '../../src/backend/queries/namedBaseline';
import type { NumericWindowCounts } from '../../src/backend/sources/types';
import type { BaselineFeature } from '../../src/drift/types';
import { baselineDocument, type Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID, HOUR, MODEL, NOW, SHIFT, startScenario, scenarioBaseline } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

function scoreField(frames: Frame[], feature: string): Frame['fields'][number] {
  const found = frames.flatMap((f) => f.fields).find((field) => field.labels?.feature === feature && field.name === 'score');
  if (!found) {
    throw new Error(`no score for ${feature}`);
  }
  return found;
}

function valueOf(frames: Frame[], feature: string): number {
  return scoreField(frames, feature).values[0] as number;
}

describeWithPrometheus('live references on a real Prometheus', () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  let backend: Backend;
  const drift = driftQuery(prometheusSourceFor);
  // Before the shift: two quiet hours; the live window is the last hour, after it.
  const reference = { fromMs: SHIFT - 2 * HOUR, toMs: SHIFT };

  beforeAll(async () => {
    scenario = await startScenario();
    backend = scenario.backend;
  }, 90_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('a fixed range scores as a stored baseline built from the same window', async () => {
    const scenario = scenarioBaseline();
    const numeric = scenario.features.filter((f) => f.kind === 'numeric');
    const totals = await prometheusSourceFor(backend.context({}, reference)).featureTotals(MODEL, numeric.map((f) => featureSpec(f)), reference);
    const captured: BaselineFeature[] = numeric.map((f, i) => ({ ...f, histogram: (totals.data[i].counts as NumericWindowCounts).binned, thresholds: undefined }));
    // Under the scenario baseline's id (the id names the live model and version), then the scenario's back.
    await backend.store.put(baselineDocument(MODEL.model, MODEL.version, captured));

    const live = { fromMs: NOW - HOUR, toMs: NOW };
    const query = { queryType: 'drift' as const, method: 'psi' as const, window: '1h', instant: true, features: ['age', 'income'] };
    const stored = await drift(backend.context({ ...query, baseline: BASELINE_ID }, live));
    const storedBars = await distributionQuery(prometheusSourceFor)(backend.context({ queryType: 'distribution', method: 'psi', features: ['age'], baseline: BASELINE_ID }, live));
    await backend.store.put(scenarioBaseline());
    const rangedBars = await distributionQuery(prometheusSourceFor)(
      backend.context({ queryType: 'distribution', method: 'psi', features: ['age'], baseline: BASELINE_ID, reference: { kind: 'range', from: String(reference.fromMs), to: String(reference.toMs) } }, live)
    );
    // The distribution panel's bars: the reference's counts where the baseline's were, the same statistic.
    expect(rangedBars.frames[0].fields.map((f) => [f.name, f.values])).toEqual(storedBars.frames[0].fields.map((f) => [f.name, f.values]));
    expect(rangedBars.frames[0].meta?.custom).toMatchObject({ statistic: (storedBars.frames[0].meta?.custom as { statistic: number }).statistic, reference: expect.stringContaining('/') });
    const ranged = await drift(
      backend.context({ ...query, baseline: BASELINE_ID, reference: { kind: 'range', from: String(reference.fromMs), to: String(reference.toMs) } }, live)
    );
    for (const feature of ['age', 'income']) {
      expect(valueOf(ranged.frames, feature)).toBeCloseTo(valueOf(stored.frames, feature), 12);
    }
    expect(valueOf(ranged.frames, 'age')).toBeGreaterThan(0.2);
    expect(valueOf(ranged.frames, 'income')).toBeLessThan(0.05);
    const labels = scoreField(ranged.frames, 'age').labels;
    expect(labels).toMatchObject({ feature: 'age', method: 'psi', reference: `${new Date(reference.fromMs).toISOString()}/${new Date(reference.toMs).toISOString()}` });
    expect(ranged.frames[0].meta?.executedQueryString).toContain('increase(');
    // Thresholds from the range's own window-long pieces (mean + 3·std of their scores), not the stored ones.
    const threshold = (frames: Frame[]) => (scoreField(frames, 'income').config?.custom as Record<string, number>)[DRIFT_THRESHOLD_CUSTOM_KEY];
    expect(threshold(ranged.frames)).toBeGreaterThan(0);
    expect(threshold(ranged.frames)).not.toBe(threshold(stored.frames));
  });

  it('an offset reference is the same range moved with the clock, and stored-baseline series keep their labels', async () => {
    const query = { queryType: 'drift' as const, method: 'psi' as const, window: '1h', instant: true, features: ['age'] };
    const at = { fromMs: NOW - HOUR, toMs: NOW };
    const offset = NOW - (SHIFT - HOUR);
    const shifted = await drift(backend.context({ ...query, baseline: BASELINE_ID, reference: { kind: 'offset', offset: `${offset / 1000}s` } }, at));
    const ranged = await drift(
      backend.context({ ...query, baseline: BASELINE_ID, reference: { kind: 'range', from: String(SHIFT - 2 * HOUR), to: String(SHIFT - HOUR) } }, at)
    );
    expect(valueOf(shifted.frames, 'age')).toBeCloseTo(valueOf(ranged.frames, 'age'), 12);
    expect(scoreField(shifted.frames, 'age').labels?.reference).toBe(`${offset / 1000}s earlier`);
    const plain = await drift(backend.context({ ...query, baseline: BASELINE_ID }, at));
    expect(scoreField(plain.frames, 'age').labels).not.toHaveProperty('reference');
  });

  it('over time, an offset reference compares each window with the one an offset earlier', async () => {
    const result = await drift(
      backend.context(
        { queryType: 'drift', method: 'psi', window: '30m', features: ['age', 'income'], baseline: BASELINE_ID, reference: { kind: 'offset', offset: '1h' } },
        { fromMs: SHIFT - 2 * HOUR, toMs: NOW },
        { intervalMs: 15 * 60_000 }
      )
    );
    const age = result.frames.find((f) => f.fields[1].labels?.feature === 'age')!;
    const times = age.fields[0].values as number[];
    const scores = age.fields[1].values as number[];
    // Windows that straddle the shift against the hour before it drift; windows well before or after it do not.
    const at = (t: number) => scores[times.findIndex((time) => time >= t)];
    expect(at(SHIFT + HOUR)).toBeGreaterThan(0.2);
    expect(at(SHIFT - HOUR)).toBeLessThan(0.05);
    expect(at(NOW - 30 * 60_000)).toBeLessThan(0.05);
  });

  it('a version reference reads that version over the same windows', async () => {
    const result = await drift(
      backend.context(
        { queryType: 'drift', method: 'psi', window: '1h', features: ['age'], baseline: BASELINE_ID, reference: { kind: 'version', version: MODEL.version } },
        { fromMs: SHIFT - HOUR, toMs: NOW },
        { intervalMs: 15 * 60_000 }
      )
    );
    const age = scoreField(result.frames, 'age');
    expect(age.values.length).toBeGreaterThan(10);
    expect(age.values.every((score) => score === 0)).toBe(true);
    expect(age.labels?.reference).toBe(`version ${MODEL.version}`);
    const absent = await drift(
      backend.context({ queryType: 'drift', method: 'psi', window: '1h', features: ['age'], baseline: BASELINE_ID, instant: true, reference: { kind: 'version', version: 'v0' } }, { fromMs: NOW - HOUR, toMs: NOW })
    );
    expect(absent.frames.flatMap((f) => f.fields)).toHaveLength(0);
    const absentNotices = (absent.frames[0].meta?.notices ?? []).map((notice) => notice.text);
    expect(absentNotices).toContainEqual(expect.stringContaining('without reference data (version v0)'));
    // The reference's own "no series matched" says it is about the reference, not the live data.
    expect(absentNotices).toContainEqual(expect.stringMatching(/^reference \(version v0\): no series matched `.*version="v0"/));
  });

  it('a hostile version is a label value, never PromQL', async () => {
    const hostile = 'v1"} or vector(1) # .*|\n{';
    const result = await drift(
      backend.context({ queryType: 'drift', method: 'psi', window: '1h', features: ['age'], baseline: BASELINE_ID, instant: true, reference: { kind: 'version', version: hostile } }, { fromMs: NOW - HOUR, toMs: NOW })
    );
    expect(result.frames.flatMap((f) => f.fields)).toHaveLength(0);
    const executed = result.frames[0].meta?.executedQueryString ?? '';
    expect(executed).toContain(`version=${JSON.stringify(hostile)}`);
    expect(executed).not.toContain('or vector(1) #\n');
  });
});
