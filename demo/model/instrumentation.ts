/**
 * Everything the demo model exposes on `/metrics`, under the names the drift datasource reads by default
 * (`DEFAULT_PROMETHEUS_MAPPING`), plus the golden signals (traffic, latency, errors, saturation).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { FeatureHistogramFamily } from './featureHistogram';
import { OTHER_CATEGORY } from '../../src/drift/baseline/limits';
import { DEFAULT_PROMETHEUS_MAPPING as NAMES } from '../../src/shared/settingsModel';
import { CATEGORICAL_FEATURES, CLASS_NAMES, type FeatureRow, NUMERIC_FEATURES } from '../data/dataset';

/** Categories beyond the training ones get their own series up to this many per feature, then `__other__`. */
const MAX_UNSEEN_CATEGORIES = 20;

export type MissingReason = 'missing' | 'non_finite';

/** A numeric value as received: a number, or a non-finite marker, or nothing. */
export type NumericObservation = { kind: 'value'; value: number } | { kind: MissingReason };

export interface VersionEdges {
  version: string;
  edges: Map<string, number[]>;
  knownCategories: Map<string, Set<string>>;
}

export class ModelInstrumentation {
  readonly registry = new Registry();
  private readonly featureValues = new FeatureHistogramFamily(
    NAMES.featureHistogram,
    'Numeric feature values received by the model, bucketed on the baseline edges.'
  );
  private readonly categories: Counter<string>;
  private readonly missing: Counter<string>;
  private readonly predictions: Counter<string>;
  private readonly outcomes: Counter<string>;
  readonly requests: Counter<'model' | 'version' | 'code'>;
  readonly latency: Histogram<'model' | 'version'>;
  readonly inFlight: Gauge<'model'>;
  readonly pendingLabels: Gauge<'model'>;
  readonly unmatchedLabels: Counter<'model'>;
  readonly alertsReceived: Counter<'status'>;
  readonly logsDropped: Counter<'sink'>;
  private readonly unseenCategories = new Map<string, Set<string>>();
  private readonly knownCategories = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly model: string,
    versions: readonly VersionEdges[]
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.categories = new Counter({
      name: NAMES.featureCategoryCounter,
      help: 'Categorical feature values received by the model.',
      labelNames: [NAMES.modelLabel, NAMES.versionLabel, NAMES.featureLabel, NAMES.categoryLabel],
      registers,
    });
    this.missing = new Counter({
      name: NAMES.missingCounter,
      help: 'Feature values that were absent or null (reason="missing") or not finite (reason="non_finite").',
      labelNames: [NAMES.modelLabel, NAMES.versionLabel, NAMES.featureLabel, NAMES.reasonLabel],
      registers,
    });
    this.predictions = new Counter({
      name: NAMES.predictionCounter,
      help: 'Predictions served, by predicted class.',
      labelNames: [NAMES.modelLabel, NAMES.versionLabel, NAMES.predictedLabel],
      registers,
    });
    this.outcomes = new Counter({
      name: NAMES.outcomeCounter,
      help: 'Predictions whose true label arrived later, by true and predicted class.',
      labelNames: [NAMES.modelLabel, NAMES.versionLabel, NAMES.actualLabel, NAMES.predictedLabel],
      registers,
    });
    this.requests = new Counter({
      name: 'model_requests_total',
      help: 'Prediction requests, by HTTP status code.',
      labelNames: ['model', 'version', 'code'],
      registers,
    });
    this.latency = new Histogram({
      name: 'model_request_duration_seconds',
      help: 'Prediction latency, from request received to response written.',
      labelNames: ['model', 'version'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'model_inflight_requests',
      help: 'Prediction requests being served right now (saturation).',
      labelNames: ['model'],
      registers,
    });
    this.pendingLabels = new Gauge({
      name: 'model_pending_labels',
      help: 'Predictions still waiting for their true label.',
      labelNames: ['model'],
      registers,
    });
    this.unmatchedLabels = new Counter({
      name: 'model_labels_unmatched_total',
      help: 'Labels whose request id was unknown or expired.',
      labelNames: ['model'],
      registers,
    });
    this.alertsReceived = new Counter({
      name: 'demo_alert_notifications_total',
      help: 'Alert notifications received from Grafana on /alerts, by status.',
      labelNames: ['status'],
      registers,
    });
    this.logsDropped = new Counter({
      name: 'model_prediction_logs_dropped_total',
      help: 'Prediction log documents that could not be delivered and were dropped.',
      labelNames: ['sink'],
      registers,
    });
    this.inFlight.set({ model }, 0);
    this.pendingLabels.set({ model }, 0);
    for (const { version, edges, knownCategories } of versions) {
      this.declareSeries(version, edges, knownCategories);
    }
  }

