/**
 * Distribution, confusion, performance and data-quality queries through the real handlers against a real
 * Prometheus holding the shared scenario's history (see `scenario.ts`).
 */
import type { Frame } from '../../src/backend/frames';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { confusionQuery } from '../../src/backend/queries/confusion';
import { dataQualityQuery } from '../../src/backend/queries/dataQuality';
import { distributionQuery } from '../../src/backend/queries/distribution';
import { performanceQuery } from '../../src/backend/queries/performance';
import type { Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID, CLASSES, HOUR, NOW, SHIFT, START, startScenario } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

function column(frame: Frame, name: string): unknown[] {
  const found = frame.fields.find((f) => f.name === name);
  if (!found) {
    throw new Error(`frame ${frame.name} has no field ${name}`);
  }
  return found.values;
}

function series(frames: Frame[], valueName: string, labels: Record<string, string> = {}): { times: number[]; values: number[] } {
  const frame = frames.find((f) => {
    const value = f.fields[f.fields.length - 1];
    return value.name === valueName && Object.entries(labels).every(([k, v]) => value.labels?.[k] === v);
  });
  if (!frame) {
    throw new Error(`no ${valueName} series with ${JSON.stringify(labels)}`);
  }
  return { times: frame.fields[0].values as number[], values: frame.fields[frame.fields.length - 1].values as number[] };
}

function before(s: { times: number[]; values: number[] }): number[] {
  return s.values.filter((_, i) => s.times[i] <= SHIFT);
}

function after(s: { times: number[]; values: number[] }): number[] {
  return s.values.filter((_, i) => s.times[i] >= SHIFT + HOUR);
}

