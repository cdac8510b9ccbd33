/**
 * Ascending sort of finite doubles, the hot path of KS and Wasserstein on raw samples.
 * Small arrays use Float64Array.prototype.sort. From 65 536 values on, an LSD radix sort on the IEEE-754 bit
 * patterns is used instead: 4 counting passes of 16 bits, linear time, measured 1.5–3× faster than the built-in
 * sort on 1e6 values under Node 20 (see bench/drift-vs-scipy.ts). Doubles map to unsigned integers in the same
 * order by flipping every bit of negative numbers and only the sign bit of the others; −0 sorts just before +0
 * as with the built-in sort. NaN must not be present (callers remove non-finite values first).
 */

const RADIX_MIN_LENGTH = 65_536;
const DIGITS = 65_536;

export function sortAscending(values: Float64Array): Float64Array {
  if (values.length < RADIX_MIN_LENGTH) {
    return values.sort();
  }
  return radixSort(values);
}

function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  // Little-endian words: the low half of value i at 2i, the high half (sign, exponent) at 2i + 1.
  let source: Uint32Array = new Uint32Array(values.slice().buffer);
  for (let i = 0; i < n; i++) {
    const high = source[2 * i + 1];
    if (high & 0x80000000) {
      source[2 * i + 1] = ~high;
      source[2 * i] = ~source[2 * i];
    } else {
      source[2 * i + 1] = high | 0x80000000;
    }
  }
  let target: Uint32Array = new Uint32Array(2 * n);
  const offsets = new Uint32Array(DIGITS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    offsets.fill(0);
    for (let i = 0; i < n; i++) {
      offsets[(source[2 * i + word] >>> shift) & 0xffff]++;
    }
    let running = 0;
    for (let digit = 0; digit < DIGITS; digit++) {
      const count = offsets[digit];
      offsets[digit] = running;
      running += count;
    }
    for (let i = 0; i < n; i++) {
      const position = offsets[(source[2 * i + word] >>> shift) & 0xffff]++;
      target[2 * position] = source[2 * i];
      target[2 * position + 1] = source[2 * i + 1];
    }
    [source, target] = [target, source];
  }
  for (let i = 0; i < n; i++) {
    const high = source[2 * i + 1];
    if (high & 0x80000000) {
      source[2 * i + 1] = high & 0x7fffffff;
    } else {
      source[2 * i + 1] = ~high;
      source[2 * i] = ~source[2 * i];
    }
  }
  return new Float64Array(source.buffer);
}
