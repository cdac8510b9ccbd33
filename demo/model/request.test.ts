import { parseLabelRequest, parsePredictRequest } from './request';

describe('parsePredictRequest', () => {
  it('accepts numbers, nulls, NaN spellings and strings, and records what was missing or not finite', () => {
    const parsed = parsePredictRequest({
      features: { age: 30, income: null, session_length: 'NaN', country: 'US' },
      version: 'v2',
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.version).toBe('v2');
      expect(parsed.value.numeric.get('age')).toEqual({ kind: 'value', value: 30 });
      expect(parsed.value.numeric.get('income')).toEqual({ kind: 'missing' });
      expect(parsed.value.numeric.get('session_length')).toEqual({ kind: 'non_finite' });
      expect(parsed.value.features).toEqual({
        age: 30,
        income: null,
        session_length: null,
        country: 'US',
        device: null,
      });
    }
  });

  it.each([
    [null, 'expected a JSON object with a "features" object'],
    [{ features: [] }, 'expected a JSON object with a "features" object'],
    [{ features: { age: 'forty' } }, 'feature "age" must be a number, null or a NaN/Infinity string'],
    [{ features: { country: 7 } }, 'feature "country" must be a string of at most 256 characters'],
    [{ features: {}, version: 2 }, '"version" must be a string'],
  ])('rejects %j', (body, error) => {
    expect(parsePredictRequest(body)).toEqual({ ok: false, error });
  });
});

describe('parseLabelRequest', () => {
  it('accepts a request id and a known class', () => {
    expect(parseLabelRequest({ requestId: 'r1', label: 'churn' })).toEqual({
      ok: true,
      value: { requestId: 'r1', label: 'churn' },
    });
  });

  it('rejects unknown classes and missing ids', () => {
    expect(parseLabelRequest({ requestId: 'r1', label: 'maybe' })).toEqual({
      ok: false,
      error: '"label" must be one of churn, stay',
    });
    expect(parseLabelRequest({ label: 'churn' }).ok).toBe(false);
  });
});
