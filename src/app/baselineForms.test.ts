import type { CategoricalBaselineFeature, NumericBaselineFeature } from '../drift/types';
import {
  binRows,
  buildFormatOf,
  buildParamsOf,
  EMPTY_BUILD_FORM,
  parseBaselineFile,
  progressText,
  validateBuildForm,
  validateCaptureForm,
} from './baselineForms';

describe('build form', () => {
  const valid = { ...EMPTY_BUILD_FORM, model: 'churn', version: '3', fileName: 'train.csv' };

  it('accepts a complete form', () => {
    expect(validateBuildForm(valid)).toEqual({});
  });

  it('names every missing or wrong input', () => {
    expect(validateBuildForm({ ...valid, model: '', version: 'v\u00071', fileName: 'train.xlsx', bins: '1' })).toEqual({
      model: 'Model is required',
      version: 'Version contains control characters',
      file: '"train.xlsx" is not .csv, .tsv, .jsonl or .ndjson',
      bins: 'Bins must be a whole number from 2 to 257',
    });
  });

  it('rejects an @ in the model, which would make the id ambiguous, and little else', () => {
    expect(validateBuildForm({ ...valid, model: 'a@b' }).model).toBe(
      'Model may not contain "@", which separates model and version in a baseline id'
    );
    expect(validateBuildForm({ ...valid, model: 'fraud model', version: '2026-11-01@eu' })).toEqual({});
  });

  it('keeps the id within the backend limit', () => {
    expect(validateBuildForm({ ...valid, model: 'm'.repeat(150), version: 'v'.repeat(50) }).version).toBe(
      'Model and version together may have at most 199 characters'
    );
  });

  it('puts a score problem under the field at fault, in the words of the rules the CLI and the backend share', () => {
    expect(validateBuildForm({ ...valid, score: 'p' })).toEqual({ label: 'Score column needs Label column (the column of the actual class)' });
    expect(validateBuildForm({ ...valid, positiveClass: 'yes' })).toEqual({ positiveClass: 'Positive class and Score edges go with Score column' });
    expect(validateBuildForm({ ...valid, score: 'p', label: 'y', scoreEdges: '0.5, 0.2' })).toEqual({
      scoreEdges: 'Score edges "0.5, 0.2": bounds must be strictly increasing (0.5 then 0.2)',
    });
    expect(validateBuildForm({ ...valid, score: ' p ', label: 'y', positiveClass: ' ', scoreEdges: '0.2,0.5' })).toEqual({});
  });

  it('checks the segment limit as the CLI and the backend do, and sends both segment parameters', () => {
    expect(validateBuildForm({ ...valid, segment: 'region', segmentLimit: '51' })).toEqual({ segmentLimit: 'Top segments must be a whole number from 1 to 50' });
    expect(validateBuildForm({ ...valid, segmentLimit: '5' })).toEqual({ segmentLimit: 'Top segments go with Segment column' });
    expect(validateBuildForm({ ...valid, segment: ' region ', segmentLimit: ' 5 ' })).toEqual({});
    expect(buildParamsOf({ ...valid, segment: ' region ', segmentLimit: ' 5 ' })).toEqual({ model: 'churn', version: '3', format: 'csv', segment: 'region', segmentLimit: 5 });
    expect(buildParamsOf({ ...valid, segment: 'region' })).toEqual({ model: 'churn', version: '3', format: 'csv', segment: 'region' });
  });

  it('detects the format from the file name', () => {
    expect(['a.CSV', 'a.tsv', 'a.jsonl', 'a.ndjson', 'a.json'].map(buildFormatOf)).toEqual([
      'csv',
      'tsv',
      'jsonl',
      'jsonl',
      undefined,
    ]);
  });

  it('builds the request parameters, leaving out empty options', () => {
    const form = {
      ...valid,
      fileName: 'x.jsonl',
      model: ' churn ',
      bins: '20',
      categorical: ' plan , ,region',
      label: ' churned ',
    };
    expect(buildParamsOf(form)).toEqual({
      model: 'churn',
      version: '3',
      format: 'jsonl',
      bins: 20,
      categorical: 'plan,region',
      label: 'churned',
    });
    expect(buildParamsOf(valid)).toEqual({ model: 'churn', version: '3', format: 'csv' });
    expect(buildParamsOf({ ...valid, label: 'y', score: ' p ', positiveClass: ' yes ', scoreEdges: ' 0.25, 0.5 ' })).toEqual({
      model: 'churn',
      version: '3',
      format: 'csv',
      label: 'y',
      score: 'p',
      positiveClass: 'yes',
      scoreEdges: '0.25, 0.5',
    });
  });
});

describe('parseBaselineFile', () => {
  it('reads the id of a baseline document', () => {
    expect(parseBaselineFile('{"model":"churn","version":"3","features":[]}')).toMatchObject({
      ok: true,
      id: 'churn@3',
    });
  });

  it.each([
    ['{', /^Not valid JSON/],
    ['[1]', /one JSON object/],
    ['{"version":"3","features":[]}', /no "model" and "version"/],
    ['{"model":"m","version":"3"}', /no "features" list/],
  ])('explains what is wrong with %s', (text, message) => {
    const parsed = parseBaselineFile(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(message);
  });
});

describe('validateCaptureForm', () => {
  it('needs a window that starts before it ends and not in the future', () => {
    expect(validateCaptureForm({ model: 'm', version: '1', from: 10, to: 5 }, 100).range).toBe(
      'The window must start before it ends'
    );
    expect(validateCaptureForm({ model: 'm', version: '1', from: 200, to: 300 }, 100).range).toMatch(/future/);
    expect(validateCaptureForm({ model: 'm', version: '1', from: 10, to: 50 }, 100)).toEqual({});
  });
});

describe('progressText', () => {
  it('shows the upload percentage, then the build phase', () => {
    expect(progressText({ phase: 'uploading', fraction: 0.426 })).toBe('Uploading… 43%');
    expect(progressText({ phase: 'uploading' })).toBe('Uploading…');
    expect(progressText({ phase: 'building' })).toBe('Uploaded; building the baseline…');
  });
});

describe('binRows', () => {
  it('labels right-closed buckets with the open outer ones and computes shares', () => {
    const feature: NumericBaselineFeature = {
      name: 'age',
      kind: 'numeric',
      histogram: { upperBounds: [18, 30.5], counts: [1, 2, 1] },
      summary: { n: 4, min: 10, max: 40, mean: 25, std: 5, quantiles: { levels: [], values: [] } },
      missing: 0,
      nonFinite: 0,
    };
    expect(binRows(feature)).toEqual([
      { label: '(-∞, 18]', count: 1, share: 0.25 },
      { label: '(18, 30.5]', count: 2, share: 0.5 },
      { label: '(30.5, +∞)', count: 1, share: 0.25 },
    ]);
  });

  it('lists categories, with zero shares for an empty feature', () => {
    const feature: CategoricalBaselineFeature = {
      name: 'plan',
      kind: 'categorical',
      distribution: { categories: ['basic', 'pro'], counts: [0, 0] },
      n: 0,
      missing: 3,
      nonFinite: 0,
    };
    expect(binRows(feature).map((r) => [r.label, r.share])).toEqual([
      ['basic', 0],
      ['pro', 0],
    ]);
  });
});
