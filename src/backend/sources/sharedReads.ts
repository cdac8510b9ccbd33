/**
 * Answers shared by the segments of a set (`queries/segments.ts`): the first read of a key asks upstream, the
 * others get its promise. Kept for the life of its owner (one query), so the segments need not arrive at the same
 * time. Prometheus and Elasticsearch both read a set's segments together through it.
 */
export class SharedReads<T> {
  private readonly answers = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key);
    if (!answer) {
      answer = load();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
