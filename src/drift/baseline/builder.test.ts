/**
 * Pass 1 + pass 2 on small inputs whose every figure is checked by hand in the comments.
 */
import { BaselineBinner, FeatureWithChunks, baselineDocument } from './binner';
import { Cell } from './cells';
import { BaselineBuildOptions, BaselineInputError, BaselineProfiler } from './profiler';
import { attachThresholds } from './thresholds';
import { validateBaseline } from './validate';
import { OTHER_CATEGORY } from '../align';
import { psi } from '../divergences';
import type { BaselineDocument, BaselineFeature } from '../types';

function build(columns: string[], rows: Cell[][], options: BaselineBuildOptions = {}): BaselineDocument {
  const profiler = new BaselineProfiler(options);
  rows.forEach((row) => profiler.addRow(row, columns));
  const plan = profiler.finish();
  const binner = new BaselineBinner(plan);
  rows.forEach((row) => binner.addRow(row, columns));
  const built: FeatureWithChunks[] = attachThresholds(binner.finish(), plan);
  return baselineDocument({ model: 'm', version: '1', createdAt: '2024-01-01T00:00:00Z' }, plan, built);
}

function feature(doc: BaselineDocument, name: string): BaselineFeature {
  const found = [...doc.features, doc.prediction, doc.label].find((f) => f?.name === name);
  if (found === undefined) {
    throw new Error(`no feature ${name}`);
  }
  return found;
}

