import { CsvScanner } from './csvParser';
import { fastDecimal } from '../drift/baseline/cells';
import { mulberry32 } from '../drift/prng';

const next = mulberry32(11);
const FIELDS = ['1', '-2.5', '+.5', '5.', '007', '1e5', '-', '.', '', 'abc', '12abc', '1.2.3', '"3.5"', '"a,b"', ' 4', '4 ', '1234567890123456', 'NaN'];

function randomCsv(rows: number): string {
  const lines = ['a,b,c,d'];
  for (let r = 0; r < rows; r++) {
    lines.push(Array.from({ length: 4 }, () => FIELDS[Math.floor(next() * FIELDS.length)]).join(','));
  }
  return lines.join(next() < 0.5 ? '\n' : '\r\n') + '\n';
}

describe('CsvScanner', () => {
  it('reads plain numbers in place exactly as fastDecimal reads the field text, whatever the chunking', () => {
    const text = randomCsv(400);
    for (const size of [7, 64, text.length]) {
      const seen: Array<[string, number | undefined]> = [];
      const scanner = new CsvScanner((record) => {
        for (let i = 0; i < record.length; i++) {
          seen.push([record.cell(i), record.plainNumber(i)]);
        }
      });
      for (let i = 0; i < text.length; i += size) {
        scanner.push(text.slice(i, i + size));
      }
      scanner.end();
      expect(seen.length).toBe(401 * 4);
      for (const [cell, number] of seen) {
        // Quoted fields (3.5 here) take the general path: their text is the value, not the raw field.
        expect(number).toBe(cell === '3.5' ? undefined : fastDecimal(cell));
      }
    }
  });

  it('takes records wider than its initial field capacity', () => {
    const wide = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `"q${i}"` : String(i)));
    const records: string[][] = [];
    const numbers: Array<number | undefined> = [];
    const scanner = new CsvScanner((record) => {
      records.push(record.fields());
      numbers.push(record.plainNumber(1), record.plainNumber(299));
    });
    scanner.push(`${wide.join(',')}\n${wide.join(',')}\n`);
    scanner.end();
    expect(records).toEqual([0, 1].map(() => wide.map((field) => field.replace(/"/g, ''))));
    expect(numbers).toEqual([1, 299, 1, 299]);
  });

  it('does not read numbers across a delimiter that could be part of one', () => {
    const numbers: Array<number | undefined> = [];
    const scanner = new CsvScanner((record) => numbers.push(record.plainNumber(0), record.plainNumber(1)), '.');
    scanner.push('1.5\n');
    scanner.end();
    expect(numbers).toEqual([undefined, undefined]);
  });
});
