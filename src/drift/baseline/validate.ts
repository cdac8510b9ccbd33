/**
 * Validation of a baseline document from an untrusted source (a file, an upload, a stored blob). Everything that
 * is not exactly a version-1 or version-2 baseline within the size limits is rejected, with every problem listed by
 * its JSON path (`features[3].histogram.counts: expected 11 numbers, got 10`). Strings are only ever compared,
 * measured and quoted through JSON.stringify, never interpreted. A valid version-1 document comes back migrated to
 * the current version (`migrateBaseline`), so every reader (store, provisioned directory, upload, CLI) sees one
 * shape and a document saved again is written in the current version.
 *
 * `schemas/baseline.schema.json` describes the same document; the checks it cannot express (strictly increasing
 * bounds, counts.length = upperBounds.length + 1, unique feature names, min <= max, quantiles inside [min, max],
 * a real calendar date, mean scores inside their buckets, a positive class that occurs) are marked "beyond the
 * schema" below.
 */
import { MAX_ID_LENGTH, baselineId, idPartProblem } from './baselineId';
import { BASELINE_LIMITS } from './limits';
import { DRIFT_METHODS } from '../methods';
import { BASELINE_SCHEMA_VERSION, type BaselineDocument } from '../types';

export type BaselineValidation = { ok: true; baseline: BaselineDocument } | { ok: false; errors: string[] };

/** The versions read; the last is the one written. */
const READABLE_VERSIONS: readonly unknown[] = [1, BASELINE_SCHEMA_VERSION];

/** RFC 3339 date-time, the form `Date.prototype.toISOString` writes (offsets allowed). */
export const CREATED_AT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const CREATED_AT = new RegExp(CREATED_AT_PATTERN);
const SOURCE_KINDS = ['file', 'prometheus', 'elasticsearch', 'upload'];
/** Stop collecting after this many problems: a hostile document must not make the error list huge. */
const MAX_ERRORS = 50;

type Json = Record<string, unknown>;