describeWithPrometheus('live queries on a real Prometheus', () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  let backend: Backend;
  const range = { fromMs: START + HOUR, toMs: NOW };

  beforeAll(async () => {
    scenario = await startScenario();
    backend = scenario.backend;
  }, 90_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('distribution: baseline and live bins over the range, with the statistic in meta.custom', async () => {
    const query = distributionQuery(prometheusSourceFor);
    const result = await query(backend.context({ queryType: 'distribution', baseline: BASELINE_ID, features: ['age', 'plan'], method: 'psi' }, { fromMs: SHIFT + HOUR, toMs: NOW }));
    expect(result.frames.map((f) => f.name)).toEqual(['age', 'plan']);
    const [age, plan] = result.frames;
    expect(column(age, 'bin')).toHaveLength(10);
    expect(column(age, 'upper')[9]).toBe(Infinity);
    const currentRatio = column(age, 'current_ratio') as number[];
    // After the shift age ~ N(1, 1): P(X > 2) ≈ 0.159, P(X <= -2) ≈ 0.0013.
    expect(currentRatio[9]).toBeGreaterThan(0.14);
    expect(currentRatio[9]).toBeLessThan(0.18);
    expect(currentRatio[0]).toBeLessThan(0.005);
    expect(age.meta?.custom).toMatchObject({ feature: 'age', kind: 'numeric', method: 'psi', drift: true });
    expect(column(plan, 'bin')).toEqual(['free', 'pro', 'team']);
    expect(plan.meta?.custom).toMatchObject({ feature: 'plan', kind: 'categorical', drift: true });
  });

  it('confusion: long matrix, and on request per-class metrics and summary consistent with it', async () => {
    const query = confusionQuery(prometheusSourceFor);
    const range = { fromMs: SHIFT + 10 * 60_000, toMs: NOW };
    const matrixOnly = await query(backend.context({ queryType: 'confusion', baseline: BASELINE_ID }, range));
    expect(matrixOnly.frames.map((f) => f.name)).toEqual(['confusion']);
    const result = await query(backend.context({ queryType: 'confusion', baseline: BASELINE_ID, includeClassMetrics: true }, range));
    const [matrix, classes, summary] = result.frames;
    expect(matrixOnly.frames[0].fields).toEqual(matrix.fields);
    expect(matrix.name).toBe('confusion');
    const actual = column(matrix, 'actual') as string[];
    const predicted = column(matrix, 'predicted') as string[];
    const counts = column(matrix, 'count') as number[];
    expect(actual).toEqual(['churn', 'churn', 'stay', 'stay']);
    expect(predicted).toEqual(['churn', 'stay', 'churn', 'stay']);
    const total = counts.reduce((a, b) => a + b, 0);
    const correct = counts[0] + counts[3];
    expect(column(summary, 'accuracy')[0]).toBeCloseTo(correct / total, 12);
    // The generator labels 60% of outcomes correctly after the shift.
    expect(correct / total).toBeGreaterThan(0.56);
    expect(correct / total).toBeLessThan(0.64);
    expect(column(classes, 'class')).toEqual(CLASSES);
    expect(column(classes, 'support')[0]).toBeCloseTo(counts[0] + counts[1], 9);
    expect(column(classes, 'precision')[0]).toBeCloseTo(counts[0] / (counts[0] + counts[2]), 12);
  });

  it('confusion: no labelled outcomes in the range gives no frames (NoData)', async () => {
    const query = confusionQuery(prometheusSourceFor);
    const result = await query(backend.context({ queryType: 'confusion', baseline: 'unknown-model@1' }, range));
    // No data frame: only the frame that carries the notice saying why (no series for this model).
    expect(result.frames.map((f) => f.fields.length)).toEqual([0]);
    expect(result.frames[0].meta?.notices?.[0].text).toMatch(/^no series matched .*model_outcomes_total.*, but none of its series in the window has model="unknown-model"/);
  });

  it('performance: accuracy drops and prediction drift rises after the shift', async () => {
    const query = performanceQuery(prometheusSourceFor);
    const result = await query(
      backend.context({ queryType: 'performance', baseline: BASELINE_ID, window: '1h', method: 'psi' }, range, { intervalMs: 15 * 60_000 })
    );
    expect(result.frames.every((f) => f.meta?.type === 'timeseries-multi')).toBe(true);
    const accuracy = series(result.frames, 'accuracy');
    expect(Math.min(...before(accuracy))).toBeGreaterThan(0.85);
    expect(Math.max(...after(accuracy))).toBeLessThan(0.65);
    const drift = series(result.frames, 'prediction_drift', { method: 'psi' });
    expect(Math.max(...before(drift))).toBeLessThan(0.02);
    expect(Math.min(...after(drift))).toBeGreaterThan(0.5);
    const share = series(result.frames, 'prediction_share', { class: 'churn' });
    expect(after(share)[0]).toBeGreaterThan(0.65);
    series(result.frames, 'f1', { class: 'stay' });
    series(result.frames, 'macro_f1');
  });

  it('performance: an instant accuracy-only query gives one number (for an accuracy-floor alert)', async () => {
    const query = performanceQuery(prometheusSourceFor);
    const result = await query(backend.context({ queryType: 'performance', baseline: BASELINE_ID, instant: true, performanceMetrics: ['accuracy'] }, range));
    expect(result.frames).toHaveLength(1);
    expect(result.frames[0].meta?.type).toBe('numeric-multi');
    expect(result.frames[0].fields[0].labels).toEqual({ model: 'churn "v2"\\prod', version: '1.0' });
    expect(result.frames[0].fields[0].values[0]).toBeLessThan(0.65);
  });

  it('dataQuality: missing rate and out-of-baseline rate per feature and window', async () => {
    const query = dataQualityQuery(prometheusSourceFor);
    const result = await query(backend.context({ queryType: 'dataQuality', baseline: BASELINE_ID, window: '1h' }, range, { intervalMs: 15 * 60_000 }));
    const missing = series(result.frames, 'missing_rate', { feature: 'age' });
    for (const value of missing.values) {
      expect(value).toBeCloseTo(2 / 42, 2);
    }
    expect(Math.max(...series(result.frames, 'missing_rate', { feature: 'income' }).values)).toBe(0);
    // age was seen within [-2, 2]; live values in (-Inf, -2] and (2, +Inf) are outside: ≈ 4.6% before, ≈ 16% after.
    const outside = series(result.frames, 'out_of_baseline_rate', { feature: 'age' });
    for (const value of before(outside)) {
      expect(value).toBeGreaterThan(0.03);
      expect(value).toBeLessThan(0.065);
    }
    for (const value of after(outside)) {
      expect(value).toBeGreaterThan(0.13);
      expect(value).toBeLessThan(0.19);
    }
  });
});
