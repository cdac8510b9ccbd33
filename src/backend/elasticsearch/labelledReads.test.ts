/**
 * The request bodies and answer readers of the Elasticsearch reads once labels arrive: score buckets by class
 * (`classScores.ts`), regression error sums (`errorSums.ts`) and prediction summaries (`predictionStats.ts`).
 * End to end against the OpenSearch node: tests/elasticsearch/labelledPerformance.test.ts, numericPrediction.test.ts.
 */
import { DEFAULT_ELASTICSEARCH_MAPPING } from '../../shared/settingsModel';
import { classScoreWindow, scoreSums } from './classScores';
import { ERROR_AGGS, errorBody, readErrorTotals } from './errorSums';
import { predictionStatsBody, readPredictionStats } from './predictionStats';
import type { JsonObject } from './json';
import { aggName, scoreBody, type ElasticsearchLayout } from './requestBuilder';

const MAPPING: ElasticsearchLayout = { ...DEFAULT_ELASTICSEARCH_MAPPING, predictionField: 'out"put', labelField: 'truth' };
const MODEL = { model: 'm', version: '1' };
const RANGE = { fromMs: 0, toMs: 3_600_000 };

describe('score buckets by class', () => {
  it('reads the bucket keys back into per-class histograms, labelled documents without a score apart', () => {
    const window = classScoreWindow({ actual: ['1', '1', '0'], predicted: ['b2', 'b0', 'b0'], counts: [3, 1, 4], unlisted: 2 }, [0.5, 0.9]);
    expect(window.byActual).toEqual(
      new Map([
        ['1', [1, 0, 3]],
        ['0', [4, 0, 0]],
      ])
    );
    expect(window.unscored).toBe(2);
  });

  it('asks for the sum of each score bucket in the same search, and adds the classes\' sums per bucket', () => {
    const body = JSON.stringify(scoreBody(MAPPING, MODEL, RANGE, [0.5, 0.9]));
    expect(body).toContain(`"aggs":{"${aggName.scoreSum}":{"sum":{"field":"out\\"put"}}}`);
    const scoreBucket = (key: string, count: number, sum: number | null) => ({ key, doc_count: count, [aggName.scoreSum]: { value: sum } });
    const answer = {
      buckets: [
        { key: '1', doc_count: 4, [aggName.predicted]: { buckets: [scoreBucket('b0', 1, 0.25), scoreBucket('b1', 0, null), scoreBucket('b2', 3, 2.85)] } },
        { key: '0', doc_count: 2, [aggName.predicted]: { buckets: [scoreBucket('b0', 2, 0.5), scoreBucket('b2', 0, 0)] } },
      ],
    };
    expect(scoreSums(answer, 3, () => 'aggregations.actual')).toEqual([0.75, 0, 2.85]);
    const broken = { buckets: [{ key: '1', doc_count: 1, [aggName.predicted]: { buckets: [scoreBucket('b1', 1, null)] } }] };
    expect(() => scoreSums(broken, 3, () => 'aggregations.actual')).toThrow(`aggregations.actual.buckets[0].${aggName.predicted}.buckets[0].${aggName.scoreSum}.value`);
    expect(classScoreWindow({ actual: ['1'], predicted: ['b0'], counts: [1], unlisted: 0 }, [0.5, 0.9], [0.25, 0, 0]).scoreSums).toEqual([0.25, 0, 0]);
  });

  it('refuses a key that is not one of its buckets', () => {
    expect(() => classScoreWindow({ actual: ['1'], predicted: ['b3'], counts: [1], unlisted: 0 }, [0.5, 0.9])).toThrow('score bucket key "b3"');
  });
});

