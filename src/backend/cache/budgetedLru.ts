/**
 * A least-recently-used map bounded by bytes rather than entries: cached answers range from a few hundred bytes
 * (one feature, a day of 5-minute steps) to megabytes (a hundred features over a week), so an entry count says
 * nothing about memory. Sizes are the caller's estimates; the map never holds more than its budget of them.
 */
export class BudgetedLru<V> {
  /** Map iteration order is insertion order: re-inserting on use keeps the least recent first. */
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(
    private readonly budgetBytes: number,
    /** Called for each entry dropped to make room (not for replaced or cleared ones). */
    private readonly onEvict: (bytes: number) => void = () => undefined
  ) {}

  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`, evicting the least recently used entries until it fits; a value larger than the budget is not kept. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budgetBytes) {
      return;
    }
    for (const [oldest, entry] of this.entries) {
      if (this.held + bytes <= this.budgetBytes) {
        break;
      }
      this.entries.delete(oldest);
      this.held -= entry.bytes;
      this.onEvict(entry.bytes);
    }
    this.entries.set(key, { value, bytes });
    this.held += bytes;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.held -= entry.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