class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    if (this.errors.length < MAX_ERRORS) {
      this.errors.push(`${path}: ${message}`);
    }
  }

  object(value: unknown, path: string, required: readonly string[], optional: readonly string[]): value is Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `expected an object, got ${describe(value)}`);
      return false;
    }
    const allowed = new Set([...required, ...optional]);
    for (const key of Object.keys(value)) {
      if (!allowed.has(key)) {
        this.fail(path, `unknown property ${quote(key)}`);
      }
    }
    for (const key of required) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        this.fail(path, `missing property "${key}"`);
      }
    }
    return true;
  }

  string(value: unknown, path: string, maxLength: number, minLength = 1): value is string {
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${describe(value)}`);
      return false;
    }
    if (value.length < minLength) {
      this.fail(path, 'must not be empty');
      return false;
    }
    if (value.length > maxLength) {
      this.fail(path, `longer than ${maxLength} characters (${value.length})`);
      return false;
    }
    return true;
  }

  /** A finite number, optionally bounded below/above. */
  number(value: unknown, path: string, minimum?: number, maximum?: number): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `expected a finite number, got ${describe(value)}`);
      return false;
    }
    if (minimum !== undefined && value < minimum) {
      this.fail(path, `must be >= ${minimum}, got ${value}`);
      return false;
    }
    if (maximum !== undefined && value > maximum) {
      this.fail(path, `must be <= ${maximum}, got ${value}`);
      return false;
    }
    return true;
  }

  array(value: unknown, path: string, maxItems: number, minItems = 0): value is unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, `expected an array, got ${describe(value)}`);
      return false;
    }
    if (value.length > maxItems) {
      this.fail(path, `more than ${maxItems} items (${value.length})`);
      return false;
    }
    if (value.length < minItems) {
      this.fail(path, `expected at least ${minItems} items, got ${value.length}`);
      return false;
    }
    return true;
  }

  numbers(value: unknown, path: string, maxItems: number, minimum?: number, maximum?: number): value is number[] {
    if (!this.array(value, path, maxItems)) {
      return false;
    }
    const before = this.errors.length;
    value.forEach((item, i) => this.number(item, `${path}[${i}]`, minimum, maximum));
    return this.errors.length === before;
  }

  uniqueStrings(value: unknown, path: string, maxItems: number, maxLength: number): value is string[] {
    if (!this.array(value, path, maxItems)) {
      return false;
    }
    const before = this.errors.length;
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      if (this.string(item, `${path}[${i}]`, maxLength, 0)) {
        const first = seen.get(item);
        if (first !== undefined) {
          this.fail(`${path}[${i}]`, `duplicate of ${path}[${first}]`);
        } else {
          seen.set(item, i);
        }
      }
    });
    return this.errors.length === before;
  }
}

export function validateBaseline(doc: unknown): BaselineValidation {
  const check = new Checker();
  if (
    check.object(
      doc,
      '$',
      ['schemaVersion', 'model', 'version', 'createdAt', 'features'],
      ['source', 'prediction', 'label', 'classNames', 'scores', 'segments', 'notes']
    )
  ) {
    checkHeader(check, doc);
    const kinds = checkFeatures(check, doc.features, 'features');
    if (doc.segments !== undefined) {
      checkSegments(check, doc.segments, 'segments', kinds);
    }
    for (const key of ['prediction', 'label'] as const) {
      if (doc[key] !== undefined) {
        checkFeature(check, doc[key], key);
      }
    }
    if (doc.classNames !== undefined) {
      check.uniqueStrings(doc.classNames, 'classNames', BASELINE_LIMITS.maxClassNames, BASELINE_LIMITS.maxCategoryLength);
    }
    if (doc.notes !== undefined && check.array(doc.notes, 'notes', BASELINE_LIMITS.maxNotes)) {
      doc.notes.forEach((note, i) => check.string(note, `notes[${i}]`, BASELINE_LIMITS.maxTextLength, 0));
    }
    if (doc.scores !== undefined) {
      if (doc.schemaVersion === 1) {
        check.fail('scores', 'a version-1 document has no scores (set schemaVersion to 2)');
      } else {
        checkScores(check, doc.scores, 'scores');
      }
    }
  }
  return check.errors.length === 0
    ? { ok: true, baseline: migrateBaseline(doc as BaselineDocument) }
    : { ok: false, errors: check.errors };
}

/** Checks a list of features with unique names; returns each valid name's kind. */
function checkFeatures(check: Checker, features: unknown, path: string): Map<string, unknown> {
  const kinds = new Map<string, unknown>();
  if (check.array(features, path, BASELINE_LIMITS.maxFeatures)) {
    const names = new Map<string, number>();
    features.forEach((feature, i) => {
      const name = checkFeature(check, feature, `${path}[${i}]`);
      if (name !== undefined) {
        const first = names.get(name);
        if (first !== undefined) {
          // Beyond the schema: feature names are unique.
          check.fail(`${path}[${i}].name`, `duplicate of ${path}[${first}].name`);
        } else {
          names.set(name, i);
          kinds.set(name, (feature as Json).kind);
        }
      }
    });
  }
  return kinds;
}

/** Per-segment distributions: unique values, each feature one of the document's, of the same kind. */
function checkSegments(check: Checker, segments: unknown, path: string, kinds: ReadonlyMap<string, unknown>): void {
  if (!check.object(segments, path, ['by', 'values'], [])) {
    return;
  }
  check.string(segments.by, `${path}.by`, BASELINE_LIMITS.maxNameLength);
  if (!check.array(segments.values, `${path}.values`, BASELINE_LIMITS.maxSegments)) {
    return;
  }
  const seen = new Map<string, number>();
  segments.values.forEach((segment, i) => {
    const at = `${path}.values[${i}]`;
    if (!check.object(segment, at, ['value', 'rows', 'features'], [])) {
      return;
    }
    if (check.string(segment.value, `${at}.value`, BASELINE_LIMITS.maxCategoryLength, 0)) {
      const first = seen.get(segment.value);
      if (first !== undefined) {
        check.fail(`${at}.value`, `duplicate of ${path}.values[${first}].value`);
      }
      seen.set(segment.value, i);
    }
    if (check.number(segment.rows, `${at}.rows`, 0) && !Number.isInteger(segment.rows)) {
      check.fail(`${at}.rows`, `expected a whole number, got ${segment.rows}`);
    }
    checkFeatures(check, segment.features, `${at}.features`).forEach((kind, name) => {
      // Beyond the schema: a segment's feature is one of the document's, of the same kind.
      if (!kinds.has(name)) {
        check.fail(`${at}.features`, `feature ${quote(name)} is not among the document's features`);
      } else if (kinds.get(name) !== kind) {
        check.fail(`${at}.features`, `feature ${quote(name)} is ${describe(kind)} here but ${describe(kinds.get(name))} in the document's features`);
      }
    });
  });
}

