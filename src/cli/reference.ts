/**
 * The reference side of `compare`: a baseline JSON document (validated before use), or a raw data file whose
 * column kinds are inferred as `baseline build` would and whose values are collected raw.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import { ColumnSpec, SideCollector } from './collect';
import { InputError, errorMessage } from '../tabular/inputError';
import type { Progress } from '../tabular/progress';
import { isJsonArrayFile, readTable, readTableCells } from '../tabular/readers';
import {
  BaselineInputError,
  BaselineProfiler,
  DATE_TIME_SHARE,
  IDENTIFIER_DISTINCT_SHARE,
  MAX_IDENTIFIER_SPAN_PER_VALUE,
  MIN_VALUES_FOR_IDENTIFIER,
  type SkippedColumn,
  storedFeatureFacts,
  unsuitableColumn,
  validateBaseline,
} from '../drift/baseline';
import type { BaselineDocument, BaselineFeature, DriftMethod, FeatureInput } from '../drift/types';

/** How identifier-like and date/time columns are told apart, for both commands' help. */
export const UNSUITABLE_HELP = `Identifier-like columns (ids, keys, free text: at least ${MIN_VALUES_FOR_IDENTIFIER} values, ${IDENTIFIER_DISTINCT_SHARE * 100} % or more of them distinct;
whole numbers only when they also span at most ${MAX_IDENTIFIER_SPAN_PER_VALUE}× their count, as row numbers do) and date/time columns
(${DATE_TIME_SHARE * 100} % or more of the distinct values ISO 8601 dates or date-times: 2024-01-31, 2024-01-31T08:00:00Z) drift
by construction. They are judged on the reference data and skipped with a notice, unless named in --columns or
kept with --keep-identifiers.
`;

/** A baseline file larger than this is not a baseline (they are kilobytes); refuse before parsing it. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface ReferenceColumn {
  spec: ColumnSpec;
  input: FeatureInput;
  thresholds?: Partial<Record<DriftMethod, number>>;
}

/** The reference's columns to compare, and the feature columns left out (identifier-like, date/time). */
export interface ReferenceColumns {
  columns: ReferenceColumn[];
  skipped: SkippedColumn[];
}

/**
 * Which columns of a baseline to compare: `wanted` (all when undefined), less the identifier-like and date/time
 * features not named in `wanted` unless `keepUnsuitable` (a baseline built before such columns were left out, or
 * one built with them kept).
 */
export function selectBaselineColumns(doc: BaselineDocument, wanted: readonly string[] | undefined, keepUnsuitable: boolean, file: string): ReferenceColumns {
  const columns = baselineColumns(doc);
  const names = new Set(columns.map((c) => c.spec.name));
  const absent = (wanted ?? []).filter((name) => !names.has(name));
  if (absent.length > 0) {
    throw new InputError(
      `--columns: the baseline has no feature ${absent.map((n) => JSON.stringify(n)).join(', ')} (features: ${[...names].join(', ')})`,
      { file }
    );
  }
  const skipped: SkippedColumn[] = [];
  const kept = columns.filter((column) => {
    if (wanted !== undefined) {
      return wanted.includes(column.spec.name);
    }
    const feature = doc.features.find((f) => f.name === column.spec.name);
    const facts = feature !== undefined && !keepUnsuitable ? storedFeatureFacts(feature) : undefined;
    const unsuitable = facts !== undefined ? unsuitableColumn(facts) : undefined;
    if (unsuitable !== undefined) {
      skipped.push({ name: column.spec.name, reason: unsuitable.reason });
    }
    return unsuitable === undefined;
  });
  return { columns: kept, skipped };
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
function baselineColumns(doc: BaselineDocument): ReferenceColumn[] {
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
  keepUnsuitable: boolean,
  progress?: Progress
): Promise<ReferenceColumns> {
  const profiler = new BaselineProfiler({ columns: wanted, categorical, skipUnsuitable: !keepUnsuitable });
  await readTableCells(file, (cells, columns) => profiler.addCells(cells, columns), progress);
  let specs: ColumnSpec[];
  let skipped: SkippedColumn[];
  try {
    const plan = profiler.finish();
    specs = plan.columns.map((column) => ({ name: column.name, kind: column.kind }));
    skipped = plan.skipped ?? [];
  } catch (error) {
    if (error instanceof BaselineInputError) {
      throw new InputError(error.message, { file });
    }
    throw error;
  }
  const collector = new SideCollector(specs, file);
  const summary = await readTable(file, (values, columns, line) => collector.addRow(values, columns, line), progress);
  const inputs = collector.finish(summary.columns);
  return { columns: specs.map((spec, i) => ({ spec, input: inputs[i] as FeatureInput })), skipped };
}