describe('regression error sums', () => {
  it('passes field names to the scripts as parameters, never in their text', () => {
    const body = JSON.stringify(errorBody(MAPPING, MODEL, RANGE));
    const sources = [...body.matchAll(/"source":"([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(4);
    for (const source of sources) {
      expect(source).toMatch(/^double p = doc\[params\.p\]\.value; double y = doc\[params\.y\]\.value; return .*;$/);
    }
    expect(body).toContain('"params":{"p":"out\\"put","y":"truth"}');
    expect(body).toContain(`"${ERROR_AGGS.zeroActual}":{"filter":{"term":{"truth":0}}}`);
  });

  it('sums precomputed fields when the binding names them, counting documents without a percentage error as zero actuals', () => {
    const body = errorBody({ ...MAPPING, errorFields: { absolute: 'e.abs', squared: 'e.sq' } }, MODEL, RANGE);
    expect(JSON.stringify(body)).not.toContain('script');
    expect(Object.keys((body as { aggs: object }).aggs)).toEqual([ERROR_AGGS.absolute, ERROR_AGGS.squared]);
    const full = JSON.stringify(errorBody({ ...MAPPING, errorFields: { absolute: 'e.abs', squared: 'e.sq', absolutePercentage: 'e.ape' } }, MODEL, RANGE));
    expect(full).toContain(`"${ERROR_AGGS.zeroActual}":{"filter":{"bool":{"must_not":{"exists":{"field":"e.ape"}}}}}`);
  });

  it('reads the sums, leaving out what was not asked for', () => {
    expect(readErrorTotals({ [ERROR_AGGS.absolute]: { value: 6 }, [ERROR_AGGS.squared]: { value: 14 } }, 3)).toEqual({ count: 3, absoluteErrorSum: 6, squaredErrorSum: 14 });
    const all = { e_abs: { value: 6 }, e_sq: { value: 14 }, e_sig: { value: -2 }, e_ape: { value: 0.5 }, e_zero: { doc_count: 1 } };
    expect(readErrorTotals(all, 3)).toEqual({ count: 3, absoluteErrorSum: 6, squaredErrorSum: 14, errorSum: -2, absolutePercentageErrorSum: 0.5, zeroActualCount: 1 });
    expect(() => readErrorTotals({ e_abs: { value: 'x' } }, 3)).toThrow('aggregations.e_abs.value is "x"');
  });
});

describe('prediction summaries', () => {
  it('asks for one date_range bucket per window, (end − window, end] each', () => {
    const body = predictionStatsBody(MAPPING, MODEL, [0.05, 0.5], { fromMs: 7_200_000, toMs: 10_800_000, stepMs: 1_800_000, windowMs: 3_600_000 });
    const aggregation = (body as { aggs: { w: { date_range: { ranges: unknown[] }; aggs: { p: { percentiles: { percents: number[] } } } } } }).aggs.w;
    expect(aggregation.date_range.ranges).toEqual([
      { key: '7200000', from: 3_600_001, to: 7_200_001 },
      { key: '9000000', from: 5_400_001, to: 9_000_001 },
      { key: '10800000', from: 7_200_001, to: 10_800_001 },
    ]);
    expect(aggregation.aggs.p.percentiles.percents).toEqual([5, 50]);
  });

  it('reads windows with values in time order, and leaves empty ones out', () => {
    const bucket = (key: string, count: number, p5: number, p50: number): JsonObject => ({
      key,
      doc_count: count,
      s: count > 0 ? { count, min: 0.1, max: 0.9, avg: 0.5, sum: 0.5 * count } : { count: 0, min: null, max: null, avg: null, sum: 0 },
      p: { values: [{ key: 5, value: p5 }, { key: 50, value: p50 }] },
    });
    const read = readPredictionStats({ w: { buckets: [bucket('2000', 4, 0.2, 0.6), bucket('1000', 2, 0.1, 0.5), bucket('3000', 0, 0, 0)] } }, [0.05, 0.5]);
    expect(read).toEqual({
      times: [1000, 2000],
      windows: [
        { count: 2, min: 0.1, max: 0.9, quantiles: [0.1, 0.5] },
        { count: 4, min: 0.1, max: 0.9, quantiles: [0.2, 0.6] },
      ],
    });
  });
});
