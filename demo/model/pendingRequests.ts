/**
 * Predictions waiting for their true value, by request id: entries expire after a time to live, and the oldest
 * go first once the map is full, so a client that never sends labels cannot grow the service's memory.
 */
export class PendingRequests<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now
  ) {}

  get size(): number {
    return this.entries.size;
  }

  remember(id: string, value: T): void {
    const now = this.now();
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [oldId, old] of this.entries) {
      if (old.expiresAt > now && this.entries.size < this.maxEntries) {
        break;
      }
      this.entries.delete(oldId);
    }
    this.entries.set(id, { value, expiresAt: now + this.ttlMs });
  }

  /** The entry of `id`, removed; undefined when unknown or expired. */
  take(id: string): T | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry && entry.expiresAt >= this.now() ? entry.value : undefined;
  }
}
