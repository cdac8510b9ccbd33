import { choiceFacts, preparePair } from './prepare';

describe('preparePair', () => {
  it('keeps two raw numeric sides as sorted finite samples', () => {
    const { data, excluded } = preparePair({ kind: 'numeric', samples: [3, 1, NaN] }, { kind: 'numeric', samples: [2] });
    expect(data.shape).toBe('samples');
    expect(data.shape === 'samples' && Array.from(data.reference)).toEqual([1, 3]);
    expect(excluded.reference.nonFinite).toBe(1);
  });

  it('counts raw values into the histogram side’s buckets and keeps min/max/std of the raw side', () => {
    const { data } = preparePair(
      { kind: 'numeric', samples: [-1, 0.5, 0.5, 3] },
      { kind: 'numeric', binned: { upperBounds: [0, 1], counts: [1, 1, 1] } }
    );
    expect(data.shape).toBe('bins');
    if (data.shape === 'bins') {
      expect(data.reference).toEqual([1, 2, 1]);
      expect(data.referenceSummary).toMatchObject({ min: -1, max: 3 });
      expect(data.currentSummary).toEqual({ min: undefined, max: undefined, std: undefined });
    }
  });

  it('rejects negative declared missing counts', () => {
    expect(() => preparePair({ kind: 'numeric', samples: [1], missing: -1 }, { kind: 'numeric', samples: [1] })).toThrow(/missing/);
  });
});

describe('choiceFacts', () => {
  it('counts distinct values over both sides, up to 6', () => {
    const few = preparePair({ kind: 'numeric', samples: [1, 2, 2] }, { kind: 'numeric', samples: [3] });
    expect(choiceFacts(few.data)).toEqual({ referenceSize: 3, distinctValues: 3, binned: false });
    const many = preparePair({ kind: 'numeric', samples: [1, 2, 3, 4, 5, 6, 7, 8] }, { kind: 'numeric', samples: [9] });
    expect(choiceFacts(many.data).distinctValues).toBeGreaterThan(5);
  });

  it('counts only categories present on some side', () => {
    const { data } = preparePair(
      { kind: 'categorical', distribution: { categories: ['a', 'b', 'c'], counts: [2, 0, 1] } },
      { kind: 'categorical', distribution: { categories: ['a'], counts: [4] } }
    );
    expect(choiceFacts(data)).toEqual({ referenceSize: 3, distinctValues: 2, binned: false });
  });
});
