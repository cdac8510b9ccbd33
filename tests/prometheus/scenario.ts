/**
 * The shared scenario of the real-Prometheus tests: six hours of exporter history for one model, with a
 * shift three hours ago. Before it, live traffic follows the baseline; after it, `age` moves by one standard
 * deviation, `plan` changes its mix, accuracy drops from 0.9 to 0.6 and the predicted classes flip their
 * shares. `income` never changes.
 */
import { DEFAULT_PROMETHEUS_MAPPING as NAMES, type DriftDataSourceOptions } from '../../src/shared/settingsModel';
import type { BaselineDocument } from '../../src/drift/types';
import { baselineDocument, categoricalFeature, createBackend, normalFeature, type Backend } from './fixtures';
import { startPrometheus, type PromServer } from './promServer';
import { counterFamily, familyOf, histogramFamily, normal, openMetrics } from './history';

export const BOUNDS = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
export const HOUR = 3_600_000;
export const NOW = Math.floor(Date.now() / 60_000) * 60_000;
export const START = NOW - 6 * HOUR;
export const SHIFT = NOW - 3 * HOUR;
export const PLANS = ['free', 'pro', 'team'];
export const CLASSES = ['churn', 'stay'];
export const MODEL = { model: 'churn "v2"\\prod', version: '1.0' };

export function pick(random: () => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) {
      return i;
    }
  }
  return weights.length - 1;
}

export function history(): string {
  const span = { startMs: START, endMs: NOW, intervalMs: 15_000 };
  return openMetrics([
    histogramFamily(
      MODEL,
      [
        { name: 'age', upperBounds: BOUNDS, draw: (t, r) => normal(r, t > SHIFT ? 1 : 0) },
        { name: 'income', upperBounds: BOUNDS, draw: (_t, r) => normal(r) },
      ],
      span,
      40,
      7
    ),
    counterFamily(familyOf(NAMES.outcomeCounter), span, 20, 13, (t, r) => {
      const actual = CLASSES[pick(r, [3, 7])];
      const correct = r() < (t > SHIFT ? 0.6 : 0.9);
      return { [NAMES.modelLabel]: MODEL.model, [NAMES.versionLabel]: MODEL.version, [NAMES.actualLabel]: actual, [NAMES.predictedLabel]: correct ? actual : CLASSES[1 - CLASSES.indexOf(actual)] };
    }),
    counterFamily(familyOf(NAMES.predictionCounter), span, 40, 17, (t, r) => ({
      [NAMES.modelLabel]: MODEL.model,
      [NAMES.versionLabel]: MODEL.version,
      [NAMES.predictedLabel]: CLASSES[pick(r, t > SHIFT ? [7, 3] : [3, 7])],
    })),
    // 2 missing values per 40 observations of age: a missing rate of 2 / 42.
    counterFamily(familyOf(NAMES.missingCounter), span, 2, 19, () => ({
      [NAMES.modelLabel]: MODEL.model,
      [NAMES.versionLabel]: MODEL.version,
      [NAMES.featureLabel]: 'age',
      [NAMES.reasonLabel]: 'missing',
    })),
    counterFamily(familyOf(NAMES.featureCategoryCounter), span, 40, 11, (t, r) => ({
      [NAMES.modelLabel]: MODEL.model,
      [NAMES.versionLabel]: MODEL.version,
      [NAMES.featureLabel]: 'plan',
      [NAMES.categoryLabel]: PLANS[pick(r, t > SHIFT ? [2, 3, 5] : [6, 3, 1])],
    })),
  ]);
}


/** The training baseline: the pre-shift distributions; `age` was only ever seen within [-2, 2]. */
export function scenarioBaseline(): BaselineDocument {
  const age = normalFeature('age', BOUNDS, 100_000);
  if (age.kind === 'numeric') {
    age.summary = { ...age.summary, min: -2, max: 2 };
  }
  return baselineDocument(MODEL.model, MODEL.version, [age, normalFeature('income', BOUNDS, 100_000), categoricalFeature('plan', PLANS, [6, 3, 1], 100_000)], {
    label: categoricalFeature('label', CLASSES, [3, 7], 100_000),
    classNames: CLASSES,
  });
}

export const BASELINE_ID = `${MODEL.model}@${MODEL.version}`;

/** A real Prometheus holding the scenario's history and a backend pointed at it, with the scenario baseline stored. */
export async function startScenario(jsonData: DriftDataSourceOptions = {}): Promise<{ prometheus: PromServer; backend: Backend; stop: () => Promise<void> }> {
  const prometheus = await startPrometheus({ backfill: history() });
  const backend = await createBackend({ prometheusUrl: prometheus.url, minStep: '15s', ...jsonData });
  await backend.store.put(scenarioBaseline());
  return {
    prometheus,
    backend,
    stop: async () => {
      await prometheus.stop();
      await backend.cleanup();
    },
  };
}
