/**
 * Builds a baseline from a CSV or JSON Lines file in two streaming passes (see src/drift/baseline): pass 1
 * profiles the columns and chooses edges, pass 2 counts exactly. Shared by `baseline build` and by `compare`
 * when its reference is a data file.
 */
import { InputError } from './errors';
import type { Progress } from './progress';
import { readTable } from './readers';
import {
  BaselineBinner,
  BaselineBuildOptions,
  BaselineInputError,
  BaselineMeta,
  BaselineProfiler,
  attachThresholds,
  baselineDocument,
} from '../drift/baseline';
import type { BaselineDocument } from '../drift/types';

export async function buildBaselineFromFile(
  file: string,
  options: BaselineBuildOptions,
  meta: BaselineMeta,
  progress?: Progress
): Promise<BaselineDocument> {
  const profiler = new BaselineProfiler(options);
  await readTable(file, (values, columns) => profiler.addRow(values, columns), progress);
  const plan = asInputError(file, () => profiler.finish());
  if (plan.columns.length === 0) {
    throw new InputError(`no column to build a baseline from${plan.notes.length > 0 ? ` (${plan.notes.join('; ')})` : ''}`, { file });
  }
  const binner = new BaselineBinner(plan);
  await readTable(file, (values, columns) => binner.addRow(values, columns), progress);
  const built = asInputError(file, () => binner.finish());
  return baselineDocument(meta, plan, attachThresholds(built, plan));
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
