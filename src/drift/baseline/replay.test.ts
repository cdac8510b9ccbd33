/**
 * The CLI's fast paths give exactly what the plain ones give: pass 1 on cells read on demand (addCells) and
 * pass 2 fed with pass 1's numbers (addNumbers, from the CLI's spool).
 */
import { BaselineBinner } from './binner';
import { Cell, CellSource, fastDecimal } from './cells';
import { BaselineBuildOptions, BaselineProfiler } from './profiler';
import { mulberry32 } from '../prng';

function passes(columns: string[], rows: Cell[][], options: BaselineBuildOptions) {
  const profiler = new BaselineProfiler(options);
  const spooled: Float64Array[] = [];
  for (const row of rows) {
    profiler.addRow(row, columns);
    spooled.push(profiler.lastRowNumbers.slice());
  }
  const plan = profiler.finish();
  const fromText = new BaselineBinner(plan);
  rows.forEach((row) => fromText.addRow(row, columns));
  const fromNumbers = new BaselineBinner(plan);
  // Half the rows one at a time, the rest as one block (the spool replays blocks).
  const half = Math.floor(spooled.length / 2);
  const block = new Float64Array(spooled.slice(half).flatMap((numbers) => Array.from(numbers)));
  if (fromNumbers.numericOnly) {
    spooled.slice(0, half).forEach((numbers) => fromNumbers.addNumbers(numbers, profiler.profiledColumns));
    fromNumbers.addNumbers(block, profiler.profiledColumns, spooled.length - half);
  }
  return { plan, profiler, fromText, fromNumbers };
}

describe('pass 2 from the numbers pass 1 parsed', () => {
  it('counts exactly as pass 2 on the text: missing, non-finite, skipped columns, chunks', () => {
    const next = mulberry32(3);
    const spellings = ['', 'NA', 'nan', '-inf', ' 2.5 ', '1e3'];
    const rows: Cell[][] = Array.from({ length: 5000 }, (_, i) => [
      next() < 0.05 ? spellings[i % spellings.length] : (next() * 10 - 5).toFixed(3),
      String(Math.floor(next() * 7)),
      'skipped',
      (next() * 100).toPrecision(7),
    ]);
    const { plan, profiler, fromText, fromNumbers } = passes(['a', 'b', 'text', 'c'], rows, { columns: ['a', 'b', 'c'], chunks: 7 });
    expect(profiler.profiledColumns).toEqual(['a', 'b', 'c']);
    expect(plan.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric']);
    expect(fromNumbers.numericOnly).toBe(true);
    expect(fromNumbers.finish()).toEqual(fromText.finish());
  });

  it('is refused for a plan with a categorical column', () => {
    const { fromNumbers } = passes(['x', 'colour'], [['1', 'red'], ['2', 'blue']], {});
    expect(fromNumbers.numericOnly).toBe(false);
    expect(() => fromNumbers.addNumbers(Float64Array.of(1, NaN), ['x', 'colour'])).toThrow('all numeric');
  });
});

/** Cells read on demand, as the CSV reader hands them over. */
function cellSource(row: Cell[]): CellSource {
  return {
    length: row.length,
    cell: (i) => row[i],
    plainNumber: (i) => {
      const cell = row[i];
      return typeof cell === 'string' ? fastDecimal(cell) : undefined;
    },
    addTextTo: (i, tally) => tally.add(String(row[i])),
  };
}

describe('passes 1 and 2 on cells read on demand (addCells)', () => {
  it('learn and count exactly what addRow does, and parse the same numbers', () => {
    const next = mulberry32(8);
    const spellings = ['', 'NA', 'nan', 'inf', ' 2.5', '1e3', '007', 'x'];
    const columns = ['wide', 'small', 'late', 'forced', 'spelled'];
    // One number spelled five ways: five categories once the column turns categorical.
    const ones = ['1', '1.0', '01', '1.', '+1', '-0', '0'];
    const rows: Cell[][] = Array.from({ length: 30_000 }, (_, i) => [
      next() < 0.02 ? spellings[i % spellings.length] : (next() * 1e4).toFixed(2),
      String(Math.floor(next() * 5)),
      i === 29_000 ? 'text' : (next() - 0.5).toPrecision(4),
      String(i % 3),
      i === 29_999 ? 'x' : ones[Math.floor(next() * next() * ones.length)],
    ]);
    const byRow = new BaselineProfiler({ categorical: ['forced'] });
    const byCells = new BaselineProfiler({ categorical: ['forced'] });
    rows.forEach((row) => {
      byRow.addRow(row, columns);
      byCells.addCells(cellSource(row), columns);
      expect(byCells.lastRowNumbers).toEqual(byRow.lastRowNumbers);
    });
    const plan = byCells.finish();
    expect(plan).toEqual(byRow.finish());
    const countedByRow = new BaselineBinner(plan);
    const countedByCells = new BaselineBinner(plan);
    rows.forEach((row) => {
      countedByRow.addRow(row, columns);
      countedByCells.addCells(cellSource(row), columns);
    });
    expect(countedByCells.finish()).toEqual(countedByRow.finish());
    expect(plan.columns.find((c) => c.name === 'spelled')).toMatchObject({ kind: 'categorical', kept: expect.arrayContaining([...ones, 'x']) });
  });
});
