import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import type { FeatureSpec, FeatureWindowSeries, SourceResult, WindowGrid } from '../sources/types';
import { loadFixture, unpack } from './fixtures';
import type { JsonObject } from './json';
import { planWindowSearches, windowBodies } from './requestBuilder';
import { ElasticsearchSource } from './source';
import { TimeBucketColumns } from './timeBucketColumns';
import { layoutTimeBuckets } from './timeBuckets';
import { parseAnswer, type SearchTransport } from './transport';

const histogramOf = (answer: unknown) => ((answer as JsonObject).aggregations as { t: { buckets: unknown } }).t.buckets;

/** An answer with our time histogram around the given time buckets. */
const answerWith = (buckets: string, extra = '') => `{"hits":{"total":{"value":3}},"aggregations":{"t":{${extra}"buckets":[${buckets}]}}}`;

const bucket = (key: number, members: string) => `{"key_as_string":"k${key}","key":${key},"doc_count":3${members ? `,${members}` : ''}}`;
const range = (counts: number[], first = 0) => `{"buckets":{${counts.map((c, i) => `"b${first + i}":{"doc_count":${c}}`).join(',')}}}`;
const terms = '{"doc_count_error_upper_bound":0,"sum_other_doc_count":1,"buckets":[{"key":"a","doc_count":2}]}';

/** An answer's text read from its bytes, as the HTTP transport reads it. */
const parseText = (text: string) => parseAnswer(Buffer.from(text));

describe('time bucket columns from JSON bytes', () => {
  it.each(['es-8-windows', 'opensearch-2-windows'])('hold the %s answer by column, and give it back unchanged', (name) => {
    const text = JSON.stringify(loadFixture(name).response);
    const parsed = parseText(text);
    expect(histogramOf(parsed)).toBeInstanceOf(TimeBucketColumns);
    expect(unpack(parsed)).toEqual(JSON.parse(text));
  });

  it('read the same from bytes as from plain buckets', () => {
    const text = answerWith(
      [bucket(1, `"f0":${range([1, 2, 3])},"f0_missing":{"doc_count":4},"f1":${terms}`), bucket(2, `"f1":${terms},"f0_missing":{"doc_count":0},"f0":${range([0, 5, 0])}`)].join(',')
    );
    const packed = histogramOf(parseText(text)) as TimeBucketColumns;
    const plain = TimeBucketColumns.fromBuckets(JSON.parse(text).aggregations.t.buckets, 'aggregations.t');
    expect(packed).toBeInstanceOf(TimeBucketColumns);
    expect([...packed.ranges.keys()]).toEqual(['f0']);
    expect([...packed.counts.keys()]).toEqual(['f0_missing']);
    for (const columns of [packed, plain]) {
      expect(columns.keys).toEqual([1, 2]);
      expect(columns.docCounts).toEqual([3, 3]);
      expect([0, 1].map((row) => columns.countOf('f0_missing', row, () => `buckets[${row}]`))).toEqual([4, 0]);
      expect(unpack(columns.aggregationAt('f1', 1))).toEqual(JSON.parse(terms));
    }
    expect(packed.ranges.get('f0')).toEqual({ firstBin: 0, width: 3, counts: Float64Array.from([1, 2, 3, 0, 5, 0]) });
    expect(packed.terms.get('f1')?.categories).toEqual(['a']);
    // Plain buckets have no packed columns: the readers read the plain values instead.
    expect(plain.ranges.size + plain.counts.size + plain.terms.size).toBe(0);
  });

  it('name the time bucket and member of a count that is not one', () => {
    const plain = TimeBucketColumns.fromBuckets(JSON.parse(answerWith(bucket(1, '"m":{"doc_count":"x"}'))).aggregations.t.buckets, 'aggregations.t');
    expect(() => plain.countOf('m', 0, () => 'aggregations.t.buckets[0]')).toThrow(/aggregations\.t\.buckets\[0\]\.m\.doc_count/);
  });

  it('pack answers spaced out or with members in another order in each bucket', () => {
    const text = answerWith(` ${bucket(1, `"a":${range([1])} , "m" : { "doc_count" : 2 }`)} ,\n ${bucket(2, `"m":{"doc_count":0},"a":${range([7])}`)} `);
    expect(histogramOf(parseText(text))).toBeInstanceOf(TimeBucketColumns);
    expect(unpack(parseText(text))).toEqual(JSON.parse(text));
  });

  it('keep a plain aggregation that some buckets lack as absent there', () => {
    const text = answerWith([bucket(1, `"f1":${terms}`), bucket(2, ''), bucket(3, `"f1":${terms}`)].join(','));
    const columns = histogramOf(parseText(text)) as TimeBucketColumns;
    expect(columns).toBeInstanceOf(TimeBucketColumns);
    expect(columns.aggregationAt('f1', 1)).toBeUndefined();
    expect(unpack(parseText(text))).toEqual(JSON.parse(text));
  });

  it.each([
    ['no time buckets', answerWith('')],
    ['a string key', answerWith(`{"key":"1","doc_count":3}`)],
    ['no doc_count', answerWith(`{"key":1}`)],
    ['a fractional doc_count', answerWith(`{"key":1,"doc_count":3.5}`)],
    ['a range some bucket lacks', answerWith([bucket(1, `"f0":${range([1, 2])}`), bucket(2, '')].join(','))],
    ['a range of another width', answerWith([bucket(1, `"f0":${range([1, 2])}`), bucket(2, `"f0":${range([1, 2, 3])}`)].join(','))],
    ['a range from another bin', answerWith([bucket(1, `"f0":${range([1, 2])}`), bucket(2, `"f0":${range([1, 2], 1)}`)].join(','))],
    ['a range that turns plain', answerWith([bucket(1, `"f0":${range([1, 2])}`), bucket(2, `"f0":{"buckets":{}}`)].join(','))],
    ['a count some bucket lacks', answerWith([bucket(1, `"m":{"doc_count":1}`), bucket(2, '')].join(','))],
    ['another member next to the buckets', answerWith(bucket(1, ''), '"interval":"5m",')],
    ['a member twice in one bucket', answerWith(bucket(1, `"f1":${terms},"f1":${terms}`))],
    ['a key twice in one bucket', answerWith(`{"key":1,"key":2,"doc_count":3}`)],
  ])('leave %s to the plain parser', (_, text) => {
    const parsed = parseText(text);
    expect(histogramOf(parsed)).not.toBeInstanceOf(TimeBucketColumns);
    expect(unpack(parsed)).toEqual(JSON.parse(text));
  });
});

