import { cumulativeShares, displayValues, formatAxisValue, formatBound, largestCdfGap, niceMax } from './bars';
import { barsPath, computeChartGeometry, labelStride, slotAt, smallMultiples, stepPath } from './chartLayout';

const bins = [
  { label: '≤ 1', lower: -Infinity, upper: 1 },
  { label: '(1, 2]', lower: 1, upper: 2 },
  { label: '(2, 4]', lower: 2, upper: 4 },
  { label: '> 4', lower: 4, upper: Infinity },
];

describe('displayValues', () => {
  it('gives counts, shares, or shares per unit of width', () => {
    const counts = [10, 20, 40, 30];
    expect(displayValues(counts, bins, 'count', 'numeric')).toEqual(counts);
    expect(displayValues(counts, bins, 'proportion', 'numeric')).toEqual([0.1, 0.2, 0.4, 0.3]);
    expect(displayValues(counts, bins, 'density', 'numeric')).toEqual([Number.NaN, 0.2, 0.2, Number.NaN]);
    expect(displayValues([1, 3], [{ label: 'a' }, { label: 'b' }], 'density', 'categorical')).toEqual([0.25, 0.75]);
  });

  it('gives zero shares for an empty side rather than NaN', () => {
    expect(displayValues([0, 0], bins.slice(0, 2), 'proportion', 'numeric')).toEqual([0, 0]);
  });
});

describe('CDF helpers', () => {
  it('accumulates shares and finds the largest gap', () => {
    const baseline = cumulativeShares([50, 30, 20]);
    const current = cumulativeShares([10, 30, 60]);
    expect(baseline).toEqual([0.5, 0.8, 1]);
    expect(current.map((v) => Number(v.toFixed(10)))).toEqual([0.1, 0.4, 1]);
    const gap = largestCdfGap(baseline, current);
    expect(gap.index).toBe(0);
    expect(gap.gap).toBeCloseTo(0.4, 12);
  });
});

describe('axis helpers', () => {
  it('rounds the axis top up to a round multiple of a power of ten', () => {
    expect(niceMax(0.37)).toBe(0.4);
    expect(niceMax(0.265)).toBe(0.3);
    expect(niceMax(0.2)).toBe(0.2);
    expect(niceMax(1234)).toBe(1500);
    expect(niceMax(0)).toBe(1);
    expect(formatAxisValue(0.25, 'proportion')).toBe('25%');
    expect(formatAxisValue(2500, 'count')).toBe('2.5k');
    expect([0.005, 25, 1500, 2_000_000, 0.0001].map(formatBound)).toEqual(['0.005', '25', '1.5k', '2e+6', '1e-4']);
  });
});

describe('chart layout', () => {
  const geometry = computeChartGeometry(452, 238, 4); // plot 400 × 200 at (44, 8)

  it('places bars in equal slots as one path per side', () => {
    expect(geometry.slotWidth).toBe(100);
    expect(barsPath([0.5, 0, 1], geometry, 1, 0.1, 0.8)).toBe('M54.0,208.0V108.0h80.0V208.0ZM254.0,208.0V8.0h80.0V208.0Z');
  });

  it('draws a CDF as steps at the slot edges', () => {
    expect(stepPath([0.5, 1], geometry)).toBe('M44,208.0H144.0V108.0H244.0V8.0');
  });

  it('finds the slot under the pointer and thins labels', () => {
    expect(slotAt(geometry, 44)).toBe(0);
    expect(slotAt(geometry, 443)).toBe(3);
    expect(slotAt(geometry, 40)).toBeUndefined();
    expect(labelStride(geometry, 56)).toBe(1);
    expect(labelStride(computeChartGeometry(452, 238, 40), 56)).toBe(6);
  });

  it('lays out small multiples and scrolls past the minimum height', () => {
    expect(smallMultiples(1, 800, 400, 320)).toEqual({ columns: 1, chartWidth: 800, chartHeight: 400 });
    expect(smallMultiples(4, 800, 600, 320)).toEqual({ columns: 2, chartWidth: 400, chartHeight: 300 });
    expect(smallMultiples(30, 1000, 600, 320)).toEqual({ columns: 3, chartWidth: 333, chartHeight: 220 });
  });
});
