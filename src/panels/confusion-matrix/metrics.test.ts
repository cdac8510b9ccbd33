import { computeMetrics, topConfusedPairs } from './metrics';
import { ConfusionMatrix } from './matrix';

// Hand-checked example (rows actual, columns predicted):
//        a  b  c
//   a    5  2  0   support 7
//   b    1  3  1   support 5
//   c    2  0  0   support 2
// predicted totals: a 8, b 5, c 1; 8 correct out of 14.
const example: ConfusionMatrix = { classes: ['a', 'b', 'c'], counts: Float64Array.from([5, 2, 0, 1, 3, 1, 2, 0, 0]) };

describe('computeMetrics', () => {
  it('computes per-class precision, recall, F1 and support', () => {
    const { perClass } = computeMetrics(example);
    expect(perClass.map((m) => m.support)).toEqual([7, 5, 2]);
    expect(perClass[0].precision).toBeCloseTo(5 / 8, 12);
    expect(perClass[0].recall).toBeCloseTo(5 / 7, 12);
    expect(perClass[0].f1).toBeCloseTo(2 / 3, 12); // 2·5 / (8 + 7)
    expect(perClass[1].precision).toBeCloseTo(0.6, 12);
    expect(perClass[1].recall).toBeCloseTo(0.6, 12);
    expect(perClass[1].f1).toBeCloseTo(0.6, 12);
    expect(perClass[2].precision).toBe(0);
    expect(perClass[2].recall).toBe(0);
    expect(perClass[2].f1).toBe(0);
  });

  it('computes accuracy and the macro and weighted averages', () => {
    const metrics = computeMetrics(example);
    expect(metrics.total).toBe(14);
    expect(metrics.accuracy).toBeCloseTo(8 / 14, 12);
    expect(metrics.macroPrecision).toBeCloseTo((0.625 + 0.6 + 0) / 3, 12);
    expect(metrics.macroRecall).toBeCloseTo((5 / 7 + 0.6 + 0) / 3, 12);
    expect(metrics.macroF1).toBeCloseTo((2 / 3 + 0.6) / 3, 12); // 0.42222…
    expect(metrics.weightedF1).toBeCloseTo(((2 / 3) * 7 + 0.6 * 5) / 14, 12); // 0.54762…
  });

  it('leaves 0 / 0 precision and recall undefined and counts them as 0 in the averages', () => {
    // x is never predicted, y never occurs: all samples of x were predicted as y.
    const metrics = computeMetrics({ classes: ['x', 'y'], counts: Float64Array.from([0, 2, 0, 0]) });
    expect(metrics.perClass[0].precision).toBeUndefined();
    expect(metrics.perClass[0].recall).toBe(0);
    expect(metrics.perClass[1].precision).toBe(0);
    expect(metrics.perClass[1].recall).toBeUndefined();
    expect(metrics.accuracy).toBe(0);
    expect(metrics.macroF1).toBe(0);
  });

  it('reports no overall figures for an empty matrix instead of NaN', () => {
    const metrics = computeMetrics({ classes: ['a'], counts: Float64Array.from([0]) });
    expect(metrics.accuracy).toBeUndefined();
    expect(metrics.macroF1).toBeUndefined();
  });
});

describe('topConfusedPairs', () => {
  it('lists off-diagonal cells by count, ties by class name', () => {
    expect(topConfusedPairs(example, 3).map((p) => `${p.actual}>${p.predicted}:${p.count}`)).toEqual([
      'a>b:2',
      'c>a:2',
      'b>a:1',
    ]);
    expect(topConfusedPairs(example, 10)).toHaveLength(4);
    expect(topConfusedPairs(example, 1)[0].shareOfActual).toBeCloseTo(2 / 7, 12);
  });

  it('returns nothing for a perfect classifier', () => {
    expect(topConfusedPairs({ classes: ['a', 'b'], counts: Float64Array.from([3, 0, 0, 4]) }, 5)).toEqual([]);
  });
});
