/**
 * The example alert rules evaluated on the shifted scenario against a real Prometheus: each rule's A query
 * through the registered handler (as an alert evaluation), then B = last value per series and C = the rule's
 * threshold, as Grafana's expression engine applies them. After the shift, `age` and `plan` fire and
 * `income` does not; prediction drift fires; accuracy is under the floor.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Frame } from '../../src/backend/frames';
import { createQueryRegistry } from '../../src/backend/queries/registry';
import type { DriftQuery, DriftQueryType } from '../../src/shared/queryModel';
import { createBackend, type Backend } from './fixtures';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';
import { BASELINE_ID, history, NOW, scenarioBaseline } from './scenario';

interface RuleQuery {
  refId: string;
  relativeTimeRange: { from: number; to: number };
  model: Record<string, unknown> & { conditions?: Array<{ evaluator: { type: 'gt' | 'lt'; params: number[] } }> };
}

const file = parse(readFileSync(path.join(__dirname, '..', '..', 'provisioning', 'alerting', 'drift-rules.yaml'), 'utf8')) as {
  groups: Array<{ rules: Array<{ uid: string; data: RuleQuery[] }> }>;
};
const rules = new Map(file.groups.flatMap((g) => g.rules).map((r) => [r.uid, r]));

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('example alert rules on a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;
  const registry = createQueryRegistry();

  beforeAll(async () => {
    prometheus = await startPrometheus({ backfill: history() });
    backend = await createBackend({ prometheusUrl: prometheus.url });
    await backend.store.put(scenarioBaseline());
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  /** Series label sets (as JSON) → whether condition C holds for them. */
  async function evaluate(uid: string): Promise<Map<string, boolean>> {
    const rule = rules.get(uid)!;
    const a = rule.data.find((q) => q.refId === 'A')!;
    const evaluator = rule.data.find((q) => q.refId === 'C')!.model.conditions![0].evaluator;
    const query = { ...a.model, baseline: BASELINE_ID } as unknown as DriftQuery;
    const resolution = registry.resolve(String(query.queryType), 'prometheus');
    if (resolution.kind !== 'found') {
      throw new Error(`no handler for ${String(query.queryType)}`);
    }
    const result = await resolution.handler(
      backend.context(query, { fromMs: NOW - a.relativeTimeRange.from * 1000, toMs: NOW }, { queryType: query.queryType as DriftQueryType, fromAlert: true })
    );
    const states = new Map<string, boolean>();
    result.frames.forEach((frame: Frame) => {
      expect(frame.meta?.type).toBe('numeric-multi');
      const valueField = frame.fields[0];
      const last = valueField.values[valueField.values.length - 1] as number;
      states.set(JSON.stringify(valueField.labels), evaluator.type === 'gt' ? last > evaluator.params[0] : last < evaluator.params[0]);
    });
    return states;
  }

  it('feature drift fires for the shifted features only', async () => {
    const states = await evaluate('mlops-feature-drift');
    const byFeature = new Map([...states].map(([labels, firing]) => [JSON.parse(labels).feature as string, firing]));
    expect(Object.fromEntries(byFeature)).toEqual({ age: true, income: false, plan: true });
  });

  it('dataset drift fires: two of three features drift after the shift', async () => {
    const states = await evaluate('mlops-dataset-drift');
    expect([...states.keys()].map((labels) => JSON.parse(labels))).toEqual([{ model: 'churn "v2"\\prod', version: '1.0' }]);
    expect([...states.values()]).toEqual([true]);
  });

  it('feature drift’s explaining query D names a bin for each instance of A, with labels that contain A’s', async () => {
    const rule = rules.get('mlops-feature-drift')!;
    const run = async (refId: string) => {
      const query = { ...rule.data.find((q) => q.refId === refId)!.model, baseline: BASELINE_ID } as unknown as DriftQuery;
      const resolution = registry.resolve('drift', 'prometheus');
      if (resolution.kind !== 'found') {
        throw new Error('no drift handler');
      }
      const { frames } = await resolution.handler(backend.context(query, { fromMs: NOW - 3_600_000, toMs: NOW }, { fromAlert: true }));
      return frames.map((f) => f.fields[0].labels!);
    };
    const instances = await run('A');
    const explained = await run('D');
    expect(explained).toHaveLength(instances.length);
    for (const labels of instances) {
      expect(explained.find((e) => e.feature === labels.feature)).toEqual({ ...labels, bin: expect.stringMatching(/\S/) });
    }
    expect(explained.find((e) => e.feature === 'plan')!.bin).toBe('team');
  });

  it('prediction drift fires once the predicted classes flip', async () => {
    const states = [...(await evaluate('mlops-prediction-drift')).values()];
    expect(states).toEqual([true]);
  });

  it('the accuracy floor fires on six hours with three hours at 60% accuracy', async () => {
    const states = [...(await evaluate('mlops-accuracy-floor')).values()];
    expect(states).toEqual([true]);
  });
});
