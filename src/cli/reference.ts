/**
 * The reference side of `compare`: a baseline JSON document (validated before use), or a raw data file whose
 * column kinds are inferred as `baseline build` would and whose values are collected raw.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import { ColumnSpec, SideCollector } from './collect';
import { InputError, errorMessage } from './errors';
import type { Progress } from './progress';
import { isJsonArrayFile, readTable, readTableCells } from './readers';
import { BaselineInputError, BaselineProfiler, validateBaseline } from '../drift/baseline';
import type { BaselineDocument, BaselineFeature, DriftMethod, FeatureInput } from '../drift/types';

/** A baseline file larger than this is not a baseline (they are kilobytes); refuse before parsing it. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface ReferenceColumn {
  spec: ColumnSpec;
  input: FeatureInput;
  thresholds?: Partial<Record<DriftMethod, number>>;
}

/** A `.json` file holding an object; a `.json` file holding an array is data, read as rows. */
export async function isBaselineFile(file: string): Promise<boolean> {
  return path.extname(file).toLowerCase() === '.json' && !(await isJsonArrayFile(file));
}

export async function loadBaseline(file: string): Promise<BaselineDocument> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_BASELINE_BYTES) {
      throw new InputError(`too large for a baseline (${stat.size} bytes, limit ${MAX_BASELINE_BYTES})`, { file });
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    throw new InputError(`cannot read: ${errorMessage(error)}`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${errorMessage(error)})`, { file });
  }
  const check = validateBaseline(parsed);
  if (!check.ok) {
    const shown = check.errors.slice(0, 3).join('; ');
    const more = check.errors.length > 3 ? ` (and ${check.errors.length - 3} more)` : '';
    throw new InputError(`not a valid baseline: ${shown}${more}`, { file });
  }
  return check.baseline;
}

/** Features, then prediction and label (optional in the current file), each as the engine's reference input. */
export function baselineColumns(doc: BaselineDocument): ReferenceColumn[] {
  const outputs = [doc.prediction, doc.label].filter((f): f is BaselineFeature => f !== undefined);
  return [...doc.features, ...outputs].map((feature) => {
    const counts = { missing: feature.missing, nonFinite: feature.nonFinite };
    const optional = outputs.includes(feature);
    return feature.kind === 'numeric'
      ? {
          spec: { name: feature.name, kind: 'numeric', upperBounds: feature.histogram.upperBounds, optional },
          input: { kind: 'numeric', binned: feature.histogram, summary: feature.summary, ...counts },
          thresholds: feature.thresholds,
        }
      : {
          spec: { name: feature.name, kind: 'categorical', optional },
          input: { kind: 'categorical', distribution: feature.distribution, ...counts },
          thresholds: feature.thresholds,
        };
  });
}

/** Two passes over a raw reference: infer the kinds, then collect the values of the wanted columns. */
export async function rawReferenceColumns(
  file: string,
  wanted: readonly string[] | undefined,
  categorical: readonly string[] | undefined,
  progress?: Progress
): Promise<ReferenceColumn[]> {
  const profiler = new BaselineProfiler({ columns: wanted, categorical });
  await readTableCells(file, (cells, columns) => profiler.addCells(cells, columns), progress);
  let specs: ColumnSpec[];
  try {
    specs = profiler.finish().columns.map((column) => ({ name: column.name, kind: column.kind }));
  } catch (error) {
    if (error instanceof BaselineInputError) {
      throw new InputError(error.message, { file });
    }
    throw error;
  }
  const collector = new SideCollector(specs, file);
  const summary = await readTable(file, (values, columns, line) => collector.addRow(values, columns, line), progress);
  const inputs = collector.finish(summary.columns);
  return specs.map((spec, i) => ({ spec, input: inputs[i] as FeatureInput }));
}
