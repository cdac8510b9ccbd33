/**
 * Live bucket layouts that differ from the baseline's, read from a real Prometheus: finer live buckets are
 * aligned exactly, coarser ones are merged to the common bounds with a notice, a histogram without its
 * `+Inf` bucket is refused with a notice (no point rather than a wrong one), and unseen categories are named.
 */
import type { Frame } from '../../src/backend/frames';
import { prometheusSourceFor } from '../../src/backend/prometheus';
import { driftQuery } from '../../src/backend/queries/drift';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';
import { baselineDocument, categoricalFeature, createBackend, normalFeature, type Backend } from './fixtures';
import { counterFamily, familyOf, histogramFamily, normal, openMetrics } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';

const BASELINE_BOUNDS = [-1, -0.5, 0, 0.5, 1];
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;
const MODEL = { model: 'layouts', version: '1' };

function history(): string {
  const span = { startMs: NOW - 2 * HOUR, endMs: NOW, intervalMs: 30_000 };
  const draw = (_t: number, r: () => number) => normal(r);
  const noInf = histogramFamily(MODEL, [{ name: 'noinf', upperBounds: BASELINE_BOUNDS, draw }], span, 20, 5, 'layout_noinf')
    .split('\n')
    .filter((line) => !line.includes('le="+Inf"'))
    .join('\n');
  return openMetrics([
    histogramFamily(
      MODEL,
      [
        { name: 'fine', upperBounds: [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1], draw },
        { name: 'coarse', upperBounds: [-1, 0, 1], draw },
      ],
      span,
      20,
      3
    ),
    noInf,
    counterFamily(familyOf(NAMES.featureCategoryCounter), span, 20, 9, (_t, r) => ({
      [NAMES.modelLabel]: MODEL.model,
      [NAMES.versionLabel]: MODEL.version,
      [NAMES.featureLabel]: 'colour',
      [NAMES.categoryLabel]: r() < 0.9 ? 'red' : 'ultraviolet',
    })),
  ]);
}

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('bucket layouts on a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;
  let frames: Frame[];

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    backend = await createBackend({ prometheusUrl: prometheus.url });
    await backend.store.put(
      baselineDocument(MODEL.model, MODEL.version, [
        normalFeature('fine', BASELINE_BOUNDS, 100_000),
        normalFeature('coarse', BASELINE_BOUNDS, 100_000),
        categoricalFeature('colour', ['red', 'blue'], [9, 1], 100_000),
      ])
    );
    const drift = driftQuery(prometheusSourceFor);
    frames = (await drift(backend.context({ queryType: 'drift', baseline: `${MODEL.model}@${MODEL.version}`, method: 'psi', window: '1h', instant: true }, { fromMs: NOW - HOUR, toMs: NOW }))).frames;
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  const frameOf = (feature: string) => frames.find((f) => f.fields[0]?.labels?.feature === feature);
  const noticeTexts = (frame: Frame | undefined) => (frame?.meta?.notices ?? []).map((n) => n.text).join('\n');

  it('aligns finer live buckets to the baseline exactly (no merge notice, no drift)', () => {
    const fine = frameOf('fine')!;
    expect(fine.fields[0].values[0]).toBeLessThan(0.02);
    expect(noticeTexts(fine)).not.toMatch(/merged/);
  });

  it('merges coarser live buckets to the common bounds and says so', () => {
    const coarse = frameOf('coarse')!;
    expect(coarse.fields[0].values[0]).toBeLessThan(0.02);
    expect(noticeTexts(coarse)).toMatch(/merged to their 3 common edges/);
  });

  it('names live categories the baseline never saw', () => {
    const colour = frameOf('colour')!;
    expect(noticeTexts(colour)).toMatch(/ultraviolet/);
    expect(colour.fields[0].values[0]).toBeGreaterThan(0.1);
  });

  it('reports the missing +Inf bucket as a notice instead of a point', async () => {
    const custom = await createBackend({ prometheusUrl: prometheus.url, prometheus: { featureHistogram: 'layout_noinf' } });
    await custom.store.put(baselineDocument(MODEL.model, MODEL.version, [normalFeature('noinf', BASELINE_BOUNDS, 100_000)]));
    const drift = driftQuery(prometheusSourceFor);
    const result = await drift(custom.context({ queryType: 'drift', baseline: `${MODEL.model}@${MODEL.version}`, instant: true }, { fromMs: NOW - HOUR, toMs: NOW }));
    expect(result.frames).toHaveLength(1);
    expect(result.frames[0].fields).toEqual([]);
    expect(noticeTexts(result.frames[0])).toMatch(/noinf: 1 window\(s\) skipped: the histogram has no le="\+Inf" bucket/);
    await custom.cleanup();
  });
});
