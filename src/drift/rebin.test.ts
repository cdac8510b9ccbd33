import { describeEdges, MAX_REBIN_EDGE_ERROR, rebinBaseline, sharedEdgeCount, tooFewSharedEdges } from './rebin';

/** 1000 values uniform on [0, 10] in buckets of width 1, with exact deciles as quantiles. */
const UNIFORM = {
  histogram: { upperBounds: [1, 2, 3, 4, 5, 6, 7, 8, 9], counts: new Array<number>(10).fill(100) },
  summary: { min: 0, max: 10, quantiles: { levels: [0.25, 0.5, 0.75], values: [2.5, 5, 7.5] } },
};

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe('rebinBaseline', () => {
  it('splits a bucket where a uniform distribution puts the edge, keeping the total exactly', () => {
    const result = rebinBaseline(UNIFORM.histogram, UNIFORM.summary, [0.5, 2.5, 5, 7.5]);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.binned.upperBounds).toEqual([0.5, 2.5, 5, 7.5]);
    const expected = [50, 200, 250, 250, 250];
    result.binned.counts.forEach((c, i) => expect(c).toBeCloseTo(expected[i], 9));
    expect(sum(result.binned.counts)).toBeCloseTo(1000, 9);
    // 5 is a baseline edge (exact); 0.5 splits (0, 1]: up to 10 %; 2.5 and 7.5 are quantiles, so within their tolerance.
    expect(result.exactEdges).toBe(1);
    expect(result.maxEdgeError).toBeCloseTo(0.1, 12);
  });

  it('gives the baseline itself back on its own edges, with no error', () => {
    const result = rebinBaseline(UNIFORM.histogram, UNIFORM.summary, UNIFORM.histogram.upperBounds);
    expect(result).toMatchObject({ ok: true, maxEdgeError: 0, exactEdges: 9 });
    expect(result.ok && result.binned.upperBounds).toEqual(UNIFORM.histogram.upperBounds);
    (result.ok ? result.binned.counts : []).forEach((c) => expect(c).toBeCloseTo(100, 9));
  });

  it('puts everything in one bucket when the live edges lie outside the baseline range (exactly)', () => {
    const result = rebinBaseline(UNIFORM.histogram, UNIFORM.summary, [-5, -1, 20]);
    expect(result).toEqual({ ok: true, binned: { upperBounds: [-5, -1, 20], counts: [0, 0, 1000, 0] }, maxEdgeError: 0, exactEdges: 3 });
  });

  it('keeps a point mass a point: every value equal to 3', () => {
    const result = rebinBaseline({ upperBounds: [1, 5], counts: [0, 100, 0] }, { min: 3, max: 3 }, [2, 3, 4]);
    expect(result).toEqual({ ok: true, binned: { upperBounds: [2, 3, 4], counts: [0, 100, 0, 0] }, maxEdgeError: 0, exactEdges: 3 });
  });

  it('follows the stored quantiles inside a bucket: an exponential baseline on coarse edges, re-binned finely', () => {
    const n = 100_000;
    const cdf = (x: number) => 1 - Math.exp(-x);
    const edges = [0.5, 1.5, 3];
    const cumulative = [...edges.map(cdf), 1];
    const counts = cumulative.map((p, i) => n * (p - (i === 0 ? 0 : cumulative[i - 1])));
    const levels = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
    const summary = { min: 0, max: 12, quantiles: { levels, values: levels.map((l) => -Math.log(1 - l)) } };
    const live = [0.25, 1, 2, 2.5, 4];
    const result = rebinBaseline({ upperBounds: edges, counts }, summary, live);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const truth = [...live.map(cdf), 1];
    result.binned.counts.forEach((c, i) => expect(Math.abs(c / n - (truth[i] - (i === 0 ? 0 : truth[i - 1])))).toBeLessThan(0.002));
    // Neighbouring percentiles bracket each edge: about 1 % plus the tolerance on each side.
    expect(result.maxEdgeError).toBeLessThan(0.025);
    expect(result.exactEdges).toBe(0);
  });

  it('does not trust a sketch level that contradicts the exact bucket shares', () => {
    // The quantile claims 90 % below 1.5 although the exact share below 2 is 10 %: the model stays within (1, 2].
    const histogram = { upperBounds: [1, 2, 3, 4], counts: [0, 10, 10, 40, 40] };
    const result = rebinBaseline(histogram, { min: 1, max: 5, quantiles: { levels: [0.9], values: [1.5] } }, [1.5]);
    expect(result.ok && result.binned.counts[0]).toBeCloseTo(10, 9);
  });

  it('refuses when one live edge could misplace too much of the baseline, naming both edge lists', () => {
    const result = rebinBaseline({ upperBounds: [5], counts: [500, 500] }, { min: 0, max: 10 }, [2, 8]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(
      're-binning the baseline onto the live buckets could misplace up to 50 % of it at one edge (live le: 2, 8; baseline: 5)'
    );
    expect(MAX_REBIN_EDGE_ERROR).toBeLessThan(0.5);
  });

  it('refuses an empty baseline', () => {
    expect(rebinBaseline({ upperBounds: [1], counts: [0, 0] }, { min: Number.NaN, max: Number.NaN }, [2])).toEqual({
      ok: false,
      reason: 'the baseline histogram has no values (or no edges) to re-bin',
    });
  });
});

describe('when to re-bin rather than merge', () => {
  it('counts exactly equal edges', () => {
    expect(sharedEdgeCount([0.1, 0.2, 0.3], [0.2, 0.30000000000000004, 0.4])).toBe(1);
  });

  it('re-bins when merging would keep fewer than half of the coarser side’s buckets', () => {
    expect(tooFewSharedEdges(9, 10, 0)).toBe(true);
    expect(tooFewSharedEdges(9, 10, 3)).toBe(true);
    expect(tooFewSharedEdges(9, 10, 4)).toBe(false);
    // A live histogram with a few of the baseline's edges is merged exactly, not re-binned.
    expect(tooFewSharedEdges(9, 3, 3)).toBe(false);
    // No shared edge at all cannot be merged, whatever the sizes.
    expect(tooFewSharedEdges(1, 1, 0)).toBe(true);
  });

  it('lists long edge lists shortened', () => {
    const many = Array.from({ length: 20 }, (_, i) => i);
    expect(describeEdges([0.5], many)).toBe('live le: 0.5; baseline: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (20 edges)');
  });
});
