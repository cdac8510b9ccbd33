import { DRIFT_SCENARIO, sampleRow, trainingRows } from './dataset';
import { trainingCsv } from './generate';
import { Random } from './random';

function rows(drifted: boolean, count = 5000) {
  const random = new Random(99);
  return Array.from({ length: count }, () => sampleRow(random, drifted));
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('demo population', () => {
  it('generates the same training data on every run', () => {
    expect(trainingRows(1, 200)).toEqual(trainingRows(1, 200));
    expect(trainingRows(1, 200)).not.toEqual(trainingRows(2, 200));
  });

  it('writes a CSV with a header, one line per row and empty cells for missing values', () => {
    const lines = trainingCsv('v1', trainingRows(3, 500)).trimEnd().split('\n');
    expect(lines[0]).toBe('age,income,session_length,country,device,label,prediction');
    expect(lines).toHaveLength(501);
    expect(lines.some((line) => line.split(',')[1] === '')).toBe(true);
    expect(() => trainingCsv('v9', [])).toThrow('unknown model version "v9"');
  });

  it('shifts income, adds a new country and raises churn only when drifted', () => {
    const before = rows(false);
    const after = rows(true);
    const incomes = (sample: typeof before) =>
      sample.map((r) => r.features.income).filter((v): v is number => typeof v === 'number');
    expect(mean(incomes(after)) / mean(incomes(before))).toBeCloseTo(DRIFT_SCENARIO.incomeFactor, 1);
    const share = (sample: typeof before, country: string) =>
      sample.filter((r) => r.features.country === country).length / sample.length;
    expect(share(before, DRIFT_SCENARIO.newCountry.name)).toBe(0);
    expect(share(after, DRIFT_SCENARIO.newCountry.name)).toBeCloseTo(DRIFT_SCENARIO.newCountry.share, 1);
    const churn = (sample: typeof before) => sample.filter((r) => r.label === 'churn').length / sample.length;
    expect(churn(after) - churn(before)).toBeGreaterThan(0.05);
    const ages = (sample: typeof before) => mean(sample.map((r) => r.features.age as number));
    expect(Math.abs(ages(after) - ages(before))).toBeLessThan(1);
  });
});
