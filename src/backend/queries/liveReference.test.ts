import { BackendError } from '../errors';
import type { BaselineDocument } from '../../drift/types';
import type { LiveSource } from '../sources/types';
import { readReference, referenceOf } from './liveReference';
import type { QueryContext } from './types';

function problem(reference: Record<string, string>): string {
  try {
    referenceOf({ reference: reference as never });
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return (error as Error).message;
  }
  throw new Error('expected a 400');
}

describe('referenceOf', () => {
  it('reads each kind and names it for the reference label', () => {
    expect(referenceOf({})).toBeUndefined();
    expect(referenceOf({ reference: { kind: 'baseline' } })).toBeUndefined();
    expect(referenceOf({ reference: { kind: 'offset', offset: '7d' } })).toEqual({ kind: 'offset', offsetMs: 7 * 86_400_000, label: '7d earlier' });
    expect(referenceOf({ reference: { kind: 'version', version: 'v1' } })).toEqual({ kind: 'version', version: 'v1', label: 'version v1' });
    expect(referenceOf({ reference: { kind: 'range', from: '2026-11-01T00:00:00Z', to: '1793577600000' } })).toEqual({
      kind: 'range',
      fromMs: Date.parse('2026-11-01T00:00:00Z'),
      toMs: 1793577600000,
      label: '2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z',
    });
  });

  it('refuses what it cannot read with the path of the bad value', () => {
    expect(problem({ kind: 'offset' })).toMatch(/^reference\.offset: invalid duration/);
    expect(problem({ kind: 'offset', offset: '-1d' })).toMatch(/^reference\.offset: invalid duration/);
    expect(problem({ kind: 'version' })).toBe('reference.version: name the version to compare with');
    expect(problem({ kind: 'range', from: 'yesterday', to: '2026-11-02' })).toBe('reference.from: "yesterday" is not epoch milliseconds or an ISO 8601 date-time');
    expect(problem({ kind: 'range', from: '2026-11-02', to: '2026-11-01' })).toMatch(/^reference: from \(2026-11-02\) must be before to/);
    expect(problem({ kind: 'range', from: '1', to: '99999999999999999999' })).toMatch(/^reference\.to:/);
    expect(problem({ kind: 'sideways' })).toBe('reference.kind: "sideways" is not one of baseline, offset, version, range');
  });

  it('refuses an offset that reaches before 1970 before asking any source', async () => {
    const context = { query: { window: '1h', instant: true }, fromAlert: false, timeRange: { fromMs: 0, toMs: 3_600_000 }, signal: new AbortController().signal } as unknown as QueryContext;
    const source = { featureTotals: jest.fn() } as unknown as LiveSource;
    const spec = referenceOf({ reference: { kind: 'offset', offset: '2h' } })!;
    await expect(readReference(context, source, { model: 'm', version: 'v' } as BaselineDocument, [], spec)).rejects.toThrow('reference: 2h earlier reaches back to -7200000 ms, before 1970; use a shorter offset');
    expect(source.featureTotals).not.toHaveBeenCalled();
  });
});
