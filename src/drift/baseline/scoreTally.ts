/**
 * A binary classifier's scores on the reference data, counted by actual class on fixed edges (`mldrift baseline
 * build --score COL --label COL`): the baseline's `scores`, the reference for ROC AUC, PR AUC, calibration and CBPE.
 *
 * The edges are known before the first row (the defaults or `--score-edges`), so one pass counts everything and
 * memory does not grow with the rows. Fixed edges rather than the features' equal-mass ones, because a live score
 * histogram is instrumented with fixed buckets and AUC bounds need both sides on the same edges.
 *
 * A row without a label, with a missing score or with a non-finite score is counted and noted, never silently
 * dropped; a score that is not a number or lies outside [0, 1] is an error (it is not a probability).
 */
import { type Cell, type CellSource, categoryOf, isMissing, parseNumber } from './cells';
import { ColumnLookup } from './columnLookup';
import { bucketIndex } from './edges';
import { BASELINE_LIMITS } from './limits';
import { BaselineInputError } from './profiler';
import type { BaselineScores } from '../types';
import { CLI_SCORE_FIELDS, type ScoreFieldNames } from './scoreFields';

/**
 * Deciles: ten buckets of width 0.1 on [0, 1], as written (0.3, not 3 × 0.1). The live side's default, where no
 * baseline gives edges, is finer (`DEFAULT_LIVE_SCORE_EDGES` in src/backend/sources/scoreEdges.ts) and holds every one of these.
 */
export const DEFAULT_BASELINE_SCORE_EDGES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface ScoreTallyOptions {
  score: string;
  label: string;
  /** The label value counted as positive; without it the label must have two values, the greater one positive. */
  positiveClass?: string;
  upperBounds?: readonly number[];
  /** How messages and notes name the fields (default: the CLI's options). */
  fieldNames?: ScoreFieldNames;
}

export interface TalliedScores {
  scores: BaselineScores;
  /** What a reader must know: which class is positive and why, and the rows left out. */
  notes: string[];
}

interface BucketSums {
  counts: number[];
  scoreSums: number[];
}

/** Labels named in an error message at most. */
const MAX_NAMED_LABELS = 10;
const POSITIVE = Symbol('positive');
const NEGATIVE = Symbol('negative');

export class ScoreTally {
  private readonly upperBounds: readonly number[];
  private readonly names: ScoreFieldNames;
  /** By label value without a positive class (two at most), by POSITIVE / NEGATIVE with one. */
  private readonly byClass = new Map<string | symbol, BucketSums>();
  /** Label values seen, for messages (up to MAX_NAMED_LABELS + 1). */
  private readonly labelsSeen = new Set<string>();
  private readonly scoreColumn: ColumnLookup;
  private readonly labelColumn: ColumnLookup;
  private missingLabel = 0;
  private missingScore = 0;
  private nonFiniteScore = 0;

  constructor(private readonly options: ScoreTallyOptions) {
    this.upperBounds = options.upperBounds ?? DEFAULT_BASELINE_SCORE_EDGES;
    this.names = options.fieldNames ?? CLI_SCORE_FIELDS;
    this.scoreColumn = new ColumnLookup(options.score);
    this.labelColumn = new ColumnLookup(options.label);
  }

  add(cells: CellSource, columns: readonly string[], line: number): void {
    const score = this.scoreOf(this.cellAt(cells, this.scoreColumn.indexIn(columns)), line);
    if (score === undefined) {
      return;
    }
    const labelCell = this.cellAt(cells, this.labelColumn.indexIn(columns));
    if (labelCell === null || labelCell === undefined || isMissing(labelCell)) {
      this.missingLabel++;
      return;
    }
    const sums = this.sumsFor(categoryOf(labelCell));
    const bucket = bucketIndex(this.upperBounds, score);
    sums.counts[bucket]++;
    sums.scoreSums[bucket] += score;
  }

  finish(): TalliedScores {
    const { positive, negative, positiveClass, why } = this.classes();
    if (positiveClass.length > BASELINE_LIMITS.maxCategoryLength) {
      throw new BaselineInputError(`${this.names.score}: the positive class is longer than ${BASELINE_LIMITS.maxCategoryLength} characters (${JSON.stringify(positiveClass.slice(0, 40))}…)`);
    }
    const { score, label } = this.options;
    const empty = (): BucketSums => ({ counts: this.zeros(), scoreSums: this.zeros() });
    const positives = this.byClass.get(positive) ?? empty();
    const negatives = this.byClass.get(negative) ?? empty();
    const upperBounds = [...this.upperBounds];
    const meanScores = positives.counts.map((count, i) => {
      const n = count + negatives.counts[i];
      return n === 0 ? 0 : meanInBucket((positives.scoreSums[i] + negatives.scoreSums[i]) / n, upperBounds, i);
    });
    return {
      scores: { score, label, positiveClass, upperBounds, positives: positives.counts, negatives: negatives.counts, meanScores },
      notes: [`scores: column ${JSON.stringify(score)} by ${JSON.stringify(label)}, ${why}${this.leftOut()}`],
    };
  }

