/**
 * JSON.parse over the raw bytes of an upstream answer, with "packers" for the few member values that repeat
 * hundreds of thousands of times in one answer (Elasticsearch range buckets, Prometheus samples). A packer
 * reads such a value straight into typed arrays instead of one small object (or array) per element, which is
 * where JSON.parse spends its time and the garbage collector its memory on a 10 MiB answer.
 *
 * Everything a packer does not take is parsed into exactly what JSON.parse would return, and input JSON.parse
 * rejects is rejected here too (as a `JsonSyntaxError` naming the byte offset): packing changes the form of a
 * value, never what it says. The differential tests in byteJson.test.ts hold the two parsers to that.
 */

/** What a packer returns when the value at the cursor does not have its shape (the value is parsed as usual). */
export const NOT_PACKED = Symbol('not packed');

/**
 * Reads one member value in a compact form, or returns `NOT_PACKED`. A packer may consume bytes before it
 * gives up: the parser rewinds to where the value started. Parts it does not pack itself it can leave to
 * `reader.parseValue()`.
 */
export type Packer = (reader: JsonByteReader) => unknown;

/** Packers by member name: the value of every member with that name (at any depth) is offered to it first. */
export type Packers = Readonly<Record<string, Packer>>;

export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(`${message} at byte ${offset} of the JSON answer`);
  }
}

/** The structural bytes of JSON, for packers. */
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Deeper nesting than any answer we read; a hostile body must not exhaust the stack. */
const MAX_DEPTH = 512;
/** Integers up to 15 digits are exact in a double: summed digit by digit, without a string. */
const MAX_FAST_DIGITS = 15;

/** Member names interned by `readName`: a power of two, larger than the distinct names of a big answer. */
const NAME_TABLE_SIZE = 4096;
const MAX_INTERNED_LENGTH = 48;

const LITERALS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

const utf8 = new TextDecoder();

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isDigit(byte: number): boolean {
  return byte >= DIGIT_0 && byte <= DIGIT_9;
}

/** Where the run of digits starting at `from` ends. */
export function digitsEnd(bytes: Uint8Array, from: number): number {
  let pos = from;
  while (pos < bytes.length && isDigit(bytes[pos])) {
    pos++;
  }
  return pos;
}

/**
 * The digits [from, end) as a count: at most 15 of them (exact in a double) and no leading zero, else -1. What
 * `readCount` and the packers' byte-level fast paths accept.
 */
export function plainCount(bytes: Uint8Array, from: number, end: number): number {
  const digits = end - from;
  if (digits === 0 || digits > MAX_FAST_DIGITS || (digits > 1 && bytes[from] === DIGIT_0)) {
    return -1;
  }
  let value = 0;
  for (let i = from; i < end; i++) {
    value = value * 10 + (bytes[i] - DIGIT_0);
  }
  return value;
}

/** Whether a JSON number starts with this byte. */
export function isNumberStart(byte: number): boolean {
  return byte === MINUS || isDigit(byte);
}

/** Whether this byte can continue a number (so a count must not be followed by it). */
export function isNumberByte(byte: number): boolean {
  // Digits, '+', '-', '.', 'e', 'E': the grammar is then checked by Number() and the first byte.
  return isDigit(byte) || byte === 0x2b || byte === MINUS || byte === 0x2e || byte === 0x65 || byte === 0x45;
}

/** A cursor over JSON bytes with the primitive reads packers are written with. */
export class JsonByteReader {
  pos = 0;
  /** Parses the value at the cursor as the parser would (with its packers); set by the parser using this reader. */
  parseValue: () => unknown = () => {
    throw new Error('no parser reads with this reader');
  };

  constructor(readonly bytes: Uint8Array) {}

