import { ColumnFacts, isIsoDateTime, storedFeatureFacts, unsuitableColumn } from './columnScreen';
import { BaselineProfiler } from './profiler';
import { OTHER_CATEGORY } from '../align';
import type { BaselineFeature } from '../types';

function text(distinct: number, sampled: number, dates = 0): ColumnFacts {
  return { kind: 'categorical', distinct, sampled, datesChecked: distinct, dates };
}

function wholeNumbers(min: number, max: number, n: number, distinct = n): ColumnFacts {
  return { kind: 'numeric', distinct, sampled: n, datesChecked: 0, dates: 0, integers: true, min, max, n };
}

describe('ISO 8601 dates and date-times', () => {
  it.each(['2024-01-31', '2024-02-29T12:30', '2024-01-31T12:30:45.123Z', '2024-01-31 23:59:59+02:00', '2024-01-31t08:00:00-0530', '1999-12-01T00:00:00,5'])(
    'takes %j as a date',
    (value) => expect(isIsoDateTime(value)).toBe(true)
  );

  it.each(['2024-13-01', '2024-01-32', '2024-1-05', '01/02/2024', '20240102', '2024-01-31T24:00', '2024-01-31T12', '2024-01-31x', ' 2024-01-31', 'red', ''])(
    'does not take %j as a date',
    (value) => expect(isIsoDateTime(value)).toBe(false)
  );
});

describe('which columns are unsuitable for drift comparisons', () => {
  it('flags a text column whose distinct values are (nearly) all ISO dates, however often each repeats', () => {
    expect(unsuitableColumn(text(365, 365, 365))).toEqual({ kind: 'datetime', reason: 'date/time values (ISO 8601: 365 of 365 distinct values)' });
    expect(unsuitableColumn(text(2, 5000, 2))?.kind).toBe('datetime');
    expect(unsuitableColumn(text(10, 5000, 9))?.kind).toBe('datetime');
    expect(unsuitableColumn(text(10, 5000, 8))).toBeUndefined();
  });

  it('flags a text column with (nearly) every value distinct, once it has enough values to say so', () => {
    expect(unsuitableColumn(text(1000, 1000))).toEqual({ kind: 'identifier', reason: 'identifier-like (1000 distinct in 1000 values)' });
    expect(unsuitableColumn(text(950, 1000))?.kind).toBe('identifier');
    expect(unsuitableColumn(text(949, 1000))).toBeUndefined();
    expect(unsuitableColumn(text(20, 20))?.kind).toBe('identifier');
    expect(unsuitableColumn(text(19, 19))).toBeUndefined();
    expect(unsuitableColumn(text(5, 100_000))).toBeUndefined();
  });

  it('flags whole numbers only when distinct and dense in their range, as row numbers are', () => {
    expect(unsuitableColumn(wholeNumbers(1, 1000, 1000))).toEqual({
      kind: 'identifier',
      reason: 'identifier-like (whole numbers from 1 to 1000, 1000 distinct in 1000 values)',
    });
    expect(unsuitableColumn(wholeNumbers(5001, 6990, 1000))?.kind).toBe('identifier');
    // Amounts, counts and epoch seconds spread wider than twice their count, or repeat.
    expect(unsuitableColumn(wholeNumbers(10_000, 200_000, 1000))).toBeUndefined();
    expect(unsuitableColumn(wholeNumbers(1_700_000_000, 1_700_360_000, 100))).toBeUndefined();
    expect(unsuitableColumn(wholeNumbers(0, 100, 1000, 101))).toBeUndefined();
    // Fractional values, all distinct: an ordinary continuous feature.
    expect(unsuitableColumn({ ...wholeNumbers(1, 1000, 1000), integers: false })).toBeUndefined();
  });
});

