/**
 * Bin edges for Elasticsearch `range` aggregations.
 *
 * Convention: our baselines use Prometheus' right-closed buckets (-Inf, b1], (b1, b2], …, (bm, +Inf), while an
 * Elasticsearch range includes `from` and excludes `to`: [from, to). For doubles, (a, b] is exactly
 * [nextUp(a), nextUp(b)), because no double lies strictly between x and nextUp(x). So we send every edge moved
 * up by one unit in the last place, and a value equal to an edge lands in the same bucket as in Prometheus.
 * This is exact for `double`, `long` and `integer` fields; `float`, `half_float` and `scaled_float` fields store
 * values at lower precision, so a value logged as exactly an edge may already be stored slightly above it.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** The smallest double greater than `x` (Java's `Math.nextUp`); infinities and NaN are returned unchanged. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) {
    return x;
  }
  if (x === 0) {
    return Number.MIN_VALUE;
  }
  scratch.setFloat64(0, x);
  const bits = scratch.getBigInt64(0);
  // Doubles are sign-magnitude: moving up means a larger magnitude for positives, a smaller one for negatives.
  scratch.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return scratch.getFloat64(0);
}

export interface EsRange {
  key: string;
  from?: number;
  to?: number;
}

/** Key of bucket i in our range aggregations; the parser maps buckets back by it, never by the echoed edges. */
export const binKey = (index: number): string => `b${index}`;

/** The bin a key written by `binKey` names (`b3` → 3), or -1 for any other text (leading zeros included). */
export function binOf(key: string): number {
  const digits = key.length - 1;
  if (digits < 1 || digits > 9 || key.charCodeAt(0) !== 0x62 || (digits > 1 && key.charCodeAt(1) === 0x30)) {
    return -1;
  }
  let bin = 0;
  for (let i = 1; i < key.length; i++) {
    const digit = key.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) {
      return -1;
    }
    bin = bin * 10 + digit;
  }
  return bin;
}

/**
 * The m + 1 ranges matching right-closed buckets with finite upper bounds b1 < … < bm (the underflow and
 * overflow buckets included, so every value is counted).
 */
export function rightClosedRanges(upperBounds: readonly number[]): EsRange[] {
  checkUpperBounds(upperBounds);
  const shifted = upperBounds.map(nextUp);
  const ranges: EsRange[] = [];
  for (let i = 0; i <= shifted.length; i++) {
    const range: EsRange = { key: binKey(i) };
    if (i > 0) {
      range.from = shifted[i - 1];
    }
    if (i < shifted.length) {
      range.to = shifted[i];
    }
    ranges.push(range);
  }
  return ranges;
}

export function checkUpperBounds(upperBounds: readonly number[]): void {
  for (let i = 0; i < upperBounds.length; i++) {
    if (!Number.isFinite(upperBounds[i])) {
      throw new RangeError(`bin upper bound ${i} is ${upperBounds[i]}: bounds must be finite`);
    }
    if (i > 0 && !(upperBounds[i] > upperBounds[i - 1])) {
      throw new RangeError(`bin upper bounds must be strictly increasing (bound ${i} is ${upperBounds[i]} after ${upperBounds[i - 1]})`);
    }
  }
}