describe('baseline build', () => {
  it('infers kinds, counts missing and non-finite values apart, and summarises numbers exactly', () => {
    const doc = build(
      ['x', 'colour', 'code'],
      [
        ['1', 'red', '10'],
        ['2', 'blue', '10'],
        ['', 'red', '20'],
        ['nan', 'red', '30'],
        ['4', 'NA', '10'],
        ['inf', 'blue', '20'],
        ['5', 'red', '10'],
      ],
      { edges: [2, 4], categorical: ['code'], chunks: 2 }
    );
    const x = feature(doc, 'x');
    if (x.kind !== 'numeric') {
      throw new Error('x must be numeric');
    }
    // Finite values 1, 2, 4, 5: mean 3, population variance (4 + 1 + 1 + 4) / 4 = 2.5.
    expect(x.summary.n).toBe(4);
    expect(x.summary.mean).toBe(3);
    expect(x.summary.std).toBeCloseTo(Math.sqrt(2.5), 15);
    expect([x.summary.min, x.summary.max]).toEqual([1, 5]);
    expect(x.missing).toBe(1);
    expect(x.nonFinite).toBe(2);
    // (-Inf, 2] holds 1 and 2; (2, 4] holds 4; (4, +Inf) holds 5.
    expect(x.histogram).toEqual({ upperBounds: [2, 4], counts: [2, 1, 1] });

    const colour = feature(doc, 'colour');
    expect(colour.kind).toBe('categorical');
    expect(colour).toMatchObject({ distribution: { categories: ['red', 'blue'], counts: [4, 2] }, n: 6, missing: 1 });

    // Numeric-looking, but forced categorical.
    expect(feature(doc, 'code')).toMatchObject({
      kind: 'categorical',
      distribution: { categories: ['10', '20', '30'], counts: [4, 2, 1] },
    });
    expect(validateBaseline(doc).ok).toBe(true);
  });

  it('turns a column categorical on its first non-numeric value, counting the earlier numbers as categories', () => {
    const doc = build(['v'], [['1'], ['2'], ['1'], ['x']]);
    expect(feature(doc, 'v')).toMatchObject({ kind: 'categorical', distribution: { categories: ['1', '2', 'x'], counts: [2, 1, 1] } });
  });

  it('caps categories with an other bucket and records a note', () => {
    const rows = ['a', 'a', 'a', 'b', 'b', 'c', 'd'].map((v) => [v]);
    const doc = build(['k'], rows, { maxCategories: 2 });
    expect(feature(doc, 'k')).toMatchObject({ distribution: { categories: ['a', 'b', OTHER_CATEGORY], counts: [3, 2, 2] } });
    expect(doc.notes).toContainEqual(expect.stringContaining('2 of 4 categories'));
  });

  it('makes equal-mass buckets from quantiles: 10 buckets of 10 for the values 1..100', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [String(i + 1)]);
    const x = feature(build(['x'], rows), 'x');
    if (x.kind !== 'numeric') {
      throw new Error('numeric expected');
    }
    // numpy.quantile(1..100, k/10) = 10.9, 20.8, …, 90.1 (linear rule); each bucket then holds 10 values.
    expect(x.histogram.upperBounds).toEqual([10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1]);
    expect(x.histogram.counts).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
  });

  it('stores mean + 3·std of the chunk-vs-whole scores as data-driven thresholds', () => {
    // Two chunks of 4 rows: chunk 1 = 1,1,1,2 and chunk 2 = 2,2,2,1 on buckets (-Inf,1], (1,+Inf).
    const rows = ['1', '1', '1', '2', '2', '2', '2', '1'].map((v) => [v]);
    const x = feature(build(['x'], rows, { edges: [1], chunks: 2 }), 'x');
    const scores = [psi([3, 1], [4, 4]), psi([1, 3], [4, 4])];
    const mean = (scores[0] + scores[1]) / 2;
    const std = Math.abs(scores[0] - scores[1]) / 2;
    expect(x.thresholds?.psi).toBeCloseTo(mean + 3 * std, 12);
    expect(Object.keys(x.thresholds ?? {}).sort()).toEqual(['hellinger', 'js', 'kl', 'linf', 'psi', 'wasserstein', 'wasserstein_norm']);
  });

  it('keeps prediction and label apart and lists the class names', () => {
    const doc = build(
      ['f', 'pred', 'truth'],
      [
        ['1', 'cat', 'dog'],
        ['2', 'dog', 'dog'],
        ['3', 'cat', 'bird'],
      ],
      { prediction: 'pred', label: 'truth' }
    );
    expect(doc.features.map((f) => f.name)).toEqual(['f']);
    expect(doc.prediction?.name).toBe('pred');
    expect(doc.label?.name).toBe('truth');
    expect(doc.classNames).toEqual(['bird', 'cat', 'dog']);
  });

  it('treats rows before a column first appears (JSON Lines) as missing there', () => {
    const columns: string[] = ['a'];
    const profiler = new BaselineProfiler();
    profiler.addRow([1], columns);
    columns.push('b');
    profiler.addRow([2, 5], columns);
    profiler.addRow([3, 6], columns);
    const plan = profiler.finish();
    expect(plan.columns.find((c) => c.name === 'b')).toMatchObject({ kind: 'numeric', missing: 1 });
  });

  it('refuses a requested column the input does not have, and leaves out columns without values', () => {
    const profiler = new BaselineProfiler({ columns: ['a', 'zzz'] });
    profiler.addRow(['1'], ['a']);
    expect(() => profiler.finish()).toThrow(BaselineInputError);
    expect(() => profiler.finish()).toThrow('no column named "zzz"');

    const doc = build(['a', 'empty'], [['1', ''], ['2', '']]);
    expect(doc.features.map((f) => f.name)).toEqual(['a']);
    expect(doc.notes).toContainEqual(expect.stringContaining('"empty" has no values'));
  });

  it('notices when the input changed between the passes', () => {
    const profiler = new BaselineProfiler();
    profiler.addRow(['1'], ['a']);
    const binner = new BaselineBinner(profiler.finish());
    binner.addRow(['1'], ['a']);
    expect(() => binner.addRow(['2'], ['a'])).toThrow('changed between the two passes');
  });
});

describe('baseline size limits', () => {
  it('keeps notes within the document limits however many columns need one', () => {
    const columns = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const doc = build(columns, [columns.map(() => '')]);
    expect(doc.notes).toHaveLength(200);
    expect(doc.notes?.[199]).toBe('… and 51 more notes');
  });

  it('refuses over-long column names and more features than a baseline holds, with a clear message', () => {
    const long = new BaselineProfiler();
    expect(() => long.addRow(['1'], ['x'.repeat(300)])).toThrow('column 1: name longer than 256 characters');
    const wide = new BaselineProfiler();
    const columns = Array.from({ length: 2001 }, (_, i) => `c${i}`);
    wide.addRow(columns.map(() => '1'), columns);
    expect(() => wide.finish()).toThrow('2001 feature columns, more than a baseline holds (2000)');
  });
});
