/**
 * Decoder for Smile, the binary form of JSON that Elasticsearch and OpenSearch answer in when asked
 * (`format=smile`): the same values, with member names written once and then referred to by a one- or
 * two-byte index, and integers in binary. A drift answer of half a million `{"doc_count": n}` buckets is
 * about a quarter of its JSON size this way, and reading it needs no text-to-number conversion.
 *
 * Format: the Smile specification 1.0 (github.com/FasterXML/smile-format-specification), as Jackson, which
 * Elasticsearch uses, writes it: a 4-byte header (`:)\n` + flags), then tokens. Every value decodes to exactly
 * what `JSON.parse` returns for the JSON text of the same document (Jackson's JSON writer): integers beyond
 * 2^53 round as JSON.parse rounds them, 32-bit floats become the double their Java spelling (the fewest digits,
 * at least two, that read back as the same float) parses to, binary values become base64 strings. As with `parseJsonBytes`, "packers" may read chosen members
 * straight into compact forms; malformed input is a `SmileSyntaxError` naming the byte offset, never a crash.
 */
import { keepShape } from '../shapes';
import { NOT_PACKED } from './byteJson';

export class SmileSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(`${message} at byte ${offset} of the Smile answer`);
  }
}

/** Reads one member value in a compact form, or returns `NOT_PACKED` (see byteJson.ts). */
export type SmilePacker = (reader: SmileReader) => unknown;
export type SmilePackers = Readonly<Record<string, SmilePacker>>;

/**
 * A number for a member name (-1: nothing special), computed once per name written rather than once per
 * reference to it: packers compare member names as numbers (`SmileReader.nextNameTag`).
 */
export type NameTagger = (name: string) => number;
/** `nextNameTag` at the end of an object. */
export const END_OF_OBJECT_TAG = -2;
const untagged: NameTagger = () => -1;
const NAME_END = -1;
const NAME_UNSHARED = -2;

/** The first three bytes of every Smile document: `:)` and a line feed. */
const MAGIC = [0x3a, 0x29, 0x0a];
const HEADER_SHARED_NAMES = 0x01;
const HEADER_SHARED_VALUES = 0x02;

export const START_ARRAY = 0xf8;
export const END_ARRAY = 0xf9;
export const START_OBJECT = 0xfa;
/** END_OBJECT in key mode (where a member name would come). */
export const END_OBJECT = 0xfb;
const END_OF_STRING = 0xfc;
const RAW_BINARY = 0xfd;
const END_OF_CONTENT = 0xff;

const SMALL_INT = 0xc0;
const INT32 = 0x24;
const INT64 = 0x25;
const BIG_INTEGER = 0x26;
const FLOAT32 = 0x28;
const FLOAT64 = 0x29;
const BIG_DECIMAL = 0x2a;

/** Both shared-string tables hold at most this many entries; the next one empties them (Smile 1.0, §4). */
const MAX_SHARED = 1024;
/** Slots of `readText`'s table of short strings (a power of two). */
const TEXT_TABLE_SIZE = 1024;
/** As in parseJsonBytes: deeper than any answer; a hostile body must not exhaust the stack. */
const MAX_DEPTH = 512;
/** Variable-length integers accumulate exactly in a double below this; beyond, they are read as bigints. */
const EXACT_LIMIT = 2 ** 53;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isSmile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === MAGIC[0] && bytes[1] === MAGIC[1] && bytes[2] === MAGIC[2];
}

/** Thrown (and caught by `parseSmileBytes`) when a packer gave up after a shared-name table was emptied. */
class CannotRewind extends Error {}

/** Where a packer started, to go back to when it gives up. */
export interface SmileMark {
  pos: number;
  names: number;
  values: number;
  flushes: number;
}

export class SmileReader {
  pos = 0;
  bytes: Uint8Array = new Uint8Array(0);
  private buffer: Buffer = Buffer.alloc(0);
  private readonly names: string[] = new Array<string>(MAX_SHARED);
  private readonly nameTags = new Int32Array(MAX_SHARED);
  private nameCount = 0;
  private tagger: NameTagger = untagged;
  /** The name `readNameToken` read when it is not in the table. */
  private unsharedName = '';
  private readonly values: string[] = new Array<string>(MAX_SHARED);
  /** Short ASCII string values met before (see `readText`), by a hash of their bytes. */
  private readonly texts: Array<string | undefined> = new Array<string | undefined>(TEXT_TABLE_SIZE);
  private valueCount = 0;
  /** Whether the writer shared names / string values (header flags); references are errors otherwise. */
  private sharedNames = true;
  private sharedValues = false;
  /** How often a shared table was emptied (a packer cannot rewind across that). */
  private flushes = 0;
  private depth = 0;
  private packers: SmilePackers = {};

