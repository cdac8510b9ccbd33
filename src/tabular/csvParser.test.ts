import { CsvScanner, CsvSyntaxError } from './csvParser';

/** Parses `text` fed in pieces of `size` characters; returns records with their line numbers. */
function parse(text: string, size = text.length): Array<[string[], number]> {
  const records: Array<[string[], number]> = [];
  const scanner = new CsvScanner((record, line) => records.push([record.fields(), line]));
  for (let i = 0; i < text.length; i += Math.max(1, size)) {
    scanner.push(text.slice(i, i + Math.max(1, size)));
  }
  scanner.end();
  return records;
}

function errorOf(run: () => unknown): CsvSyntaxError {
  try {
    run();
  } catch (error) {
    return error as CsvSyntaxError;
  }
  throw new Error('expected a CsvSyntaxError');
}

const AWKWARD =
  '\ufeffid,text,value\r\n' +
  '1,"a, b",10\r\n' +
  '2,"say ""hi""",20\r\n' +
  '3,"two\r\nlines",30\r\n' +
  '\r\n' +
  '4,,40\n' +
  '5,"",50';

const EXPECTED: Array<[string[], number]> = [
  [['id', 'text', 'value'], 1],
  [['1', 'a, b', '10'], 2],
  [['2', 'say "hi"', '20'], 3],
  [['3', 'two\r\nlines', '30'], 4],
  [['4', '', '40'], 7],
  [['5', '', '50'], 8],
];

describe('CsvScanner records', () => {
  it('reads RFC 4180: BOM, CRLF, quoted commas, doubled quotes, embedded newlines; skips blank lines', () => {
    expect(parse(AWKWARD)).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= AWKWARD.length; size++) {
      expect(parse(AWKWARD, size)).toEqual(EXPECTED);
    }
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(parse('a,b\n5" screen,x\n')).toEqual([
      [['a', 'b'], 1],
      [['5" screen', 'x'], 2],
    ]);
  });

  it('reports an unclosed quote at the line where its record starts', () => {
    for (const size of [1000, 4]) {
      const error = errorOf(() => parse('a,b\n1,2\n3,"never closed\nstill\n', size));
      expect([error.message, error.line]).toEqual(['a quoted field is never closed', 3]);
    }
  });

  it('refuses text after a closing quote, naming the line', () => {
    const error = errorOf(() => parse('a,b\n1,"x"y\n'));
    expect([error.message, error.line]).toEqual(['field 2: unexpected "y" after a closing quote', 2]);
  });

  it('reads tab-separated text with a tab delimiter', () => {
    const records: string[][] = [];
    const scanner = new CsvScanner((record) => records.push(record.fields()), '\t');
    scanner.push('a\tb\n1,5\t"x\ty"\n');
    scanner.end();
    expect(records).toEqual([
      ['a', 'b'],
      ['1,5', 'x\ty'],
    ]);
  });
});