describe('answers that cannot be read', () => {
  it('a truncated answer is text for the error message, never part of an object', () => {
    const text = answerWith(bucket(1, `"f0":${range([1, 2])}`));
    expect(parseText(text.slice(0, -3))).toBe(text.slice(0, -3));
  });
});

/** Answers parsed with `JSON.parse` (plain) or read from their bytes as the HTTP transport reads them (packed). */
class RecordedTransport implements SearchTransport {
  constructor(
    private readonly texts: string[],
    private readonly packed: boolean
  ) {}

  private read(text: string): unknown {
    return this.packed ? parseText(text) : JSON.parse(text);
  }

  async search(): Promise<unknown> {
    return this.read(this.texts[0]);
  }

  async msearch(_index: string, bodies: JsonObject[]): Promise<unknown[]> {
    return bodies.map((_, i) => this.read(this.texts[i]));
  }

  async fieldCaps(): Promise<unknown> {
    throw new Error('not used');
  }
}

describe('window counts from packed and plain answers', () => {
  const specs: FeatureSpec[] = [
    { name: 'x', kind: 'numeric', upperBounds: [0, 1, 2], observedRange: { min: -5, max: 5 } },
    { name: 'y', kind: 'numeric', upperBounds: [10] },
    { name: 'c', kind: 'categorical', categories: ['a', 'b'] },
  ];
  const grid: WindowGrid = { fromMs: 3_600_000, toMs: 7_200_000, stepMs: 300_000, windowMs: 900_000 };

  /**
   * An answer to each search of the plan, with counts that differ by feature, bin and time bucket. Terms
   * aggregations as Elasticsearch writes them (packed; some approximate, some time buckets without one), or
   * without the error bound (left plain).
   */
  function answers(maxBuckets: number, terms: 'elasticsearch' | 'bare'): string[] {
    const layout = layoutTimeBuckets(grid);
    const plan = planWindowSearches(specs, layout, maxBuckets);
    return windowBodies(mapping, { model: 'm', version: 'v' }, specs, layout, plan).map((body) => {
      const histogram = (body.aggs as { t: { date_histogram: { extended_bounds: { min: number; max: number } }; aggs: JsonObject } }).t;
      const { min, max } = histogram.date_histogram.extended_bounds;
      const buckets: JsonObject[] = [];
      for (let key = min, row = 0; key <= max; key += layout.intervalMs, row++) {
        const time: JsonObject = { key_as_string: new Date(key).toISOString(), key, doc_count: 50 + row };
        for (const [name, aggregation] of Object.entries(histogram.aggs)) {
          const spec = aggregation as { missing?: unknown; range?: { keyed: boolean; ranges: Array<{ key: string }> }; terms?: unknown };
          if (spec.missing) {
            time[name] = { doc_count: row % 3 };
          } else if (spec.range?.keyed) {
            time[name] = { buckets: Object.fromEntries(spec.range.ranges.map((r, j) => [r.key, { doc_count: (row * 7 + j * 3 + name.length) % 11 }])) };
          } else if (spec.range) {
            time[name] = { buckets: spec.range.ranges.map((r, j) => ({ key: r.key, doc_count: (row + j) % 2 })) };
          } else if (spec.terms) {
            // By time bucket on the whole layout (rows restart in each time slice).
            const b = (key - layout.firstKey) / layout.intervalMs;
            const buckets = [{ key: 'a', doc_count: row }, { key: row % 4 === 0 ? 'new' : 'b', doc_count: 3 }, ...(b % 5 === 2 ? [{ key: 'é "x"', doc_count: 1 }] : [])];
            if (terms === 'bare') {
              time[name] = { sum_other_doc_count: row % 2, buckets };
            } else if (b % 7 !== 3) {
              time[name] = { doc_count_error_upper_bound: b === 5 ? 2 : 0, sum_other_doc_count: row % 2, buckets: b % 6 === 1 ? [] : buckets };
            }
          }
        }
        buckets.push(time);
      }
      return JSON.stringify({ _shards: { total: 1, successful: 1, failed: 0 }, hits: { total: { value: 1000 } }, aggregations: { t: { buckets } } });
    });
  }

  /** A result with its series' rows left out: functions, compared through the windows made from them. */
  const withoutRows = (result: SourceResult<FeatureWindowSeries[]>) => ({
    ...result,
    data: result.data.map((series) => {
      const { rows, ...rest } = series;
      expect(rows).toBeDefined();
      return rest;
    }),
  });

  it.each([
    [65_535, 'elasticsearch'],
    [40, 'elasticsearch'],
    [65_535, 'bare'],
    [40, 'bare'],
  ] as const)('are the same (bucket budget %i, %s terms)', async (maxBuckets, terms) => {
    const texts = answers(maxBuckets, terms);
    const config = { index: 'predictions', mapping, maxBuckets };
    const model = { model: 'm', version: 'v' };
    const packed = await new ElasticsearchSource(new RecordedTransport(texts, true), config).featureWindows(model, specs, grid);
    const plain = await new ElasticsearchSource(new RecordedTransport(texts, false), config).featureWindows(model, specs, grid);
    const histograms = texts.map((text) => histogramOf(parseText(text)));
    expect(histograms.every((histogram) => histogram instanceof TimeBucketColumns)).toBe(true);
    expect(histograms.some((histogram) => (histogram as TimeBucketColumns).terms.size > 0)).toBe(terms === 'elasticsearch');
    expect(withoutRows(packed)).toEqual(withoutRows(plain));
    expect(packed.data[0].windows.some((w) => w.kind === 'numeric' && w.binned.counts.some((c) => c > 0))).toBe(true);
    const categorical = packed.data[2];
    expect(categorical.windows.some((w) => w.kind === 'categorical' && w.distribution.categories.includes('é "x"'))).toBe(true);
    expect(categorical.notices.some((notice) => notice.text.includes('approximate'))).toBe(terms === 'elasticsearch');
  });
});

