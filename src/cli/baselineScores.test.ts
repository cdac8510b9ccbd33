/**
 * `mldrift baseline build --score COL --label COL`: the baseline's score histograms by actual class, checked
 * against scikit-learn's roc_auc_score on the same rows (scripts/reference/score_baseline_reference.py →
 * __fixtures__/scores-reference.json), and the errors for scores and labels that cannot make them. Also the
 * numeric `--prediction`, kept as a histogram on the features' edge rules.
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCli } from './testing';
import { rocAuc } from '../drift/performance/auc';
import type { BaselineDocument, BaselineScores } from '../drift/types';

jest.setTimeout(30_000);

const FIXTURES = path.join(__dirname, '__fixtures__');
const SCORES_CSV = path.join(FIXTURES, 'scores.csv');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'scores-reference.json'), 'utf8'));
const schemaAccepts = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/baseline.schema.json'), 'utf8'))
);
/** 0, 0.01 … 0.99: every two-decimal score in [0, 1] in a bucket of its own (1 in the last, above 0.99). */
const HUNDREDTHS = Array.from({ length: 100 }, (_, i) => (i / 100).toFixed(2)).join(',');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-scores-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function build(input: string, extra: string[]): Promise<{ doc: BaselineDocument; stdout: string }> {
  const output = path.join(dir, `b${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(['baseline', 'build', '--input', input, '--output', output, ...extra]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  return { doc: JSON.parse(fs.readFileSync(output, 'utf8')), stdout: run.stdout };
}

function scoresOf(doc: BaselineDocument): BaselineScores {
  if (doc.scores === undefined) {
    throw new Error('the baseline has no scores');
  }
  return doc.scores;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

async function fails(argv: string[], message: string | RegExp): Promise<void> {
  const run = await runCli(['baseline', 'build', '--output', path.join(dir, 'never.json'), ...argv]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

describe('mldrift baseline build --score --label', () => {
  it('gives the ROC AUC of scikit-learn when the edges separate every distinct score', async () => {
    const { doc, stdout } = await build(SCORES_CSV, ['--score', 'p2', '--label', 'actual', '--positive-class', 'churned', '--score-edges', HUNDREDTHS]);
    expect(schemaAccepts(doc)).toBe(true);
    const scores = scoresOf(doc);
    expect(scores).toMatchObject({ score: 'p2', label: 'actual', positiveClass: 'churned' });
    expect(scores.upperBounds).toHaveLength(100);
    expect([sum(scores.positives), sum(scores.negatives)]).toEqual([reference.positives, reference.negatives]);
    const auc = rocAuc(scores);
    expect(Math.abs(auc.value - reference.rocAuc.p2)).toBeLessThan(1e-12);
    // Bucket i holds the one score i / 100: its mean is that score.
    scores.meanScores?.forEach((mean, i) => {
      if (scores.positives[i] + scores.negatives[i] > 0) {
        expect(mean).toBeCloseTo(i / 100, 12);
      }
    });
    // Left-out rows are counted and said, in the document and on the terminal.
    const { missingLabel, missingScore, nonFiniteScore } = reference.leftOut;
    const leftOut = `left out: ${missingLabel} rows without a label, ${missingScore} rows without a score, ${nonFiniteScore} rows with a non-finite score`;
    expect(doc.notes).toContainEqual(expect.stringContaining(leftOut));
    expect(stdout).toContain(leftOut);
    // The score column is not a feature; the label column is also the label distribution.
    expect(doc.features.map((f) => f.name)).toEqual(['p6']);
    expect(doc.label?.kind).toBe('categorical');
  });

  it('counts score and label fields that JSON Lines rows only start to have after the first', async () => {
    // The first row has neither field: the reader adds both columns later, to the same column list.
    const rows = [{ f: 1 }, { f: 2, p: 0.95, y: 1 }, { f: 3, p: 0.15, y: 0 }, { f: 4, p: 0.85, y: 0 }];
    const input = write('late.jsonl', rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const { doc } = await build(input, ['--score', 'p', '--label', 'y']);
    const scores = scoresOf(doc);
    // Decile buckets: 0.15 in (0.1, 0.2], 0.85 in (0.8, 0.9], 0.95 in (0.9, +Inf).
    expect(scores.positives).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(scores.negatives).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(doc.notes).toContainEqual(expect.stringContaining('left out: 1 row without a score'));
  });

  it('brackets scikit-learn’s ROC AUC of continuous scores on the default decile edges', async () => {
    const { doc } = await build(SCORES_CSV, ['--score', 'p6', '--label', 'actual', '--positive-class', 'churned']);
    const scores = scoresOf(doc);
    expect(scores.upperBounds).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    const auc = rocAuc(scores);
    expect(auc.lower).toBeLessThanOrEqual(reference.rocAuc.p6);
    expect(auc.upper).toBeGreaterThanOrEqual(reference.rocAuc.p6);
    expect(auc.upper - auc.lower).toBeGreaterThan(0);
    scores.meanScores?.forEach((mean, i) => {
      expect(mean).toBeGreaterThanOrEqual(i === 0 ? 0 : scores.upperBounds[i - 1]);
      expect(mean).toBeLessThanOrEqual(i === 9 ? 1 : scores.upperBounds[i]);
    });
  });

  it('takes the greater of two label values as positive when none is given, and says so', async () => {
    const input = write('binary.csv', 'score,y\n0.9,1\n0.8,1\n0.3,0\n0.6,0\n0.1,0\n');
    const { doc, stdout } = await build(input, ['--score', 'score', '--label', 'y', '--score-edges', '0.5']);
    expect(scoresOf(doc)).toEqual({
      score: 'score',
      label: 'y',
      positiveClass: '1',
      upperBounds: [0.5],
      positives: [0, 2],
      negatives: [2, 1],
      meanScores: [0.2, (0.9 + 0.8 + 0.6) / 3],
    });
    expect(stdout).toContain('positive class "1" (the greater of its two values; --positive-class chooses)');
    // Numerically, not as text: "10" is greater than "9".
    const numeric = write('numeric.csv', 'score,y\n0.9,10\n0.2,9\n');
    expect(scoresOf((await build(numeric, ['--score', 'score', '--label', 'y'])).doc).positiveClass).toBe('10');
  });

  it('refuses scores and labels that cannot make score histograms, naming what is wrong', async () => {
    const outside = write('outside.csv', 'score,y\n0.5,a\n1.5,b\n');
    await fails(['--input', outside, '--score', 'score', '--label', 'y'], /outside\.csv.*line 3: column "score": the score must be a probability in \[0, 1\], got 1\.5/);
    const text = write('text.csv', 'score,y\n0.5,a\nhigh,b\n');
    await fails(['--input', text, '--score', 'score', '--label', 'y'], /line 3: column "score": the score must be a number, got "high"/);
    const three = write('three.csv', 'score,y\n0.5,cat\n0.4,dog\n0.2,bird\n');
    await fails(['--input', three, '--score', 'score', '--label', 'y'], /column "y" has more than two values \("cat", "dog", "bird"\): give --positive-class VALUE/);
    await fails(['--input', three, '--score', 'score', '--label', 'y', '--positive-class', 'fish'], /--positive-class: no scored row of "y" is "fish" \(values: "cat", "dog", "bird"\)/);
    const one = write('one.csv', 'score,y\n0.5,cat\n0.4,cat\n');
    await fails(['--input', one, '--score', 'score', '--label', 'y'], /column "y" has one value only \("cat"\): the scores need both classes/);
    await fails(['--input', one, '--score', 'score', '--label', 'y', '--positive-class', 'cat'], /every scored row of "y" is "cat": the scores need both classes/);
    await fails(['--input', three, '--score', 'score'], /--score needs --label/);
    await fails(['--input', three, '--positive-class', 'cat'], /--positive-class and --score-edges go with --score/);
    await fails(['--input', three, '--score', 'score', '--label', 'y', '--score-edges', '0.5,0.2'], /--score-edges "0.5,0.2": bounds must be strictly increasing/);
    await fails(['--input', three, '--score', 'nope', '--label', 'y'], /no column named "nope"/);
    const long = write('long.csv', `score,y\n0.5,${'x'.repeat(300)}\n0.4,a\n`);
    await fails(['--input', long, '--score', 'score', '--label', 'y'], /the positive class is longer than 256 characters/);
  });

  it('reads JSON Lines too, where labels may be booleans and scores numbers', async () => {
    const lines = [
      { score: 0.8, clicked: true },
      { score: 0.3, clicked: false },
      { score: 0.6, clicked: true },
      { score: null, clicked: false },
      { score: 0.2 },
    ];
    const input = write('clicks.jsonl', lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const { doc } = await build(input, ['--score', 'score', '--label', 'clicked', '--score-edges', '0.5']);
    expect(scoresOf(doc)).toMatchObject({ positiveClass: 'true', positives: [0, 2], negatives: [1, 0] });
    expect(doc.notes).toContainEqual(expect.stringContaining('left out: 1 row without a label, 1 row without a score'));
  });

  it('lets a three-class label be scored one class against the rest with --positive-class', async () => {
    const three = write('rest.csv', 'score,y\n0.9,cat\n0.4,dog\n0.2,bird\n0.7,cat\n');
    const scores = scoresOf((await build(three, ['--score', 'score', '--label', 'y', '--positive-class', 'cat'])).doc);
    expect([sum(scores.positives), sum(scores.negatives), scores.positiveClass]).toEqual([2, 2, 'cat']);
  });
});

describe('mldrift baseline build --prediction with a numeric column', () => {
  it('keeps the prediction as a histogram on the same edge rules as the features', async () => {
    const { doc } = await build(SCORES_CSV, ['--prediction', 'p6', '--columns', 'p2', '--bins', '4']);
    const [feature] = doc.features;
    expect(doc.prediction?.kind).toBe('numeric');
    expect(feature.kind).toBe('numeric');
    if (doc.prediction?.kind !== 'numeric' || feature.kind !== 'numeric') {
      return;
    }
    expect(doc.prediction.histogram.upperBounds).toHaveLength(3);
    expect(sum(doc.prediction.histogram.counts)).toBe(doc.prediction.summary.n);
    // p2 is p6 rounded: equal-mass edges of the one are within a hundredth of the other's.
    doc.prediction.histogram.upperBounds.forEach((bound, i) => expect(Math.abs(bound - feature.histogram.upperBounds[i])).toBeLessThanOrEqual(0.01));
    const explicit = await build(SCORES_CSV, ['--prediction', 'p6', '--columns', 'p2', '--edges', 'p6=0.25,0.5,0.75']);
    expect(explicit.doc.prediction?.kind === 'numeric' && explicit.doc.prediction.histogram.upperBounds).toEqual([0.25, 0.5, 0.75]);
  });
});
