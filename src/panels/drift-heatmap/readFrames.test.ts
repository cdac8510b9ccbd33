import { createDataFrame, FieldType, ThresholdsMode } from '@grafana/data';

import { expectedShape, readDriftFrames, readThreshold, seriesRole } from './readFrames';
import { driftFrame } from './testing';

const HOUR = 3_600_000;
const times = [HOUR, 2 * HOUR, 3 * HOUR];

describe('readDriftFrames', () => {
  it('groups score, normalised score and p-value frames by feature', () => {
    const result = readDriftFrames([
      driftFrame({ feature: 'age', times, values: [0.1, 0.3, null], threshold: 0.2, windowMs: HOUR, method: 'ks' }),
      driftFrame({ feature: 'age', times, values: [0.5, 0.01, 0.002], quantity: 'pValue', method: 'ks' }),
      driftFrame({ feature: 'income', times, values: [1, 2, 3], quantity: 'normalizedScore' }),
    ]);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    const [age, income] = result.series;
    expect(age.feature).toBe('age');
    expect(age.model).toBe('churn');
    expect(age.method).toBe('ks');
    expect(age.threshold).toBe(0.2);
    expect(age.windowMs).toBe(HOUR);
    expect(Array.from(age.times)).toEqual(times);
    expect(Array.from(age.score!)).toEqual([0.1, 0.3, Number.NaN]);
    expect(Array.from(age.pValue!)).toEqual([0.5, 0.01, 0.002]);
    expect(income.score).toBeUndefined();
    expect(Array.from(income.normalized!)).toEqual([1, 2, 3]);
  });

  it('reads the top contributors of an explaining query, aligned with the merged times, and skips the drift share', () => {
    const result = readDriftFrames([
      driftFrame({ feature: 'age', times: [HOUR, 3 * HOUR], values: [0.1, 0.4], contributors: ['(0, 1] 70 %', '(1, 2] 55 %, (0, 1] 30 %'] }),
      driftFrame({ feature: 'age', times: [2 * HOUR], values: [0.2], contributors: [null] }),
      driftFrame({ feature: 'income', times, values: [1, 2, 3] }),
      // The drift share of the same query: no feature, no row.
      createDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: 'drift_share', type: FieldType.number, values: [0, 0.5, 0.5], labels: { model: 'churn', version: '3' } },
        ],
      }),
    ]);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    const [age, income] = result.series;
    expect(Array.from(age.times)).toEqual(times);
    expect(age.contributors).toEqual(['(0, 1] 70 %', undefined, '(1, 2] 55 %, (0, 1] 30 %']);
    expect(result.series).toHaveLength(2);
    expect(income.contributors).toBeUndefined();
  });

  it('merges frames of one feature on different timestamps', () => {
    const result = readDriftFrames([
      driftFrame({ feature: 'f', times: [HOUR, 3 * HOUR], values: [1, 3] }),
      driftFrame({ feature: 'f', times: [2 * HOUR], values: [0.5], quantity: 'pValue' }),
    ]);
    expect(result.ok && Array.from(result.series[0].times)).toEqual(times);
    expect(result.ok && Array.from(result.series[0].score!)).toEqual([1, Number.NaN, 3]);
    expect(result.ok && Array.from(result.series[0].pValue!)).toEqual([Number.NaN, 0.5, Number.NaN]);
  });

  it('reads a row per feature and segment, in the order of the frames, each with its own threshold, link field and contributors', () => {
    // As a segmented query writes them: the segments by traffic, `other` last, each with its features' frames.
    const frames = ['eu', 'us', 'other'].flatMap((segment, s) =>
      ['age', 'income'].map((feature, f) =>
        driftFrame({ feature, times, values: [s, f, 0.1], threshold: 0.1 * (s + 1), windowMs: HOUR, labels: { segment }, contributors: [`${segment} ${feature}`, null, null] })
      )
    );
    const result = readDriftFrames(frames);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    expect(result.series.map((row) => row.title)).toEqual(['age · eu', 'income · eu', 'age · us', 'income · us', 'age · other', 'income · other']);
    const usIncome = result.series[3];
    expect(usIncome).toMatchObject({ feature: 'income', segment: 'us', model: 'churn', version: '3', threshold: 0.2, qualifiers: [{ kind: 'segment', value: 'us' }] });
    expect(Array.from(usIncome.score!)).toEqual([1, 1, 0.1]);
    expect(usIncome.contributors).toEqual(['us income', undefined, undefined]);
    expect(usIncome.linkField?.labels).toMatchObject({ feature: 'income', segment: 'us' });
  });

  it('keeps apart the rows of two versions or two references in one panel instead of merging them', () => {
    const result = readDriftFrames([
      driftFrame({ feature: 'age', times, values: [1, 1, 1], labels: { version: '1' } }),
      driftFrame({ feature: 'age', times, values: [2, 2, 2], labels: { version: '2' } }),
      driftFrame({ feature: 'age', times, values: [3, 3, 3], labels: { reference: '7d earlier' } }),
      driftFrame({ feature: 'age', times, values: [4, 4, 4], labels: { reference: 'version v1' } }),
    ]);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    expect(result.series.map((row) => [row.title, row.score![0]])).toEqual([
      ['age · churn@1', 1],
      ['age · churn@2', 2],
      ['age · churn@3 · 7d earlier', 3],
      ['age · churn@3 · version v1', 4],
    ]);
  });

  it('names the expected shape for frames without a time field', () => {
    const result = readDriftFrames([createDataFrame({ fields: [{ name: 'feature', type: FieldType.string, values: ['a'] }] })]);
    expect(!result.ok && result.reason).toBe('shape');
    expect(!result.ok && result.reason === 'shape' && result.fields).toBe('feature (string)');
    expect(expectedShape()).toMatch(/"drift" query.*labelled "feature"/);
  });

  it('reports no data for empty frames', () => {
    expect(readDriftFrames([createDataFrame({ fields: [] })])).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('seriesRole and readThreshold', () => {
  const field = (name: string, labels?: Record<string, string>) =>
    createDataFrame({ fields: [{ name, type: FieldType.number, values: [1], labels }] }).fields[0];

  it('recognises quantities by field name or Prometheus metric name', () => {
    expect(seriesRole(field('p_value'))).toBe('pValue');
    expect(seriesRole(field('Value', { __name__: 'mlops_drift_normalized_score' }))).toBe('normalized');
    expect(seriesRole(field('Value', { __name__: 'mlops_drift_pvalue' }))).toBe('pValue');
    expect(seriesRole(field('score'))).toBe('score');
  });

  it('reads the threshold from custom config first, then from the first finite threshold step', () => {
    const withSteps = field('score');
    withSteps.config.thresholds = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 0.25, color: 'red' },
      ],
    };
    expect(readThreshold(withSteps)).toBe(0.25);
    withSteps.config.custom = { threshold: 0.1 };
    expect(readThreshold(withSteps)).toBe(0.1);
    expect(readThreshold(field('score'))).toBeUndefined();
  });
});
