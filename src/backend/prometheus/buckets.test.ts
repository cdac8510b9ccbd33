import { alignCategories, alignHistograms, decumulate, decumulateSorted, parseLe, rebin } from './buckets';

const cumulative = (pairs: Array<[number, number]>) => pairs.map(([le, count]) => ({ le, count }));

describe('parseLe', () => {
  it.each([
    ['+Inf', Infinity],
    ['0.5', 0.5],
    ['1e3', 1000],
    ['-2', -2],
  ])('%s', (text, value) => {
    expect(parseLe(text)).toBe(value);
  });

  it.each(['', 'abc', 'NaN'])('rejects %j', (text) => {
    expect(parseLe(text)).toBeUndefined();
  });
});

describe('decumulate', () => {
  it('turns cumulative buckets in any order into per-bucket counts with under- and overflow', () => {
    const result = decumulate(cumulative([[Infinity, 10], [1, 4], [0, 1], [2, 9]]));
    expect(result).toEqual({ ok: true, binned: { upperBounds: [0, 1, 2], counts: [1, 3, 5, 1] }, total: 10, forcedMonotonic: false });
  });

  it('adds buckets with the same bound written differently by two exporters (le="1" and le="1.0")', () => {
    const result = decumulate([...cumulative([[1, 2], [Infinity, 5]]), ...cumulative([[1.0, 3], [Infinity, 4]])]);
    expect(result).toMatchObject({ ok: true, binned: { upperBounds: [1], counts: [5, 4] }, total: 9 });
  });

  it('raises a bucket below its predecessor to it, as histogram_quantile does, and says so', () => {
    const result = decumulate(cumulative([[0, 5], [1, 4.5], [2, 8], [Infinity, 8]]));
    expect(result).toEqual({ ok: true, binned: { upperBounds: [0, 1, 2], counts: [5, 0, 3, 0] }, total: 8, forcedMonotonic: true });
  });

  it('ignores float noise from increase() extrapolation without flagging it', () => {
    const result = decumulate(cumulative([[0, 5], [1, 5 - 1e-13], [Infinity, 6]]));
    expect(result).toMatchObject({ ok: true, forcedMonotonic: false, binned: { counts: [5, 0, 1] } });
  });

  it('requires a +Inf bucket and rejects NaN counts', () => {
    expect(decumulate(cumulative([[0, 1], [1, 2]]))).toEqual({ ok: false, reason: 'the histogram has no le="+Inf" bucket' });
    expect(decumulate(cumulative([[0, NaN], [Infinity, 2]]))).toEqual({ ok: false, reason: 'a bucket count is NaN' });
  });

  it('skips bounds without a sample at this time (decumulateSorted)', () => {
    expect(decumulateSorted([0, 1, 2, Infinity], [1, 99, 4, 6], [1, 0, 1, 1])).toEqual({
      ok: true,
      binned: { upperBounds: [0, 2], counts: [1, 3, 2] },
      total: 6,
      forcedMonotonic: false,
    });
    expect(decumulateSorted([0, Infinity], [1, 2], [1, 0])).toMatchObject({ ok: false });
  });

  it('reads the row it is given of several (one per evaluation time)', () => {
    const rows = [1, 2, 3, 5, 9, 12];
    expect(decumulateSorted([0, 1, Infinity], rows, [1, 1, 1, 1, 1, 1], 1)).toMatchObject({ ok: true, binned: { counts: [5, 4, 3] }, total: 12 });
    expect(decumulateSorted([0, 1, Infinity], rows, [1, 1, 1, 1, 0, 0], 1)).toMatchObject({ ok: false });
  });

  it('counts an le="-Inf" bucket into the first bucket, and raises a lower count after it to it', () => {
    expect(decumulate(cumulative([[-Infinity, 2], [0, 5], [Infinity, 9]]))).toEqual({ ok: true, binned: { upperBounds: [0], counts: [5, 4] }, total: 9, forcedMonotonic: false });
    expect(decumulate(cumulative([[-Infinity, 2], [0, 1], [Infinity, 9]]))).toEqual({ ok: true, binned: { upperBounds: [0], counts: [2, 7] }, total: 9, forcedMonotonic: true });
  });

  it('handles a histogram with only the +Inf bucket', () => {
    expect(decumulate(cumulative([[Infinity, 7]]))).toMatchObject({ ok: true, binned: { upperBounds: [], counts: [7] } });
  });
});

