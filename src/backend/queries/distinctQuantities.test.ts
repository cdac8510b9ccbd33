import { field, type Frame } from '../frames';
import { NUMERIC_MULTI, TIMESERIES_MULTI } from './liveFrames';
import { QUANTITY_LABEL, distinguishQuantities } from './distinctQuantities';

const age = { model: 'churn', version: '1', feature: 'age' };

function numeric(valueName: string, labels: Record<string, string>): Frame {
  return { name: valueName, meta: { ...NUMERIC_MULTI }, fields: [field(valueName, 'number', [0.1], { labels })] };
}

function labelsOf(frames: Frame[]): Array<Record<string, string> | undefined> {
  return frames.map((f) => f.fields[f.fields.length - 1].labels);
}

describe('distinguishQuantities', () => {
  it('names the quantity of value fields that share a label set, so each alert instance is unique', () => {
    const frames = [numeric('missing_rate', age), numeric('out_of_baseline_rate', age), numeric('missing_rate', { ...age, feature: 'income' })];
    expect(labelsOf(distinguishQuantities(frames))).toEqual([
      { ...age, [QUANTITY_LABEL]: 'missing_rate' },
      { ...age, [QUANTITY_LABEL]: 'out_of_baseline_rate' },
      { ...age, feature: 'income' },
    ]);
  });

  it('compares label sets regardless of key order, and covers time series', () => {
    const series = (valueName: string, labels: Record<string, string>): Frame => ({
      meta: { ...TIMESERIES_MULTI },
      fields: [field('time', 'time', [1]), field(valueName, 'number', [0.5], { labels })],
    });
    const result = distinguishQuantities([series('score', { feature: 'plan', method: 'chi2' }), series('p_value', { method: 'chi2', feature: 'plan' })]);
    expect(labelsOf(result).map((l) => l?.[QUANTITY_LABEL])).toEqual(['score', 'p_value']);
    expect(result[0].fields[0].labels).toBeUndefined();
  });

  it('returns unique answers and tables untouched (same objects, so cached encodings stay valid)', () => {
    const unique = [numeric('accuracy', { model: 'churn', version: '1' }), numeric('f1', { model: 'churn', version: '1', class: 'stay' })];
    expect(distinguishQuantities(unique)).toBe(unique);
    const tables: Frame[] = [
      { name: 'age', fields: [field('baseline', 'number', [1]), field('current', 'number', [2])] },
      { name: 'plan', fields: [field('baseline', 'number', [1])] },
    ];
    expect(distinguishQuantities(tables)).toBe(tables);
    const mixed = [...unique, numeric('macro_f1', { model: 'churn', version: '1' })];
    const result = distinguishQuantities(mixed);
    expect(result[1]).toBe(mixed[1]);
    expect(labelsOf(result).map((l) => l?.[QUANTITY_LABEL])).toEqual(['accuracy', undefined, 'macro_f1']);
  });
});