describe('facts of a stored feature', () => {
  const categorical = (categories: string[], counts: number[]): BaselineFeature => ({
    kind: 'categorical',
    name: 'c',
    missing: 0,
    nonFinite: 0,
    distribution: { categories, counts },
    n: counts.reduce((a, b) => a + b, 0),
  });

  it('sees an identifier in a distribution whose most frequent category was seen once', () => {
    const names = Array.from({ length: 100 }, (_, i) => `key-${i}`);
    const facts = storedFeatureFacts(categorical([...names, OTHER_CATEGORY], [...names.map(() => 1), 900]));
    expect(facts).toEqual({ kind: 'categorical', distinct: 1000, sampled: 1000, datesChecked: 100, dates: 0 });
    expect(unsuitableColumn(facts as ColumnFacts)?.kind).toBe('identifier');
  });

  it('sees dates in stored category names, and nothing in ordinary categories or histograms', () => {
    const dates = storedFeatureFacts(categorical(['2024-01-01', '2024-01-02', OTHER_CATEGORY], [40, 30, 30]));
    expect(unsuitableColumn(dates as ColumnFacts)?.kind).toBe('datetime');
    const cities = storedFeatureFacts(categorical(['Berlin', 'Lima', OTHER_CATEGORY], [40, 30, 30]));
    expect(unsuitableColumn(cities as ColumnFacts)).toBeUndefined();
    const numeric: BaselineFeature = {
      kind: 'numeric',
      name: 'x',
      missing: 0,
      nonFinite: 0,
      histogram: { upperBounds: [1], counts: [1, 1] },
      summary: { n: 2, min: 0, max: 2, mean: 1, std: 1, quantiles: { levels: [], values: [] } },
    };
    expect(storedFeatureFacts(numeric)).toBeUndefined();
  });
});

describe('the profiler with skipUnsuitable', () => {
  const columns = ['id', 'day', 'note', 'x', 'colour'];
  const rows = Array.from({ length: 40 }, (_, i) => [
    String(i + 1),
    `2024-02-${String((i % 28) + 1).padStart(2, '0')}`,
    `free text ${i}`,
    String((i * 37) % 11),
    ['red', 'green', 'blue'][i % 3],
  ]);

  function plan(options: ConstructorParameters<typeof BaselineProfiler>[0]) {
    const profiler = new BaselineProfiler(options);
    rows.forEach((row) => profiler.addRow(row, columns));
    return profiler.finish();
  }

  it('leaves out ids, dates and free text with a note, keeps ordinary features', () => {
    const result = plan({ skipUnsuitable: true });
    expect(result.columns.map((c) => c.name)).toEqual(['x', 'colour']);
    expect(result.skipped).toEqual([
      { name: 'id', reason: 'identifier-like (whole numbers from 1 to 40, 40 distinct in 40 values)' },
      { name: 'day', reason: 'date/time values (ISO 8601: 28 of 28 distinct values)' },
      { name: 'note', reason: 'identifier-like (40 distinct in 40 values)' },
    ]);
    expect(result.notes).toContain('column "day": date/time values (ISO 8601: 28 of 28 distinct values): left out (name it among the columns to keep it)');
  });

  it('keeps a column named in columns, and keeps everything when not asked to skip', () => {
    expect(plan({ skipUnsuitable: true, columns: ['day', 'x'] }).columns.map((c) => c.name)).toEqual(['day', 'x']);
    expect(plan({}).columns.map((c) => c.name)).toEqual(columns);
    expect(plan({}).skipped).toEqual([]);
  });

  it('judges a column past the distinct-value tally on the values the tally saw', () => {
    const profiler = new BaselineProfiler({ skipUnsuitable: true });
    for (let i = 0; i < 30_000; i++) {
      profiler.addRow([`order-${i}`, String(i % 7)], ['order', 'weekday']);
    }
    const result = profiler.finish();
    expect(result.skipped).toEqual([{ name: 'order', reason: 'identifier-like (10001 distinct in 10001 values)' }]);
    expect(result.columns.map((c) => c.name)).toEqual(['weekday']);
  });
});
