import { MAX_ID_LENGTH, checkBaselineId, checkIdParts, idPartProblem } from './baselineId';

describe('baseline ids', () => {
  it('splits model@version at the first @', () => {
    expect(checkBaselineId('churn@v1@beta')).toEqual({ ok: true, id: 'churn@v1@beta', model: 'churn', version: 'v1@beta' });
  });

  it.each([
    ['', /not of the form/],
    ['no-at', /not of the form/],
    ['@v', /not of the form/],
    ['m@', /not of the form/],
    ['a\nb@1', /model "a\\nb" contains control characters/],
    ['ws@1 ', /version "1 " starts or ends with white space/],
    [' ws@1', /model " ws" starts or ends with white space/],
    ['lone\ud800@1', /contains a lone UTF-16 surrogate/],
    ['m@v\udfff', /contains a lone UTF-16 surrogate/],
    [`${'x'.repeat(MAX_ID_LENGTH)}@1`, /a baseline id has at most 200/],
  ])('rejects %j', (id, message) => {
    const checked = checkBaselineId(id);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.error).toMatch(message);
  });

  it('keeps surrogate pairs, and compares composed and decomposed text as one id (NFC)', () => {
    expect(checkBaselineId('🤖@1')).toMatchObject({ ok: true, model: '🤖' });
    const composed = checkBaselineId('caf\u00e9@1');
    const decomposed = checkBaselineId('cafe\u0301@1');
    expect(decomposed).toEqual(composed);
    expect(composed).toMatchObject({ ok: true, id: 'caf\u00e9@1' });
  });

  it('holds stored parts to the same rule, without normalising them', () => {
    expect(idPartProblem('model', 'cafe\u0301')).toBe('is not in Unicode NFC form');
    expect(idPartProblem('model', 'a@b')).toMatch(/may not contain "@"/);
    expect(idPartProblem('version', 'a@b')).toBeUndefined();
    expect(idPartProblem('version', '')).toBe('is empty');
    expect(checkIdParts('m', 'x'.repeat(MAX_ID_LENGTH))).toMatchObject({ ok: false });
    expect(checkIdParts('m', 'x'.repeat(MAX_ID_LENGTH - 2))).toMatchObject({ ok: true });
  });
});
