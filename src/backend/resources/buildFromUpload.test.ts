import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateBaseline } from '../../drift/baseline/validate';
import type { BaselineDocument } from '../../drift/types';
import { BaselineStore } from '../store/baselineStore';
import { KeyedQueue } from '../store/keyedQueue';
import { uploadBuilder } from './buildFromUpload';

let root: string;
let build: ReturnType<typeof uploadBuilder>;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'build-upload-test-'));
  build = uploadBuilder(new BaselineStore({ directory: root, validate: validateBaseline, queue: new KeyedQueue() }), () => new Date('2026-12-01T00:00:00Z'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Scores 0.05 … 0.95; the rows of class "yes" are the high ones, but for one low "yes" and one high "no". */
const SCORED = ['x,p,churned', ...Array.from({ length: 40 }, (_, i) => `${i % 7},${((i % 20) + 0.5) / 20},${(i % 20 >= 10) !== (i === 3 || i === 36) ? 'yes' : 'no'}`)].join('\n');

/** The document built, or the errors thrown. */
async function built(query: string, csv = SCORED): Promise<BaselineDocument> {
  const answer = await request(query, csv);
  if (!answer.ok) {
    throw new Error(answer.errors.join('; '));
  }
  return answer.baseline as BaselineDocument;
}

const request = (query: string, csv = SCORED) => build({ body: new TextEncoder().encode(csv), contentType: 'text/csv', params: new URLSearchParams(`model=m&version=1&${query}`) });

describe('POST baselines/build with a classifier score', () => {
  it('stores score histograms by actual class on the given edges, the positive class as given', async () => {
    const baseline = await built('label=churned&score=p&positiveClass=yes&scoreEdges=0.25,0.5,0.75');
    expect(baseline.scores).toMatchObject({ score: 'p', label: 'churned', positiveClass: 'yes', upperBounds: [0.25, 0.5, 0.75] });
    // Scores (k + 0.5) / 20: k 0–4 in the first bucket, 5–9 the second, 10–14 the third, 15–19 the last; twice each.
    expect(baseline.scores?.positives).toEqual([1, 0, 10, 9]);
    expect(baseline.scores?.negatives).toEqual([9, 10, 0, 1]);
    // The score and the label are the model's output and truth, not features.
    expect(baseline.features.map((f) => f.name)).toEqual(['x']);
  });

  it('takes the greater label value as positive without positiveClass, and says which parameter chooses', async () => {
    const baseline = await built('label=churned&score=p');
    expect(baseline.scores?.positiveClass).toBe('yes');
    expect(baseline.scores?.upperBounds).toHaveLength(9);
    expect(baseline.notes?.join(' ')).toContain('parameter positiveClass chooses');
  });

  it('refuses bad score parameters with the parameter named, before spooling the upload', async () => {
    const cases: Array<[string, string]> = [
      ['score=p', 'parameter score needs parameter label (the column of the actual class)'],
      ['label=churned&positiveClass=yes', 'parameter positiveClass and parameter scoreEdges go with parameter score'],
      ['label=churned&scoreEdges=0.5', 'parameter positiveClass and parameter scoreEdges go with parameter score'],
      ['label=churned&score=p&scoreEdges=0.5,0.2', 'parameter scoreEdges "0.5,0.2": bounds must be strictly increasing (0.5 then 0.2)'],
      ['label=churned&score=p&scoreEdges=0.5,x', 'parameter scoreEdges "0.5,x": "x" is not a finite number'],
    ];
    for (const [query, error] of cases) {
      expect([query, await request(query)]).toEqual([query, { ok: false, errors: [error] }]);
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('reports what only the data tells with the parameter named', async () => {
    expect(await request('label=churned&score=p&positiveClass=maybe')).toEqual({ ok: false, errors: [expect.stringContaining('parameter positiveClass: no scored row of "churned" is "maybe"')] });
    const threeClasses = SCORED.replace(/no\n/, 'maybe\n');
    expect(await request('label=churned&score=p', threeClasses)).toEqual({ ok: false, errors: [expect.stringContaining('give parameter positiveClass VALUE')] });
    expect(await request('label=churned&score=x')).toEqual({ ok: false, errors: [expect.stringContaining('the score must be a probability in [0, 1]')] });
  });
});

describe('POST baselines/build with a segment column', () => {
  /** Region eu: x 0–6 cycling; us: x 10 always; one row without a region. */
  const CSV = ['x,region', ...Array.from({ length: 14 }, (_, i) => `${i % 7},eu`), ...Array.from({ length: 6 }, () => '10,us'), '3,'].join('\n');

  it('keeps the distributions of each value on the shared edges, as the CLI does', async () => {
    const baseline = await built('segment=region&segmentLimit=1', CSV);
    expect(baseline.features.map((f) => f.name)).toEqual(['x']);
    expect(baseline.segments?.by).toBe('region');
    expect(baseline.segments?.values.map((v) => [v.value, v.rows])).toEqual([['eu', 14]]);
    const [shared] = baseline.features;
    const [own] = baseline.segments!.values[0].features;
    expect(own.kind === 'numeric' && own.histogram.upperBounds).toEqual(shared.kind === 'numeric' && shared.histogram.upperBounds);
    expect(own.kind === 'numeric' && own.histogram.counts.reduce((a, b) => a + b, 0)).toBe(14);
  });

  it('refuses a segment limit alone or beyond its range, naming the parameter', async () => {
    expect(await request('segmentLimit=3', CSV)).toEqual({ ok: false, errors: ['parameter segmentLimit goes with parameter segment'] });
    expect(await request('segment=region&segmentLimit=51', CSV)).toEqual({ ok: false, errors: ['parameter segmentLimit: expected a whole number from 1 to 50, got "51"'] });
  });
});
