import { SEGMENT_OTHER } from '../../shared/frameContract';
import { rowKey, rowQualifiers, rowTitle, segmentTitle } from './rows';

const titles = (rows: Parameters<typeof rowQualifiers>[0]) => rowQualifiers(rows).map((qualifiers, i) => rowTitle(rows[i].feature, qualifiers));

describe('rowKey', () => {
  it('tells rows apart by feature and every distinguishing label, and ignores the others', () => {
    const base = { model: 'churn', version: '3', feature: 'age', method: 'psi' };
    const keys = [
      rowKey('age', base),
      rowKey('age', { ...base, segment: 'eu' }),
      rowKey('age', { ...base, segment: '' }),
      rowKey('age', { ...base, version: '4' }),
      rowKey('age', { ...base, reference: '7d earlier' }),
      rowKey('income', base),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // the method and the quantity's own labels do not split a feature's row
    expect(rowKey('age', { ...base, method: 'ks', __name__: 'mlops_drift_pvalue' })).toBe(keys[0]);
  });
});

describe('rowQualifiers and rowTitle', () => {
  it('names the segment of every segmented row, the rest as the backend calls it and the empty value in words', () => {
    expect(titles([
      { feature: 'income', model: 'churn', version: '3', segment: 'eu' },
      { feature: 'income', model: 'churn', version: '3', segment: SEGMENT_OTHER },
      { feature: 'income', model: 'churn', version: '3', segment: '' },
      { feature: 'age', model: 'churn', version: '3' },
    ])).toEqual(['income · eu', 'income · other', 'income · (no value)', 'age']);
    expect(segmentTitle('(other)')).toBe('(other)');
  });

  it('adds the model and version, or the reference, only where rows differ in them', () => {
    expect(titles([
      { feature: 'age', model: 'churn', version: '1' },
      { feature: 'age', model: 'churn', version: '2' },
    ])).toEqual(['age · churn@1', 'age · churn@2']);
    expect(titles([
      { feature: 'age', model: 'churn', version: '2', reference: '7d earlier', segment: 'eu' },
      { feature: 'age', model: 'churn', version: '2', reference: 'version 1', segment: 'eu' },
    ])).toEqual(['age · 7d earlier · eu', 'age · version 1 · eu']);
    expect(titles([{ feature: 'age', model: 'churn', version: '2', reference: '7d earlier' }])).toEqual(['age']);
    expect(rowQualifiers([
      { feature: 'age', model: 'a', version: '1', segment: 'eu' },
      { feature: 'age', model: 'b', version: '1', segment: 'eu' },
    ])[1]).toEqual([
      { kind: 'model', value: 'b@1' },
      { kind: 'segment', value: 'eu' },
    ]);
  });
});