/**
 * A valid document in the current version. Version 2 only added optional parts (`scores`; the numeric prediction
 * histogram was already readable), so a version-1 document needs its version number and nothing else.
 */
function migrateBaseline(doc: BaselineDocument): BaselineDocument {
  return doc.schemaVersion === BASELINE_SCHEMA_VERSION ? doc : { ...doc, schemaVersion: BASELINE_SCHEMA_VERSION };
}

/** Model and version form the baseline's id, so they follow the id rule. */
function checkIdPart(check: Checker, part: 'model' | 'version', value: string): boolean {
  const problem = idPartProblem(part, value);
  if (problem !== undefined) {
    check.fail(part, problem);
  }
  return problem === undefined;
}

function checkHeader(check: Checker, doc: Json): void {
  if (!READABLE_VERSIONS.includes(doc.schemaVersion)) {
    check.fail('schemaVersion', `expected ${READABLE_VERSIONS.join(' or ')}, got ${describe(doc.schemaVersion)}`);
  }
  const { model, version } = doc;
  const modelOk = check.string(model, 'model', BASELINE_LIMITS.maxNameLength) && checkIdPart(check, 'model', model);
  const versionOk = check.string(version, 'version', BASELINE_LIMITS.maxNameLength) && checkIdPart(check, 'version', version);
  if (modelOk && versionOk && baselineId(model, version).length > MAX_ID_LENGTH) {
    check.fail('version', `model@version is longer than a baseline id may be (${MAX_ID_LENGTH} characters)`);
  }
  if (check.string(doc.createdAt, 'createdAt', 40)) {
    // Beyond the schema (which checks the pattern only): the date must exist.
    if (!CREATED_AT.test(doc.createdAt) || Number.isNaN(Date.parse(doc.createdAt))) {
      check.fail('createdAt', `expected an ISO 8601 date-time like 2024-01-31T12:00:00Z, got ${quote(doc.createdAt)}`);
    }
  }
  if (doc.source !== undefined && check.object(doc.source, 'source', ['kind'], ['description', 'rows'])) {
    if (typeof doc.source.kind !== 'string' || !SOURCE_KINDS.includes(doc.source.kind)) {
      check.fail('source.kind', `expected one of ${SOURCE_KINDS.join(', ')}, got ${describe(doc.source.kind)}`);
    }
    if (doc.source.description !== undefined) {
      check.string(doc.source.description, 'source.description', BASELINE_LIMITS.maxTextLength, 0);
    }
    if (doc.source.rows !== undefined && check.number(doc.source.rows, 'source.rows', 0)) {
      if (!Number.isInteger(doc.source.rows)) {
        check.fail('source.rows', `expected a whole number, got ${doc.source.rows}`);
      }
    }
  }
}

