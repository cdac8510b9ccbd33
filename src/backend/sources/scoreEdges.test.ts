import { DEFAULT_LIVE_SCORE_EDGES, withProbabilityEdges } from './scoreEdges';

describe('withProbabilityEdges', () => {
  it('adds the edges that separate scores below 0 and above 1', () => {
    expect(withProbabilityEdges([0.25, 0.5, 0.75])).toEqual([-Number.MIN_VALUE, 0.25, 0.5, 0.75, 1]);
    expect(withProbabilityEdges(DEFAULT_LIVE_SCORE_EDGES)).toEqual([-Number.MIN_VALUE, ...DEFAULT_LIVE_SCORE_EDGES, 1]);
  });

  it('keeps edges that already do, and the empty list gets both', () => {
    expect(withProbabilityEdges([-1, 0.5, 1])).toEqual([-1, 0.5, 1]);
    expect(withProbabilityEdges([-Number.MIN_VALUE, 2])).toEqual([-Number.MIN_VALUE, 2]);
    expect(withProbabilityEdges([])).toEqual([-Number.MIN_VALUE, 1]);
  });

  it('gives twenty buckets of 0.05 by default', () => {
    expect(DEFAULT_LIVE_SCORE_EDGES).toHaveLength(19);
    expect(DEFAULT_LIVE_SCORE_EDGES[0]).toBe(0.05);
    expect(DEFAULT_LIVE_SCORE_EDGES[18]).toBe(0.95);
  });
});
