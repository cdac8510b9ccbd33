/**
 * Where one named column sits in a reader's column list. The list is live: a JSON reader appends a key to the same
 * array when it first shows up (`src/tabular/readers.ts`), so the position is looked up again whenever the list is
 * another one or has grown. A CSV header is looked up once.
 */
export class ColumnLookup {
  private columns: readonly string[] | undefined;
  private length = -1;
  private index = -1;

  constructor(private readonly name: string) {}

  /** The column's index in `columns`; -1 while no row has had it. */
  indexIn(columns: readonly string[]): number {
    if (columns !== this.columns || columns.length !== this.length) {
      this.columns = columns;
      this.length = columns.length;
      this.index = columns.indexOf(this.name);
    }
    return this.index;
  }
}
