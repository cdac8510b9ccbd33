import { categoryOf, fastDecimal, isMissing, parseNumber } from './cells';
import { mulberry32 } from '../prng';

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

describe('fastDecimal', () => {
  it('gives exactly what Number() gives, or declines', () => {
    const next = mulberry32(17);
    const samples: string[] = ['0', '-0', '+0', '5.', '.5', '007', '-.25', '123456789012345', '0.000000000000001'];
    for (let i = 0; i < 50_000; i++) {
      const digits = 1 + Math.floor(next() * 15);
      const value = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 4);
      samples.push(value.toPrecision(digits), value.toFixed(Math.floor(next() * 12)), String(value));
    }
    let taken = 0;
    for (const text of samples) {
      const fast = fastDecimal(text);
      if (fast !== undefined) {
        taken++;
        expect(Object.is(fast, Number(text))).toBe(true);
      }
    }
    // The fast path must actually serve the common short decimals.
    expect(taken).toBeGreaterThan(samples.length / 2);
  });

  it('declines what it cannot read exactly: exponents, 16+ digits, text', () => {
    for (const text of ['1e5', '1234567890123456', '0.1234567890123456', '1.2.3', '-', '.', '', 'abc', '1 ']) {
      expect(fastDecimal(text)).toBeUndefined();
    }
  });
});