  /** The next byte after whitespace (the cursor stays on it), or -1 at the end. */
  peek(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    while (pos < bytes.length) {
      const byte = bytes[pos];
      // Space, tab, line feed, carriage return: the only whitespace JSON allows.
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
        this.pos = pos;
        return byte;
      }
      pos++;
    }
    this.pos = pos;
    return -1;
  }

  /** Consumes `byte` (after whitespace) when it comes next. */
  eat(byte: number): boolean {
    if (this.peek() === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Consumes a string token whose content is exactly `ascii` (no escapes), e.g. a member name. */
  eatString(ascii: Uint8Array): boolean {
    if (this.peek() !== QUOTE) {
      return false;
    }
    const bytes = this.bytes;
    const start = this.pos + 1;
    if (start + ascii.length >= bytes.length || bytes[start + ascii.length] !== QUOTE) {
      return false;
    }
    for (let i = 0; i < ascii.length; i++) {
      if (bytes[start + i] !== ascii[i]) {
        return false;
      }
    }
    this.pos = start + ascii.length + 1;
    return true;
  }

  /**
   * A non-negative integer of at most 15 digits written plainly (no sign, fraction or exponent), or -1 (cursor
   * unmoved) for anything else, so that packers only take the values they can read exactly. Reads at the
   * cursor, without skipping whitespace first (the digits may be inside a string).
   */
  readCount(): number {
    const bytes = this.bytes;
    const end = digitsEnd(bytes, this.pos);
    const value = plainCount(bytes, this.pos, end);
    if (value < 0 || (end < bytes.length && isNumberByte(bytes[end]))) {
      return -1;
    }
    this.pos = end;
    return value;
  }

  /** Any JSON number, as JSON.parse reads it. */
  readNumber(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let integer = true;
    while (pos < bytes.length && isNumberByte(bytes[pos])) {
      if (!isDigit(bytes[pos]) && !(pos === start && bytes[pos] === MINUS)) {
        integer = false;
      }
      pos++;
    }
    const negative = bytes[start] === MINUS;
    const first = negative ? start + 1 : start;
    const digits = pos - first;
    // JSON has no '+', no bare '.', no leading zeros; Number() would accept all three.
    if (digits === 0 || !isDigit(bytes[first]) || (bytes[first] === DIGIT_0 && pos > first + 1 && isDigit(bytes[first + 1]))) {
      throw new JsonSyntaxError('invalid number', start);
    }
    this.pos = pos;
    if (integer && digits <= MAX_FAST_DIGITS) {
      let value = 0;
      for (let i = first; i < pos; i++) {
        value = value * 10 + (bytes[i] - DIGIT_0);
      }
      return negative ? -value : value;
    }
    const text = ascii(bytes, start, pos);
    const value = Number(text);
    const fraction = text.indexOf('.');
    // Number() also takes '1.' and '1.e5'; JSON wants a digit after the point, and one after the exponent mark.
    if (Number.isNaN(value) || (fraction >= 0 && !isDigit(text.charCodeAt(fraction + 1))) || /[eE][+-]?$/.test(text)) {
      throw new JsonSyntaxError('invalid number', start);
    }
    return value;
  }

  /** A string token (the cursor on its opening quote), decoded as JSON.parse decodes it. */
  readString(): string {
    const text = stringAt(this.bytes, this.pos);
    this.pos = tokenEnd;
    return text;
  }

  /** A string that repeats across an answer (see `nameAt`), the cursor on its opening quote. */
  readName(): string {
    const name = nameAt(this.bytes, this.pos);
    this.pos = tokenEnd;
    return name;
  }
}

/**
 * Free functions rather than reader methods, for readers whose loops must not depend on a per-answer object
 * (see elasticsearch/bucketScan.ts): where the string token read last by `stringAt` or `nameAt` ended.
 */
let tokenEnd = 0;

/** The position after the string token read last by `stringAt` or `nameAt`. */
export function afterToken(): number {
  return tokenEnd;
}

/**
 * Bytes known to be ASCII as a string. Node's latin1 decoding (ASCII is latin1) makes a flat string in one
 * native call; a loop of `fromCharCode` took twice as long for the ~200,000 sample values of a big answer.
 */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  return asBuffer(bytes).toString('latin1', start, end);
}

/** The string token whose opening quote is at `quote`, decoded as JSON.parse decodes it (its end in `afterToken()`). */
export function stringAt(bytes: Uint8Array, quote: number): string {
  const start = quote + 1;
  let pos = start;
  let plainAscii = true;
  let escaped = false;
  for (;;) {
    if (pos >= bytes.length) {
      throw new JsonSyntaxError('unterminated string', quote);
    }
    const byte = bytes[pos];
    if (byte === QUOTE) {
      break;
    }
    if (byte < 0x20) {
      throw new JsonSyntaxError('control character in string', pos);
    }
    if (byte === BACKSLASH) {
      escaped = true;
      pos += 2;
      continue;
    }
    if (byte >= 0x80) {
      plainAscii = false;
    }
    pos++;
  }
  tokenEnd = pos + 1;
  if (!escaped) {
    return plainAscii ? ascii(bytes, start, pos) : utf8.decode(bytes.subarray(start, pos));
  }
  // Escapes are rare in answers (hostile label values, odd category names): JSON.parse decodes them exactly.
  try {
    return JSON.parse(utf8.decode(bytes.subarray(quote, pos + 1))) as string;
  } catch {
    throw new JsonSyntaxError('invalid escape in string', quote);
  }
}

/**
 * Names interned by `nameAt`, shared by every answer: a power of two, larger than the distinct names of a big
 * answer. Bounded (one short string a slot), so what it keeps between answers is a few hundred kilobytes at most.
 */
const names: Array<string | undefined> = new Array<string | undefined>(NAME_TABLE_SIZE);

/**
 * A string that repeats across an answer (member names, which recur in every bucket, and keys such as category
 * names), its opening quote at `quote`. Short plain ones are looked up in a small table instead of being
 * allocated again each time; anything else is read as `stringAt` reads it. Its end in `afterToken()`.
 */
