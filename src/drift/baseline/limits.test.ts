import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT } from '../../shared/queryModel';
import { BASELINE_LIMITS, BUILD_DEFAULTS, BUILD_LIMITS } from './limits';

describe('segment limits of a baseline build', () => {
  // A segmented query reads its top segments against the baseline's own: a build that kept fewer by default, or
  // could keep more than a query reads, would leave segments compared with the shared distributions instead.
  it('keep by default as many segments as a segmented query reads by default', () => {
    expect(BUILD_DEFAULTS.segmentLimit).toBe(DEFAULT_SEGMENT_LIMIT);
  });

  it('keep at most as many segments as a query can read', () => {
    expect(BASELINE_LIMITS.maxSegments).toBe(MAX_SEGMENT_LIMIT);
    expect(BUILD_LIMITS.segmentLimit.max).toBe(MAX_SEGMENT_LIMIT);
  });
});
