import { categoryOf, isMissing, parseNumber } from './cells';

describe('cell rules', () => {
  it('counts empty cells, null, absent fields and the usual NA spellings as missing', () => {
    for (const cell of ['', '  ', 'NA', 'N/A', 'null', 'None', null, undefined]) {
      expect(isMissing(cell)).toBe(true);
    }
    for (const cell of ['0', 'nan', 'none', 'x', 0, false]) {
      expect(isMissing(cell)).toBe(false);
    }
  });

  it('reads decimal, scientific and non-finite spellings as numbers', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber(' -1.5e3 ')).toBe(-1500);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
    expect(parseNumber('+7')).toBe(7);
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('-inf')).toBe(-Infinity);
    expect(parseNumber('Infinity')).toBe(Infinity);
    expect(parseNumber(3.25)).toBe(3.25);
  });

  it('keeps text that JavaScript would coerce as text', () => {
    for (const cell of ['0x10', '1_000', '12abc', '1e', 'e5', '--1', '1,5', 'true', true]) {
      expect(parseNumber(cell)).toBeUndefined();
    }
  });

  it('labels categories by their trimmed text', () => {
    expect(categoryOf(' Berlin ')).toBe('Berlin');
    expect(categoryOf(1)).toBe('1');
    expect(categoryOf(false)).toBe('false');
  });
});
