import { ColumnLookup } from './columnLookup';

describe('ColumnLookup', () => {
  it('finds a column that a growing list gains after the first rows, as JSON Lines readers append keys', () => {
    const columns: string[] = ['a'];
    const lookup = new ColumnLookup('z');
    expect(lookup.indexIn(columns)).toBe(-1);
    columns.push('z');
    expect(lookup.indexIn(columns)).toBe(1);
  });

  it('follows a new list, and reports -1 for a column never seen', () => {
    const lookup = new ColumnLookup('b');
    expect(lookup.indexIn(['a', 'b'])).toBe(1);
    expect(lookup.indexIn(['b', 'a'])).toBe(0);
    expect(new ColumnLookup('c').indexIn(['a', 'b'])).toBe(-1);
  });
});