/** Checks one feature; returns its name when that name is valid (for the duplicate check). */
function checkFeature(check: Checker, feature: unknown, path: string): string | undefined {
  if (typeof feature !== 'object' || feature === null || Array.isArray(feature)) {
    check.fail(path, `expected an object, got ${describe(feature)}`);
    return undefined;
  }
  const kind = (feature as Json).kind;
  const common = ['name', 'kind', 'missing', 'nonFinite'];
  if (kind === 'numeric') {
    if (check.object(feature, path, [...common, 'histogram', 'summary'], ['thresholds'])) {
      checkHistogram(check, feature.histogram, `${path}.histogram`);
      checkSummary(check, feature.summary, `${path}.summary`);
    }
  } else if (kind === 'categorical') {
    if (check.object(feature, path, [...common, 'distribution', 'n'], ['thresholds'])) {
      checkDistribution(check, feature.distribution, `${path}.distribution`);
      check.number(feature.n, `${path}.n`, 0);
    }
  } else {
    check.fail(`${path}.kind`, `expected "numeric" or "categorical", got ${describe(kind)}`);
    return undefined;
  }
  const record = feature as Json;
  check.number(record.missing, `${path}.missing`, 0);
  check.number(record.nonFinite, `${path}.nonFinite`, 0);
  if (record.thresholds !== undefined) {
    checkThresholds(check, record.thresholds, `${path}.thresholds`);
  }
  return check.string(record.name, `${path}.name`, BASELINE_LIMITS.maxNameLength) ? record.name : undefined;
}

function checkHistogram(check: Checker, histogram: unknown, path: string): void {
  if (!check.object(histogram, path, ['upperBounds', 'counts'], [])) {
    return;
  }
  const bounds = checkUpperBounds(check, histogram.upperBounds, `${path}.upperBounds`);
  checkBucketValues(check, histogram.counts, `${path}.counts`, bounds, 0);
}

/** Finite, strictly increasing (beyond the schema) upper bounds; undefined when they are not. */
function checkUpperBounds(check: Checker, value: unknown, path: string): number[] | undefined {
  if (
    !check.array(value, path, BASELINE_LIMITS.maxUpperBounds, 1) ||
    !check.numbers(value, path, BASELINE_LIMITS.maxUpperBounds)
  ) {
    return undefined;
  }
  const before = check.errors.length;
  for (let i = 1; i < value.length; i++) {
    if (!(value[i] > value[i - 1])) {
      check.fail(`${path}[${i}]`, `must be greater than upperBounds[${i - 1}] (${value[i - 1]}), got ${value[i]}`);
    }
  }
  return check.errors.length === before ? value : undefined;
}

/** One finite number per bucket (beyond the schema: upperBounds.length + 1 of them); undefined when they are not. */
function checkBucketValues(
  check: Checker,
  value: unknown,
  path: string,
  bounds: number[] | undefined,
  minimum: number,
  maximum?: number
): number[] | undefined {
  if (!check.numbers(value, path, BASELINE_LIMITS.maxUpperBounds + 1, minimum, maximum) || bounds === undefined) {
    return undefined;
  }
  if (value.length !== bounds.length + 1) {
    check.fail(path, `expected ${bounds.length + 1} numbers, got ${value.length}`);
    return undefined;
  }
  return value;
}

function checkScores(check: Checker, scores: unknown, path: string): void {
  const required = ['score', 'label', 'positiveClass', 'upperBounds', 'positives', 'negatives'];
  if (!check.object(scores, path, required, ['meanScores'])) {
    return;
  }
  check.string(scores.score, `${path}.score`, BASELINE_LIMITS.maxNameLength);
  check.string(scores.label, `${path}.label`, BASELINE_LIMITS.maxNameLength);
  check.string(scores.positiveClass, `${path}.positiveClass`, BASELINE_LIMITS.maxCategoryLength);
  const bounds = checkUpperBounds(check, scores.upperBounds, `${path}.upperBounds`);
  const positives = checkBucketValues(check, scores.positives, `${path}.positives`, bounds, 0);
  const negatives = checkBucketValues(check, scores.negatives, `${path}.negatives`, bounds, 0);
  // Beyond the schema: a reference for ranking and calibration needs rows of the positive class.
  if (positives !== undefined && !positives.some((count) => count > 0)) {
    check.fail(`${path}.positives`, 'no row of the positive class: every count is 0');
  }
  if (scores.meanScores === undefined) {
    return;
  }
  const means = checkBucketValues(check, scores.meanScores, `${path}.meanScores`, bounds, 0, 1);
  if (means === undefined || bounds === undefined || positives === undefined || negatives === undefined) {
    return;
  }
  // Beyond the schema: the mean of a bucket's scores lies in that bucket (closed at both ends: the mean is rounded).
  means.forEach((mean, i) => {
    const lower = i === 0 ? -Infinity : bounds[i - 1];
    const upper = i === bounds.length ? Infinity : bounds[i];
    if (positives[i] + negatives[i] > 0 && (mean < lower || mean > upper)) {
      check.fail(`${path}.meanScores[${i}]`, `${mean} lies outside its bucket [${lower}, ${upper}]`);
    }
  });
}

