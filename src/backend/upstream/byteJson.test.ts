import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JsonSyntaxError, NOT_PACKED, parseJsonBytes, type JsonByteReader } from './byteJson';

const bytesOf = (text: string) => Buffer.from(text, 'utf8');

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRING_PIECES = ['a', 'doc_count', 'é', '漢', '😀', '"', '\\', '/', '\n', '\t', '\u0001', '\u2028', '\ud800', ' ', 'b3', '__proto__'];
const NUMBERS = [0, -0, 1, -1, 7, 123456789012345, 1234567890123456, 9007199254740993, 0.1, -2.5e-7, 1e21, 1.7976931348623157e308, 5e-324, 3.14159];

function randomValue(next: () => number, depth: number): unknown {
  const choice = Math.floor(next() * (depth > 4 ? 4 : 7));
  switch (choice) {
    case 0:
      return NUMBERS[Math.floor(next() * NUMBERS.length)] * (next() < 0.5 ? 1 : Math.floor(next() * 1000));
    case 1:
      return Array.from({ length: Math.floor(next() * 4) }, () => STRING_PIECES[Math.floor(next() * STRING_PIECES.length)]).join('');
    case 2:
      return [true, false, null][Math.floor(next() * 3)];
    case 3:
      return Math.floor(next() * 1e9);
    case 4:
    case 5:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 5) }, () => [String(randomValue(next, 5)), randomValue(next, depth + 1)])
      );
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
  }
}

describe('parseJsonBytes reads exactly what JSON.parse reads', () => {
  const fixtures = path.join(__dirname, '..', 'elasticsearch', '__fixtures__');
  it.each(readdirSync(fixtures).filter((name) => name.endsWith('.json')))('fixture %s', (name) => {
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    expect(parseJsonBytes(bytesOf(text))).toEqual(JSON.parse(text));
  });

  it.each([
    ['escapes', '"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/\\b\\f\\r"'],
    ['raw UTF-8', '{"catégorie":"漢字 😀","ключ":["é"]}'],
    ['a lone surrogate escape', '"\\ud800x"'],
    ['numbers', '[0,-0,1e308,1e-320,123456789012345678901,0.1,-1.5E+3,9007199254740993,1e05,2e-0,-0.0]'],
    ['whitespace everywhere', ' \n\t{ "a" : [ 1 , { } , [ ] , "x" ] ,\r\n "b" : null , "c":true,"d" :false } \n'],
    ['duplicate members (the last wins)', '{"a":1,"b":2,"a":3}'],
    ['integer-like member names', '{"b":1,"2":2,"1":3}'],
    ['a long member name', `{"${'n'.repeat(200)}":1,"${'n'.repeat(199)}m":2}`],
    ['long strings', `["${'x'.repeat(5000)}","${'é'.repeat(3000)}"]`],
    ['scalars', '"top"'],
  ])('%s', (_, text) => {
    expect(parseJsonBytes(bytesOf(text))).toEqual(JSON.parse(text));
  });

  it('keeps "__proto__" an own member, as JSON.parse does, without touching the prototype', () => {
    const parsed = parseJsonBytes(bytesOf('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
  });

  it('agrees with JSON.parse on 500 random documents, compact and indented', () => {
    const next = random(20261122);
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(randomValue(next, 0), null, i % 3 === 0 ? 2 : undefined);
      expect(parseJsonBytes(bytesOf(text))).toEqual(JSON.parse(text));
    }
  });
});

describe('parseJsonBytes refuses what JSON.parse refuses', () => {
  it.each([
    '',
    ' ',
    '{',
    '[1,]',
    '{"a":1,}',
    '{,"a":1}',
    '[,1]',
    '[1 2]',
    '{"a" 1}',
    '{"a":1 "b":2}',
    '{a:1}',
    '1 2',
    '01',
    '-01',
    '1.',
    '1.e5',
    '.5',
    '+1',
    '1e',
    '1e+',
    '-',
    '--1',
    '0x10',
    'NaN',
    'Infinity',
    '"abc',
    '"a\u0001b"',
    '"\\x"',
    '"\\u12"',
    "'a'",
    'tru',
    'nul',
    '\ufeff{}',
    '{"a":1}}',
  ])('%j', (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseJsonBytes(bytesOf(text))).toThrow(JsonSyntaxError);
  });

  it('names the byte offset of the problem', () => {
    expect(() => parseJsonBytes(bytesOf('{"a":[1,2,}'))).toThrow('at byte 10');
  });

  it('refuses nesting deep enough to exhaust the stack, instead of crashing', () => {
    expect(() => parseJsonBytes(bytesOf('['.repeat(100_000) + ']'.repeat(100_000)))).toThrow(/nesting deeper than/);
  });
});

describe('packers', () => {
  /** Packs `[n, n, …]` of plain counts into their sum; anything else is left alone. */
  function sumCounts(reader: JsonByteReader): unknown {
    if (!reader.eat(0x5b)) {
      return NOT_PACKED;
    }
    let sum = 0;
    do {
      reader.peek();
      const count = reader.readCount();
      if (count < 0) {
        return NOT_PACKED;
      }
      sum += count;
    } while (reader.eat(0x2c));
    return reader.eat(0x5d) ? { sum } : NOT_PACKED;
  }

  it('replace the values of the members they are named for, at any depth', () => {
    const text = '{"counts":[1, 2,3],"nested":{"counts":[4]},"other":[5]}';
    expect(parseJsonBytes(bytesOf(text), { counts: sumCounts })).toEqual({ counts: { sum: 6 }, nested: { counts: { sum: 4 } }, other: [5] });
  });

  it('leave a value they give up on to the plain parser, from where it started', () => {
    // The packer reads "1," before it meets 2.5; the value is then parsed from its first byte.
    const text = '{"counts":[1,2.5,"x"],"after":true}';
    expect(parseJsonBytes(bytesOf(text), { counts: sumCounts })).toEqual(JSON.parse(text));
  });

  it('are only looked up by own names (not "constructor" or "toString")', () => {
    const text = '{"constructor":[1],"toString":[2]}';
    expect(parseJsonBytes(bytesOf(text), { counts: sumCounts })).toEqual(JSON.parse(text));
  });

  it('do not hide syntax errors after the value', () => {
    expect(() => parseJsonBytes(bytesOf('{"counts":[1,2] "x":1}'), { counts: sumCounts })).toThrow(JsonSyntaxError);
  });
});
