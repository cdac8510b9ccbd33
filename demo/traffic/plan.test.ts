import { DEFAULT_TRAFFIC, isDrifted, meanRate, planRequest, poisson } from './plan';
import { Random } from '../data/random';

describe('traffic plan', () => {
  it('draws Poisson counts with the requested mean, small and large', () => {
    for (const mean of [0.5, 3, 200]) {
      const random = new Random(11);
      const draws = Array.from({ length: 4000 }, () => poisson(random, mean));
      const average = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(Math.abs(average - mean) / mean).toBeLessThan(0.05);
      expect(draws.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
    }
    expect(poisson(new Random(1), 0)).toBe(0);
  });

  it('waves the rate ±30 % around the configured rate', () => {
    const rates = Array.from({ length: 100 }, (_, i) =>
      meanRate(DEFAULT_TRAFFIC, (i / 100) * DEFAULT_TRAFFIC.wavePeriodSeconds)
    );
    expect(Math.max(...rates)).toBeCloseTo(DEFAULT_TRAFFIC.requestsPerSecond * 1.3, 1);
    expect(Math.min(...rates)).toBeCloseTo(DEFAULT_TRAFFIC.requestsPerSecond * 0.7, 1);
  });

  it('switches to drifted traffic at the configured time, never when disabled', () => {
    expect(isDrifted(DEFAULT_TRAFFIC, DEFAULT_TRAFFIC.driftAfterSeconds - 1)).toBe(false);
    expect(isDrifted(DEFAULT_TRAFFIC, DEFAULT_TRAFFIC.driftAfterSeconds)).toBe(true);
    expect(isDrifted({ ...DEFAULT_TRAFFIC, driftAfterSeconds: Infinity }, 1e12)).toBe(false);
    const random = new Random(3);
    const countries = Array.from(
      { length: 2000 },
      () => planRequest(random, DEFAULT_TRAFFIC, DEFAULT_TRAFFIC.driftAfterSeconds).body.features.country
    );
    expect(countries).toContain('JP');
  });

  it('sends a share of malformed and NaN requests and labels only some predictions', () => {
    const random = new Random(4);
    const options = { ...DEFAULT_TRAFFIC, malformedShare: 0.1, nonFiniteShare: 0.1, labelShare: 0.5 };
    const plans = Array.from({ length: 4000 }, () => planRequest(random, options, 0));
    const share = (predicate: (p: (typeof plans)[number]) => boolean) => plans.filter(predicate).length / plans.length;
    expect(share((p) => p.body.features.age === 'forty-two')).toBeCloseTo(0.1, 1);
    expect(share((p) => p.body.features.session_length === 'NaN')).toBeCloseTo(0.09, 1);
    expect(share((p) => p.label !== undefined)).toBeCloseTo(0.5, 1);
    expect(plans.every((p) => p.labelDelaySeconds >= 0)).toBe(true);
  });

  it('draws the output models\' actual values from the customer, drifted or not', () => {
    const outcomes = (drifted: boolean) => {
      const random = new Random(5);
      const t = drifted ? DEFAULT_TRAFFIC.driftAfterSeconds : 0;
      return Array.from({ length: 4000 }, () => planRequest(random, DEFAULT_TRAFFIC, t).outcomes);
    };
    const acceptance = (rows: ReturnType<typeof outcomes>) => rows.filter((o) => o.upsell === '1').length / rows.length;
    const before = outcomes(false);
    const after = outcomes(true);
    expect(before.every((o) => (o.upsell === '0' || o.upsell === '1') && o.spend >= 0)).toBe(true);
    // Customers tire of the offer after the drift injection, although their incomes rise.
    expect(acceptance(after)).toBeLessThan(acceptance(before) - 0.1);
  });
});
