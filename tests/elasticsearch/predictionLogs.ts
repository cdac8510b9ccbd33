/**
 * A realistic prediction log for the tests against a real node: 120,000 documents over four days in daily
 * indices, two versions of one model (overlapping for half a day) beside another model, numeric features as
 * `double` and `long`, categories as `keyword` and `boolean`, missing values, a plan category that appears only
 * on the last day and a week-end-like shift of `age` on the last day. Labels arrive later: they are written as
 * document updates, and the newest documents have none yet.
 *
 * Everything is generated from a fixed seed, so the tests compute every expected number from these same
 * documents (`countIn`, `windowCounts`), never from the datasource's code.
 */
import { mulberry32 } from '../../src/drift/prng';
import { admin, bulk, type LiveCluster } from './liveCluster';
import type { BaselineDocument, BaselineFeature, CategoricalBaselineFeature } from '../../src/drift/types';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const START = Date.UTC(2026, 10, 24);
export const END = START + 4 * DAY;
/** From here `age` is shifted and the `enterprise` plan exists. */
export const SHIFT = START + 3 * DAY;
/** Documents after this have no label yet when the tests run. */
export const LABELS_UNTIL = END - 6 * HOUR;
export const PLANS = ['free', 'pro', 'team'];
export const NEW_PLAN = 'enterprise';
export const CLASSES = ['churn', 'stay'];

export interface PredictionLog {
  _index: string;
  _id: string;
  '@timestamp': number;
  model: string;
  version: string;
  features: { age?: number; sessions: number; plan?: string; mobile: boolean };
  prediction: string;
  /** The outcome; written to the index later (see `labelUpdates`), and only for some documents. */
  outcome?: string;
}

const MAPPING = {
  mappings: {
    dynamic: 'strict',
    properties: {
      '@timestamp': { type: 'date', format: 'epoch_millis' },
      model: { type: 'keyword' },
      version: { type: 'keyword' },
      features: {
        properties: {
          age: { type: 'double' },
          sessions: { type: 'long' },
          plan: { type: 'keyword' },
          mobile: { type: 'boolean' },
          note: { type: 'text' },
        },
      },
      prediction: { type: 'keyword' },
      label: { type: 'keyword' },
    },
  },
};

function normal(next: () => number): number {
  // Irwin–Hall: close enough to normal for test data, and exactly reproducible.
  let sum = 0;
  for (let k = 0; k < 12; k++) {
    sum += next();
  }
  return sum - 6;
}

function pick<T>(next: () => number, values: readonly T[], weights: readonly number[]): T {
  let u = next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) {
    u -= weights[i];
    if (u < 0) {
      return values[i];
    }
  }
  return values[values.length - 1];
}

/** The documents, in time order; `prefix` names the daily indices (`<prefix>-2026.11.24`, …). */
export function predictionLogs(prefix: string, count = 120_000): PredictionLog[] {
  const next = mulberry32(20261124);
  const docs: PredictionLog[] = [];
  for (let i = 0; i < count; i++) {
    const t = START + 1 + Math.floor((i * (END - START - 1)) / count);
    const shifted = t > SHIFT;
    const model = next() < 0.1 ? 'fraud' : 'churn';
    // v1 until day 1.5, v2 from day 1: both serve during half a day.
    const version = t <= START + DAY ? 'v1' : t > START + 1.5 * DAY ? 'v2' : next() < 0.5 ? 'v1' : 'v2';
    const age = Math.round((shifted ? 48 : 40) * 100 + normal(next) * 1200) / 100;
    const sessions = Math.floor(-Math.log(1 - next()) * 6);
    const plan = shifted && next() < 0.08 ? NEW_PLAN : pick(next, PLANS, [6, 3, 1]);
    const mobile = next() < 0.4;
    const churnScore = (age - 40) / 20 - sessions / 10 + normal(next) * 0.5;
    const prediction = churnScore > 0 ? 'churn' : 'stay';
    const outcome = churnScore + normal(next) * 0.4 > 0 ? 'churn' : 'stay';
    const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '.');
    docs.push({
      _index: `${prefix}-${day}`,
      _id: `d${i}`,
      '@timestamp': t,
      model,
      version,
      features: {
        ...(next() < 0.04 ? {} : { age }),
        sessions,
        ...(next() < 0.02 ? {} : { plan }),
        mobile,
      },
      prediction,
      ...(t <= LABELS_UNTIL && next() < 0.85 ? { outcome } : {}),
    });
  }
  return docs;
}

/** Bulk `index` lines for the documents as the model server logs them: without labels. */
function indexLines(docs: readonly PredictionLog[]): string[] {
  return docs.flatMap(({ _index, _id, outcome: _outcome, ...source }) => [JSON.stringify({ index: { _index, _id } }), JSON.stringify(source)]);
}

/** Bulk `update` lines that add the labels later, as a labelling job would. */
function labelUpdates(docs: readonly PredictionLog[]): string[] {
  return docs
    .filter((d) => d.outcome !== undefined)
    .flatMap((d) => [JSON.stringify({ update: { _index: d._index, _id: d._id } }), JSON.stringify({ doc: { label: d.outcome } })]);
}

