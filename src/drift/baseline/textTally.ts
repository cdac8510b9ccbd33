/**
 * Counts of distinct texts, for pass 1's category tally. A text is given as a span of a larger string (a CSV
 * chunk), so a cell is counted without a string being cut for it: its characters are hashed and compared in
 * place, and copied into one growing character buffer only the first time they are seen. Strings are made only
 * when the counts are read (rarely: a column that turns out categorical). A `Map<string, number>` did the same
 * with one string and map entry per cell, which was most of the cost of the first 10 000 rows of a numeric
 * column (its tally runs until it has seen that many distinct values).
 */

const EMPTY = -1;
const INITIAL_SLOTS = 64;

export class TextTally {
  /** Characters of every distinct text, one after the other. */
  private chars = new Uint16Array(1024);
  private charsUsed = 0;
  private starts = new Int32Array(INITIAL_SLOTS / 2);
  private lengths = new Int32Array(INITIAL_SLOTS / 2);
  private counts = new Float64Array(INITIAL_SLOTS / 2);
  private hashes = new Int32Array(INITIAL_SLOTS / 2);
  /** Open addressing, linear probing: entry index per slot, or EMPTY. At most half full. */
  private slots = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
  size = 0;

  /** Counts `text[start, end)` once. */
  add(text: string, start = 0, end = text.length): void {
    const hash = hashOf(text, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === EMPTY) {
        this.slots[slot] = this.insert(text, start, end, hash);
        if (this.size * 2 > this.slots.length) {
          this.rehash();
        }
        return;
      }
      if (this.hashes[entry] === hash && this.sameText(entry, text, start, end)) {
        this.counts[entry]++;
        return;
      }
    }
  }

  /** The texts and their counts, in the order first seen. */
  entries(): Array<[string, number]> {
    const result: Array<[string, number]> = [];
    for (let entry = 0; entry < this.size; entry++) {
      const from = this.starts[entry];
      result.push([textOf(this.chars.subarray(from, from + this.lengths[entry])), this.counts[entry]]);
    }
    return result;
  }

  private sameText(entry: number, text: string, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[entry] !== length) {
      return false;
    }
    const from = this.starts[entry];
    for (let k = 0; k < length; k++) {
      if (this.chars[from + k] !== text.charCodeAt(start + k)) {
        return false;
      }
    }
    return true;
  }

  private insert(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    while (this.charsUsed + length > this.chars.length) {
      this.chars = grown(this.chars, new Uint16Array(this.chars.length * 2));
    }
    for (let k = 0; k < length; k++) {
      this.chars[this.charsUsed + k] = text.charCodeAt(start + k);
    }
    if (this.size === this.starts.length) {
      const capacity = this.size * 2;
      this.starts = grown(this.starts, new Int32Array(capacity));
      this.lengths = grown(this.lengths, new Int32Array(capacity));
      this.counts = grown(this.counts, new Float64Array(capacity));
      this.hashes = grown(this.hashes, new Int32Array(capacity));
    }
    const entry = this.size++;
    this.starts[entry] = this.charsUsed;
    this.lengths[entry] = length;
    this.counts[entry] = 1;
    this.hashes[entry] = hash;
    this.charsUsed += length;
    return entry;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry] & mask;
      while (this.slots[slot] !== EMPTY) {
        slot = (slot + 1) & mask;
      }
      this.slots[slot] = entry;
    }
  }
}

/** FNV-1a over the UTF-16 code units, finished with a multiply-shift so short numeric texts spread over the table. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let k = start; k < end; k++) {
    hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  }
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}

/** The string of some UTF-16 code units, a bounded number per call (a long cell must not overflow the stack). */
function textOf(units: Uint16Array): string {
  const step = 4096;
  let text = '';
  for (let from = 0; from < units.length; from += step) {
    text += String.fromCharCode(...units.subarray(from, from + step));
  }
  return text;
}

function grown<T extends Int32Array | Float64Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
