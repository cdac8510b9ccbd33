/**
 * Pure logic of the Baselines page forms and inspector: input checks, file-type detection, and the rows of the
 * compact bin table. The components only render what these return.
 */
import type { BaselineFeature } from '../drift/types';
import type { BuildBaselineParams } from '../shared/resourceModel';
import type { UploadProgress } from '../datasource/baselineClient';
import { MAX_ID_LENGTH, baselineId, idPartProblem } from '../drift/baseline/baselineId';
import { BUILD_LIMITS } from '../drift/baseline/limits';
import { checkScoreFields, type ScoreField, type ScoreFieldNames } from '../drift/baseline/scoreFields';

/** Model and version form the baseline id `model@version`: the rule every entry point shares (`baselineId.ts`). */
export function validateName(label: 'Model' | 'Version', value: string): string | undefined {
  const text = value.trim();
  if (text === '') {
    return `${label} is required`;
  }
  const problem = idPartProblem(label === 'Model' ? 'model' : 'version', text.normalize('NFC'));
  return problem === undefined ? undefined : `${label} ${problem}`;
}

function validateId(model: string, version: string): string | undefined {
  const length = model.trim().length + 1 + version.trim().length;
  return length > MAX_ID_LENGTH ? `Model and version together may have at most ${MAX_ID_LENGTH - 1} characters` : undefined;
}

export function buildFormatOf(fileName: string): BuildBaselineParams['format'] | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    return 'csv';
  }
  if (lower.endsWith('.tsv')) {
    return 'tsv';
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    return 'jsonl';
  }
  return undefined;
}

export interface BuildForm {
  model: string;
  version: string;
  fileName?: string;
  bins: string;
  categorical: string;
  prediction: string;
  label: string;
  score: string;
  positiveClass: string;
  scoreEdges: string;
  /** Column to split the rows by, and how many of its values to keep (`--segment`, `--segment-limit`). */
  segment: string;
  segmentLimit: string;
}

/** A build form before the user types: every field empty, so each parameter takes the builder's default. */
export const EMPTY_BUILD_FORM: BuildForm = {
  model: '',
  version: '',
  bins: '',
  categorical: '',
  prediction: '',
  label: '',
  score: '',
  positiveClass: '',
  scoreEdges: '',
  segment: '',
  segmentLimit: '',
};

/** Messages for the model and version fields every baseline form has; no key when the field is fine. */
function modelVersionErrors(form: { model: string; version: string }): Partial<Record<'model' | 'version', string>> {
  const errors: Partial<Record<'model' | 'version', string>> = {};
  const model = validateName('Model', form.model);
  const version = validateName('Version', form.version) ?? validateId(form.model, form.version);
  if (model) {
    errors.model = model;
  }
  if (version) {
    errors.version = version;
  }
  return errors;
}

export type BuildFormErrors = Partial<Record<'model' | 'version' | 'file' | 'bins' | 'segmentLimit' | ScoreField, string>>;

/** The score fields as the form labels them, in the messages of the rules every entry point shares. */
const FORM_SCORE_FIELDS: ScoreFieldNames = {
  score: 'Score column',
  label: 'Label column',
  positiveClass: 'Positive class',
  scoreEdges: 'Score edges',
};

/** A text field's value, undefined when left empty. */
const given = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** A whole-number field's message when it is given and outside its range (`BUILD_LIMITS`). */
function rangeError(label: string, text: string, { min, max }: { min: number; max: number }): string | undefined {
  const value = text.trim();
  const inRange = /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;
  return value === '' || inRange ? undefined : `${label} must be a whole number from ${min} to ${max}`;
}

export function validateBuildForm(form: BuildForm): BuildFormErrors {
  const errors: BuildFormErrors = modelVersionErrors(form);
  if (!form.fileName) {
    errors.file = 'Choose a CSV or JSON Lines file';
  } else if (!buildFormatOf(form.fileName)) {
    errors.file = `"${form.fileName}" is not .csv, .tsv, .jsonl or .ndjson`;
  }
  const bins = rangeError('Bins', form.bins, BUILD_LIMITS.bins);
  if (bins) {
    errors.bins = bins;
  }
  const segmentLimit =
    given(form.segment) === undefined && given(form.segmentLimit) !== undefined
      ? 'Top segments go with Segment column'
      : rangeError('Top segments', form.segmentLimit, BUILD_LIMITS.segmentLimit);
  if (segmentLimit) {
    errors.segmentLimit = segmentLimit;
  }
  const scoreValues = { score: given(form.score), label: given(form.label), positiveClass: given(form.positiveClass), scoreEdges: given(form.scoreEdges) };
  const scores = checkScoreFields(scoreValues, FORM_SCORE_FIELDS);
  if (!scores.ok) {
    errors[scores.field] = scores.error;
  }
  return errors;
}

