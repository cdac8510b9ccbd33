import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { interpolateQuery } from './variables';

/** A stand-in for Grafana's template service (none runs here) with two variables, one multi-valued. */
function mockTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  const replace = (target = '', _scoped?: ScopedVars, format?: string | Function) =>
    target.replace(/\$(\w+)/g, (whole, name: string) => {
      const value = variables[name];
      if (value === undefined) {
        return whole;
      }
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value) ? `{${value.join(',')}}` : value;
    });
  return { replace } as unknown as TemplateSrv;
}

describe('interpolateQuery', () => {
  const templateSrv = mockTemplateSrv({ model: 'churn', version: '3', window: '2h', feats: ['age', 'income'] });

  it('replaces variables in baseline, window and each feature', () => {
    const query = { refId: 'A', baseline: '$model@$version', window: '$window', features: ['$feats', 'tenure'] };
    expect(interpolateQuery(templateSrv, query, {})).toEqual({
      refId: 'A',
      baseline: 'churn@3',
      window: '2h',
      features: ['age', 'income', 'tenure'],
    });
  });

  it('does not add fields the query lacks and does not mutate it', () => {
    const query = Object.freeze({ refId: 'A', queryType: 'baseline' as const, baseline: 'm@1' });
    expect(interpolateQuery(templateSrv, query, {})).toEqual({ refId: 'A', queryType: 'baseline', baseline: 'm@1' });
  });

  it('replaces variables in segmentBy and segment, and keeps a hostile segment value as it is', () => {
    const hostile = 'a"b{c}|.*\n} or vector(1)';
    const withValue = (value: string) => mockTemplateSrv({ label: 'device', segment: value, feats: ['age', 'income'] });
    for (const value of [hostile, '"}]} or *', '', 'mobile']) {
      expect(interpolateQuery(withValue(value), { refId: 'A', segmentBy: '$label', segment: '$segment' }, {})).toEqual({ refId: 'A', segmentBy: 'device', segment: value });
    }
    expect(interpolateQuery(withValue('x'), { refId: 'A', segmentBy: 'device', segment: hostile }, {}).segment).toBe(hostile);
    // A multi-value variable names no one segment: its values joined, never a glob or a regular expression.
    expect(interpolateQuery(withValue('x'), { refId: 'A', segmentBy: 'device', segment: '$feats' }, {}).segment).toBe('age,income');
  });

  it('drops duplicates and empty names after expansion', () => {
    expect(interpolateQuery(templateSrv, { refId: 'A', features: ['$feats', 'age', ' '] }, {}).features).toEqual([
      'age',
      'income',
    ]);
  });
});
