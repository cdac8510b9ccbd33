import { binKey, binOf, checkUpperBounds, nextUp, rightClosedRanges, type EsRange } from './edges';

/** Which range Elasticsearch puts a value in: [from, to). */
function esRangeOf(ranges: EsRange[], value: number): number {
  return ranges.findIndex((r) => (r.from === undefined || value >= r.from) && (r.to === undefined || value < r.to));
}

/** Which right-closed bucket (-Inf, b1], …, (bm, +Inf) a value belongs to. */
function rightClosedBucketOf(upperBounds: number[], value: number): number {
  const i = upperBounds.findIndex((b) => value <= b);
  return i === -1 ? upperBounds.length : i;
}

describe('nextUp', () => {
  it.each([0, -0, 1, -1, 0.1, -0.1, 18, 30.5, 65, 1e300, -1e-300, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 53, -(2 ** 53)])(
    'gives the next double above %p with nothing in between',
    (x) => {
      const up = nextUp(x);
      expect(up).toBeGreaterThan(x);
      const middle = x / 2 + up / 2;
      expect(middle === x || middle === up).toBe(true);
    }
  );

  it('leaves +Inf and NaN alone and moves -Inf to the most negative double', () => {
    expect(nextUp(Infinity)).toBe(Infinity);
    expect(nextUp(NaN)).toBeNaN();
    expect(nextUp(-Infinity)).toBe(-Number.MAX_VALUE);
  });
});

describe('rightClosedRanges', () => {
  const bounds = [-2, -0.5, 0, 0.1, 18, 30.5, 65];
  const ranges = rightClosedRanges(bounds);

  it('has one range per bucket, underflow and overflow included, keyed by bucket index', () => {
    expect(ranges).toHaveLength(bounds.length + 1);
    expect(ranges[0].from).toBeUndefined();
    expect(ranges[ranges.length - 1].to).toBeUndefined();
    expect(new Set(ranges.map((r) => r.key)).size).toBe(ranges.length);
  });

  it('puts values on, just below and just above every edge in the same bucket as a Prometheus histogram', () => {
    const values = bounds.flatMap((b) => [b, nextUp(b), -nextUp(-b), b - 1e-9, b + 1e-9]);
    values.push(-1e308, 1e308, 7, 42.42);
    for (const value of values) {
      expect([value, esRangeOf(ranges, value)]).toEqual([value, rightClosedBucketOf(bounds, value)]);
    }
  });

  it('covers every value exactly once (no gap, no overlap)', () => {
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i].from).toBe(ranges[i - 1].to);
    }
  });

  it('is one unbounded range without edges', () => {
    expect(rightClosedRanges([])).toEqual([{ key: 'b0' }]);
  });

  it('rejects edges that are not finite and strictly increasing', () => {
    expect(() => checkUpperBounds([1, 1])).toThrow(/strictly increasing/);
    expect(() => checkUpperBounds([2, 1])).toThrow(/strictly increasing/);
    expect(() => checkUpperBounds([0, Infinity])).toThrow(/finite/);
    expect(() => checkUpperBounds([NaN])).toThrow(/finite/);
  });
});

describe('binOf', () => {
  it('reads back every key binKey writes, and nothing else', () => {
    for (const bin of [0, 1, 9, 10, 19, 123, 999_999_999]) {
      expect(binOf(binKey(bin))).toBe(bin);
    }
    for (const other of ['', 'b', 'b01', 'c1', 'b1x', 'b-1', 'doc_count', 'B1', 'b1234567890']) {
      expect(binOf(other)).toBe(-1);
    }
  });
});
