import { modelFilter, segmentTrafficBody, type ElasticsearchLayout } from './requestBuilder';
import { fieldNames, readSegmentTraffic, segmentClause } from './segments';

const mapping = { modelField: 'model', versionField: 'version', timeField: '@timestamp' } as ElasticsearchLayout;
const range = { fromMs: 0, toMs: 1000 };
const HOSTILE = 'a"b{c}|.*\n"}]}';

describe('segment clauses', () => {
  it('a segment is one more filter clause; the rest a must_not over the top values', () => {
    const filter = (segment: Parameters<typeof segmentClause>[0]) => (modelFilter(mapping, { model: 'm', version: '1', segment }, range).bool as { filter: unknown[] }).filter;
    expect(filter({ label: 'region', value: 'eu' }).at(-1)).toEqual({ term: { region: 'eu' } });
    expect(filter({ label: 'region', except: ['eu', ''] }).at(-1)).toEqual({ bool: { must_not: [{ terms: { region: ['eu', ''] } }] } });
    expect(modelFilter(mapping, { model: 'm', version: '1' }, range)).not.toHaveProperty('bool.filter.3');
  });

  it('hostile values and field names stay JSON string values through the wire format', () => {
    const body = JSON.parse(JSON.stringify(modelFilter(mapping, { model: 'm', version: '1', segment: { label: HOSTILE, value: HOSTILE } }, range)));
    expect(body.bool.filter.at(-1)).toEqual({ term: { [HOSTILE]: HOSTILE } });
    const rest = JSON.parse(JSON.stringify(segmentClause({ label: 'r', except: [HOSTILE, ''] })));
    expect(rest.bool.must_not[0].terms.r).toEqual([HOSTILE, '']);
  });

  it('the ranking is one terms aggregation and a missing count beside the model filter', () => {
    expect(segmentTrafficBody(mapping, { model: 'm', version: '1' }, range, 'region').aggs).toEqual({
      segment_values: { terms: { field: 'region', size: 500 } },
      segment_missing: { missing: { field: 'region' } },
    });
  });
});

describe('readSegmentTraffic', () => {
  it('reads values, documents beyond the listed ones and documents without the field', () => {
    const read = readSegmentTraffic({
      segment_values: { sum_other_doc_count: 7, buckets: [{ key: 'eu', doc_count: 30 }, { key: true, key_as_string: 'true', doc_count: 4 }] },
      segment_missing: { doc_count: 2 },
    });
    expect(read).toEqual({ traffic: { values: [{ value: 'eu', observations: 30 }, { value: 'true', observations: 4 }] }, beyondListed: 7, withoutField: 2 });
  });

  it('refuses a count that is not one', () => {
    expect(() => readSegmentTraffic({ segment_values: { buckets: [{ key: 'eu', doc_count: -1 }] } })).toThrow(/segment_values\.buckets\[0\]\.doc_count/);
  });
});

describe('fieldNames', () => {
  it('lists the mapped fields, without metadata fields and object parents', () => {
    const caps = { fields: { _id: { _id: {} }, features: { object: {} }, 'features.plan': { keyword: {} }, region: { keyword: {}, text: {} } } };
    expect(fieldNames(caps)).toEqual(['features.plan', 'region']);
  });
});
