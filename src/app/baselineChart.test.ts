import { baselineFeatureDistribution } from './baselineChart';
import { churnBaseline } from './testing/fixtures';

describe('baselineFeatureDistribution', () => {
  const baseline = churnBaseline('3');

  it('turns right-closed buckets into bins with open outer bounds and keeps the counts', () => {
    const age = baselineFeatureDistribution(baseline.features[0], baseline);
    expect(age.bins[0]).toEqual({ label: '(-∞, 22]', lower: -Infinity, upper: 22 });
    expect(age.bins[7]).toEqual({ label: '(61, +∞)', lower: 61, upper: Infinity });
    expect(age.baseline).toEqual([310, 520, 760, 900, 1010, 780, 470, 250]);
    expect(age.current).toBeUndefined();
  });

  it('keeps categories in order', () => {
    const plan = baselineFeatureDistribution(baseline.features[3], baseline);
    expect(plan).toMatchObject({
      kind: 'categorical',
      bins: [{ label: 'basic' }, { label: 'plus' }, { label: 'pro' }],
      baseline: [2500, 1600, 900],
    });
  });
});