  /**
   * Creates every expected series at zero before traffic arrives: `increase()` cannot count the first increment of
   * a series that appears mid-window.
   */
  private declareSeries(
    version: string,
    edges: Map<string, number[]>,
    knownCategories: Map<string, Set<string>>
  ): void {
    this.knownCategories.set(version, knownCategories);
    for (const [feature, bounds] of edges) {
      this.featureValues.declare(this.labels(version, feature), bounds);
    }
    for (const feature of NUMERIC_FEATURES) {
      for (const reason of ['missing', 'non_finite'] as const) {
        this.missing.inc({ ...this.labels(version, feature), [NAMES.reasonLabel]: reason }, 0);
      }
    }
    for (const feature of CATEGORICAL_FEATURES) {
      this.missing.inc({ ...this.labels(version, feature), [NAMES.reasonLabel]: 'missing' }, 0);
    }
    for (const [feature, categories] of knownCategories) {
      for (const category of categories) {
        this.categories.inc({ ...this.labels(version, feature), [NAMES.categoryLabel]: category }, 0);
      }
    }
    const base = { [NAMES.modelLabel]: this.model, [NAMES.versionLabel]: version };
    for (const predicted of CLASS_NAMES) {
      this.predictions.inc({ ...base, [NAMES.predictedLabel]: predicted }, 0);
      for (const actual of CLASS_NAMES) {
        this.outcomes.inc({ ...base, [NAMES.actualLabel]: actual, [NAMES.predictedLabel]: predicted }, 0);
      }
    }
  }

  recordFeatures(version: string, numeric: Map<string, NumericObservation>, row: FeatureRow): void {
    for (const feature of NUMERIC_FEATURES) {
      const observation = numeric.get(feature) ?? { kind: 'missing' };
      if (observation.kind === 'value') {
        this.featureValues.observe(this.labels(version, feature), observation.value);
      } else {
        this.missing.inc({ ...this.labels(version, feature), [NAMES.reasonLabel]: observation.kind });
      }
    }
    for (const feature of CATEGORICAL_FEATURES) {
      const value = row[feature];
      if (typeof value !== 'string' || value === '') {
        this.missing.inc({ ...this.labels(version, feature), [NAMES.reasonLabel]: 'missing' });
      } else {
        this.categories.inc({
          ...this.labels(version, feature),
          [NAMES.categoryLabel]: this.boundedCategory(version, feature, value),
        });
      }
    }
  }

  recordPrediction(version: string, predicted: string): void {
    this.predictions.inc({
      [NAMES.modelLabel]: this.model,
      [NAMES.versionLabel]: version,
      [NAMES.predictedLabel]: predicted,
    });
  }

  recordOutcome(version: string, actual: string, predicted: string): void {
    this.outcomes.inc({
      [NAMES.modelLabel]: this.model,
      [NAMES.versionLabel]: version,
      [NAMES.actualLabel]: actual,
      [NAMES.predictedLabel]: predicted,
    });
  }

  async render(): Promise<string> {
    return (await this.registry.metrics()) + this.featureValues.render();
  }

  private labels(version: string, feature: string): Record<string, string> {
    return { [NAMES.modelLabel]: this.model, [NAMES.versionLabel]: version, [NAMES.featureLabel]: feature };
  }

  /** Keeps label cardinality bounded whatever clients send. */
  private boundedCategory(version: string, feature: string, value: string): string {
    if (this.knownCategories.get(version)?.get(feature)?.has(value)) {
      return value;
    }
    const key = `${version}\u0000${feature}`;
    const unseen = this.unseenCategories.get(key) ?? new Set<string>();
    this.unseenCategories.set(key, unseen);
    if (unseen.has(value) || unseen.size < MAX_UNSEEN_CATEGORIES) {
      unseen.add(value);
      return value;
    }
    return OTHER_CATEGORY;
  }
}
