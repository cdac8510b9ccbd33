import { DurationError, MAX_POINTS_PER_SERIES, parseDuration, stepGrid } from './timeGrid';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['1w', 604_800_000],
    ['250ms', 250],
    [' 1h ', 3_600_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '1', 'h', '1x', '30m1h', '0s', '-1h', '1.5h', '1h 30m', '99999999999999999999y', '300y'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });
});

describe('stepGrid', () => {
  const hour = 3_600_000;

  it('uses the panel interval, aligned to whole steps', () => {
    expect(stepGrid(10 * hour + 123, 12 * hour + 456, 300_000, 1000)).toEqual({ startMs: 10 * hour, endMs: 12 * hour, stepMs: 300_000 });
  });

  it('never goes below the minimum step or a second, and rounds to whole seconds', () => {
    expect(stepGrid(0, hour, 1000, 10_000).stepMs).toBe(15_000);
    expect(stepGrid(0, hour, 1500, 10_000, 1000).stepMs).toBe(2000);
    expect(stepGrid(0, hour, 0, 0, 0).stepMs).toBe(1000);
  });

  it('never returns more points than the panel can show or Prometheus allows', () => {
    const grid = stepGrid(0, 30 * 24 * hour, 1000, 500);
    expect((grid.endMs - grid.startMs) / grid.stepMs).toBeLessThanOrEqual(500);
    const huge = stepGrid(0, 365 * 24 * hour, 1000, 0, 1000);
    expect((huge.endMs - huge.startMs) / huge.stepMs).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
  });
});
