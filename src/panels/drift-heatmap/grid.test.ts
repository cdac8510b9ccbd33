import { buildDriftGrid, featureCount, featuresOverThreshold } from './grid';
import { FeatureSeries } from './readFrames';
import { featureSeries } from './testing';

const HOUR = 3_600_000;

function series(feature: string, scores: number[], extra: Partial<FeatureSeries> = {}): FeatureSeries {
  return featureSeries({
    feature,
    times: Float64Array.from(scores.map((_, i) => (i + 1) * HOUR)),
    score: Float64Array.from(scores),
    threshold: 0.2,
    ...extra,
  });
}

const options = { colorBy: 'normalized' as const, maxNormalized: 2, sortBy: 'worst' as const };

describe('buildDriftGrid', () => {
  it('colours by score ÷ threshold and orders features by their worst window', () => {
    const grid = buildDriftGrid([series('calm', [0.02, 0.04]), series('spiky', [0.01, 0.5]), series('steady', [0.3, 0.3])], options);
    expect(grid.rows.map((r) => r.feature)).toEqual(['spiky', 'steady', 'calm']);
    expect(grid.values[1]).toBeCloseTo(2.5, 6);
    expect(grid.summaries[0]).toEqual({ worst: expect.closeTo(2.5, 6), worstTime: 2 * HOUR, latest: expect.closeTo(2.5, 6) });
    expect(grid.threshold).toBe(1);
    expect(grid.domainMax).toBe(2);
    expect(grid.windowMs).toBe(HOUR);
    expect(featuresOverThreshold(grid)).toBe(2);
  });

  it('orders by the latest window or by name', () => {
    const input = [series('b', [0.9, 0.01]), series('a', [0.01, 0.3]), series('c', [0.1, 0.1])];
    expect(buildDriftGrid(input, { ...options, sortBy: 'latest' }).rows.map((r) => r.feature)).toEqual(['a', 'c', 'b']);
    expect(buildDriftGrid(input, { ...options, sortBy: 'name' }).rows.map((r) => r.feature)).toEqual(['a', 'b', 'c']);
  });

  it("keeps a feature's segments together in the order given, the feature placed by its worst segment", () => {
    const segmented = (feature: string, segment: string, scores: number[]) => series(feature, scores, { segment });
    // `other` calm and `us` drifting: the frames' order (by traffic) stays, whatever each segment's score.
    const input = [
      segmented('age', 'eu', [0.01, 0.02]),
      segmented('income', 'eu', [0.05, 0.05]),
      segmented('age', 'us', [0.01, 0.9]),
      segmented('income', 'us', [0.04, 0.04]),
      segmented('age', 'other', [0.01, 0.01]),
    ];
    const worst = buildDriftGrid(input, options);
    expect(worst.rows.map((r) => r.title)).toEqual(['age · eu', 'age · us', 'age · other', 'income · eu', 'income · us']);
    expect(worst.worstRow).toBe(1);
    expect(worst.summaries[worst.worstRow].worst).toBeCloseTo(4.5, 6);
    // Five rows of two features; only age reaches the threshold (0.2), in its us segment alone.
    expect(featureCount(worst)).toBe(2);
    expect(featuresOverThreshold(worst)).toBe(1);
    expect(featuresOverThreshold(buildDriftGrid([...input, segmented('age', 'apac', [0.5, 0.5])], options))).toBe(1);
    const byName = buildDriftGrid([...input].reverse(), { ...options, sortBy: 'name' });
    expect(byName.rows.map((r) => r.title)).toEqual(['age · other', 'age · us', 'age · eu', 'income · us', 'income · eu']);
    expect(byName.rows[byName.worstRow].title).toBe('age · us');
  });

  it('has no worst row when no row has a value', () => {
    expect(buildDriftGrid([series('x', [1], { threshold: undefined })], options).worstRow).toBe(-1);
  });

  it('aligns features on the union of their times, leaving gaps empty', () => {
    const late = series('late', [0.5], { times: Float64Array.from([3 * HOUR]) });
    const grid = buildDriftGrid([series('early', [0.1, 0.1, 0.1]), late], { ...options, sortBy: 'name' });
    expect(Array.from(grid.times)).toEqual([HOUR, 2 * HOUR, 3 * HOUR]);
    expect(Array.from(grid.values.subarray(3, 6))).toEqual([Number.NaN, Number.NaN, expect.closeTo(2.5, 6)]);
    expect(Array.from(grid.sourceIndex.subarray(3, 6))).toEqual([-1, -1, 0]);
  });

  it('uses the normalised series when given and says which features cannot be coloured', () => {
    const normalised = series('n', [0, 0], { score: undefined, threshold: undefined, normalized: Float64Array.from([0.5, 3]) });
    const noThreshold = series('x', [1, 2], { threshold: undefined });
    const grid = buildDriftGrid([normalised, noThreshold], options);
    expect(grid.rows[0].feature).toBe('n');
    expect(grid.summaries[0].worst).toBe(3);
    expect(grid.notices).toEqual([
      '1 feature(s) have neither a normalised score nor a threshold; colour by score to see them',
    ]);
  });

  it('in score mode marks a shared threshold and scales to the worst score', () => {
    const grid = buildDriftGrid([series('a', [0.1, 0.9])], { ...options, colorBy: 'score' });
    expect(grid.threshold).toBe(0.2);
    expect(grid.domainMax).toBeCloseTo(0.9, 6);
    const mixed = buildDriftGrid([series('a', [0.1]), series('b', [0.1], { threshold: 0.05 })], { ...options, colorBy: 'score' });
    expect(mixed.threshold).toBeUndefined();
    expect(mixed.notices[0]).toMatch(/different thresholds/);
  });

  it('takes the declared window length over the spacing of points', () => {
    expect(buildDriftGrid([series('a', [0.1, 0.2], { windowMs: 15 * 60_000 })], options).windowMs).toBe(15 * 60_000);
  });
});
