import { joinedCoverage, lastFinalStep, rangesToFetch, stepCount, stepPhase, usableCoverage } from './stepCoverage';

const step = 60_000;
const range = { startMs: 10 * step, endMs: 20 * step, stepMs: step };

describe('step coverage', () => {
  it('counts steps inclusively and gives the phase of the grid', () => {
    expect(stepCount(range.startMs, range.endMs, step)).toBe(11);
    expect(stepCount(5, 4, step)).toBe(0);
    expect(stepPhase({ startMs: 10 * step + 7, endMs: 11 * step, stepMs: step })).toBe(7);
    expect(stepPhase({ startMs: -step + 7, endMs: 0, stepMs: step })).toBe(7);
  });

  it('finds the last step old enough to be final', () => {
    expect(lastFinalStep(range, 30 * step, 2 * step)).toBe(20 * step);
    expect(lastFinalStep(range, 15 * step + 30_000, 2 * step)).toBe(13 * step);
    expect(lastFinalStep(range, 11 * step, 2 * step)).toBeLessThan(range.startMs);
  });

  it('fetches only the steps after a cached run on a refresh, and before it on a wider range', () => {
    expect(rangesToFetch(range, { fromMs: 10 * step, toMs: 18 * step })).toEqual([{ startMs: 19 * step, endMs: 20 * step, stepMs: step }]);
    expect(rangesToFetch(range, { fromMs: 5 * step, toMs: 25 * step })).toEqual([]);
    expect(rangesToFetch(range, { fromMs: 12 * step, toMs: 15 * step })).toEqual([
      { startMs: 10 * step, endMs: 11 * step, stepMs: step },
      { startMs: 16 * step, endMs: 20 * step, stepMs: step },
    ]);
    expect(usableCoverage(range, { fromMs: 5 * step, toMs: 15 * step })).toEqual({ fromMs: 10 * step, toMs: 15 * step });
  });

  it('fetches nothing after the run when the range ends off the grid before the next step', () => {
    const offGrid = { ...range, endMs: 20 * step + 14_000 };
    expect(rangesToFetch(offGrid, { fromMs: 10 * step, toMs: 20 * step })).toEqual([]);
    expect(rangesToFetch(offGrid, { fromMs: 12 * step, toMs: 20 * step })).toEqual([{ startMs: 10 * step, endMs: 11 * step, stepMs: step }]);
    expect(rangesToFetch({ ...range, endMs: 21 * step + 14_000 }, { fromMs: 10 * step, toMs: 20 * step })).toEqual([
      { startMs: 21 * step, endMs: 21 * step + 14_000, stepMs: step },
    ]);
  });

  it('fetches the whole range when the cached run does not overlap it', () => {
    expect(rangesToFetch(range, undefined)).toEqual([range]);
    expect(rangesToFetch(range, { fromMs: 0, toMs: 9 * step })).toEqual([range]);
    expect(usableCoverage(range, { fromMs: 21 * step, toMs: 30 * step })).toBeUndefined();
  });

  it('keeps the held run joined with the read, no longer than the longer of the two', () => {
    const read = { fromMs: 10 * step, toMs: 20 * step };
    expect(joinedCoverage(undefined, read)).toEqual(read);
    // Disjoint: the read alone (the other run stays beside it, see heldRuns.ts).
    expect(joinedCoverage({ fromMs: 0, toMs: 5 * step }, read)).toEqual(read);
    // A refresh of the same panel moves the window: the same length, at the new end.
    expect(joinedCoverage({ fromMs: 8 * step, toMs: 18 * step }, read)).toEqual(read);
    // Zoomed in to the last steps of a wider panel: the wider view is kept, up to the new end.
    expect(joinedCoverage({ fromMs: 0, toMs: 19 * step }, { fromMs: 15 * step, toMs: 20 * step })).toEqual({ fromMs: step, toMs: 20 * step });
    // Zoomed in to the past of a wider panel: the whole wider view stays.
    expect(joinedCoverage({ fromMs: 0, toMs: 30 * step }, read)).toEqual({ fromMs: 0, toMs: 30 * step });
    // Zoomed out: the read, which holds the held run.
    expect(joinedCoverage({ fromMs: 12 * step, toMs: 15 * step }, read)).toEqual(read);
    // The read's own steps stay even where the held run reaches further ahead.
    expect(joinedCoverage({ fromMs: 15 * step, toMs: 25 * step }, read)).toEqual({ fromMs: 10 * step, toMs: 25 * step });
  });
});
