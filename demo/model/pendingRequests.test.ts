import { PendingRequests } from './pendingRequests';

describe('pending requests', () => {
  it('hands an entry out once', () => {
    const pending = new PendingRequests<string>(1000, 10);
    pending.remember('a', 'churn');
    expect(pending.take('a')).toBe('churn');
    expect(pending.take('a')).toBeUndefined();
  });

  it('forgets entries after their time to live', () => {
    let now = 0;
    const pending = new PendingRequests<number>(1000, 10, () => now);
    pending.remember('a', 1);
    now = 1001;
    expect(pending.take('a')).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it('drops the oldest entries when full', () => {
    const pending = new PendingRequests<number>(1000, 2, () => 0);
    pending.remember('a', 1);
    pending.remember('b', 2);
    pending.remember('c', 3);
    expect(pending.size).toBe(2);
    expect(pending.take('a')).toBeUndefined();
    expect(pending.take('c')).toBe(3);
  });
});
