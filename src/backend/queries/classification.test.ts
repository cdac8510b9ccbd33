import reference from './__fixtures__/classification-reference.json';
import { classificationReport } from './classification';

describe('classificationReport', () => {
  it.each(Object.entries(reference))('matches the scikit-learn-convention reference numbers: %s', (_name, { input, expected }) => {
    const report = classificationReport(input)!;
    expect(report.classes.map((c) => c.className)).toEqual(expected.classes);
    report.classes.forEach((c, i) => {
      expect(c.precision).toBeCloseTo(expected.precision[i], 12);
      expect(c.recall).toBeCloseTo(expected.recall[i], 12);
      expect(c.f1).toBeCloseTo(expected.f1[i], 12);
      expect(c.support).toBeCloseTo(expected.support[i], 12);
    });
    expect(report.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(report.macroPrecision).toBeCloseTo(expected.macroPrecision, 12);
    expect(report.macroRecall).toBeCloseTo(expected.macroRecall, 12);
    expect(report.macroF1).toBeCloseTo(expected.macroF1, 12);
    expect(report.weightedF1).toBeCloseTo(expected.weightedF1, 12);
  });

  it('hand-checked binary case: 8 TP, 2 FN, 4 FP, 86 TN', () => {
    const report = classificationReport({ actual: ['y', 'y', 'n', 'n'], predicted: ['y', 'n', 'y', 'n'], counts: [8, 2, 4, 86] }, ['y', 'n'])!;
    const yes = report.classes[0];
    expect(yes.className).toBe('y');
    expect(yes.precision).toBeCloseTo(8 / 12, 15);
    expect(yes.recall).toBeCloseTo(8 / 10, 15);
    expect(yes.f1).toBeCloseTo((2 * 8) / (2 * 8 + 2 + 4), 15);
    expect(report.accuracy).toBeCloseTo(94 / 100, 15);
    expect(report.matrix).toEqual([
      [8, 2],
      [4, 86],
    ]);
  });

  it('orders classes by the preferred order first, then by name, and ignores classes without counts', () => {
    const report = classificationReport({ actual: ['b', 'a', 'z'], predicted: ['b', 'c', 'z'], counts: [1, 1, 0] }, ['c', 'q', 'b'])!;
    expect(report.classes.map((c) => c.className)).toEqual(['c', 'b', 'a']);
  });

  it('has no report without traffic (NoData rather than an accuracy of 0)', () => {
    expect(classificationReport({ actual: ['a'], predicted: ['a'], counts: [0] })).toBeUndefined();
    expect(classificationReport({ actual: [], predicted: [], counts: [] })).toBeUndefined();
  });

  it('rejects ragged input', () => {
    expect(() => classificationReport({ actual: ['a'], predicted: [], counts: [1] })).toThrow(/same length/);
  });
});