describe('rebin', () => {
  it('sums fine buckets into coarser bounds, the overflow bucket included', () => {
    expect(rebin({ upperBounds: [0, 1, 2, 3], counts: [1, 2, 3, 4, 5] }, [1, 3])).toEqual({ upperBounds: [1, 3], counts: [3, 7, 5] });
    expect(rebin({ upperBounds: [0, 1], counts: [1, 2, 3] }, [])).toEqual({ upperBounds: [], counts: [6] });
  });

  it('keeps the +Inf bucket apart from the last finite one', () => {
    expect(rebin({ upperBounds: [1, 2], counts: [1, 2, 3] }, [1, 2])).toEqual({ upperBounds: [1, 2], counts: [1, 2, 3] });
  });
});

describe('alignHistograms', () => {
  const baseline = { upperBounds: [0, 1, 2], counts: [1, 1, 1, 1] };

  it('keeps the baseline bounds when the live side has all of them (finer live buckets are exact)', () => {
    const result = alignHistograms(baseline, { upperBounds: [0, 0.5, 1, 1.5, 2, 3], counts: [1, 2, 3, 4, 5, 6, 7] });
    expect(result).toEqual({ ok: true, merged: false, reference: baseline, current: { upperBounds: [0, 1, 2], counts: [1, 5, 9, 13] } });
  });

  it('merges both sides to the common bounds when the live side lacks some, and says so', () => {
    const result = alignHistograms(baseline, { upperBounds: [1, 5], counts: [2, 3, 4] });
    expect(result).toEqual({ ok: true, merged: true, reference: { upperBounds: [1], counts: [2, 2] }, current: { upperBounds: [1], counts: [2, 7] } });
  });

  it('matches bounds up to formatting noise', () => {
    const result = alignHistograms({ upperBounds: [0.1, 0.3], counts: [1, 1, 1] }, { upperBounds: [0.1, 0.30000000000000004], counts: [1, 2, 3] });
    expect(result).toMatchObject({ ok: true, merged: false, current: { upperBounds: [0.1, 0.3], counts: [1, 2, 3] } });
  });

  it('leaves the live histogram on its own bounds when too few are shared, for the baseline to be re-binned', () => {
    const live = { upperBounds: [5], counts: [1, 1] };
    expect(alignHistograms(baseline, live)).toEqual({ ok: true, merged: false, reference: baseline, current: live });
    const nine = { upperBounds: [1, 2, 3, 4, 5, 6, 7, 8, 9], counts: new Array<number>(10).fill(1) };
    const tenWithThreeShared = { upperBounds: [0.5, 1, 1.5, 2, 2.5, 3, 10, 11, 12, 13], counts: new Array<number>(11).fill(1) };
    expect(alignHistograms(nine, tenWithThreeShared)).toMatchObject({ ok: true, merged: false, current: tenWithThreeShared });
  });

  it('refuses a live histogram with only the +Inf bucket', () => {
    expect(alignHistograms(baseline, { upperBounds: [], counts: [4] })).toMatchObject({ ok: false, reason: expect.stringContaining('only the le="+Inf" bucket') });
  });
});

describe('alignCategories', () => {
  it('puts live counts in the baseline order, zero for absent ones, unseen ones appended on both sides', () => {
    const live = new Map([
      ['zeta', 2],
      ['b', 5],
      ['new', 1],
    ]);
    expect(alignCategories({ categories: ['a', 'b'], counts: [3, 4] }, live)).toEqual({
      reference: { categories: ['a', 'b', 'new', 'zeta'], counts: [3, 4, 0, 0] },
      current: { categories: ['a', 'b', 'new', 'zeta'], counts: [0, 5, 1, 2] },
      unseen: ['new', 'zeta'],
    });
  });
});