function checkSummary(check: Checker, summary: unknown, path: string): void {
  if (!check.object(summary, path, ['n', 'min', 'max', 'mean', 'std', 'quantiles'], [])) {
    return;
  }
  check.number(summary.n, `${path}.n`, 0);
  const rangeOk = check.number(summary.min, `${path}.min`) && check.number(summary.max, `${path}.max`);
  check.number(summary.mean, `${path}.mean`);
  check.number(summary.std, `${path}.std`, 0);
  // Beyond the schema: an ordered range.
  if (rangeOk && (summary.min as number) > (summary.max as number)) {
    check.fail(`${path}.min`, `greater than max (${summary.min} > ${summary.max})`);
  }
  const quantiles = summary.quantiles;
  if (!check.object(quantiles, `${path}.quantiles`, ['levels', 'values'], [])) {
    return;
  }
  const levelsOk = check.numbers(quantiles.levels, `${path}.quantiles.levels`, BASELINE_LIMITS.maxQuantiles, 0, 1);
  const valuesOk = check.numbers(quantiles.values, `${path}.quantiles.values`, BASELINE_LIMITS.maxQuantiles);
  if (!levelsOk || !valuesOk) {
    return;
  }
  const levels = quantiles.levels as number[];
  const values = quantiles.values as number[];
  // Beyond the schema: parallel arrays, ascending levels, non-decreasing values inside [min, max].
  if (values.length !== levels.length) {
    check.fail(`${path}.quantiles.values`, `expected ${levels.length} numbers, got ${values.length}`);
    return;
  }
  levels.forEach((level, i) => {
    if (i > 0 && !(level > levels[i - 1])) {
      check.fail(`${path}.quantiles.levels[${i}]`, `must be greater than levels[${i - 1}]`);
    }
    if (i > 0 && values[i] < values[i - 1]) {
      check.fail(`${path}.quantiles.values[${i}]`, `must not be less than values[${i - 1}]`);
    }
    if (rangeOk && (values[i] < (summary.min as number) || values[i] > (summary.max as number))) {
      check.fail(`${path}.quantiles.values[${i}]`, `outside [min, max]`);
    }
  });
}

function checkDistribution(check: Checker, distribution: unknown, path: string): void {
  if (!check.object(distribution, path, ['categories', 'counts'], [])) {
    return;
  }
  const categoriesOk = check.uniqueStrings(
    distribution.categories,
    `${path}.categories`,
    BASELINE_LIMITS.maxCategories,
    BASELINE_LIMITS.maxCategoryLength
  );
  const countsOk = check.numbers(distribution.counts, `${path}.counts`, BASELINE_LIMITS.maxCategories, 0);
  if (categoriesOk && countsOk) {
    const expected = (distribution.categories as string[]).length;
    const got = (distribution.counts as number[]).length;
    if (expected !== got) {
      // Beyond the schema: parallel arrays.
      check.fail(`${path}.counts`, `expected ${expected} numbers, got ${got}`);
    }
  }
}

function checkThresholds(check: Checker, thresholds: unknown, path: string): void {
  if (!check.object(thresholds, path, [], DRIFT_METHODS)) {
    return;
  }
  for (const [method, value] of Object.entries(thresholds)) {
    if ((DRIFT_METHODS as readonly string[]).includes(method)) {
      check.number(value, `${path}.${method}`, 0);
    }
  }
}

/** Short, one-line description of a value for an error message. */
function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'string') {
    return quote(value);
  }
  return typeof value;
}

function quote(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 42 ? `${json.slice(0, 40)}…"` : json;
}
