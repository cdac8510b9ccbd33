import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NOT_PACKED } from './byteJson';
import { toSmile } from '../../../tests/elasticsearch/smileWriter';
import { isSmile, parseSmileBytes, SmileReader, SmileSyntaxError } from './smile';

/** Reference files written by Jackson (scripts/smile-fixtures/generate.mjs). */
const fixtures = path.join(__dirname, '__fixtures__/smile');
const read = (name: string) => readFileSync(path.join(fixtures, name));
const elasticsearchFixtures = path.join(__dirname, '../elasticsearch/__fixtures__');

describe('parseSmileBytes against Jackson', () => {
  const documents = readdirSync(fixtures).filter((f) => f.startsWith('random-') && f.endsWith('.json'));

  it.each(documents)('decodes %s as JSON.parse reads its JSON text (names shared, string values shared or not)', (jsonName) => {
    const expected: unknown = JSON.parse(read(jsonName).toString('utf8'));
    const base = path.basename(jsonName, '.json');
    expect(parseSmileBytes(read(`${base}.smile`))).toEqual(expected);
    expect(parseSmileBytes(read(`${base}-shared-values.smile`))).toEqual(expected);
  });

  it('keeps own __proto__ members as JSON.parse does', () => {
    const decoded = parseSmileBytes(read('random-0.smile'));
    const expected = JSON.parse(read('random-0.json').toString('utf8')) as unknown;
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });

  it.each(['numbers.smile', 'numbers-seven-bit.smile'])('decodes floats, doubles, longs, big numbers and binary (%s) as the JSON text of the same values', (name) => {
    const expected = JSON.parse(read('numbers.json').toString('utf8')) as Record<string, unknown[]>;
    const decoded = parseSmileBytes(read(name)) as Record<string, unknown[]>;
    expect(decoded).toEqual(expected);
    // -0 survives (toEqual does not tell 0 from -0).
    expect(Object.is(decoded.doubles[4], -0)).toBe(true);
  });

  it.each(readdirSync(elasticsearchFixtures).filter((f) => f.endsWith('.json') && f !== 'errors.json'))('decodes the response of %s', (file) => {
    const fixture = JSON.parse(readFileSync(path.join(elasticsearchFixtures, file), 'utf8')) as { response: unknown };
    expect(parseSmileBytes(read(`response-${path.basename(file, '.json')}.smile`))).toEqual(fixture.response);
  });
});

