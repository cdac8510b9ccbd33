/**
 * Drift through the real query handlers against a real Prometheus holding six hours of backfilled exporter
 * history: one numeric feature shifts half-way, one stays put, one categorical feature changes its mix.
 */
import { BackendError } from '../../src/backend/errors';
import type { Frame } from '../../src/backend/frames';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { PrometheusApi } from '../../src/backend/prometheus/client';
import { resolveMapping } from '../../src/backend/prometheus/mapping';
import { PrometheusSource } from '../../src/backend/prometheus/source';
import { driftQuery } from '../../src/backend/queries/drift';
import { baselineDocument, createBackend, normalFeature, type Backend } from './fixtures';
import { prometheusAvailable } from './promServer';
import { BASELINE_ID as baselineId, BOUNDS, HOUR, MODEL, NOW, SHIFT, START, startScenario } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

function valuesOf(frame: Frame): Array<number | null> {
  return frame.fields[1].values as Array<number | null>;
}

function frameFor(frames: Frame[], feature: string, valueName = 'score'): Frame {
  const found = frames.find((f) => f.fields.some((fl) => fl.labels?.feature === feature && fl.name === valueName));
  if (!found) {
    throw new Error(`no ${valueName} frame for ${feature}: ${frames.map((f) => f.name).join(', ')}`);
  }
  return found;
}

describeWithPrometheus('drift on a real Prometheus', () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  let backend: Backend;
  const drift = driftQuery(prometheusSourceFor);

  beforeAll(async () => {
    scenario = await startScenario();
    backend = scenario.backend;
    await backend.store.put(baselineDocument('ghost', '1', [normalFeature('age', BOUNDS, 1000)]));
  }, 90_000);

  afterAll(async () => {
    await scenario?.stop();
  });

  it('shows no drift on the baseline distribution and clear drift after the shift, per step', async () => {
    const result = await drift(
      backend.context({ queryType: 'drift', baseline: baselineId, method: 'psi', window: '1h' }, { fromMs: START + HOUR, toMs: NOW }, { intervalMs: 15 * 60_000 })
    );
    const age = frameFor(result.frames, 'age');
    expect(age.meta?.type).toBe('timeseries-multi');
    expect(age.meta?.typeVersion).toEqual([0, 1]);
    expect(age.fields[1].labels).toEqual({ model: MODEL.model, version: MODEL.version, feature: 'age', method: 'psi' });
    const times = age.fields[0].values as number[];
    const ageValues = valuesOf(age);
    expect(times.length).toBeGreaterThanOrEqual(19);
    times.forEach((t, i) => {
      if (t <= SHIFT) {
        expect(ageValues[i]).toBeLessThan(0.02);
      } else if (t >= SHIFT + HOUR) {
        expect(ageValues[i]).toBeGreaterThan(0.5);
      }
    });
    for (const value of valuesOf(frameFor(result.frames, 'income'))) {
      expect(value).toBeLessThan(0.02);
    }
    const plan = frameFor(result.frames, 'plan');
    const planTimes = plan.fields[0].values as number[];
    valuesOf(plan).forEach((value, i) => {
      if (planTimes[i] <= SHIFT) {
        expect(value).toBeLessThan(0.02);
      } else if (planTimes[i] >= SHIFT + HOUR) {
        expect(value).toBeGreaterThan(0.5);
      }
    });
    expect(result.frames[0].meta?.executedQueryString).toContain('sum by (feature, le) (increase(model_feature_value_bucket{');
  });

  it('answers an instant, normalised query with one number per feature (alert rules: > 1 is drift)', async () => {
    const result = await drift(
      backend.context({ queryType: 'drift', baseline: baselineId, window: '1h', instant: true, normalizeByThreshold: true }, { fromMs: NOW - HOUR, toMs: NOW })
    );
    expect(result.frames.every((f) => f.meta?.type === 'numeric-multi')).toBe(true);
    const value = (feature: string) => frameFor(result.frames, feature, 'normalized_score').fields[0].values[0] as number;
    expect(value('age')).toBeGreaterThan(1);
    expect(value('plan')).toBeGreaterThan(1);
    expect(value('income')).toBeLessThan(1);
  });

  it('gives the same series when a large request is split into several queries', async () => {
    const query = { queryType: 'drift' as const, baseline: baselineId, method: 'psi' as const, window: '1h' };
    const range = { fromMs: START + HOUR, toMs: NOW };
    const whole = await drift(backend.context(query, range, { intervalMs: 15 * 60_000 }));
    // A budget of 100 points per answer puts each numeric feature (10 buckets × 21 steps) in its own query.
    const split = driftQuery((context) => new PrometheusSource(new PrometheusApi(context.upstream), resolveMapping(undefined), 100));
    const batched = await split(backend.context(query, range, { intervalMs: 15 * 60_000 }));
    expect(batched.frames[0].meta?.executedQueryString?.split('\n').filter((q) => q.includes('_bucket'))).toHaveLength(2);
    expect(batched.frames.map((f) => f.fields.map((fl) => fl.values))).toEqual(whole.frames.map((f) => f.fields.map((fl) => fl.values)));
  });

  it('returns no frames when the model has no traffic (NoData, not an error)', async () => {
    const result = await drift(backend.context({ queryType: 'drift', baseline: 'ghost@1', instant: true }, { fromMs: NOW - HOUR, toMs: NOW }));
    // No data frame: only the frame that carries the notice saying why (no series for this model).
    expect(result.frames.map((f) => f.fields.length)).toEqual([0]);
    expect(result.frames[0].meta?.notices?.[0].text).toMatch(/^no series matched .*, but none of its series in the window has model="ghost"/);
  });

  it('reports an unreachable Prometheus as a downstream error', async () => {
    const offline = await createBackend({ prometheusUrl: 'http://127.0.0.1:1', timeoutSeconds: 2 });
    await offline.store.put(baselineDocument('ghost', '1', [normalFeature('age', BOUNDS, 1000)]));
    const failure = drift(offline.context({ queryType: 'drift', baseline: 'ghost@1', instant: true }, { fromMs: NOW - HOUR, toMs: NOW }));
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    await expect(failure).rejects.toMatchObject({ source: 'downstream' });
    await offline.cleanup();
  });
});
