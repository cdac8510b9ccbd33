/**
 * In-place ascending sort of finite doubles, in exactly the order `Float64Array.prototype.sort()` gives (−0 before
 * +0). The quantile sketch sorts a 1024-value buffer for every 1024 numeric cells it sees, and V8's built-in
 * typed-array sort was the largest single cost of a baseline build; this least-significant-digit radix sort on the
 * IEEE 754 bits is about twice as fast on such buffers and needs no comparisons.
 *
 * Each double is mapped to an unsigned 64-bit key that orders like the number (negative: all bits flipped;
 * positive: sign bit set), sorted 8 bits at a time, with digits shared by every key skipped (the sign and exponent
 * bytes often are), then mapped back. NaN is not expected (the sketch only holds finite values).
 *
 * The top bits (sign, exponent, leading mantissa bits) almost always tell a buffer's values apart, so only they are
 * radix-sorted first, and an insertion pass then orders keys that share them; if that pass meets more disorder
 * than a few moves per value (values equal to 4 digits but not to 16), all digits are sorted, as a full
 * least-significant-digit sort (which is right whatever order it starts from).
 */

const DIGIT_BITS = 8;
const RADIX = 1 << DIGIT_BITS;
const DIGITS = 8;
const SIGN = 0x80000000;

/** Reused between calls: the sketch sorts the same sizes over and over. */
let scratch = new Uint32Array(2048);
const histogram = new Uint32Array(RADIX * DIGITS);
/** The key layout below assumes little-endian words; elsewhere the built-in sort (same order) is used. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2) {
    return values;
  }
  if (!LITTLE_ENDIAN) {
    return values.sort();
  }
  // Word 2i is the low half of values[i], 2i + 1 the high half.
  const keys = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  toSortableKeys(keys, n);
  if (scratch.length < n * 2) {
    scratch = new Uint32Array(n * 2);
  }
  const buffer = scratch.subarray(0, n * 2);
  const budget = INSERTION_MOVES_PER_VALUE * n;
  if (!(descents(keys, n) <= NEARLY_SORTED_DESCENTS && insertionFixup(keys, n, budget))) {
    countDigits(keys, n, FIRST_ORDERING_DIGIT);
    radixPasses(keys, buffer, n, FIRST_ORDERING_DIGIT);
    if (!insertionFixup(keys, n, budget)) {
      countDigits(keys, n, 0);
      radixPasses(keys, buffer, n, 0);
    }
  }
  fromSortableKeys(keys, n);
  return values;
}

/**
 * The sketch's upper levels are sorted runs plus an odd item left behind, so most of their sorts face input that
 * is sorted but for a few places: the insertion pass alone does those in one sweep.
 */
const NEARLY_SORTED_DESCENTS = 4;

/** How many times a key is smaller than the one before it, counted up to just past NEARLY_SORTED_DESCENTS. */
function descents(keys: Uint32Array, n: number): number {
  let count = 0;
  for (let i = 1; i < n && count <= NEARLY_SORTED_DESCENTS; i++) {
    const high = keys[2 * i + 1];
    const previousHigh = keys[2 * i - 1];
    if (high < previousHigh || (high === previousHigh && keys[2 * i] < keys[2 * i - 2])) {
      count++;
    }
  }
  return count;
}

/**
 * The first pass orders by the top 24 bits (sign, exponent, 12 mantissa bits: values within 0.025 % share them):
 * few enough ties for the insertion pass, one scatter fewer than the whole high word.
 */
const FIRST_ORDERING_DIGIT = 5;
/** Past this many moves per value the insertion pass gives up for the full radix sort. */
const INSERTION_MOVES_PER_VALUE = 4;

/** Stable radix passes over digits `firstDigit`…7 (histograms already counted); the result ends up in `keys`. */
function radixPasses(keys: Uint32Array, buffer: Uint32Array, n: number, firstDigit: number): void {
  let from = keys;
  let to = buffer;
  for (let digit = firstDigit; digit < DIGITS; digit++) {
    if (scatterByDigit(from, to, n, digit)) {
      const swap = from;
      from = to;
      to = swap;
    }
  }
  if (from !== keys) {
    keys.set(from);
  }
}

/**
 * Insertion sort on whole keys (high word, then low word) of keys already ordered by their high word; false when
 * it would move more than `budget` times (the keys are then a permutation, in no particular order).
 */
function insertionFixup(keys: Uint32Array, n: number, budget: number): boolean {
  let moves = 0;
  for (let i = 1; i < n; i++) {
    const high = keys[2 * i + 1];
    const low = keys[2 * i];
    let j = i - 1;
    while (j >= 0 && (keys[2 * j + 1] > high || (keys[2 * j + 1] === high && keys[2 * j] > low))) {
      keys[2 * j + 2] = keys[2 * j];
      keys[2 * j + 3] = keys[2 * j + 1];
      j--;
      if (++moves > budget) {
        keys[2 * j + 2] = low;
        keys[2 * j + 3] = high;
        return false;
      }
    }
    keys[2 * j + 2] = low;
    keys[2 * j + 3] = high;
  }
  return true;
}

// Both mappings flip bits with a mask made from the sign (all ones or none) rather than branch on it: with mixed
// signs that branch is a coin toss the CPU keeps mispredicting.
function toSortableKeys(keys: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const negative = keys[2 * i + 1] >> 31;
    keys[2 * i + 1] ^= negative | SIGN;
    keys[2 * i] ^= negative;
  }
}

function fromSortableKeys(keys: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const negative = ~(keys[2 * i + 1] >> 31);
    keys[2 * i + 1] ^= negative | SIGN;
    keys[2 * i] ^= negative;
  }
}

/** One histogram per 8-bit digit from `firstDigit` on, in one sweep over the keys. */
function countDigits(keys: Uint32Array, n: number, firstDigit: number): void {
  histogram.fill(0, firstDigit * RADIX);
  if (firstDigit === FIRST_ORDERING_DIGIT) {
    for (let i = 0; i < n; i++) {
      const high = keys[2 * i + 1];
      histogram[1280 + ((high >>> 8) & 255)]++;
      histogram[1536 + ((high >>> 16) & 255)]++;
      histogram[1792 + (high >>> 24)]++;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const low = keys[2 * i];
    const high = keys[2 * i + 1];
    histogram[low & 255]++;
    histogram[256 + ((low >>> 8) & 255)]++;
    histogram[512 + ((low >>> 16) & 255)]++;
    histogram[768 + (low >>> 24)]++;
    histogram[1024 + (high & 255)]++;
    histogram[1280 + ((high >>> 8) & 255)]++;
    histogram[1536 + ((high >>> 16) & 255)]++;
    histogram[1792 + (high >>> 24)]++;
  }
}

/** Stable scatter of the keys by one digit; false (nothing moved) when every key has the same digit there. */
function scatterByDigit(from: Uint32Array, to: Uint32Array, n: number, digit: number): boolean {
  const base = digit * RADIX;
  const word = digit >> 2;
  const shift = (digit & 3) * DIGIT_BITS;
  if (histogram[base + ((from[word] >>> shift) & 255)] === n) {
    return false;
  }
  let offset = 0;
  for (let bucket = 0; bucket < RADIX; bucket++) {
    const count = histogram[base + bucket];
    histogram[base + bucket] = offset;
    offset += count;
  }
  for (let i = 0; i < n; i++) {
    const position = histogram[base + ((from[2 * i + word] >>> shift) & 255)]++;
    to[2 * position] = from[2 * i];
    to[2 * position + 1] = from[2 * i + 1];
  }
  return true;
}
