import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bucketsAt, type JsonObject } from './json';
import { PackedRangeBuckets, PackedTermsBuckets } from './packedBuckets';
import { unpack } from './fixtures';
import { readBins, readTerms } from './responseParser';
import { parseAnswer } from './transport';

const answer = (buckets: string) => `{"aggregations":{"f0":{"buckets":${buckets}}}}`;

function bucketsOf(text: string): unknown {
  const parsed = parseAnswer(Buffer.from(text));
  return ((parsed as JsonObject).aggregations as { f0: { buckets: unknown } }).f0.buckets;
}

function binsOf(text: string, binCount: number): number[] {
  const into = new Float64Array(binCount);
  const aggregations = (parseAnswer(Buffer.from(text)) as JsonObject).aggregations as JsonObject;
  readBins(aggregations.f0, binCount, () => 'aggregations.f0', into, 0);
  return Array.from(into);
}

describe('packed range buckets', () => {
  it('pack the keyed buckets Elasticsearch writes for our ranges', () => {
    const packed = bucketsOf(answer('{"b0":{"doc_count":3},"b1":{"doc_count":0},"b2":{"doc_count":12}}'));
    expect(packed).toBeInstanceOf(PackedRangeBuckets);
    expect(packed).toEqual(new PackedRangeBuckets(0, [3, 0, 12]));
  });

  it('allow whitespace between tokens', () => {
    expect(bucketsOf(answer('{ "b0" : { "doc_count" : 3 } ,\n "b1":{"doc_count":4}\n}'))).toEqual(new PackedRangeBuckets(0, [3, 4]));
    // Compact buckets after a spaced one, and after them a spaced one again.
    const mixed = '{"b0":{"doc_count":1},"b1":{"doc_count":2}, "b2":{"doc_count":3},"b3":{"doc_count":40},"b4" :{"doc_count":5}}';
    expect(bucketsOf(answer(mixed))).toEqual(new PackedRangeBuckets(0, [1, 2, 3, 40, 5]));
  });

  it.each([
    ['an array of buckets', '[{"key":"b0","doc_count":3}]'],
    ['bins out of order', '{"b1":{"doc_count":3},"b0":{"doc_count":4}}'],
    ['a repeated bin', '{"b0":{"doc_count":3},"b0":{"doc_count":4}}'],
    ['a gap', '{"b0":{"doc_count":3},"b2":{"doc_count":4}}'],
    ['a count written as a fraction', '{"b0":{"doc_count":3.0}}'],
    ['a count with an exponent', '{"b0":{"doc_count":1e3}}'],
    ['a negative count', '{"b0":{"doc_count":-1}}'],
    ['a count beyond 15 digits', '{"b0":{"doc_count":1234567890123456}}'],
    ['more members than doc_count', '{"b0":{"doc_count":3,"from":0.5}}'],
    ['an escaped key', '{"b\\u0030":{"doc_count":3}}'],
    ['a space inside the key', '{"b 0":{"doc_count":3}}'],
    ['a key that is not a bin', '{"below":{"doc_count":3}}'],
    ['an empty object', '{}'],
    // The same after a first bucket in the usual spelling (these go through the byte-level loop).
    ...[
      ['a later count written as a fraction', '3.0'],
      ['a later count with an exponent', '1e3'],
      ['a later count beyond 15 digits', '1234567890123456'],
      ['a later count followed by another member', '3,"from":0.5'],
    ].map(([name, count]) => [name, `{"b0":{"doc_count":1},"b1":{"doc_count":${count}}}`]),
    ['a later bin with a leading zero', '{"b0":{"doc_count":1},"b01":{"doc_count":2}}'],
    ['a later key that is not a bin', '{"b0":{"doc_count":1},"bx":{"doc_count":2}}'],
    ['a later member that is not a count', '{"b0":{"doc_count":1},"b1":{"doc_counts":2}}'],
  ])('leave %s to the plain parser', (_, buckets) => {
    const text = answer(buckets);
    expect(bucketsOf(text)).not.toBeInstanceOf(PackedRangeBuckets);
    expect(unpack(parseAnswer(Buffer.from(text)))).toEqual(JSON.parse(text));
  });

  it('read into the same bin counts as the plain form, and list as the same buckets', () => {
    const keyed = answer('{"b0":{"doc_count":3},"b1":{"doc_count":0},"b2":{"doc_count":12}}');
    expect(binsOf(keyed, 3)).toEqual([3, 0, 12]);
    expect(bucketsAt({ buckets: bucketsOf(keyed) as JsonObject }, 'f0')).toEqual(bucketsAt(JSON.parse(keyed).aggregations.f0, 'f0'));
  });

  it('read range buckets in the array form by bin, also when they pack like terms (filter_path drops from/to)', () => {
    const arrayForm = answer('[{"key":"b1","doc_count":4},{"key":"b0","doc_count":3}]');
    expect(bucketsOf(arrayForm)).toBeInstanceOf(PackedTermsBuckets);
    expect(binsOf(arrayForm, 2)).toEqual([3, 4]);
  });

  it('still refuse a bin the request did not ask for, naming its key', () => {
    expect(() => binsOf(answer('{"b0":{"doc_count":3},"b1":{"doc_count":4}}'), 1)).toThrow('unexpected range bucket key "b1"');
  });

  it('change the form of no fixture answer, only how it is stored', () => {
    const fixtures = path.join(__dirname, '__fixtures__');
    for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.json'))) {
      const text = readFileSync(path.join(fixtures, name), 'utf8');
      expect(unpack(parseAnswer(Buffer.from(text)))).toEqual(JSON.parse(text));
    }
  });
});

