import { createDataFrame, FieldType } from '@grafana/data';

import { cellCount } from './matrix';
import { expectedShapes, readConfusionFrames } from './readFrames';

describe('readConfusionFrames', () => {
  it('reads the long frame of the confusion query and sums repeated pairs', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'actual', type: FieldType.string, values: ['cat', 'cat', 'dog', 'cat'] },
        { name: 'predicted', type: FieldType.string, values: ['cat', 'dog', 'dog', 'cat'] },
        { name: 'count', type: FieldType.number, values: [5, 2, 4, 1] },
      ],
    });
    const result = readConfusionFrames([frame]);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    expect(result.matrix.classes).toEqual(['cat', 'dog']);
    expect(cellCount(result.matrix, 0, 0)).toBe(6);
    expect(cellCount(result.matrix, 0, 1)).toBe(2);
    expect(cellCount(result.matrix, 1, 1)).toBe(4);
    expect(cellCount(result.matrix, 1, 0)).toBe(0);
  });

  it('counts one sample per row when there is no count field (a prediction log)', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'actual', type: FieldType.number, values: [1, 1, 2] },
        { name: 'predicted', type: FieldType.number, values: [1, 2, 2] },
      ],
    });
    const result = readConfusionFrames([frame]);
    expect(result.ok && Array.from(result.matrix.counts)).toEqual([1, 1, 0, 1]);
  });

  it('reads Prometheus series labelled actual and predicted, taking the last value', () => {
    const series = (actual: string, predicted: string, values: Array<number | null>) =>
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
          { name: 'Value', type: FieldType.number, values, labels: { actual, predicted } },
        ],
      });
    const result = readConfusionFrames([series('a', 'a', [1, 9]), series('a', 'b', [3, null]), series('b', 'b', [7, 8])]);
    expect(result.ok && Array.from(result.matrix.counts)).toEqual([9, 3, 0, 8]);
  });

  it('reads a wide matrix frame: one text field, one number field per predicted class', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'class', type: FieldType.string, values: ['x', 'y'] },
        { name: 'x', type: FieldType.number, values: [4, 1] },
        { name: 'y', type: FieldType.number, values: [0, 6] },
      ],
    });
    const result = readConfusionFrames([frame]);
    expect(result.ok && result.matrix.classes).toEqual(['x', 'y']);
    expect(result.ok && Array.from(result.matrix.counts)).toEqual([4, 0, 1, 6]);
  });

  it('orders classes naturally', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'actual', type: FieldType.string, values: ['class 10', 'class 2'] },
        { name: 'predicted', type: FieldType.string, values: ['class 10', 'class 1'] },
      ],
    });
    const result = readConfusionFrames([frame]);
    expect(result.ok && result.matrix.classes).toEqual(['class 1', 'class 2', 'class 10']);
  });

  it('leaves out negative or missing counts and says so', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'actual', type: FieldType.string, values: ['a', 'a', null] },
        { name: 'predicted', type: FieldType.string, values: ['a', 'b', 'b'] },
        { name: 'count', type: FieldType.number, values: [2, -1, 3] },
      ],
    });
    const result = readConfusionFrames([frame]);
    if (!result.ok) {
      throw new Error(result.reason);
    }
    // b only appeared in rows that were left out, so it is not a class of the matrix
    expect(result.matrix.classes).toEqual(['a']);
    expect(Array.from(result.matrix.counts)).toEqual([2]);
    expect(result.notices).toEqual(['2 row(s) without a class or a non-negative count were left out']);
  });

  it('names the fields that came when the frame has another shape', () => {
    const frame = createDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }] });
    expect(readConfusionFrames([frame])).toEqual({ ok: false, reason: 'shape', fields: 'Time (time)' });
    expect(expectedShapes()).toMatch(/"confusion" query.*"actual", "predicted" and "count"/);
  });

  it('reports no data for no frames, and for frames without a class', () => {
    expect(readConfusionFrames([])).toEqual({ ok: false, reason: 'empty' });
    const empty = createDataFrame({
      fields: [
        { name: 'actual', type: FieldType.string, values: [] },
        { name: 'predicted', type: FieldType.string, values: [] },
      ],
    });
    expect(readConfusionFrames([empty])).toEqual({ ok: false, reason: 'empty' });
  });
});
