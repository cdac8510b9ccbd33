import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';

import {
  DRIFT_EXPLANATION,
  DRIFT_LABELS,
  DRIFT_SHARE_FIELD,
  DRIFT_THRESHOLD_CUSTOM_KEY,
  DRIFT_VALUE_FIELDS,
  DRIFT_WINDOW_CUSTOM_KEY,
} from '../../shared/frameContract';
import { sameElements } from '../../drift/numeric';
import { NO_DATA, ReadFailure, shapeMismatch } from '../shared/frames';
import { tText } from '../shared/i18n';
import { RowIdentity, RowQualifier, rowKey, rowQualifiers, rowTitle } from './rows';

export type SeriesRole = 'score' | 'normalized' | 'pValue';

/**
 * One row's drift series as read from the frames, before alignment on a shared time axis: a feature's, or one
 * segment's (model's, reference's) of a feature when the series differ in those labels.
 */
export interface FeatureSeries {
  /** Tells the row apart from every other: the feature and each distinguishing label's value. */
  key: string;
  /** The row's name: the feature, then what sets it apart from the feature's other rows (`income · eu`). */
  title: string;
  /** What the title adds to the feature, for the tooltip. */
  qualifiers: RowQualifier[];
  feature: string;
  model?: string;
  version?: string;
  method?: string;
  /** With a live reference: what the series was compared with. */
  reference?: string;
  /** Of a segmented query: the segment value (`SEGMENT_OTHER`, or a variant of it, for the rest). */
  segment?: string;
  threshold?: number;
  windowMs?: number;
  /** Ascending window end times (epoch ms) and the values at them; NaN where a value is missing. */
  times: Float64Array;
  score?: Float64Array;
  normalized?: Float64Array;
  pValue?: Float64Array;
  /** The score field, for its data links. */
  linkField?: Field;
  /** The bins that carry each point's score (`top_contributors` of an explaining query), aligned with `times`. */
  contributors?: Array<string | undefined>;
}

export type ReadResult =
  | { ok: true; series: FeatureSeries[] }
  | ReadFailure;

/** What the panel reads, for its no-data and wrong-data messages. */
export function expectedShape(): string {
  return tText(
    'heatmap.expected-shape',
    'the "drift" query of the ML Drift datasource (a range query): time series, one per feature (and segment), with a number field labelled "feature" (and "model", "version", "method", "segment") named {{fields}}',
    { fields: [DRIFT_VALUE_FIELDS.score, DRIFT_VALUE_FIELDS.normalizedScore, DRIFT_VALUE_FIELDS.pValue].map((name) => `"${name}"`).join(', ') }
  );
}

/** Which quantity a field carries, from its name or its Prometheus metric name. */
export function seriesRole(field: Field): SeriesRole {
  const name = `${field.name} ${field.labels?.__name__ ?? ''}`.toLowerCase();
  if (name.includes(DRIFT_VALUE_FIELDS.pValue) || name.includes('pvalue')) {
    return 'pValue';
  }
  if (name.includes('normalized') || name.includes('normalised')) {
    return 'normalized';
  }
  return 'score';
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The threshold of a score series, as documented in frameContract.ts. */
export function readThreshold(field: Field): number | undefined {
  const custom: Record<string, unknown> | undefined = field.config.custom;
  const fromCustom = finiteNumber(custom?.[DRIFT_THRESHOLD_CUSTOM_KEY]);
  if (fromCustom !== undefined) {
    return fromCustom;
  }
  return field.config.thresholds?.steps.map((step) => step.value).find((value) => Number.isFinite(value));
}

function readWindowMs(field: Field): number | undefined {
  const custom: Record<string, unknown> | undefined = field.config.custom;
  const windowMs = finiteNumber(custom?.[DRIFT_WINDOW_CUSTOM_KEY]) ?? finiteNumber(field.config.interval);
  return windowMs !== undefined && windowMs > 0 ? windowMs : undefined;
}

interface Collected {
  key: string;
  feature: string;
  labels: Record<string, string>;
  threshold?: number;
  windowMs?: number;
  linkField?: Field;
  pieces: Map<SeriesRole, Piece[]>;
  /** `top_contributors` columns with their frames' times. */
  contributors: Piece[];
}

/** The time and value columns of one field, kept as they are until all frames are read. */
interface Piece {
  times: ArrayLike<unknown>;
  values: ArrayLike<unknown>;
}

function featureName(frame: DataFrame, field: Field, frames: DataFrame[]): string {
  return field.labels?.[DRIFT_LABELS.feature] ?? getFieldDisplayName(field, frame, frames);
}

/**
 * Groups every number field of every frame by row and by quantity: a row per feature (the `feature` label,
 * else the display name) and value of the labels that tell series apart (`segment`, `model`, `version`,
 * `reference`), in the order the frames first name them. Points of one row with the same time are merged; a
 * later frame wins, as Grafana's own joins do.
 */
export function readDriftFrames(frames: DataFrame[]): ReadResult {
  const nonEmpty = frames.filter((frame) => frame.length > 0);
  if (nonEmpty.length === 0) {
    return NO_DATA;
  }
  const byRow = new Map<string, Collected>();
  for (const frame of nonEmpty) {
    const time = frame.fields.find((field) => field.type === FieldType.time);
    if (!time) {
      continue;
    }
    const contributors = frame.fields.find((field) => field.type === FieldType.string && field.name === DRIFT_EXPLANATION.topContributorsField);
    for (const field of frame.fields) {
      // The drift share (a drift query's `includeDriftShare`) is about all features, not a row of its own.
      if (field.type !== FieldType.number || field.name === DRIFT_SHARE_FIELD) {
        continue;
      }
      const feature = featureName(frame, field, nonEmpty);
      const key = rowKey(feature, field.labels);
      const entry: Collected = byRow.get(key) ?? { key, feature, labels: {}, pieces: new Map(), contributors: [] };
      byRow.set(key, entry);
      Object.assign(entry.labels, field.labels ?? {});
      const role = seriesRole(field);
      if (role === 'score') {
        entry.threshold = readThreshold(field) ?? entry.threshold;
        entry.linkField = field;
      }
      if (contributors && role !== 'pValue') {
        entry.contributors.push({ times: time.values, values: contributors.values });
      }
      entry.windowMs = readWindowMs(field) ?? entry.windowMs;
      const pieces = entry.pieces.get(role) ?? [];
      entry.pieces.set(role, pieces);
      pieces.push({ times: time.values, values: field.values });
    }
  }
  if (byRow.size === 0) {
    return shapeMismatch(nonEmpty[0]);
  }
  const entries = [...byRow.values()];
  const qualifiers = rowQualifiers(entries.map(identityOf));
  return { ok: true, series: entries.map((entry, i) => toFeatureSeries(entry, qualifiers[i])) };
}

function isStrictlyIncreasing(times: ArrayLike<unknown>): boolean {
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== 'number' || (i > 0 && !(t > (times[i - 1] as number)))) {
      return false;
    }
  }
  return true;
}