  private cellAt(cells: CellSource, column: number): Cell {
    return column < 0 ? undefined : cells.cell(column);
  }

  /** The score as a probability; undefined for a row counted as left out. */
  private scoreOf(cell: Cell, line: number): number | undefined {
    if (cell === null || cell === undefined || isMissing(cell)) {
      this.missingScore++;
      return undefined;
    }
    const where = `line ${line}: column ${JSON.stringify(this.options.score)}`;
    const value = parseNumber(cell);
    if (value === undefined) {
      throw new BaselineInputError(`${where}: the score must be a number, got ${JSON.stringify(String(cell).slice(0, 40))}`);
    }
    if (!Number.isFinite(value)) {
      this.nonFiniteScore++;
      return undefined;
    }
    if (value < 0 || value > 1) {
      throw new BaselineInputError(`${where}: the score must be a probability in [0, 1], got ${value}`);
    }
    return value;
  }

  private sumsFor(labelValue: string): BucketSums {
    if (this.labelsSeen.size <= MAX_NAMED_LABELS) {
      this.labelsSeen.add(labelValue);
    }
    const { positiveClass } = this.options;
    const key = positiveClass === undefined ? labelValue : labelValue === positiveClass ? POSITIVE : NEGATIVE;
    let sums = this.byClass.get(key);
    if (sums === undefined) {
      if (positiveClass === undefined && this.byClass.size === 2) {
        throw new BaselineInputError(
          `${this.names.score}: column ${JSON.stringify(this.options.label)} has more than two values (${this.namedLabels()}): ` +
            `give ${this.names.positiveClass} VALUE (every other value counts as negative)`
        );
      }
      sums = { counts: this.zeros(), scoreSums: this.zeros() };
      this.byClass.set(key, sums);
    }
    return sums;
  }

  /** The keys of the positive and negative class, and how the positive one was chosen. */
  private classes(): { positive: string | symbol; negative: string | symbol; positiveClass: string; why: string } {
    const { label, positiveClass } = this.options;
    const column = JSON.stringify(label);
    if (positiveClass !== undefined) {
      if (!this.byClass.has(POSITIVE)) {
        throw new BaselineInputError(
          `${this.names.positiveClass}: no scored row of ${column} is ${JSON.stringify(positiveClass)} (values: ${this.namedLabels() || 'none'})`
        );
      }
      if (!this.byClass.has(NEGATIVE)) {
        throw new BaselineInputError(`${this.names.score}: every scored row of ${column} is ${JSON.stringify(positiveClass)}: the scores need both classes`);
      }
      return { positive: POSITIVE, negative: NEGATIVE, positiveClass, why: `positive class ${JSON.stringify(positiveClass)} (given)` };
    }
    const values = [...this.byClass.keys()].filter((key): key is string => typeof key === 'string');
    if (values.length < 2) {
      throw new BaselineInputError(`${this.names.score}: column ${column} has ${values.length === 0 ? 'no value on a scored row' : `one value only (${this.namedLabels()})`}: the scores need both classes`);
    }
    const [negative, positive] = values.sort(compareLabels);
    return { positive, negative, positiveClass: positive, why: `positive class ${JSON.stringify(positive)} (the greater of its two values; ${this.names.positiveClass} chooses)` };
  }

  private leftOut(): string {
    const parts = [
      [this.missingLabel, 'without a label'],
      [this.missingScore, 'without a score'],
      [this.nonFiniteScore, 'with a non-finite score'],
    ]
      .filter(([count]) => count !== 0)
      .map(([count, what]) => `${count} ${count === 1 ? 'row' : 'rows'} ${what}`);
    return parts.length === 0 ? '' : `; left out: ${parts.join(', ')}`;
  }

  private namedLabels(): string {
    const named = [...this.labelsSeen].slice(0, MAX_NAMED_LABELS).map((value) => JSON.stringify(value));
    return named.join(', ') + (this.labelsSeen.size > MAX_NAMED_LABELS ? ', …' : '');
  }

  private zeros(): number[] {
    return new Array<number>(this.upperBounds.length + 1).fill(0);
  }
}

/** Numerically when both are numbers (so "10" > "9"), else as text: the greater label is the positive class. */
function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) {
    return x - y;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The bucket's mean score, held inside the bucket and [0, 1] against rounding of the sum. */
function meanInBucket(mean: number, upperBounds: readonly number[], bucket: number): number {
  const lower = bucket === 0 ? 0 : Math.max(0, upperBounds[bucket - 1]);
  const upper = bucket === upperBounds.length ? 1 : Math.min(1, upperBounds[bucket]);
  return Math.min(upper, Math.max(lower, mean));
}
