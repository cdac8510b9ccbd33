/**
 * The example alert rules: well-formed provisioning (A → reduce → threshold), and every datasource query is
 * one the backend accepts: run through the real handler with the provisioned baselines, it gets past
 * validation and fails only because no Prometheus listens (a downstream error, not a 400).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { BackendError } from '../../src/backend/errors';
import { silentLogger } from '../../src/backend/log';
import { BackendMetrics } from '../../src/backend/metrics';
import { createQueryRegistry } from '../../src/backend/queries/registry';
import { parseInstanceSettings } from '../../src/backend/settings';
import { BaselineStore } from '../../src/backend/store/baselineStore';
import { KeyedQueue } from '../../src/backend/store/keyedQueue';
import { UpstreamClient } from '../../src/backend/upstream/client';
import type { DriftQuery, DriftQueryType } from '../../src/shared/queryModel';
import { validateBaseline } from '../../src/drift/baseline/validate';

interface RuleQuery {
  refId: string;
  queryType?: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: Record<string, unknown>;
}

interface Rule {
  uid: string;
  title: string;
  condition: string;
  noDataState: string;
  execErrState: string;
  data: RuleQuery[];
}

const file = parse(readFileSync(path.join(__dirname, 'drift-rules.yaml'), 'utf8')) as { apiVersion: number; groups: Array<{ name: string; folder: string; interval: string; rules: Rule[] }> };
const rules = file.groups.flatMap((g) => g.rules);

describe('drift alert rules (provisioning/alerting/drift-rules.yaml)', () => {
  it('is an apiVersion 1 rule file with unique rule uids', () => {
    expect(file.apiVersion).toBe(1);
    file.groups.forEach((g) => expect(g).toMatchObject({ name: expect.any(String), folder: expect.any(String), interval: expect.stringMatching(/^\d+[smh]$/) }));
    const uids = rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(rules.map((r) => r.uid).sort()).toEqual([
      'mlops-accuracy-floor',
      'mlops-challenger-drift',
      'mlops-dataset-drift',
      'mlops-feature-drift',
      'mlops-prediction-drift',
      'mlops-spend-mae',
      'mlops-upsell-estimated-accuracy',
      'mlops-week-over-week',
    ]);
  });

  it.each(rules.map((r) => [r.title, r]))('%s: A (instant datasource query) → B reduce → C threshold, NoData and Error states', (_title, rule) => {
    const byRef = new Map(rule.data.map((q) => [q.refId, q]));
    expect(rule.condition).toBe('C');
    const a = byRef.get('A')!;
    expect(a.datasourceUid).toBe('mlops-drift');
    expect(a.model.instant).toBe(true);
    expect(a.queryType).toBe(a.model.queryType);
    expect(byRef.get('B')!.model).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'last' });
    expect(byRef.get('C')!.model).toMatchObject({ type: 'threshold', expression: 'B' });
    expect(rule.noDataState).toBe('NoData');
    expect(rule.execErrState).toBe('Error');
  });

  it('compares normalised drift scores with 1', () => {
    for (const rule of rules.filter((r) => r.data.some((q) => q.refId === 'A' && q.model.queryType === 'drift') && r.uid !== 'mlops-dataset-drift')) {
      expect(rule.data.find((q) => q.refId === 'A')!.model.normalizeByThreshold).toBe(true);
      expect(rule.data.find((q) => q.refId === 'C')!.model.conditions).toEqual([{ evaluator: { type: 'gt', params: [1] } }]);
    }
  });

  it('fires on dataset drift when more than half of the features drift, tests adjusted across them', () => {
    const rule = rules.find((r) => r.uid === 'mlops-dataset-drift')!;
    expect(rule.data.find((q) => q.refId === 'A')!.model).toMatchObject({ queryType: 'drift', instant: true, includeDriftShare: true, correction: 'bh' });
    expect(rule.data.find((q) => q.refId === 'C')!.model.conditions).toEqual([{ evaluator: { type: 'gt', params: [0.5] } }]);
  });

  it('watches the output models: estimated accuracy without labels, regression error with them', () => {
    const a = (uid: string) => rules.find((r) => r.uid === uid)!.data.find((q) => q.refId === 'A')!.model;
    const c = (uid: string) => rules.find((r) => r.uid === uid)!.data.find((q) => q.refId === 'C')!.model.conditions;
    expect(a('mlops-upsell-estimated-accuracy')).toMatchObject({ queryType: 'performance', baseline: 'upsell@v1', performanceMetrics: ['estimated_accuracy'] });
    expect(c('mlops-upsell-estimated-accuracy')).toEqual([{ evaluator: { type: 'lt', params: [0.75] } }]);
    expect(a('mlops-spend-mae')).toMatchObject({ queryType: 'performance', baseline: 'spend@v1', performanceMetrics: ['mae'] });
    expect(c('mlops-spend-mae')).toEqual([{ evaluator: { type: 'gt', params: [7] } }]);
  });

  it('compares with live references: the challenger with the champion, the same hour with last week', () => {
    const reference = (uid: string) => rules.find((r) => r.uid === uid)!.data.find((q) => q.refId === 'A')!.model.reference;
    expect(reference('mlops-challenger-drift')).toEqual({ kind: 'version', version: 'v1' });
    expect(reference('mlops-week-over-week')).toEqual({ kind: 'offset', offset: '7d' });
  });

  it('names the top contributing bin of a drifting feature in an annotation, from an explaining query D as E in percent', () => {
    const rule = rules.find((r) => r.uid === 'mlops-feature-drift')! as Rule & { annotations: Record<string, string> };
    const byRef = new Map(rule.data.map((q) => [q.refId, q]));
    const a = byRef.get('A')!.model;
    // D asks what A asks, explained: its series' labels are A's plus `bin`, so Grafana attaches E to A's instances.
    expect(byRef.get('D')!.model).toEqual({ ...a, refId: 'D', normalizeByThreshold: undefined, explain: true });
    expect(byRef.get('E')!.model).toMatchObject({ type: 'math', expression: '$D * 100' });
    expect(rule.annotations.contributors).toContain('$values.E');
    expect(rule.annotations.contributors).toContain('.Labels.bin');
  });

  describe('every datasource query is accepted by the backend', () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-rules-'));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it.each(rules.flatMap((r) => r.data.filter((q) => q.datasourceUid === 'mlops-drift').map((q) => [`${r.title} ${q.refId}`, q] as const)))('%s', async (_title, a) => {
      const store = new BaselineStore({
        directory,
        provisionedDirectory: path.join(__dirname, '..', 'baselines'),
        validate: validateBaseline,
        queue: new KeyedQueue(),
      });
      const settings = parseInstanceSettings({ jsonData: new TextEncoder().encode(JSON.stringify({ prometheusUrl: 'http://127.0.0.1:1', timeoutSeconds: 1, provisionedBindingDirectory: path.join(__dirname, '..', 'bindings') })) });
      const resolution = createQueryRegistry().resolve(String(a.model.queryType), 'prometheus');
      if (resolution.kind !== 'found') {
        throw new Error(`no handler for ${String(a.model.queryType)}`);
      }
      const now = Date.UTC(2026, 10, 1);
      const outcome = resolution.handler({
        refId: 'A',
        query: a.model as unknown as DriftQuery,
        queryType: a.model.queryType as DriftQueryType,
        source: 'prometheus',
        timeRange: { fromMs: now - a.relativeTimeRange.from * 1000, toMs: now },
        intervalMs: 0,
        maxDataPoints: 0,
        settings,
        baselines: store,
        upstream: new UpstreamClient(settings, new BackendMetrics()),
        signal: new AbortController().signal,
        fromAlert: true,
        headers: new Map([['fromalert', 'true']]),
        logger: silentLogger,
      });
      await expect(outcome).rejects.toBeInstanceOf(BackendError);
      await expect(outcome).rejects.toMatchObject({ source: 'downstream', status: 502 });
    });
  });
});