function toFloat64(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i];
  }
  return out;
}

function finiteColumn(values: ArrayLike<unknown>): Float64Array {
  const column = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    column[i] = finiteNumber(values[i]) ?? Number.NaN;
  }
  return column;
}

/** Aligns the quantities of one feature on one ascending time axis. */
function alignPieces(pieces: Map<SeriesRole, Piece[]>): { times: Float64Array; columns: Map<SeriesRole, Float64Array> } {
  const all = [...pieces.values()].flat();
  const first = all[0];
  const columns = new Map<SeriesRole, Float64Array>();
  // The usual case (one frame per quantity on the same timestamps) needs no merging: a million points stay cheap.
  const simple =
    [...pieces.values()].every((list) => list.length === 1) &&
    isStrictlyIncreasing(first.times) &&
    all.every((piece) => sameElements(piece.times, first.times));
  if (simple) {
    for (const [role, [piece]] of pieces) {
      columns.set(role, finiteColumn(piece.values));
    }
    return { times: toFloat64(first.times as ArrayLike<number>), columns };
  }
  const merged = new Map<SeriesRole, Map<number, number>>();
  const allTimes = new Set<number>();
  for (const [role, list] of pieces) {
    const points = new Map<number, number>();
    merged.set(role, points);
    for (const piece of list) {
      for (let i = 0; i < piece.times.length; i++) {
        const t = piece.times[i];
        if (typeof t === 'number') {
          points.set(t, finiteNumber(piece.values[i]) ?? Number.NaN);
          allTimes.add(t);
        }
      }
    }
  }
  const times = Float64Array.from(allTimes).sort();
  for (const [role, points] of merged) {
    columns.set(role, times.map((t) => points.get(t) ?? Number.NaN));
  }
  return { times, columns };
}

/** The contributors text at each of `times` (a later frame wins, as for the numbers). */
function alignContributors(pieces: Piece[], times: Float64Array): Array<string | undefined> | undefined {
  if (pieces.length === 0) {
    return undefined;
  }
  const byTime = new Map<number, string>();
  for (const piece of pieces) {
    for (let i = 0; i < piece.times.length; i++) {
      const [t, text] = [piece.times[i], piece.values[i]];
      if (typeof t === 'number' && typeof text === 'string' && text !== '') {
        byTime.set(t, text);
      }
    }
  }
  return Array.from(times, (t) => byTime.get(t));
}

function identityOf(entry: Collected): RowIdentity {
  return {
    feature: entry.feature,
    model: entry.labels[DRIFT_LABELS.model],
    version: entry.labels[DRIFT_LABELS.version],
    reference: entry.labels[DRIFT_LABELS.reference],
    segment: entry.labels[DRIFT_LABELS.segment],
  };
}

function toFeatureSeries(entry: Collected, qualifiers: RowQualifier[]): FeatureSeries {
  const { times, columns } = alignPieces(entry.pieces);
  return {
    ...identityOf(entry),
    key: entry.key,
    title: rowTitle(entry.feature, qualifiers),
    qualifiers,
    method: entry.labels[DRIFT_LABELS.method],
    threshold: entry.threshold,
    windowMs: entry.windowMs,
    times,
    score: columns.get('score'),
    normalized: columns.get('normalized'),
    pValue: columns.get('pValue'),
    linkField: entry.linkField,
    contributors: alignContributors(entry.contributors, times),
  };
}
