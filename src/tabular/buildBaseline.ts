/**
 * Builds a baseline from a CSV, JSON Lines or JSON array file in two streaming passes (see src/drift/baseline): pass 1
 * profiles the columns and chooses edges, pass 2 counts exactly. Shared by `baseline build` and by `compare`
 * when its reference is a data file.
 *
 * Pass 1 of a CSV also spools the numbers it parsed to a temporary file (NumberSpool); when every column turns
 * out numeric, pass 2 reads those back instead of parsing the text a second time, which was about half the
 * cost of a build. Otherwise (categorical columns, JSON whose columns may grow, no usable temporary file)
 * pass 2 reads the text again. Both ways give the same baseline.
 */
import { InputError } from './inputError';
import { NumberSpool } from './numberSpool';
import type { Progress } from './progress';
import { hasHeaderRow, readTableCells } from './readers';
import {
  BaselineBinner,
  BaselineBuildOptions,
  BaselineInputError,
  BaselineMeta,
  BaselinePlan,
  BaselineProfiler,
  attachThresholds,
  baselineDocument,
} from '../drift/baseline';
import { ScoreTally, type ScoreTallyOptions } from '../drift/baseline/scoreTally';
import { SegmentTally, type SegmentTallyOptions } from '../drift/baseline/segmentTally';
import type { BaselineDocument } from '../drift/types';

/** What a build may add to the features' distributions, each optional. */
export interface BuildExtras {
  progress?: Progress;
  /** A classifier's score and label columns: the score histograms by actual class, counted in pass 1 on fixed edges. */
  scores?: ScoreTallyOptions;
  /** The distributions of the segment column's top values (`segmentTally.ts`), which pass 2 counts from the text. */
  segment?: SegmentTallyOptions;
}

export async function buildBaselineFromFile(
  file: string,
  options: BaselineBuildOptions,
  meta: BaselineMeta,
  { progress, scores, segment }: BuildExtras = {}
): Promise<BaselineDocument> {
  const profiler = new BaselineProfiler({ ...options, score: scores?.score, segment: segment?.column });
  const scoreTally = scores && new ScoreTally(scores);
  const segmentTally = segment && asInputError(file, () => new SegmentTally(segment));
  let spool: NumberSpool | undefined;
  // Opened at the first row, when the profiled columns are known (JSON rows may add columns later: no spool).
  let spoolTried = !hasHeaderRow(file);
  try {
    await readTableCells(
      file,
      (cells, columns, line) => {
        profiler.addCells(cells, columns);
        segmentTally?.count(cells, columns);
        if (scoreTally) {
          asInputError(file, () => scoreTally.add(cells, columns, line));
        }
        if (!spoolTried) {
          spoolTried = true;
          spool = NumberSpool.open(profiler.profiledColumns.length);
        }
        spool?.append(profiler.lastRowNumbers);
      },
      progress
    );
    const plan = asInputError(file, () => profiler.finish());
    if (plan.columns.length === 0) {
      throw new InputError(`no column to build a baseline from${plan.notes.length > 0 ? ` (${plan.notes.join('; ')})` : ''}`, { file });
    }
    segmentTally?.choose(plan);
    // The spool holds the profiled columns' numbers only: segments are told apart by a column it does not hold.
    const spooled = segmentTally ? undefined : await countFromSpool(plan, profiler, spool, file, progress);
    const binner = spooled ?? (await countFromText(plan, file, progress, segmentTally));
    const built = asInputError(file, () => binner.finish());
    const tallied = scoreTally && asInputError(file, () => scoreTally.finish());
    const segmented = segmentTally && asInputError(file, () => segmentTally.finish(plan));
    const notes = [...plan.notes, ...(tallied?.notes ?? []), ...(segmented?.notes ?? [])];
    const document = baselineDocument(meta, { ...plan, notes }, attachThresholds(built, plan));
    return { ...document, ...(tallied ? { scores: tallied.scores } : {}), ...(segmented ? { segments: segmented.segments } : {}) };
  } finally {
    spool?.close();
  }
}

/** Pass 2 on the spooled numbers; undefined when the plan needs the text (categories) or the spool failed. */
async function countFromSpool(
  plan: BaselinePlan,
  profiler: BaselineProfiler,
  spool: NumberSpool | undefined,
  file: string,
  progress?: Progress
): Promise<BaselineBinner | undefined> {
  const binner = new BaselineBinner(plan);
  if (spool === undefined || !spool.usable || !binner.numericOnly) {
    return undefined;
  }
  const columns = profiler.profiledColumns;
  progress?.start(file, 8 * columns.length * plan.rows);
  const complete = await spool.replay(
    (block, rows) => binner.addNumbers(block, columns, rows),
    (bytes) => progress?.advance(bytes)
  );
  progress?.done();
  return complete ? binner : undefined;
}

async function countFromText(plan: BaselinePlan, file: string, progress?: Progress, segments?: SegmentTally): Promise<BaselineBinner> {
  const binner = new BaselineBinner(plan);
  await readTableCells(
    file,
    (cells, columns) => {
      binner.addCells(cells, columns);
      segments?.add(cells, columns);
    },
    progress
  );
  return binner;
}

function asInputError<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BaselineInputError) {
      throw new InputError(error.message, { file });
    }
    throw error;
  }
}