describe('packed terms buckets', () => {
  const terms = (buckets: string) => `{"aggregations":{"f0":{"doc_count_error_upper_bound":0,"sum_other_doc_count":2,"buckets":${buckets}}}}`;

  it('pack string keys with their counts, whatever the characters of the keys', () => {
    const text = terms('[{"key":"de","doc_count":7},{ "key" : "caf\\u00e9 \\"x\\"", "doc_count" : 0 },{"key":"漢字","doc_count":3}]');
    const packed = bucketsOf(text);
    expect(packed).toEqual(new PackedTermsBuckets(['de', 'café "x"', '漢字'], [7, 0, 3]));
    const aggregation = ((parseAnswer(Buffer.from(text)) as JsonObject).aggregations as JsonObject).f0;
    expect(readTerms(aggregation, () => 'f0')).toEqual(readTerms(JSON.parse(text).aggregations.f0, () => 'f0'));
    expect(unpack(parseAnswer(Buffer.from(text)))).toEqual(JSON.parse(text));
  });

  it.each([
    ['numeric keys', '[{"key":1,"doc_count":7}]'],
    ['formatted keys', '[{"key":1,"key_as_string":"true","doc_count":7}]'],
    ['doc_count before key', '[{"doc_count":7,"key":"de"}]'],
    ['sub-aggregations', '[{"key":"de","doc_count":7,"predicted":{"buckets":[]}}]'],
    ['a fractional count', '[{"key":"de","doc_count":7.5}]'],
    ['no buckets', '[]'],
  ])('leave %s to the plain parser', (_, buckets) => {
    const text = terms(buckets);
    expect(bucketsOf(text)).not.toBeInstanceOf(PackedTermsBuckets);
    expect(unpack(parseAnswer(Buffer.from(text)))).toEqual(JSON.parse(text));
  });
});

describe('range buckets beyond a count buffer’s first block', () => {
  it('read all of 1,000 bins in order, as JSON.parse does', () => {
    const counts = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009);
    const text = answer(`{${counts.map((c, i) => `"b${i}":{"doc_count":${c}}`).join(',')}}`);
    const packed = bucketsOf(text) as PackedRangeBuckets;
    expect(packed).toBeInstanceOf(PackedRangeBuckets);
    expect(packed.counts).toEqual(counts);
    expect(unpack(parseAnswer(Buffer.from(text)))).toEqual(JSON.parse(text));
  });
});