  /** Starts on a new document: checks the header, empties the tables. */
  reset(bytes: Uint8Array, packers: SmilePackers, tagger: NameTagger = untagged): void {
    this.tagger = tagger;
    this.bytes = bytes;
    this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.packers = packers;
    this.nameCount = 0;
    this.valueCount = 0;
    this.depth = 0;
    this.flushes = 0;
    if (!isSmile(bytes)) {
      throw new SmileSyntaxError('missing Smile header', 0);
    }
    const flags = bytes[3];
    if (flags >> 4 !== 0) {
      throw new SmileSyntaxError(`unsupported Smile version ${flags >> 4}`, 3);
    }
    this.sharedNames = (flags & HEADER_SHARED_NAMES) !== 0;
    this.sharedValues = (flags & HEADER_SHARED_VALUES) !== 0;
    this.pos = 4;
  }

  /**
   * Drops the document (the reader is shared and must not keep an answer alive). The tables keep only short
   * strings, copies rather than views of the bytes; `texts` is meant to outlive answers.
   */
  release(): void {
    this.bytes = new Uint8Array(0);
    this.buffer = Buffer.alloc(0);
  }

  mark(): SmileMark {
    return { pos: this.pos, names: this.nameCount, values: this.valueCount, flushes: this.flushes };
  }

  /** Back to `mark`; impossible (the whole document is then parsed again without packers) if a table was emptied since. */
  rewind(mark: SmileMark): void {
    if (mark.flushes !== this.flushes) {
      throw new CannotRewind();
    }
    this.pos = mark.pos;
    this.nameCount = mark.names;
    this.valueCount = mark.values;
  }

  /** The byte at the cursor (a value token), or -1 at the end. */
  peek(): number {
    return this.pos < this.bytes.length ? this.bytes[this.pos] : -1;
  }

