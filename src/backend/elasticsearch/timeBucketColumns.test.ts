import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import type { FeatureSpec, WindowGrid } from '../sources/types';
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
    const into = new Float64Array(3);
    expect(packed.rangeInto('f0', 1, 3, into, 0)).toBe(true);
    expect(Array.from(into)).toEqual([0, 5, 0]);
    // Plain buckets have no packed ranges: the caller reads the plain value instead.
    expect(plain.rangeInto('f0', 1, 3, into, 0)).toBe(false);
    // Bins beyond what the caller expects are not copied: the plain reader reports them.
    expect(packed.rangeInto('f0', 1, 2, into, 0)).toBe(false);
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

  /** An answer to each search of the plan, with counts that differ by feature, bin and time bucket. */
  function answers(maxBuckets: number): string[] {
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
            time[name] = { sum_other_doc_count: row % 2, buckets: [{ key: 'a', doc_count: row }, { key: row % 4 === 0 ? 'new' : 'b', doc_count: 3 }] };
          }
        }
        buckets.push(time);
      }
      return JSON.stringify({ _shards: { total: 1, successful: 1, failed: 0 }, hits: { total: { value: 1000 } }, aggregations: { t: { buckets } } });
    });
  }

  it.each([65_535, 40])('are the same (bucket budget %i)', async (maxBuckets) => {
    const texts = answers(maxBuckets);
    const config = { index: 'predictions', mapping, maxBuckets };
    const model = { model: 'm', version: 'v' };
    const packed = await new ElasticsearchSource(new RecordedTransport(texts, true), config).featureWindows(model, specs, grid);
    const plain = await new ElasticsearchSource(new RecordedTransport(texts, false), config).featureWindows(model, specs, grid);
    expect(histogramOf(parseText(texts[0]))).toBeInstanceOf(TimeBucketColumns);
    expect(packed).toEqual(plain);
    expect(packed.data[0].windows.some((w) => w.kind === 'numeric' && w.binned.counts.some((c) => c > 0))).toBe(true);
  });
});
