import { formatCount, formatPercent, formatPValue, formatScore, MISSING } from './format';

describe('format', () => {
  it('shows scores with three significant digits and missing values as a dash', () => {
    expect(formatScore(0.123456)).toBe('0.123');
    expect(formatScore(12345)).toBe('1.23e+4');
    expect(formatScore(0.0000123)).toBe('1.23e-5');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(undefined)).toBe(MISSING);
    expect(formatScore(Number.NaN)).toBe(MISSING);
  });

  it('shows small p-values as a bound', () => {
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.05)).toBe('0.050');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(2.5)).toBe('2.5');
  });
});
