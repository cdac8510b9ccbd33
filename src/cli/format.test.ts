import { alignedTable, formatNumber, printable } from './format';

describe('output formatting', () => {
  it('shows control characters from the data as escapes, so names cannot break lines or drive the terminal', () => {
    expect(printable('a\nb\x1b[2Jc\t')).toBe('a\\u000ab\\u001b[2Jc\\u0009');
    expect(printable('São Paulo "quoted"')).toBe('São Paulo "quoted"');
  });

  it('aligns columns, numbers to the right and text to the left, escaping hostile cells', () => {
    const table = alignedTable(
      ['feature', 'statistic'],
      [
        ['age', '0.1234'],
        ['evil\nname', '12'],
      ]
    );
    expect(table.split('\n')).toEqual([
      'feature         statistic',
      '--------------  ---------',
      'age                0.1234',
      'evil\\u000aname         12',
    ]);
  });

  it('prints four significant digits, scientific for the very small and large', () => {
    expect([0.123456, 1234.5678, 0.00001234, 12345678, 0, undefined].map(formatNumber)).toEqual([
      '0.1235',
      '1235',
      '1.234e-5',
      '1.235e+7',
      '0',
      '-',
    ]);
  });
});
