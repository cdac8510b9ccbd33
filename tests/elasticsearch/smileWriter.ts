/**
 * Test support (FakeElasticsearch, the benchmark): JSON values written as Smile the way Elasticsearch writes
 * them (Jackson's SmileGenerator with Elasticsearch's settings: shared member names, no shared string values,
 * raw binary allowed). smileWriter.test.ts holds it to Jackson's own bytes on the reference files in
 * src/backend/upstream/__fixtures__/smile, so answers of the fake cluster are what a real one would send.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HEADER = [0x3a, 0x29, 0x0a, 0x05];
const MAX_SHARED_NAMES = 1024;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2n ** 63n;

class SmileWriter {
  private readonly chunks: number[] = [...HEADER];
  /** Name → index of its last referenceable entry in the shared-name table (as the decoder numbers them). */
  private readonly shared = new Map<string, number>();
  private nameCount = 0;

  bytes(): Buffer {
    return Buffer.from(this.chunks);
  }

  value(value: Json): void {
    if (value === null) {
      this.chunks.push(0x21);
    } else if (typeof value === 'boolean') {
      this.chunks.push(value ? 0x23 : 0x22);
    } else if (typeof value === 'number') {
      this.number(value);
    } else if (typeof value === 'string') {
      this.string(value);
    } else if (Array.isArray(value)) {
      this.chunks.push(0xf8);
      value.forEach((item) => this.value(item));
      this.chunks.push(0xf9);
    } else {
      this.chunks.push(0xfa);
      for (const [name, item] of Object.entries(value)) {
        this.name(name);
        this.value(item);
      }
      this.chunks.push(0xfb);
    }
  }

  private number(value: number): void {
    if (Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) < 2 ** 63) {
      const zigzag = value >= 0 ? BigInt(value) * 2n : BigInt(-value) * 2n - 1n;
      if (value >= INT32_MIN && value <= INT32_MAX) {
        if (zigzag < 32n) {
          this.chunks.push(0xc0 + Number(zigzag));
          return;
        }
        this.chunks.push(0x24);
      } else if (BigInt(value) < INT64_LIMIT) {
        this.chunks.push(0x25);
      }
      this.vint(zigzag);
      return;
    }
    // Doubles: 64 bits, most significant first, 7 to a byte (the first byte holds one).
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    const bits = view.getBigUint64(0);
    this.chunks.push(0x29);
    for (let shift = 63n; shift >= 0n; shift -= 7n) {
      this.chunks.push(Number((bits >> shift) & 0x7fn));
    }
  }

  /** Unsigned variable-length integer: 7 bits per byte, the last byte with its high bit set and 6 bits. */
  private vint(value: bigint): void {
    const groups = [Number(value & 0x3fn) | 0x80];
    for (let rest = value >> 6n; rest > 0n; rest >>= 7n) {
      groups.unshift(Number(rest & 0x7fn));
    }
    this.chunks.push(...groups);
  }

  private string(text: string): void {
    if (text === '') {
      this.chunks.push(0x20);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    const ascii = bytes.length === text.length;
    if (bytes.length <= 64) {
      this.chunks.push((ascii ? 0x40 - 1 : 0x80 - 2) + bytes.length, ...bytes);
    } else {
      this.chunks.push(ascii ? 0xe0 : 0xe4, ...bytes, 0xfc);
    }
  }

  private name(name: string): void {
    if (name === '') {
      this.chunks.push(0x20);
      return;
    }
    const index = this.shared.get(name);
    if (index !== undefined) {
      this.chunks.push(...(index < 64 ? [0x40 + index] : [0x30 + (index >> 8), index & 0xff]));
      return;
    }
    const bytes = Buffer.from(name, 'utf8');
    const ascii = bytes.length === name.length;
    if (name.length <= 64 && (ascii || bytes.length <= 56)) {
      this.chunks.push((ascii ? 0x80 - 1 : 0xc0 - 2) + bytes.length, ...bytes);
    } else {
      this.chunks.push(0x34, ...bytes, 0xfc);
    }
    this.addShared(name);
  }

  private addShared(name: string): void {
    if (this.nameCount === MAX_SHARED_NAMES) {
      this.shared.clear();
      this.nameCount = 0;
    }
    // Jackson never refers to entries whose index ends in 0xFE or 0xFF (those bytes frame Smile streams).
    if ((this.nameCount & 0xff) < 0xfe) {
      this.shared.set(name, this.nameCount);
    }
    this.nameCount++;
  }
}

export function toSmile(value: Json): Buffer {
  const writer = new SmileWriter();
  writer.value(value);
  return writer.bytes();
}