/**
 * Generates the log under `prefix`, creates its daily indices (explicit mapping; a search over the pattern merges four shards), indexes the
 * documents without labels and then adds the labels as updates. The documents, labels included, are returned.
 */
export async function indexPredictionLogs(cluster: LiveCluster, prefix: string, count?: number): Promise<PredictionLog[]> {
  const docs = predictionLogs(prefix, count);
  for (const index of new Set(docs.map((d) => d._index))) {
    await admin(cluster, 'PUT', `/${index}`, { settings: { number_of_shards: 1, number_of_replicas: 0 }, ...MAPPING });
  }
  await bulk(cluster, indexLines(docs), `${prefix}-*`);
  await bulk(cluster, labelUpdates(docs), `${prefix}-*`);
  return docs;
}

/** Documents of a model version in (from, to]. */
export function inRange(docs: readonly PredictionLog[], model: string, version: string, fromMs: number, toMs: number): PredictionLog[] {
  return docs.filter((d) => d.model === model && d.version === version && d['@timestamp'] > fromMs && d['@timestamp'] <= toMs);
}

/** Counts per right-closed bin (-Inf, b1], (b1, b2], …, (bm, +Inf) of the values present. */
export function binCounts(values: ReadonlyArray<number | undefined>, upperBounds: readonly number[]): number[] {
  const counts = new Array<number>(upperBounds.length + 1).fill(0);
  for (const value of values) {
    if (value !== undefined) {
      const bin = upperBounds.findIndex((b) => value <= b);
      counts[bin === -1 ? upperBounds.length : bin]++;
    }
  }
  return counts;
}

/** Counts per category of the values present, in the order of `categories`. */
export function categoryCounts(values: ReadonlyArray<string | undefined>, categories: readonly string[]): number[] {
  return categories.map((c) => values.filter((v) => v === c).length);
}

/** Hellinger distance between two count vectors, from its definition. */
export function hellinger(reference: readonly number[], current: readonly number[]): number {
  const r = reference.reduce((a, b) => a + b, 0);
  const c = current.reduce((a, b) => a + b, 0);
  const overlap = reference.reduce((sum, x, i) => sum + Math.sqrt((x / r) * (current[i] / c)), 0);
  return Math.sqrt(Math.max(0, 1 - overlap));
}

export const ages = (docs: readonly PredictionLog[]) => docs.map((d) => d.features.age);
export const sessions = (docs: readonly PredictionLog[]) => docs.map((d) => d.features.sessions);
export const plans = (docs: readonly PredictionLog[]) => docs.map((d) => d.features.plan);
export const mobiles = (docs: readonly PredictionLog[]) => docs.map((d) => String(d.features.mobile));
export const labelled = (docs: readonly PredictionLog[]) => docs.filter((d) => d.outcome !== undefined);

export const AGE_BOUNDS = [25, 35, 45, 55, 65];
export const SESSION_BOUNDS = [0, 2, 5, 10, 20];
export const MOBILE = ['false', 'true'];
/** The baseline of churn@v2: its first full day alone. */
export const REFERENCE = { from: START + 1.5 * DAY, to: START + 2.5 * DAY };

export function numericFeature(name: string, values: ReadonlyArray<number | undefined>, upperBounds: number[]): BaselineFeature {
  const present = values.filter((v): v is number => v !== undefined);
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const std = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds, counts: binCounts(present, upperBounds) },
    summary: { n: present.length, min: Math.min(...present), max: Math.max(...present), mean, std, quantiles: { levels: [0.5], values: [mean] } },
    missing: values.length - present.length,
    nonFinite: 0,
  };
}

export function categoricalFeature(name: string, values: ReadonlyArray<string | undefined>, categories: string[]): CategoricalBaselineFeature {
  const counts = categoryCounts(values, categories);
  const n = counts.reduce((a, b) => a + b, 0);
  return { name, kind: 'categorical', distribution: { categories, counts }, n, missing: values.length - n, nonFinite: 0 };
}

/** churn@v2's baseline, built here from the reference day's documents (not by the datasource's capture). */
export function baselineOfV2(docs: readonly PredictionLog[]): BaselineDocument {
  const reference = inRange(docs, 'churn', 'v2', REFERENCE.from, REFERENCE.to);
  return {
    schemaVersion: 1,
    model: 'churn',
    version: 'v2',
    createdAt: '2026-11-27T00:00:00Z',
    features: [
      numericFeature('age', ages(reference), AGE_BOUNDS),
      numericFeature('sessions', sessions(reference), SESSION_BOUNDS),
      categoricalFeature('plan', plans(reference), PLANS),
      categoricalFeature('mobile', mobiles(reference), MOBILE),
    ],
    label: categoricalFeature('label', labelled(reference).map((d) => d.outcome), CLASSES),
    classNames: CLASSES,
  };
}
