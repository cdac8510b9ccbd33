/**
 * `POST baselines/build`: the uploaded CSV / TSV / JSON Lines body goes through the same two-pass streaming
 * builder as `mldrift baseline build` (src/tabular/buildBaseline.ts over src/drift/baseline). The body is
 * spooled to a hidden file in the store directory so both passes stream from disk.
 *
 * Query parameters: model, version (required); bins, chunks, maxCategories (numbers within `BUILD_LIMITS`); columns,
 * categorical (comma-separated); prediction, label (column names); score, positiveClass, scoreEdges (a binary
 * classifier's score histograms by actual class, under the CLI's rules: `scoreFields.ts`); segment, segmentLimit
 * (per-segment distributions, as `--segment` and `--segment-limit`); format (csv | tsv | jsonl, else from
 * Content-Type, default csv).
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BaselineStore } from '../store/baselineStore';
import { UPLOAD_SPOOL_PREFIX } from '../store/atomicFile';
import { buildBaselineFromFile } from '../../tabular/buildBaseline';
import { InputError } from '../../tabular/inputError';
import { BaselineInputError, type BaselineBuildOptions } from '../../drift/baseline';
import { checkIdParts } from '../../drift/baseline/baselineId';
import { BUILD_DEFAULTS, BUILD_LIMITS } from '../../drift/baseline/limits';
import { API_SCORE_FIELDS, checkScoreFields } from '../../drift/baseline/scoreFields';
import type { SegmentTallyOptions } from '../../drift/baseline/segmentTally';
import type { BaselineBuilder } from './router';

type Format = 'csv' | 'tsv' | 'jsonl';

const EXTENSIONS: Record<Format, string> = { csv: '.csv', tsv: '.tsv', jsonl: '.jsonl' };

function formatOf(params: URLSearchParams, contentType: string): Format | string {
  const explicit = params.get('format')?.toLowerCase();
  if (explicit) {
    return explicit;
  }
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'application/jsonlines'].includes(type)) {
    return 'jsonl';
  }
  return type === 'text/tab-separated-values' ? 'tsv' : 'csv';
}

function list(params: URLSearchParams, name: string): string[] | undefined {
  const value = params.get(name);
  return value ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
}

/** A parameter's value; an empty one counts as not given, as for every parameter of this endpoint. */
function optional(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) || undefined;
}

/** A whole number within the parameter's documented range (`BUILD_LIMITS`), else an error naming both. */
function boundedInteger(params: URLSearchParams, name: keyof typeof BUILD_LIMITS, errors: string[]): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') {
    return undefined;
  }
  const { min, max } = BUILD_LIMITS[name];
  const n = /^\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    errors.push(`parameter ${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value.slice(0, 40))}`);
    return undefined;
  }
  return n;
}

/** `segment` with its limit, as the CLI's `--segment` and `--segment-limit`; a limit alone is an error. */
function segmentParameters(params: URLSearchParams, errors: string[]): SegmentTallyOptions | undefined {
  const column = optional(params, 'segment');
  const limit = boundedInteger(params, 'segmentLimit', errors);
  if (column === undefined) {
    if (limit !== undefined) {
      errors.push('parameter segmentLimit goes with parameter segment');
    }
    return undefined;
  }
  return { column, limit: limit ?? BUILD_DEFAULTS.segmentLimit };
}

/** A builder that spools into the datasource's store directory (temp names are cleaned after a crash). */
export function uploadBuilder(store: BaselineStore, now: () => Date = () => new Date()): BaselineBuilder {
  return async ({ body, contentType, params }) => {
    const errors: string[] = [];
    const [typedModel, typedVersion] = [params.get('model'), params.get('version')];
    if (!typedModel) {
      errors.push('parameter model is required');
    }
    if (!typedVersion) {
      errors.push('parameter version is required');
    }
    const id = typedModel && typedVersion ? checkIdParts(typedModel, typedVersion) : undefined;
    if (id && !id.ok) {
      errors.push(id.error);
    }
    const format = formatOf(params, contentType);
    if (!(format in EXTENSIONS)) {
      errors.push(`parameter format: expected csv, tsv or jsonl, got ${JSON.stringify(format)}`);
    }
    const label = optional(params, 'label');
    const scores = checkScoreFields(
      { score: optional(params, 'score'), label, positiveClass: optional(params, 'positiveClass'), scoreEdges: optional(params, 'scoreEdges') },
      API_SCORE_FIELDS
    );
    if (!scores.ok) {
      errors.push(scores.error);
    }
    const segment = segmentParameters(params, errors);
    const options: BaselineBuildOptions = {
      columns: list(params, 'columns'),
      categorical: list(params, 'categorical'),
      bins: boundedInteger(params, 'bins', errors),
      chunks: boundedInteger(params, 'chunks', errors),
      maxCategories: boundedInteger(params, 'maxCategories', errors),
      prediction: optional(params, 'prediction'),
      label,
      // Identifier-like and date/time columns are left out (with a note) unless named in `columns`, as in the CLI.
      skipUnsuitable: true,
    };
    if (errors.length > 0 || !id?.ok) {
      return { ok: false, errors };
    }
    const { model, version } = id;
    await store.checkWritable();
    const spoolName = `${UPLOAD_SPOOL_PREFIX}${process.pid}.${randomBytes(8).toString('hex')}${EXTENSIONS[format as Format]}`;
    const spool = path.join(store.directory, spoolName);
    try {
      await writeFile(spool, body, { mode: 0o600 });
      const meta = { model, version, createdAt: now().toISOString(), sourceDescription: 'uploaded through the resource API' };
      const baseline = await buildBaselineFromFile(spool, options, meta, { scores: scores.ok ? scores.options : undefined, segment });
      return { ok: true, baseline, rows: baseline.source?.rows ?? 0 };
    } catch (error) {
      if (error instanceof InputError) {
        // The spool file's name means nothing to the user: report line and column only.
        return { ok: false, errors: [new InputError(error.detail, { ...error.location, file: undefined }).message] };
      }
      if (error instanceof BaselineInputError) {
        return { ok: false, errors: [error.message] };
      }
      throw error;
    } finally {
      await rm(spool, { force: true });
    }
  };
}