  /** Consumes `byte` when it comes next. */
  eat(byte: number): boolean {
    if (this.bytes[this.pos] === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  /**
   * The next member name of an object, or undefined at its end (consumed). The cursor must be where a name or
   * the end of the object is: Smile has no separators.
   */
  nextName(): string | undefined {
    const index = this.readNameToken();
    return index >= 0 ? this.names[index] : index === NAME_END ? undefined : this.unsharedName;
  }

  /**
   * The tag (see `NameTagger`) of the next member name, or `END_OF_OBJECT_TAG` at the end of the object (both
   * consumed): a table lookup, no string.
   */
  nextNameTag(): number {
    // A short reference (to one of the first 64 names) is one byte: the common case, looked up inline.
    const shortReference = this.bytes[this.pos] - 0x40;
    if (shortReference >= 0 && shortReference < 64 && shortReference < this.nameCount) {
      this.pos++;
      return this.nameTags[shortReference];
    }
    const index = this.readNameToken();
    return index >= 0 ? this.nameTags[index] : index === NAME_END ? END_OF_OBJECT_TAG : this.tagger(this.unsharedName);
  }

  /**
   * Reads a member name token: the name's index in the shared-name table (after adding a name written here), or
   * `NAME_END` at the end of the object, or `NAME_UNSHARED` for a name kept out of the table (the empty name,
   * names when the writer did not share them), then in `unsharedName`.
   */
  private readNameToken(): number {
    const bytes = this.bytes;
    const start = this.pos;
    if (start >= bytes.length) {
      throw new SmileSyntaxError('unexpected end inside an object', start);
    }
    const token = bytes[start];
    if (token >= 0x40 && token < 0x80) {
      this.pos = start + 1;
      return this.sharedName(token - 0x40, start);
    }
    if (token >= 0x80 && token < 0xf8) {
      // Short names: ASCII 1–64 bytes (0x80–0xBF), possibly multi-byte UTF-8 2–57 bytes (0xC0–0xF7).
      const ascii = token < 0xc0;
      return this.addName(this.prefixedText(start, (token & 0x3f) + (ascii ? 1 : 2), ascii));
    }
    if (token === END_OBJECT) {
      this.pos = start + 1;
      return NAME_END;
    }
    if (token >= 0x30 && token <= 0x33) {
      if (start + 1 >= bytes.length) {
        throw new SmileSyntaxError('truncated member name reference', start);
      }
      this.pos = start + 2;
      return this.sharedName(((token & 0x03) << 8) | bytes[start + 1], start);
    }
    if (token === 0x34) {
      const end = this.endOfString(start + 1);
      this.pos = end + 1;
      return this.addName(this.utf8(start + 1, end, start));
    }
    if (token === 0x20) {
      this.pos = start + 1;
      this.unsharedName = '';
      return NAME_UNSHARED;
    }
    throw new SmileSyntaxError(`invalid member name token 0x${token.toString(16)}`, start);
  }

  /**
   * `{"<name>": <count>}` with a name tagged `tag` and a non-negative integer: the count (consumed), or -1 (the
   * cursor then anywhere). Elasticsearch answers are made of these (`{"doc_count": 7}`).
   */
  readCountObject(tag: number): number {
    if (!this.eat(START_OBJECT) || this.nextNameTag() !== tag) {
      return -1;
    }
    const count = this.readCount();
    return count >= 0 && this.eat(END_OBJECT) ? count : -1;
  }

  /**
   * The rest of an object whose members are named with consecutive tags (the first name at the cursor), each
   * `{"<name tagged countTag>": <count>}`: the counts pushed onto `counts`, the first member's tag returned, the
   * object's end consumed; -1 for anything else (the cursor then anywhere). Elasticsearch's keyed range buckets
   * are such objects, half a million of them in a big answer (`nextNameTag` and `readCount` read their usual
   * spelling, one-byte references and short counts, without a general loop).
   */
  readCountRun(countTag: number, counts: number[]): number {
    const first = this.nextNameTag();
    if (first < 0) {
      return -1;
    }
    for (let expected = first + 1; ; expected++) {
      const count = this.readCountObject(countTag);
      if (count < 0) {
        return -1;
      }
      counts.push(count);
      const next = this.nextNameTag();
      if (next === END_OF_OBJECT_TAG) {
        return first;
      }
      if (next !== expected) {
        return -1;
      }
    }
  }

  /**
   * A non-negative integer value (what a `doc_count` is) at the cursor, consumed; -1 (cursor unmoved) for any
   * other value, so packers take only what they can store exactly.
   */
  readCount(): number {
    const bytes = this.bytes;
    const token = bytes[this.pos];
    if (token >= SMALL_INT && token < 0xe0) {
      // Zigzag: even codes are the non-negative values.
      if ((token & 1) !== 0) {
        return -1;
      }
      this.pos++;
      return (token & 0x1f) >> 1;
    }
    if (token !== INT32 && token !== INT64) {
      return -1;
    }
    // Counts below 2048 (one or two bytes after the token) without the general loop: most counts of an answer.
    const first = bytes[this.pos + 1];
    if (first >= 0x80 && first < 0xc0 && (first & 1) === 0) {
      this.pos += 2;
      return (first & 0x3f) >> 1;
    }
    const second = bytes[this.pos + 2];
    if (first < 0x80 && second >= 0x80 && second < 0xc0 && (second & 1) === 0) {
      this.pos += 3;
      return (first * 64 + (second & 0x3f)) / 2;
    }
    const start = this.pos;
    this.pos++;
    const zigzag = this.readVInt(token === INT32 ? 5 : 10, start);
    if (typeof zigzag !== 'number' || zigzag % 2 !== 0) {
      this.pos = start;
      return -1;
    }
    return zigzag / 2;
  }

  /**
   * A string value at the cursor (consumed), or undefined (cursor unmoved) for any other value. Short ASCII
   * strings, such as the category names repeated in every time bucket of an answer, come from a small table
   * instead of being made again each time.
   */
  readText(): string | undefined {
    const bytes = this.bytes;
    const start = this.pos;
    const token = bytes[start];
    if (token >= 0x40 && token < 0x80 && !this.sharedValues) {
      const end = start + 1 + (token & 0x3f) + 1;
      if (end > bytes.length) {
        throw new SmileSyntaxError('truncated string', start);
      }
      let hash = token;
      for (let i = start + 1; i < end; i++) {
        hash = (Math.imul(hash, 31) + bytes[i]) | 0;
      }
      const slot = hash & (TEXT_TABLE_SIZE - 1);
      const cached = this.texts[slot];
      this.pos = end;
      if (cached !== undefined && cached.length === end - start - 1 && this.sameText(cached, start + 1)) {
        return cached;
      }
      const text = this.latin1(start + 1, end);
      this.texts[slot] = text;
      return text;
    }
    const isText = (token >= 0x01 && token < 0x20) || token === 0x20 || (token >= 0x40 && token < 0xc0) || token === 0xe0 || token === 0xe4 || (token >= 0xec && token <= 0xef);
    return isText ? (this.value() as string) : undefined;
  }

  private sameText(text: string, from: number): boolean {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== this.bytes[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** The value at the cursor, decoded as JSON.parse would read its JSON text (members offered to the packers first). */
  value(): unknown {
    const bytes = this.bytes;
    const start = this.pos;
    if (start >= bytes.length) {
      throw new SmileSyntaxError('unexpected end', start);
    }
    const token = bytes[start];
    this.pos = start + 1;
    if (token >= SMALL_INT && token < 0xe0) {
      const zigzag = token & 0x1f;
      return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    }
    if (token >= 0x40 && token < 0xc0) {
      // Tiny and short strings: ASCII 1–64 bytes (0x40–0x7F), UTF-8 2–65 bytes (0x80–0xBF).
      const ascii = token < 0x80;
      const text = this.prefixedText(start, (token & 0x3f) + (ascii ? 1 : 2), ascii);
      if (this.sharedValues) {
        this.addValue(text);
      }
      return text;
    }
    switch (token) {
      case START_OBJECT:
        return this.object(start);
      case START_ARRAY:
        return this.array(start);
      case INT32:
      case INT64:
        return this.readSigned(token === INT32 ? 5 : 10, start);
      case FLOAT64:
        return this.readFloat64(start);
      case FLOAT32:
        return this.readFloat32(start);
      case BIG_INTEGER:
        return Number(this.readBigInteger(start));
      case BIG_DECIMAL:
        return this.readBigDecimal(start);
      case 0x20:
        return '';
      case 0x21:
        return null;
      case 0x22:
        return false;
      case 0x23:
        return true;
      case 0xe0:
      case 0xe4: {
        // Long strings (ASCII, UTF-8), ended by 0xFC; never shared.
        const end = this.endOfString(start + 1);
        this.pos = end + 1;
        return token === 0xe0 ? this.latin1Checked(start + 1, end) : this.utf8(start + 1, end, start);
      }
      case 0xe8:
        return this.readSevenBitBinary(start).toString('base64');
      case RAW_BINARY: {
        const length = this.readLength(start);
        const end = this.pos + length;
        if (end > bytes.length) {
          throw new SmileSyntaxError('truncated binary value', start);
        }
        this.pos = end;
        return this.buffer.toString('base64', end - length, end);
      }
      default:
        if (token >= 0x01 && token <= 0x1f) {
          return this.sharedValue(token - 1, start);
        }
        if (token >= 0xec && token <= 0xef) {
          if (start + 1 >= bytes.length) {
            throw new SmileSyntaxError('truncated string reference', start);
          }
          this.pos = start + 2;
          return this.sharedValue(((token & 0x03) << 8) | bytes[start + 1], start);
        }
        throw new SmileSyntaxError(`invalid value token 0x${token.toString(16)}`, start);
    }
  }

  /** After the document's value: nothing, or the optional end-of-content marker. */
  finish(): void {
    if (this.pos < this.bytes.length && this.bytes[this.pos] === END_OF_CONTENT) {
      this.pos++;
    }
    if (this.pos !== this.bytes.length) {
      throw new SmileSyntaxError('unexpected data after the Smile value', this.pos);
    }
  }

  private object(start: number): Record<string, unknown> {
    this.enter(start);
    const object: Record<string, unknown> = {};
    for (let name = this.nextName(); name !== undefined; name = this.nextName()) {
      const value = this.memberValue(name);
      if (name === '__proto__') {
        // An own member, as JSON.parse makes it; assignment would replace the object's prototype.
        Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
      } else {
        object[name] = value;
      }
    }
    this.depth--;
    return object;
  }

  private memberValue(name: string): unknown {
    // Own properties only: a member named "constructor" must not find Object.prototype's.
    const packer = Object.prototype.hasOwnProperty.call(this.packers, name) ? this.packers[name] : undefined;
    if (packer) {
      const mark = this.mark();
      const packed = packer(this);
      if (packed !== NOT_PACKED) {
        return packed;
      }
      this.rewind(mark);
    }
    return this.value();
  }

  private array(start: number): unknown[] {
    this.enter(start);
    const array: unknown[] = [];
    while (!this.eat(END_ARRAY)) {
      array.push(this.value());
    }
    this.depth--;
    return array;
  }

  private enter(start: number): void {
    if (++this.depth > MAX_DEPTH) {
      throw new SmileSyntaxError(`nesting deeper than ${MAX_DEPTH}`, start);
    }
  }

  private sharedName(index: number, at: number): number {
    if (!this.sharedNames || index >= this.nameCount) {
      throw new SmileSyntaxError(`reference to member name ${index}, which was not written`, at);
    }
    return index;
  }

  private addName(name: string): number {
    if (!this.sharedNames) {
      this.unsharedName = name;
      return NAME_UNSHARED;
    }
    if (this.nameCount === MAX_SHARED) {
      this.nameCount = 0;
      this.flushes++;
    }
    this.nameTags[this.nameCount] = this.tagger(name);
    this.names[this.nameCount] = name;
    return this.nameCount++;
  }

  private sharedValue(index: number, at: number): string {
    if (!this.sharedValues || index >= this.valueCount) {
      throw new SmileSyntaxError(`reference to string value ${index}, which was not written`, at);
    }
    return this.values[index];
  }

  private addValue(text: string): void {
    if (this.valueCount === MAX_SHARED) {
      this.valueCount = 0;
      this.flushes++;
    }
    this.values[this.valueCount++] = text;
  }

  /** The `length` bytes after the token at `start` as text (consumed): ASCII, or UTF-8. */
  private prefixedText(start: number, length: number, ascii: boolean): string {
    const end = start + 1 + length;
    if (end > this.bytes.length) {
      throw new SmileSyntaxError('truncated string', start);
    }
    this.pos = end;
    return ascii ? this.latin1(start + 1, end) : this.utf8(start + 1, end, start);
  }

  /** Where the 0xFC ending a long string is. */
  private endOfString(from: number): number {
    const end = this.bytes.indexOf(END_OF_STRING, from);
    if (end < 0) {
      throw new SmileSyntaxError('unterminated string', from - 1);
    }
    return end;
  }

  /**
   * An unsigned variable-length integer: 7 bits per byte, most significant first, the last byte marked by its
   * high bit and carrying 6 bits. Returned as a double when exact (below 2^53), else as a bigint.
   */
  private readVInt(maxBytes: number, tokenAt: number): number | bigint {
    const bytes = this.bytes;
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < maxBytes; i++) {
      const byte = bytes[this.pos++];
      if (byte === undefined) {
        throw new SmileSyntaxError('truncated number', tokenAt);
      }
      if (byte >= 0x80) {
        if (byte >= 0xc0) {
          throw new SmileSyntaxError('invalid number', tokenAt);
        }
        value = value * 64 + (byte & 0x3f);
        return value < EXACT_LIMIT ? value : this.bigVInt(start, this.pos);
      }
      value = value * 128 + byte;
    }
    throw new SmileSyntaxError('number longer than its type allows', tokenAt);
  }

  /** The variable-length integer in [start, end) exactly. */
  private bigVInt(start: number, end: number): bigint {
    let value = 0n;
    for (let i = start; i < end - 1; i++) {
      value = (value << 7n) | BigInt(this.bytes[i]);
    }
    return (value << 6n) | BigInt(this.bytes[end - 1] & 0x3f);
  }

  /** A zigzag-encoded signed integer, as JSON.parse reads its decimal text (rounded to the nearest double beyond 2^53). */
  private readSigned(maxBytes: number, tokenAt: number): number {
    const zigzag = this.readVInt(maxBytes, tokenAt);
    if (typeof zigzag === 'number') {
      // Division, not shifts: exact beyond 2^31.
      return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    }
    return Number(zigzag % 2n === 0n ? zigzag / 2n : -(zigzag + 1n) / 2n);
  }

  /** A length prefix (unsigned, at most 32 bits). */
  private readLength(tokenAt: number): number {
    return Number(this.readVInt(5, tokenAt));
  }

  /** `count` bytes of 7 bits each, most significant first, as an unsigned integer (floats, see below). */
  private sevenBitWord(count: number, tokenAt: number): bigint {
    const bytes = this.bytes;
    if (this.pos + count > bytes.length) {
      throw new SmileSyntaxError('truncated number', tokenAt);
    }
    let word = 0n;
    for (let i = 0; i < count; i++) {
      word = (word << 7n) | BigInt(bytes[this.pos++] & 0x7f);
    }
    return word;
  }

  private readFloat64(tokenAt: number): number {
    const bits = this.sevenBitWord(10, tokenAt) & 0xffff_ffff_ffff_ffffn;
    scratchView.setBigUint64(0, bits);
    return scratchView.getFloat64(0);
  }

  /**
   * A 32-bit float as the double its JSON text parses to: Java spells a float with the fewest digits (at least
   * two) that read back as the same float.
   */
  private readFloat32(tokenAt: number): number {
    const bits = Number(this.sevenBitWord(5, tokenAt) & 0xffff_ffffn);
    scratchView.setUint32(0, bits);
    const single = scratchView.getFloat32(0);
    if (!Number.isFinite(single)) {
      return single;
    }
    for (let digits = 2; digits < 9; digits++) {
      const shortest = Number(single.toPrecision(digits));
      if (Math.fround(shortest) === single) {
        return shortest;
      }
    }
    return Number(single.toPrecision(9));
  }

  /**
   * 7-bit encoded bytes (binary values, big numbers): a length, then each 7 bytes as 8 bytes of 7 bits; a last
   * group of r < 7 bytes as r bytes of 7 bits and one of the r bits left over, right-aligned.
   */
  private readSevenBitBinary(tokenAt: number): Buffer {
    const length = this.readLength(tokenAt);
    const rest = length % 7;
    const encodedLength = length + Math.ceil(length / 7);
    const bytes = this.bytes;
    if (this.pos + encodedLength > bytes.length) {
      throw new SmileSyntaxError('truncated binary value', tokenAt);
    }
    const out = Buffer.alloc(length);
    let pending = 0;
    let bits = 0;
    let written = 0;
    for (let i = 0; i < encodedLength; i++) {
      const width = rest > 0 && i === encodedLength - 1 ? rest : 7;
      pending = ((pending << width) | (bytes[this.pos++] & ((1 << width) - 1))) & 0xffff;
      bits += width;
      if (bits >= 8) {
        bits -= 8;
        out[written++] = (pending >> bits) & 0xff;
      }
    }
    return out;
  }

  /** Java's BigInteger: two's complement big-endian magnitude bytes, 7-bit encoded. */
  private readBigInteger(tokenAt: number): bigint {
    const raw = this.readSevenBitBinary(tokenAt);
    if (raw.length === 0) {
      return 0n;
    }
    let value = BigInt(`0x${raw.toString('hex')}`);
    if (raw[0] >= 0x80) {
      value -= 1n << BigInt(raw.length * 8);
    }
    return value;
  }

  /** Java's BigDecimal: a zigzag scale, then the unscaled BigInteger; value = unscaled × 10^-scale. */
  private readBigDecimal(tokenAt: number): number {
    const scale = this.readSigned(5, tokenAt);
    const unscaled = this.readBigInteger(tokenAt);
    return Number(`${unscaled}e${-scale}`);
  }

  private latin1(start: number, end: number): string {
    return this.buffer.toString('latin1', start, end);
  }

  /** Long ASCII strings are not length-prefixed: check that they are ASCII before reading them as such. */
  private latin1Checked(start: number, end: number): string {
    for (let i = start; i < end; i++) {
      if (this.bytes[i] >= 0x80) {
        return this.utf8(start, end, start - 1);
      }
    }
    return this.latin1(start, end);
  }

  private utf8(start: number, end: number, tokenAt: number): string {
    try {
      return utf8.decode(this.bytes.subarray(start, end));
    } catch {
      throw new SmileSyntaxError('invalid UTF-8 in string', tokenAt);
    }
  }
}

const scratchView = new DataView(new ArrayBuffer(8));
// Made per packer attempt: see shapes.ts.
keepShape<SmileMark>({ pos: 0, names: 0, values: 0, flushes: 0 });

/** One reader for every answer, as with parseJsonBytes (V8 keeps its optimised code between answers). */
const sharedReader = new SmileReader();

/**
 * The document in `bytes` (with its Smile header), as JSON.parse would return its JSON text; packers as in
 * parseJsonBytes, and the `tagger` their member names are tagged with.
 */
export function parseSmileBytes(bytes: Uint8Array, packers: SmilePackers = {}, tagger?: NameTagger): unknown {
  try {
    return readDocument(bytes, packers, tagger);
  } catch (error) {
    if (!(error instanceof CannotRewind)) {
      throw error;
    }
    // A packer gave up after a shared-name table was emptied: read the document again, without packers.
    return readDocument(bytes, {});
  } finally {
    sharedReader.release();
  }
}

function readDocument(bytes: Uint8Array, packers: SmilePackers, tagger?: NameTagger): unknown {
  sharedReader.reset(bytes, packers, tagger);
  const value = sharedReader.value();
  sharedReader.finish();
  return value;
}
