import { ConfusionMatrix } from './matrix';
import { buildMatrixView, classOrder, formatCellValue, matchesClassFilter } from './view';

const matrix: ConfusionMatrix = { classes: ['a', 'b', 'c'], counts: Float64Array.from([5, 2, 0, 1, 3, 1, 2, 0, 0]) };

describe('buildMatrixView', () => {
  it('normalises by row (recall), column (precision) and total', () => {
    expect(buildMatrixView(matrix, 'row', 'name', '').values[1]).toBeCloseTo(2 / 7, 12);
    expect(buildMatrixView(matrix, 'column', 'name', '').values[0]).toBeCloseTo(5 / 8, 12);
    expect(buildMatrixView(matrix, 'all', 'name', '').values[4]).toBeCloseTo(3 / 14, 12);
    const counts = buildMatrixView(matrix, 'none', 'name', '');
    expect(counts.values[0]).toBe(5);
    expect(counts.maxValue).toBe(5);
  });

  it('marks shares of empty rows as not a number rather than 0', () => {
    const empty: ConfusionMatrix = { classes: ['a', 'b'], counts: Float64Array.from([1, 0, 0, 0]) };
    expect(Number.isNaN(buildMatrixView(empty, 'row', 'name', '').values[2])).toBe(true);
  });

  it('filters classes without changing shares computed on the whole matrix', () => {
    const view = buildMatrixView(matrix, 'row', 'name', 'a, c');
    expect(view.classes).toEqual(['a', 'c']);
    expect(view.hiddenClasses).toBe(1);
    expect(view.values[0]).toBeCloseTo(5 / 7, 12);
    expect(view.counts[2]).toBe(2); // c → a
  });
});

describe('classOrder', () => {
  it('orders by support or by errors, ties by name', () => {
    expect(classOrder(matrix, 'support')).toEqual([0, 1, 2]);
    expect(classOrder(matrix, 'errors')).toEqual([0, 1, 2]); // errors: a 2, b 2, c 2
    const skewed: ConfusionMatrix = { classes: ['a', 'b'], counts: Float64Array.from([1, 0, 5, 5]) };
    expect(classOrder(skewed, 'support')).toEqual([1, 0]);
    expect(classOrder(skewed, 'errors')).toEqual([1, 0]);
  });
});

describe('helpers', () => {
  it('matches filters case-insensitively, any of several terms', () => {
    expect(matchesClassFilter('Sports', 'sport')).toBe(true);
    expect(matchesClassFilter('Sports', 'art, pol')).toBe(false);
    expect(matchesClassFilter('Sports', ' ')).toBe(true);
  });

  it('formats cell values', () => {
    expect(formatCellValue(0.456, 'row')).toBe('46%');
    expect(formatCellValue(12, 'none')).toBe('12');
    expect(formatCellValue(25300, 'none')).toBe('25k');
    expect(formatCellValue(Number.NaN, 'row')).toBe('');
  });
});
