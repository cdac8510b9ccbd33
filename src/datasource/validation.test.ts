import {
  isValidQuery,
  validateBaselineId,
  validateHttpUrl,
  validateQuery,
  validateReference,
  validatePredictionRange,
  validateScoreThreshold,
  validateSettings,
  validateWindow,
} from './validation';

describe('validatePredictionRange', () => {
  it('accepts no range, one end, or a minimum below the maximum', () => {
    expect(validatePredictionRange(undefined, undefined)).toBeUndefined();
    expect(validatePredictionRange(0, undefined)).toBeUndefined();
    expect(validatePredictionRange(-1, 1)).toBeUndefined();
  });

  it('names an empty range and ends that are not numbers', () => {
    expect(validatePredictionRange(1, 1)).toBe('Prediction min 1 must be below max 1');
    expect(validatePredictionRange(NaN, 1)).toBe('Prediction min and max must be numbers');
  });
});

describe('validateScoreThreshold', () => {
  it('accepts no threshold and probabilities strictly between 0 and 1', () => {
    expect(validateScoreThreshold(undefined)).toBeUndefined();
    expect(validateScoreThreshold(0.5)).toBeUndefined();
  });

  it.each([0, 1, 7, NaN])('rejects %p with the value in the message', (threshold) => {
    expect(validateScoreThreshold(threshold)).toContain(`${threshold} is not a probability`);
  });

  it('is checked on performance queries only', () => {
    const query = { refId: 'A', baseline: 'm@1', source: 'prometheus' as const, window: '1h', scoreThreshold: 2 };
    expect(validateQuery({ ...query, queryType: 'performance' }).scoreThreshold).toBeDefined();
    expect(validateQuery({ ...query, queryType: 'drift' }).scoreThreshold).toBeUndefined();
  });
});

describe('validateWindow', () => {
  it.each(['1h', '30m', '1h30m', '7d', '500ms', '$window', '${window}', '[[window]]'])('accepts %s', (window) => {
    expect(validateWindow(window)).toBeUndefined();
  });

  it('asks for a window when empty', () => {
    expect(validateWindow('  ')).toBe('Window is required, for example 1h');
  });

  it.each(['1 hour', 'h1', '1.5h', '-1h'])('rejects %s with the value in the message', (window) => {
    expect(validateWindow(window)).toContain(`"${window}"`);
  });
});

describe('validateBaselineId', () => {
  it('accepts model@version and variables', () => {
    expect(validateBaselineId('churn@3')).toBeUndefined();
    expect(validateBaselineId('$model@$version')).toBeUndefined();
  });

  it('rejects ids without a version', () => {
    expect(validateBaselineId('churn')).toBe('Baseline "churn" is not of the form model@version');
    expect(validateBaselineId(undefined)).toBe('Choose a baseline');
  });
});

describe('validateQuery', () => {
  it('checks the window only for query types that read it', () => {
    expect(
      validateQuery({ refId: 'A', queryType: 'drift', baseline: 'm@1', source: 'prometheus', window: 'soon' }).window
    ).toBeDefined();
    expect(validateQuery({ refId: 'A', queryType: 'baseline', baseline: 'm@1', window: 'soon' })).toEqual({});
  });

  it('runs a live query without a source (the backend reads where the model is bound) and a baseline query', () => {
    expect(validateQuery({ refId: 'A', queryType: 'confusion', baseline: 'm@1', window: '1h' })).toEqual({});
    expect(isValidQuery({ refId: 'A', queryType: 'baseline', baseline: 'm@1' })).toBe(true);
  });

  it('needs segmentBy for a segment value of a distribution or data quality query, whatever the value', () => {
    const live = { refId: 'A', baseline: 'm@1', source: 'prometheus' as const, window: '1h' };
    for (const queryType of ['distribution', 'dataQuality'] as const) {
      expect(validateQuery({ ...live, queryType, segment: 'mobile' }).segment).toBe('Segment: needs Segment by, the label (field) it is a value of');
      expect(validateQuery({ ...live, queryType, segmentBy: ' ', segment: '' }).segment).toBeDefined();
      expect(isValidQuery({ ...live, queryType, segmentBy: 'device', segment: '' })).toBe(true);
      expect(isValidQuery({ ...live, queryType, segmentBy: 'device', segment: 'a"b{c}|.*\n' })).toBe(true);
    }
    // Types that do not read a segment value leave it to the backend's notice.
    expect(isValidQuery({ ...live, queryType: 'confusion', segment: 'mobile' })).toBe(true);
  });
});

