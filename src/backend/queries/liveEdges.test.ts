import type { NumericBaselineFeature } from '../../drift/types';
import { featureComparer } from './comparison';
import { numericReferenceForLive } from './liveEdges';

/** 1000 values uniform on [0, 10] in buckets of width 1, with a data-driven PSI threshold. */
const UNIFORM: NumericBaselineFeature = {
  name: 'score',
  kind: 'numeric',
  histogram: { upperBounds: [1, 2, 3, 4, 5, 6, 7, 8, 9], counts: new Array<number>(10).fill(100) },
  summary: { n: 1000, min: 0, max: 10, mean: 5, std: 2.89, quantiles: { levels: [0.25, 0.5, 0.75], values: [2.5, 5, 7.5] } },
  missing: 0,
  nonFinite: 0,
  thresholds: { psi: 0.0123 },
};

describe('comparing live buckets that are not the baseline’s', () => {
  it('re-bins the baseline onto live edges it shares too few of, and says how far off that can be', () => {
    const compare = featureComparer(UNIFORM, 'psi');
    const live = { kind: 'numeric' as const, binned: { upperBounds: [0.5, 2.5, 5, 7.5], counts: [5, 20, 25, 25, 25] } };
    const comparison = compare(live);
    expect(comparison.ok).toBe(true);
    if (!comparison.ok) {
      return;
    }
    // The live side is the baseline's own distribution, so PSI on the re-binned baseline is 0.
    expect(comparison.result.statistic).toBeCloseTo(0, 9);
    expect(comparison.result.threshold).not.toBe(0.0123);
    expect(comparison.result.notices[0]).toEqual({
      severity: 'warning',
      text: expect.stringMatching(
        /^score: the live buckets share 1 of their edges with the baseline's \(live le: 0\.5, 2\.5, 5, 7\.5; baseline: 1, 2, .*\), so the baseline was re-binned .* off by up to 10 % \(1 of 4 live edges exact\);.*--edges-from/
      ),
    });
    // The same edges in the next window reuse the prepared baseline; its notice comes with every result.
    const again = compare(live);
    expect(again.ok && again.result.notices[0].text).toBe(comparison.result.notices[0].text);
  });

  it('keeps the baseline (and its threshold) when the live buckets are its own or merge well', () => {
    const compare = featureComparer(UNIFORM, 'psi');
    const own = compare({ kind: 'numeric', binned: { upperBounds: UNIFORM.histogram.upperBounds, counts: UNIFORM.histogram.counts } });
    expect(own.ok && own.result.threshold).toBe(0.0123);
    expect(own.ok && own.result.notices).toEqual([]);
    expect(numericReferenceForLive(UNIFORM, [2, 4, 6, 8])).toEqual({ ok: true, feature: UNIFORM, notices: [] });
  });

  it('answers a reason naming both edge lists and the fix where re-binning would be a guess', () => {
    const coarse: NumericBaselineFeature = { ...UNIFORM, histogram: { upperBounds: [5], counts: [500, 500] }, summary: { ...UNIFORM.summary, quantiles: { levels: [], values: [] } } };
    const comparison = featureComparer(coarse, 'psi')({ kind: 'numeric', binned: { upperBounds: [2, 8], counts: [1, 1, 1] } });
    expect(comparison).toEqual({
      ok: false,
      reason: expect.stringMatching(/could misplace up to 50 % of it at one edge \(live le: 2, 8; baseline: 5\)\. For exact results, build the baseline/),
    });
  });
});
