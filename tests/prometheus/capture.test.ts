/**
 * `baselines/capture` from a real Prometheus: a baseline taken from the scenario's pre-shift hours keeps the
 * exporter's bucket bounds and the observed category mix, carries data-driven thresholds, and then serves as
 * the reference of a drift query: no drift before the shift, drift after it.
 */
import { capturePrometheusBaseline } from '../../src/backend/capture';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { driftQuery } from '../../src/backend/queries/drift';
import type { Frame } from '../../src/backend/frames';
import { createBackend, type Backend } from './fixtures';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { BOUNDS, CLASSES, history, HOUR, MODEL, NOW, PLANS, SHIFT, START } from './scenario';

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('capturing a baseline from a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s' });
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  it('captures the pre-shift window and detects the shift against it', async () => {
    const context = backend.context({}, { fromMs: 0, toMs: 0 });
    const { baseline, notes } = await capturePrometheusBaseline(
      context,
      { model: MODEL.model, version: MODEL.version, source: 'prometheus', from: START + 10 * 60_000, to: SHIFT },
      new Date(NOW)
    );
    expect(baseline.source?.kind).toBe('prometheus');
    const byName = new Map(baseline.features.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(['age', 'income', 'plan']);
    const age = byName.get('age')!;
    if (age.kind !== 'numeric') {
      throw new Error('age should be numeric');
    }
    expect(age.histogram.upperBounds).toEqual(BOUNDS);
    expect(age.summary.mean).toBeCloseTo(0, 1);
    expect(age.summary.std).toBeGreaterThan(0.8);
    expect(age.summary.std).toBeLessThan(1.2);
    expect(age.thresholds?.psi).toBeGreaterThan(0);
    const plan = byName.get('plan')!;
    expect(plan.kind === 'categorical' && plan.distribution.categories).toEqual(PLANS);
    expect(baseline.classNames).toEqual(CLASSES);
    expect(baseline.label?.kind).toBe('categorical');
    expect(notes.join(' ')).toContain('estimated from the buckets');

    await backend.store.put(baseline);
    const drift = driftQuery(prometheusSourceFor);
    const real = await drift(
      backend.context({ queryType: 'drift', baseline: `${MODEL.model}@${MODEL.version}`, method: 'psi', window: '1h', features: ['age'] }, { fromMs: START + HOUR, toMs: NOW }, { intervalMs: 15 * 60_000 })
    );
    const frame = real.frames.find((f: Frame) => f.fields[1]?.name === 'score')!;
    const times = frame.fields[0].values as number[];
    const values = frame.fields[1].values as number[];
    times.forEach((t, i) => {
      if (t <= SHIFT) {
        expect(values[i]).toBeLessThan(0.02);
      } else if (t >= SHIFT + HOUR) {
        expect(values[i]).toBeGreaterThan(0.5);
      }
    });
  });

  it('answers a clear downstream error when the model has no series in the window', async () => {
    const context = backend.context({}, { fromMs: 0, toMs: 0 });
    await expect(
      capturePrometheusBaseline(context, { model: 'nobody', version: '1', source: 'prometheus', from: START, to: SHIFT }, new Date(NOW))
    ).rejects.toMatchObject({ status: 400, source: 'downstream', message: expect.stringContaining('no feature data for nobody@1') });
  });
});
