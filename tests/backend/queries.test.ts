/**
 * QueryData against the built executable: `baseline` frames as Grafana reads them, and per-query errors
 * that never spill over to the other queries of the same request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Type } from 'apache-arrow';
import { PluginHost } from '../harness/pluginHost';
import { baselineFixture } from '../../src/backend/testing/baselineFixture';
import { DISTRIBUTION_FIELDS } from '../../src/shared/frameContract';
import type { NumericBaselineFeature, CategoricalBaselineFeature } from '../../src/drift/types';

let dataDir: string;
let host: PluginHost;
const doc = baselineFixture({ model: 'churn', version: 'v3', numericFeatures: 3, categoricalFeatures: 2, bins: 6 });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-queries-'));
  host = await PluginHost.start({ dataDir });
  const created = await host.callResource({ method: 'POST', path: 'baselines', body: doc });
  expect(created.code).toBe(201);
});

afterAll(async () => {
  await host.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('baseline query', () => {
  it('returns one frame per feature with the distribution contract', async () => {
    const { A } = await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v3' } }]);
    expect(A.status).toBe(200);
    expect(A.error).toBe('');
    expect(A.frames.map((f) => f.schema.metadata.get('name'))).toEqual(doc.features.map((f) => f.name));

    for (const [index, feature] of doc.features.entries()) {
      const frame = A.frames[index];
      expect(frame.schema.metadata.get('refId')).toBe('A');
      const meta = JSON.parse(frame.schema.metadata.get('meta')!);
      expect(meta.custom).toEqual({ feature: feature.name, kind: feature.kind, model: 'churn', version: 'v3' });
      const bins = frame.getChild(DISTRIBUTION_FIELDS.bin)!;
      expect(bins.type.typeId).toBe(Type.Utf8);
      const counts = frame.getChild(DISTRIBUTION_FIELDS.baselineCount)!;
      expect(counts.type.typeId).toBe(Type.Float);
      const ratios = frame.getChild(DISTRIBUTION_FIELDS.baselineRatio)!.toArray() as Float64Array;
      if (feature.kind === 'numeric') {
        const { histogram } = feature as NumericBaselineFeature;
        expect(Array.from(counts.toArray() as Float64Array)).toEqual(histogram.counts);
        expect(frame.numRows).toBe(histogram.upperBounds.length + 1);
        expect(Array.from(frame.getChild(DISTRIBUTION_FIELDS.upper)!.toArray() as Float64Array)).toEqual([...histogram.upperBounds, Infinity]);
        expect(Array.from(frame.getChild(DISTRIBUTION_FIELDS.lower)!.toArray() as Float64Array)).toEqual([-Infinity, ...histogram.upperBounds]);
        expect(bins.get(0)).toBe(`(-Inf, ${histogram.upperBounds[0]}]`);
        expect(bins.get(frame.numRows - 1)).toBe(`(${histogram.upperBounds[histogram.upperBounds.length - 1]}, +Inf)`);
        const total = histogram.counts.reduce((a, b) => a + b, 0);
        expect(ratios[0]).toBeCloseTo(histogram.counts[0] / total, 12);
      } else {
        const { distribution } = feature as CategoricalBaselineFeature;
        expect(bins.toArray()).toEqual(distribution.categories);
        expect(Array.from(counts.toArray() as Float64Array)).toEqual(distribution.counts);
        expect(frame.getChild(DISTRIBUTION_FIELDS.lower)).toBeNull();
      }
      expect(Array.from(ratios).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      if (feature.missing > 0) {
        expect(meta.notices).toEqual([{ severity: 'info', text: expect.stringContaining(`${feature.missing} missing`) }]);
      }
    }
  });

  it('selects features, and names unknown ones', async () => {
    const { A, B } = await host.queryData([
      { refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v3', features: ['cat_1', 'num_0'] } },
      { refId: 'B', json: { queryType: 'baseline', baseline: 'churn@v3', features: ['num_0', 'nope'] } },
    ]);
    expect(A.frames.map((f) => f.schema.metadata.get('name'))).toEqual(['cat_1', 'num_0']);
    expect(B.status).toBe(400);
    expect(B.error).toMatch(/"nope"/);
  });

  it('takes the query type from the protocol field as well as from the JSON', async () => {
    const { A } = await host.queryData([{ refId: 'A', queryType: 'baseline', json: { baseline: 'churn@v3' } }]);
    expect(A.status).toBe(200);
    expect(A.frames).toHaveLength(doc.features.length);
  });
});

describe('per-query errors', () => {
  it('answers good and bad queries of one request independently', async () => {
    const responses = await host.queryData([
      { refId: 'good', json: { queryType: 'baseline', baseline: 'churn@v3' } },
      { refId: 'unknownType', json: { queryType: 'horoscope' } },
      { refId: 'badJson', rawJson: Buffer.from('{"queryType": "baseline", ') },
      { refId: 'notObject', rawJson: Buffer.from('[1,2]') },
      { refId: 'missing', json: { queryType: 'baseline', baseline: 'nobody@v0' } },
      { refId: 'noId', json: { queryType: 'baseline' } },
      { refId: 'badSource', json: { queryType: 'baseline', baseline: 'churn@v3', source: 'mysql' } },
      { refId: 'hostileId', json: { queryType: 'baseline', baseline: '../../etc/passwd' } },
    ]);
    expect(responses.good.status).toBe(200);
    expect(responses.good.frames).toHaveLength(doc.features.length);
    const expectations: Record<string, [number, RegExp]> = {
      unknownType: [400, /unknown query type "horoscope"/],
      badJson: [400, /query is not valid JSON/],
      notObject: [400, /must be an object/],
      missing: [404, /"nobody@v0" not found/],
      noId: [400, /needs the baseline id/],
      badSource: [400, /unknown source "mysql"/],
      hostileId: [400, /model@version/],
    };
    for (const [refId, [status, message]] of Object.entries(expectations)) {
      expect({ refId, status: responses[refId].status, source: responses[refId].errorSource }).toEqual({ refId, status, source: 'plugin' });
      expect(responses[refId].error).toMatch(message);
      expect(responses[refId].frames).toEqual([]);
    }
  });

  it('fails every query with 400 when the datasource settings are unreadable, and keeps serving', async () => {
    const { A } = await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v3' } }], {
      datasource: { rawJsonData: Buffer.from('not json') },
    });
    expect(A.status).toBe(400);
    expect(A.error).toMatch(/jsonData/);
    const again = await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v3' } }]);
    expect(again.A.status).toBe(200);
  });

  it('answers 400 naming the field for wrongly typed query fields and impossible time ranges', async () => {
    const responses = await host.queryData([
      { refId: 'numberId', json: { queryType: 'baseline', baseline: 123 } },
      { refId: 'objectFeatures', json: { queryType: 'drift', baseline: 'churn@v3', features: {} } },
      { refId: 'numberInList', json: { queryType: 'drift', baseline: 'churn@v3', features: ['f0', 7] } },
      { refId: 'stringInstant', json: { queryType: 'drift', baseline: 'churn@v3', instant: 'yes' } },
      { refId: 'numberType', json: { queryType: 5 } },
      { refId: 'farFuture', json: { queryType: 'baseline', baseline: 'churn@v3' }, timeRange: { fromEpochMS: 0, toEpochMS: 1e15 } },
      { refId: 'backwards', json: { queryType: 'baseline', baseline: 'churn@v3' }, timeRange: { fromEpochMS: 2_000, toEpochMS: 1_000 } },
      { refId: 'hugeWindow', json: { queryType: 'drift', baseline: 'churn@v3', window: '99999999999999999999y' } },
      { refId: 'good', json: { queryType: 'baseline', baseline: 'churn@v3' } },
    ]);
    const expectations: Record<string, RegExp> = {
      hugeWindow: /"window": invalid duration "99999999999999999999y": longer than about 292 years/,
      numberId: /baseline: expected a string, got a number/,
      objectFeatures: /features: expected a list of strings, got an object/,
      numberInList: /features\[1\]: expected a string, got a number/,
      stringInstant: /instant: expected a boolean, got a string/,
      numberType: /queryType: expected a string, got a number/,
      farFuture: /to 1000000000000000 ms is outside the range of dates/,
      backwards: /from \(2000 ms\) is after to \(1000 ms\)/,
    };
    for (const [refId, message] of Object.entries(expectations)) {
      expect({ refId, status: responses[refId].status }).toEqual({ refId, status: 400 });
      expect(responses[refId].error).toMatch(message);
    }
    expect(responses.good.status).toBe(200);
  });

  it('answers 400 naming the setting for wrongly typed datasource settings, in queries and health checks', async () => {
    const datasource = { uid: 'typed', jsonData: { prometheusUrl: 5, baselineDirectory: 5, prometheus: { modelLabel: ['m'] }, timeoutSeconds: '30' } };
    const { A } = await host.queryData([{ refId: 'A', json: { queryType: 'baseline', baseline: 'churn@v3' } }], { datasource });
    expect(A.status).toBe(400);
    for (const field of ['prometheusUrl: expected a string', 'baselineDirectory: expected a string', 'prometheus.modelLabel: expected a string, got a list', 'timeoutSeconds: expected a finite number, got a string']) {
      expect(A.error).toContain(field);
    }
    const health = await host.checkHealth(datasource);
    expect(health.status).toBe('ERROR');
    expect(health.message).toContain('prometheusUrl: expected a string');
  });

  it('answers an empty request with no responses', async () => {
    expect(await host.queryData([])).toEqual({});
  });
});
