import type { BaselineDocument } from '../../drift/types';
import { PERFORMANCE_CURVES } from '../../shared/frameContract';
import type { PerformanceMetric } from '../../shared/queryModel';
import { BackendError } from '../errors';
import type { ClassScoreWindow, LiveSource } from '../sources/types';
import { classifierScorePoints } from './classifierScores';
import { NoticeCollector, SeriesSet } from './liveFrames';
import { BASELINE_VALUE_CUSTOM_KEY } from './numericPrediction';
import type { QueryContext } from './types';

const EDGES = [0.25, 0.5, 0.75];
const MODEL = { model: 'm', version: '1' };

function context(performanceMetrics?: PerformanceMetric[]): QueryContext {
  return { query: { window: '1h', instant: true, performanceMetrics }, fromAlert: false, timeRange: { fromMs: 0, toMs: 3_600_000 }, signal: new AbortController().signal } as unknown as QueryContext;
}

function source(byActual: Record<string, number[]>, positiveClass?: string, scoreSums?: number[]): LiveSource {
  const window: ClassScoreWindow = { upperBounds: EDGES, byActual: new Map(Object.entries(byActual)), unscored: 0, ...(scoreSums ? { scoreSums } : {}) };
  return { kind: 'elasticsearch', classScores: () => Promise.resolve({ data: { times: [3_600_000], windows: [window], positiveClass }, notices: [] }) } as unknown as LiveSource;
}

async function run(byActual: Record<string, number[]>, metrics: PerformanceMetric[], baseline?: Partial<BaselineDocument>, positiveClass?: string, scoreSums?: number[]) {
  const notices = new NoticeCollector();
  const points = await classifierScorePoints(context(metrics), source(byActual, positiveClass, scoreSums), MODEL, baseline as BaselineDocument, new Set(metrics), notices);
  const set = new SeriesSet();
  points?.addTo(set, notices);
  const frames = set.frames(true);
  const value = (name: string) => frames.find((f) => f.fields[0].name === name)?.fields[0].values[0];
  return { points, frames, value, notices: notices.notices };
}