describe('parseSmileBytes on bad input', () => {
  const valid = read('response-es-8-windows.smile');

  it('refuses bytes without the Smile header, or of another version', () => {
    expect(() => parseSmileBytes(Buffer.from('{"a":1}'))).toThrow(SmileSyntaxError);
    const otherVersion = Buffer.from(valid);
    otherVersion[3] |= 0x10;
    expect(() => parseSmileBytes(otherVersion)).toThrow(/version/);
  });

  it('refuses every truncation with a SmileSyntaxError naming an offset, never another error', () => {
    for (let length = 0; length < valid.length; length++) {
      let error: unknown;
      try {
        parseSmileBytes(valid.subarray(0, length));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SmileSyntaxError);
    }
  });

  it('never crashes on corrupted bytes: a value or a SmileSyntaxError', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const corrupted = Buffer.from(valid);
      const at = 4 + Math.floor(random() * (corrupted.length - 4));
      corrupted[at] = Math.floor(random() * 256);
      try {
        parseSmileBytes(corrupted);
      } catch (error) {
        expect(error).toBeInstanceOf(SmileSyntaxError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses references to names or strings never written, and trailing data', () => {
    // Header (shared names only), START_OBJECT, a reference to name 5, which does not exist.
    expect(() => parseSmileBytes(Buffer.from([0x3a, 0x29, 0x0a, 0x01, 0xfa, 0x45, 0x21, 0xfb]))).toThrow(/member name 5/);
    // A shared string value reference without the header flag that allows them.
    expect(() => parseSmileBytes(Buffer.from([0x3a, 0x29, 0x0a, 0x01, 0x01]))).toThrow(/string value 0/);
    // `null`, then another value.
    expect(() => parseSmileBytes(Buffer.from([0x3a, 0x29, 0x0a, 0x01, 0x21, 0x21]))).toThrow(/after the Smile value/);
    // `null` and the optional end-of-content marker.
    expect(parseSmileBytes(Buffer.from([0x3a, 0x29, 0x0a, 0x01, 0x21, 0xff]))).toBeNull();
  });

  it('refuses nesting deeper than any answer, without exhausting the stack', () => {
    const deep = Buffer.concat([Buffer.from([0x3a, 0x29, 0x0a, 0x01]), Buffer.alloc(100_000, 0xf8), Buffer.alloc(100_000, 0xf9)]);
    expect(() => parseSmileBytes(deep)).toThrow(/nesting deeper/);
  });

  it('isSmile tells Smile from JSON by the header', () => {
    expect(isSmile(valid)).toBe(true);
    expect(isSmile(Buffer.from('{}'))).toBe(false);
  });
});

describe('packers', () => {
  const counts = (reader: SmileReader): unknown => {
    // Packs `{"<name>": <count>, …}` into a list of counts, or gives up.
    if (!reader.eat(0xfa)) {
      return NOT_PACKED;
    }
    const packed: number[] = [];
    for (let name = reader.nextName(); name !== undefined; name = reader.nextName()) {
      const count = reader.readCount();
      if (count < 0) {
        return NOT_PACKED;
      }
      packed.push(count);
    }
    return packed;
  };

  it('packs the members they take; what they give up on decodes as usual, after rewinding', () => {
    const document = parseSmileBytes(read('random-0.smile'), { many: counts, again: counts, items: counts }) as Record<string, unknown>;
    const plain = JSON.parse(read('random-0.json').toString('utf8')) as Record<string, unknown>;
    expect(document.many).toEqual(Object.values(plain.many as object));
    expect(document.again).toEqual(Object.values(plain.again as object));
    // `items` is an array: the packer gives up, the value is decoded in full.
    expect(document.items).toEqual(plain.items);
    expect(document.values).toEqual(plain.values);
  });

  it('read string values with readText (short ones from a table) as the plain decoder does, and leave other values alone', () => {
    const texts = (reader: SmileReader): unknown => {
      if (!reader.eat(0xf8)) {
        return NOT_PACKED;
      }
      const read: unknown[] = [];
      while (!reader.eat(0xf9)) {
        const before = reader.pos;
        const text = reader.readText();
        if (text === undefined) {
          expect(reader.pos).toBe(before);
          read.push(reader.value());
        } else {
          read.push(text);
        }
      }
      return read;
    };
    for (const name of ['random-0', 'random-1', 'random-2']) {
      const plain = JSON.parse(read(`${name}.json`).toString('utf8')) as unknown;
      // `values` repeats 1100 short strings (shared by reference in the -shared-values encoding); `items` mixes kinds.
      for (const file of [`${name}.smile`, `${name}-shared-values.smile`]) {
        expect(parseSmileBytes(read(file), { values: texts, items: texts })).toEqual(plain);
      }
    }
  });

  it('when a packer gives up after the shared-name table was emptied, the document is read again without packers', () => {
    const givesUpAtTheEnd = (reader: SmileReader): unknown => {
      counts(reader);
      return NOT_PACKED;
    };
    const plain = JSON.parse(read('random-0.json').toString('utf8')) as unknown;
    expect(parseSmileBytes(read('random-0.smile'), { many: givesUpAtTheEnd })).toEqual(plain);
  });
});

describe('readCountRun', () => {
  /** Names `n<i>` tagged i, `count` tagged -3. */
  const tagger = (name: string) => (name === 'count' ? -3 : /^n\d+$/.test(name) ? Number(name.slice(1)) : -1);
  const run = (reader: SmileReader): unknown => {
    if (!reader.eat(0xfa)) {
      return NOT_PACKED;
    }
    const counts: number[] = [];
    const first = reader.readCountRun(-3, counts);
    return first < 0 ? NOT_PACKED : { first, counts };
  };
  const members = (from: number, counts: number[]) => Object.fromEntries(counts.map((count, i) => [`n${from + i}`, { count }]));
  /** Smile of `{"pad": {…names…}, "run": [<objects>]}`: `pad` fills the name table so later names need long references. */
  const document = (runs: Array<Record<string, unknown>>, padding = 0) =>
    toSmile({ pad: Object.fromEntries(Array.from({ length: padding }, (_, i) => [`p${i}`, i])), run: runs } as never);

  it('reads every count size, first seen or referred to by one or two bytes', () => {
    const counts = [0, 15, 16, 31, 32, 4095, 4096, 2 ** 31 - 1, 2 ** 31, 2 ** 40];
    for (const padding of [0, 100]) {
      const runs = [members(3, counts), members(3, counts), members(0, [7])];
      const decoded = parseSmileBytes(document(runs, padding), { run: (reader) => (reader.eat(0xf8) ? readAll(reader) : NOT_PACKED) }, tagger);
      expect(decoded).toEqual({ pad: expect.any(Object), run: [{ first: 3, counts }, { first: 3, counts }, { first: 0, counts: [7] }] });
    }
  });

  function readAll(reader: SmileReader): unknown {
    const read: unknown[] = [];
    while (!reader.eat(0xf9)) {
      const value = run(reader);
      if (value === NOT_PACKED) {
        return NOT_PACKED;
      }
      read.push(value);
    }
    return read;
  }

  it.each([
    ['bins out of order', { n1: { count: 1 }, n3: { count: 2 } }],
    ['a negative count', { n1: { count: -1 } }],
    ['a fractional count', { n1: { count: 1.5 } }],
    ['another member in a bucket', { n1: { count: 1, other: 2 } }],
    ['a bucket without its count', { n1: {} }],
    ['an untagged name', { x: { count: 1 } }],
  ])('gives up on %s (the value then decodes plainly)', (_, value) => {
    const bytes = document([members(0, [1, 2]), value, members(0, [1, 2])]);
    expect(parseSmileBytes(bytes, { run: (reader) => (reader.eat(0xf8) ? readAll(reader) : NOT_PACKED) }, tagger)).toEqual({
      pad: {},
      run: [members(0, [1, 2]), value, members(0, [1, 2])],
    });
  });
});