export function nameAt(bytes: Uint8Array, quote: number): string {
  const start = quote + 1;
  let hash = 0;
  let pos = start;
  for (; pos < bytes.length && pos - start <= MAX_INTERNED_LENGTH; pos++) {
    const byte = bytes[pos];
    if (byte === QUOTE) {
      break;
    }
    if (byte === BACKSLASH || byte < 0x20 || byte >= 0x80) {
      return stringAt(bytes, quote);
    }
    hash = (Math.imul(hash, 31) + byte) | 0;
  }
  if (pos >= bytes.length || bytes[pos] !== QUOTE) {
    return stringAt(bytes, quote);
  }
  const slot = hash & (NAME_TABLE_SIZE - 1);
  const cached = names[slot];
  tokenEnd = pos + 1;
  if (cached !== undefined && cached.length === pos - start) {
    let same = true;
    for (let i = 0; i < cached.length; i++) {
      if (cached.charCodeAt(i) !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) {
      return cached;
    }
  }
  const name = ascii(bytes, start, pos);
  names[slot] = name;
  return name;
}

class Parser {
  /** Containers open around the cursor. */
  private depth = 0;

  constructor(
    private readonly reader: JsonByteReader,
    private readonly packers: Packers
  ) {
    reader.parseValue = () => this.value();
  }

  value(): unknown {
    const reader = this.reader;
    const byte = reader.peek();
    if (byte === OPEN_BRACE) {
      return this.object();
    }
    if (byte === OPEN_BRACKET) {
      return this.array();
    }
    if (byte === QUOTE) {
      return reader.readString();
    }
    if (isNumberStart(byte)) {
      return reader.readNumber();
    }
    for (const [word, literal] of LITERALS) {
      if (this.literalAt(word)) {
        reader.pos += word.length;
        return literal;
      }
    }
    throw new JsonSyntaxError(byte < 0 ? 'unexpected end' : `unexpected ${JSON.stringify(String.fromCharCode(byte))}`, reader.pos);
  }

  private literalAt(word: string): boolean {
    const { bytes, pos } = this.reader;
    for (let i = 0; i < word.length; i++) {
      if (bytes[pos + i] !== word.charCodeAt(i)) {
        return false;
      }
    }
    return true;
  }

  private object(): Record<string, unknown> {
    const reader = this.reader;
    this.enter();
    reader.pos++;
    const object: Record<string, unknown> = {};
    if (reader.eat(CLOSE_BRACE)) {
      this.depth--;
      return object;
    }
    for (;;) {
      if (reader.peek() !== QUOTE) {
        throw new JsonSyntaxError('expected a member name', reader.pos);
      }
      const name = reader.readName();
      if (!reader.eat(COLON)) {
        throw new JsonSyntaxError("expected ':'", reader.pos);
      }
      const value = this.memberValue(name);
      if (name === '__proto__') {
        // An own member, as JSON.parse makes it; assignment would replace the object's prototype.
        Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
      } else {
        object[name] = value;
      }
      if (reader.eat(CLOSE_BRACE)) {
        this.depth--;
        return object;
      }
      if (!reader.eat(COMMA)) {
        throw new JsonSyntaxError("expected ',' or '}'", reader.pos);
      }
    }
  }

  private memberValue(name: string): unknown {
    // Own properties only: a member named "constructor" must not find Object.prototype's.
    const packer = Object.prototype.hasOwnProperty.call(this.packers, name) ? this.packers[name] : undefined;
    if (packer) {
      const reader = this.reader;
      reader.peek();
      const start = reader.pos;
      const packed = packer(reader);
      if (packed !== NOT_PACKED) {
        return packed;
      }
      reader.pos = start;
    }
    return this.value();
  }

  private array(): unknown[] {
    const reader = this.reader;
    this.enter();
    reader.pos++;
    const array: unknown[] = [];
    if (reader.eat(CLOSE_BRACKET)) {
      this.depth--;
      return array;
    }
    for (;;) {
      array.push(this.value());
      if (reader.eat(CLOSE_BRACKET)) {
        this.depth--;
        return array;
      }
      if (!reader.eat(COMMA)) {
        throw new JsonSyntaxError("expected ',' or ']'", reader.pos);
      }
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH}`, this.reader.pos);
    }
  }
}

/** JSON.parse of UTF-8 bytes (a leading byte-order mark is refused, as JSON.parse refuses U+FEFF), with packers. */
export function parseJsonBytes(bytes: Uint8Array, packers: Packers = {}): unknown {
  const reader = new JsonByteReader(bytes);
  const value = new Parser(reader, packers).value();
  if (reader.peek() !== -1) {
    throw new JsonSyntaxError('unexpected data after the JSON value', reader.pos);
  }
  return value;
}

/** The bytes of an ASCII member name, for `JsonByteReader.eatString`. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