describe('classifier score series of performance queries', () => {
  it('gives ROC AUC with its bounds: pairs in one bucket are the unknown ones', async () => {
    // Positives in the top two buckets, negatives in the bottom two and one in the third.
    const { value } = await run({ '1': [0, 0, 1, 1], '0': [1, 1, 1, 0] }, ['roc_auc']);
    // 6 pairs: 5 ordered, the one in bucket 2 either way.
    expect(value('roc_auc_lower')).toBeCloseTo(5 / 6, 15);
    expect(value('roc_auc_upper')).toBeCloseTo(1, 15);
    expect(value('roc_auc')).toBeCloseTo(11 / 12, 15);
  });

  it('reads the binding’s positive class over the baseline’s, and refuses one that does not occur', async () => {
    const flipped = await run({ yes: [0, 0, 0, 2], no: [2, 0, 0, 0] }, ['roc_auc'], { scores: { score: 's', label: 'y', positiveClass: 'no', upperBounds: EDGES, positives: [1, 0, 0, 0], negatives: [0, 0, 0, 1] } }, 'yes');
    expect(flipped.value('roc_auc')).toBe(1);
    await expect(run({ yes: [0, 0, 0, 2], no: [2, 0, 0, 0] }, ['roc_auc'])).rejects.toThrow('no actual class is the positive class "1" (found "no", "yes")');
  });

  it('refuses a third class and scores outside [0, 1] with a 400 naming them', async () => {
    const three = run({ '1': [1, 0, 0, 1], '0': [1, 0, 0, 0], maybe: [0, 1, 0, 0] }, ['roc_auc']);
    await expect(three).rejects.toBeInstanceOf(BackendError);
    await expect(three).rejects.toThrow('3 values ("0", "1", "maybe")');
    const wide = { upperBounds: [0.5, 1], byActual: new Map([['1', [0, 1, 2]], ['0', [1, 0, 0]]]), unscored: 0 };
    const wideSource = { kind: 'prometheus', classScores: () => Promise.resolve({ data: { times: [1], windows: [wide] }, notices: [] }) } as unknown as LiveSource;
    await expect(classifierScorePoints(context(['roc_auc']), wideSource, MODEL, undefined, new Set(['roc_auc']), new NoticeCollector())).rejects.toThrow(
      /bucket \(1, Infinity\], outside \[0, 1\]/
    );
  });

  it('says why a window has no ECE when the source sums a bucket to a mean outside it, and keeps the AUC', async () => {
    // Bucket 3 is (0.75, +Inf] read as (0.75, 1]: its one score cannot sum to 0.6.
    const { value, notices } = await run({ '1': [0, 0, 1, 1], '0': [1, 1, 1, 0] }, ['roc_auc', 'expected_calibration_error'], undefined, undefined, [0.1, 0.3, 1.2, 0.6]);
    expect(value('roc_auc')).toBeCloseTo(11 / 12, 15);
    expect(value('expected_calibration_error')).toBeUndefined();
    expect(notices).toContainEqual({ severity: 'warning', text: expect.stringMatching(/^scores of m@1 by actual class: mean score 0\.6 of bucket 3 lies outside/) });
  });

  it('gives an exact ECE and curve from the bucket score sums a source has, and says so', async () => {
    // Bucket 0: scores 0.1 and 0.2 (negatives); bucket 2: 0.6 (negative) and 0.7 (positive); bucket 3: 0.9 (positive).
    const byActual = { '1': [0, 0, 1, 1], '0': [2, 0, 1, 0] };
    const metrics: PerformanceMetric[] = ['expected_calibration_error', 'calibration_curve'];
    const exact = await run(byActual, metrics, undefined, undefined, [0.3, 0, 1.3, 0.9]);
    const ece = (2 / 5) * 0.15 + (2 / 5) * Math.abs(0.5 - 0.65) + (1 / 5) * 0.1;
    expect(exact.value('expected_calibration_error')).toBeCloseTo(ece, 15);
    expect(exact.value('expected_calibration_error_lower')).toBe(exact.value('expected_calibration_error'));
    expect(exact.value('expected_calibration_error_upper')).toBe(exact.value('expected_calibration_error'));
    const curve = exact.points!.curveFrames.find((f) => f.name === PERFORMANCE_CURVES.calibration.frameName)!;
    expect(curve.fields[0].values).toEqual([0.15, 0.65, 0.9]);
    expect(exact.points!.sourceNotices.map((n) => n.text).join('\n')).toMatch(/exact/);
    // Without sums the midpoints stand in, the bounds hold the exact value and say nothing is exact.
    const binned = await run(byActual, metrics);
    const lower = binned.value('expected_calibration_error_lower') as number;
    expect(lower).toBeLessThanOrEqual(ece);
    expect(binned.value('expected_calibration_error_upper')).toBeGreaterThanOrEqual(ece);
    expect(binned.value('expected_calibration_error_upper')).toBeGreaterThan(lower);
    expect(binned.points!.sourceNotices.map((n) => n.text).join('\n')).not.toMatch(/exact/);
  });

  it('gives curves of the window and of the baseline, and the baseline value beside each series', async () => {
    const scores = { score: 's', label: 'y', positiveClass: '1', upperBounds: EDGES, positives: [0, 1, 1, 2], negatives: [2, 1, 1, 0] };
    const { points, frames } = await run({ '1': [0, 0, 1, 1], '0': [1, 1, 1, 0] }, ['roc_auc', 'roc_curve', 'calibration_curve'], { scores });
    const auc = frames.find((f) => f.fields[0].name === 'roc_auc')!;
    expect((auc.fields[0].config?.custom as Record<string, number>)[BASELINE_VALUE_CUSTOM_KEY]).toBeCloseTo((13 + 2 / 2) / 16, 15);
    const sides = points!.curveFrames.map((f) => [f.name, (f.meta?.custom as { side: string }).side]);
    expect(sides).toEqual([
      [PERFORMANCE_CURVES.roc.frameName, 'live'],
      [PERFORMANCE_CURVES.calibration.frameName, 'live'],
      [PERFORMANCE_CURVES.roc.frameName, 'baseline'],
      [PERFORMANCE_CURVES.calibration.frameName, 'baseline'],
    ]);
    const roc = points!.curveFrames[0];
    // From the top bucket down: thresholds are the lower edges, 1 before any bucket, 0 for the bottom one.
    expect(roc.fields.map((f) => f.name)).toEqual([PERFORMANCE_CURVES.roc.falsePositiveRate, PERFORMANCE_CURVES.roc.truePositiveRate, PERFORMANCE_CURVES.roc.threshold]);
    expect(roc.fields[2].values).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(roc.fields[0].values).toEqual([0, 0, 1 / 3, 2 / 3, 1]);
  });

  it('reads nothing unless named or the baseline has scores, and says when a window has one class', async () => {
    expect((await run({ '1': [1, 0, 0, 0] }, [])).points).toBeUndefined();
    const { frames, notices } = await run({ '1': [1, 0, 0, 0] }, ['roc_auc']);
    expect(frames).toEqual([]);
    expect(notices.map((n) => n.text)).toEqual(['scores of m@1 by actual class: 1 window(s) without both classes have no ROC AUC or PR AUC']);
  });
});