describe('validateSettings', () => {
  it('accepts empty and http(s) URLs', () => {
    expect(validateSettings({ prometheusUrl: 'http://prom:9090', elasticsearchUrl: '' })).toEqual({});
  });

  it('names the bad field', () => {
    const errors = validateSettings({ prometheusUrl: 'prom:9090', elasticsearchUrl: 'ftp://es', timeoutSeconds: 0 });
    expect(errors.prometheusUrl).toBe('"prom:9090" needs http:// or https:// in front, for example http://prom:9090');
    expect(Object.keys(errors).sort()).toEqual(['elasticsearchUrl', 'prometheusUrl', 'timeoutSeconds']);
    expect(errors.elasticsearchUrl).toBe('Use an http:// or https:// URL, not ftp:');
  });

  it('checks the minimum step and the maximum buckets', () => {
    expect(validateSettings({ minStep: '30s', elasticsearchMaxBuckets: 10_000 })).toEqual({});
    expect(validateSettings({ minStep: '15 seconds', elasticsearchMaxBuckets: 2.5 })).toEqual({
      minStep: 'Minimum step "15 seconds" is not a duration such as 15s or 1m',
      elasticsearchMaxBuckets: 'Maximum buckets must be a whole number above 0',
    });
    expect(validateSettings({ elasticsearchMaxBuckets: 0 }).elasticsearchMaxBuckets).toBeDefined();
  });

  it('checks a live reference by its kind', () => {
    expect(validateReference(undefined)).toBeUndefined();
    expect(validateReference({ kind: 'offset', offset: '7d' })).toBeUndefined();
    expect(validateReference({ kind: 'offset', offset: '$offset' })).toBeUndefined();
    expect(validateReference({ kind: 'offset', offset: 'a week' })).toBe('Offset "a week" is not a duration such as 1d or 7d');
    expect(validateReference({ kind: 'version', version: ' ' })).toBe('Name the version to compare with');
    expect(validateReference({ kind: 'range', from: '2026-11-01T00:00:00Z', to: '1793577600000' })).toBeUndefined();
    expect(validateReference({ kind: 'range', from: 'last monday', to: '1793577600000' })).toMatch(/^From and to are epoch milliseconds/);
    expect(validateQuery({ refId: 'A', queryType: 'distribution', baseline: 'a@1', source: 'prometheus', window: '1h', reference: { kind: 'version' } })).toEqual({
      reference: 'Name the version to compare with',
    });
    expect(validateQuery({ refId: 'A', queryType: 'confusion', baseline: 'a@1', source: 'prometheus', window: '1h', reference: { kind: 'version' } })).toEqual({});
  });

  it('checks the cache memory and the margin after which steps are complete', () => {
    expect(validateSettings({ cacheMaxMegabytes: 0, cacheCompleteAfter: '90s' })).toEqual({});
    expect(validateSettings({ cacheMaxMegabytes: 5000, cacheCompleteAfter: 'later' })).toEqual({
      cacheMaxMegabytes: 'Cache memory must be 0 to 4096 MiB',
      cacheCompleteAfter: '"later" is not a duration such as 2m or 30s',
    });
  });

  it('accepts several nodes, comma-separated, and names the first bad one', () => {
    expect(validateSettings({ elasticsearchUrl: 'http://es-1:9200, http://es-2:9200' })).toEqual({});
    expect(validateSettings({ elasticsearchUrl: 'http://es-1:9200,es-2:9200' }).elasticsearchUrl).toBe(
      '"es-2:9200" needs http:// or https:// in front, for example http://es-2:9200'
    );
  });

  it('explains a URL that does not parse', () => {
    expect(validateHttpUrl('http://not a url')).toBe(
      '"http://not a url" is not a URL; use for example http://prometheus:9090'
    );
  });
});
