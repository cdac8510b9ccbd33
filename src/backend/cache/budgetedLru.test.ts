import { BudgetedLru } from './budgetedLru';

describe('BudgetedLru', () => {
  it('evicts the least recently used entries until a new one fits, and reports each eviction', () => {
    const evicted: number[] = [];
    const lru = new BudgetedLru<string>(100, (bytes) => evicted.push(bytes));
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    expect(lru.get('a')).toBe('A'); // a is now more recent than b
    lru.set('c', 'C', 40);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.bytes).toBe(80);
    expect(evicted).toEqual([40]);
  });

  it('replaces an entry without counting it as evicted, and never holds more than the budget', () => {
    const evicted: number[] = [];
    const lru = new BudgetedLru<number>(50, (bytes) => evicted.push(bytes));
    lru.set('a', 1, 30);
    lru.set('a', 2, 45);
    expect(lru.get('a')).toBe(2);
    expect(lru.bytes).toBe(45);
    lru.set('big', 3, 51);
    expect(lru.get('big')).toBeUndefined();
    expect(lru.get('a')).toBe(2);
    expect(evicted).toEqual([]);
    for (let i = 0; i < 100; i++) {
      lru.set(`k${i}`, i, 7);
      expect(lru.bytes).toBeLessThanOrEqual(50);
    }
    expect(lru.size).toBe(7);
  });

  it('empties on clear', () => {
    const lru = new BudgetedLru<number>(10);
    lru.set('a', 1, 5);
    lru.clear();
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });
});