/** The request parameters of a valid form (call after `validateBuildForm` found nothing). */
export function buildParamsOf(form: BuildForm & { fileName: string }): BuildBaselineParams {
  const format = buildFormatOf(form.fileName) ?? 'csv';
  const categorical = form.categorical
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(',');
  const optional = {
    prediction: given(form.prediction),
    label: given(form.label),
    score: given(form.score),
    positiveClass: given(form.positiveClass),
    scoreEdges: given(form.scoreEdges),
  };
  const segment = given(form.segment);
  const segmentLimit = given(form.segmentLimit);
  return {
    model: form.model.trim(),
    version: form.version.trim(),
    format,
    ...(form.bins.trim() !== '' ? { bins: Number(form.bins.trim()) } : {}),
    // A limit without a column is refused by validateBuildForm; here it is simply not sent.
    ...(segment !== undefined ? { segment, ...(segmentLimit !== undefined ? { segmentLimit: Number(segmentLimit) } : {}) } : {}),
    ...(categorical !== '' ? { categorical } : {}),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

export type ParsedBaselineFile =
  { ok: true; document: Record<string, unknown>; id: string } | { ok: false; error: string };

/** A first check of an uploaded baseline JSON; the backend validates it fully and explains what is wrong. */
export function parseBaselineFile(text: string): ParsedBaselineFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'A baseline file holds one JSON object' };
  }
  const document = value as Record<string, unknown>;
  if (typeof document.model !== 'string' || typeof document.version !== 'string') {
    return { ok: false, error: 'The file has no "model" and "version": is it a baseline built by mldrift?' };
  }
  if (!Array.isArray(document.features)) {
    return { ok: false, error: 'The file has no "features" list: is it a baseline built by mldrift?' };
  }
  return { ok: true, document, id: baselineId(document.model, document.version) };
}

export interface CaptureForm {
  model: string;
  version: string;
  from: number;
  to: number;
}

export type CaptureFormErrors = Partial<Record<'model' | 'version' | 'range', string>>;

export function validateCaptureForm(form: CaptureForm, now: number): CaptureFormErrors {
  const errors: CaptureFormErrors = modelVersionErrors(form);
  if (!(form.from < form.to)) {
    errors.range = 'The window must start before it ends';
  } else if (form.from > now) {
    errors.range = 'The window lies in the future: there is no data to capture yet';
  }
  return errors;
}

export function progressText(progress: UploadProgress | undefined): string {
  if (!progress) {
    return '';
  }
  if (progress.phase === 'building') {
    return 'Uploaded; building the baseline…';
  }
  return progress.fraction === undefined ? 'Uploading…' : `Uploading… ${Math.round(progress.fraction * 100)}%`;
}

export interface BinRow {
  label: string;
  count: number;
  /** Share of the feature's counted values, 0..1. */
  share: number;
}

function formatBound(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

/** One row per bucket (right-closed, with the open-ended outer buckets) or per category. */
export function binRows(feature: BaselineFeature): BinRow[] {
  const counts = feature.kind === 'numeric' ? feature.histogram.counts : feature.distribution.counts;
  const total = counts.reduce((sum, c) => sum + c, 0);
  const share = (count: number) => (total > 0 ? count / total : 0);
  if (feature.kind === 'categorical') {
    return feature.distribution.categories.map((category, i) => ({
      label: category,
      count: counts[i],
      share: share(counts[i]),
    }));
  }
  const bounds = feature.histogram.upperBounds;
  return counts.map((count, i) => {
    const lower = i === 0 ? '-∞' : formatBound(bounds[i - 1]);
    const label = i === bounds.length ? `(${lower}, +∞)` : `(${lower}, ${formatBound(bounds[i])}]`;
    return { label, count, share: share(count) };
  });
}

/** Total observations of a feature, counted and not (missing, non-finite), for the inspector's summary line. */
export function featureTotals(feature: BaselineFeature): { counted: number; missing: number; nonFinite: number } {
  const counts = feature.kind === 'numeric' ? feature.histogram.counts : feature.distribution.counts;
  return { counted: counts.reduce((sum, c) => sum + c, 0), missing: feature.missing, nonFinite: feature.nonFinite };
}
