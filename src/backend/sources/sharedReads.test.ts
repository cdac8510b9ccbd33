import { SharedReads } from './sharedReads';

describe('SharedReads', () => {
  it('loads a key once and hands every later reader the same answer, even after it settled', async () => {
    const reads = new SharedReads<number>();
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([reads.read('a', load), reads.read('a', load)])).toEqual([1, 1]);
    expect(await reads.read('a', load)).toBe(1);
    expect(await reads.read('b', load)).toBe(2);
  });
});