describe('random histograms read from bytes', () => {
  /** Deterministic pseudo-random numbers (a linear congruential generator), so a failing case can be reproduced. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }

  /**
   * A histogram answer whose buckets mix every member shape we pack and some we do not, with occasional
   * whitespace, reordered or absent members, repeated members and odd keys, so both the packed path and every
   * fallback to plain parsing run.
   */
  function randomAnswer(next: () => number): string {
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const space = () => (next() < 0.1 ? pick([' ', '\n', ' \t ']) : '');
    const rows = 1 + Math.floor(next() * 5);
    const width = 1 + Math.floor(next() * 4);
    const members = (row: number) => {
      const all = [
        `"f0":{"buckets":{${Array.from({ length: width }, (_, j) => `"b${j}":${space()}{"doc_count":${Math.floor(next() * 9)}}`).join(`,${space()}`)}}}`,
        `"f0_missing":{"doc_count":${next() < 0.05 ? '1.5' : Math.floor(next() * 5)}}`,
        `"f1":{"doc_count_error_upper_bound":${pick(['0', '3', '-1'])},"sum_other_doc_count":${Math.floor(next() * 4)},"buckets":[${Array.from({ length: Math.floor(next() * 3) }, () => `{"key":${pick(['"a"', '"b"', '"é\\"x"', '"\\u00e9"', '"é"', '"Ã©"', '7'])},"doc_count":${Math.floor(next() * 6)}}`).join(',')}]}`,
        `"f2":${pick(['{"value":null}', '{"buckets":[]}', '[1,2]', '"text"'])}`,
      ].filter(() => next() < 0.9);
      if (next() < 0.3) {
        all.reverse();
      }
      if (next() < 0.03 && all.length > 0) {
        all.push(all[0]);
      }
      const key = next() < 0.03 ? pick(['-5', '1.5', '"1"']) : String(1_700_000_000_000 + row * 300_000);
      return [`"key_as_string":"k${row}"`, `"key":${key}`, `"doc_count":${Math.floor(next() * 20)}`, ...all].join(`,${space()}`);
    };
    const buckets = Array.from({ length: rows }, (_, row) => `{${space()}${members(row)}${space()}}`).join(`,${space()}`);
    return answerWith(buckets);
  }

  it('give back exactly what JSON.parse reads, packed or not', () => {
    const next = random(15);
    let packed = 0;
    for (let i = 0; i < 400; i++) {
      const text = randomAnswer(next);
      const parsed = parseText(text);
      packed += histogramOf(parsed) instanceof TimeBucketColumns ? 1 : 0;
      expect(unpack(parsed)).toEqual(JSON.parse(text));
    }
    // Both paths ran: some histograms packed, some left plain.
    expect(packed).toBeGreaterThan(40);
    expect(packed).toBeLessThan(400);
  });

  it('tell apart category names whose characters are the bytes of another', () => {
    const termsOf = (key: string) => `"f1":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"${key}","doc_count":1}]}`;
    // "Ã©" is U+00C3 U+00A9; "é" in UTF-8 is the bytes C3 A9.
    const text = answerWith([bucket(1, termsOf('Ã©')), bucket(2, termsOf('é'))].join(','));
    const parsed = parseText(text);
    expect((histogramOf(parsed) as TimeBucketColumns).terms.get('f1')?.categories).toEqual(['Ã©', 'é']);
    expect(unpack(parsed)).toEqual(JSON.parse(text));
  });

  it('leave a histogram inside one of our members to the plain parser, and read the outer one', () => {
    const inner = answerWith(bucket(1, `"f0":${range([1])}`));
    const text = answerWith(bucket(1, `"f0":${range([2])},"sub":${JSON.stringify(JSON.parse(inner).aggregations)}`));
    const parsed = parseText(text);
    expect(histogramOf(parsed)).toBeInstanceOf(TimeBucketColumns);
    expect(unpack(parsed)).toEqual(JSON.parse(text));
  });
});
