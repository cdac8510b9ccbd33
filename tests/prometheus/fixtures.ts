/**
 * Real backend pieces for calling query handlers in-process against a real Prometheus: the datasource's
 * upstream client, a baseline store in a temporary directory (validated by the drift engine's validator),
 * and baselines whose histograms are the exact expected counts of the simulated traffic.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateBaseline } from '../../src/drift/baseline/validate';
import type { BaselineDocument, BaselineFeature } from '../../src/drift/types';
import type { DriftQuery } from '../../src/shared/queryModel';
import { forQueryRequests } from '../../src/backend/queries/querySignal';
import type { DriftDataSourceOptions } from '../../src/shared/settingsModel';
import { silentLogger } from '../../src/backend/log';
import { BackendMetrics } from '../../src/backend/metrics';
import type { QueryContext } from '../../src/backend/queries/types';
import { parseInstanceSettings } from '../../src/backend/settings';
import { BaselineStore } from '../../src/backend/store/baselineStore';
import { KeyedQueue } from '../../src/backend/store/keyedQueue';
import { UpstreamClient } from '../../src/backend/upstream/client';

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf), accurate to ~1e-7: plenty for expected counts. */
export function normalCdf(x: number, mean = 0, std = 1): number {
  const z = (x - mean) / (std * Math.SQRT2);
  const t = 1 / (1 + 0.3275911 * Math.abs(z));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return 0.5 * (1 + (z >= 0 ? erf : -erf));
}

export function normalFeature(name: string, upperBounds: number[], n: number, mean = 0, std = 1): BaselineFeature {
  const cdf = [...upperBounds.map((b) => normalCdf(b, mean, std)), 1];
  const counts = cdf.map((c, i) => Math.round(n * (c - (i === 0 ? 0 : cdf[i - 1]))));
  return {
    name,
    kind: 'numeric',
    histogram: { upperBounds, counts },
    summary: {
      n: counts.reduce((a, b) => a + b, 0),
      min: mean - 6 * std,
      max: mean + 6 * std,
      mean,
      std,
      quantiles: { levels: [0.25, 0.5, 0.75], values: [mean - 0.6745 * std, mean, mean + 0.6745 * std] },
    },
    missing: 0,
    nonFinite: 0,
  };
}

export function categoricalFeature(name: string, categories: string[], weights: number[], n: number): BaselineFeature {
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.round((n * w) / total));
  return { name, kind: 'categorical', distribution: { categories, counts }, n: counts.reduce((a, b) => a + b, 0), missing: 0, nonFinite: 0 };
}

export function baselineDocument(model: string, version: string, features: BaselineFeature[], extra: Partial<BaselineDocument> = {}): BaselineDocument {
  return { schemaVersion: 1, model, version, createdAt: '2026-11-01T00:00:00Z', features, ...extra };
}

export interface Backend {
  store: BaselineStore;
  context(query: Partial<DriftQuery>, range: { fromMs: number; toMs: number }, extra?: Partial<QueryContext>): QueryContext;
  upstream: UpstreamClient;
  cleanup(): Promise<void>;
}

export async function createBackend(jsonData: DriftDataSourceOptions, secrets: Record<string, string> = {}): Promise<Backend> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-baselines-'));
  const store = new BaselineStore({ directory, validate: validateBaseline, queue: new KeyedQueue() });
  const settings = parseInstanceSettings({
    uid: 'mlops-drift',
    name: 'ML Monitor',
    jsonData: new TextEncoder().encode(JSON.stringify(jsonData)),
    decryptedSecureJsonData: secrets,
  });
  const upstream = new UpstreamClient(settings, new BackendMetrics());
  return {
    store,
    upstream,
    context: (query, range, extra = {}) => ({
      refId: 'A',
      query: { refId: 'A', ...query },
      queryType: query.queryType ?? 'drift',
      source: 'prometheus',
      timeRange: range,
      intervalMs: 0,
      maxDataPoints: 1000,
      settings,
      baselines: store,
      upstream,
      signal: forQueryRequests(new AbortController().signal),
      fromAlert: false,
      headers: new Map(),
      logger: silentLogger,
      ...extra,
    }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
}
