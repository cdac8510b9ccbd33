/**
 * Checks a binding document (`src/shared/bindingModel.ts`) from a file, naming the path of every bad value
 * (`prometheus.features.age.metric: …`), so a provisioning mistake reads as one line per problem instead of a
 * PromQL parse error at query time. Unknown keys are errors too: a misspelt key would otherwise be ignored and
 * the datasource mapping used without a word.
 */
import { BINDING_SCHEMA_VERSION, type BindingDocument } from '../../shared/bindingModel';
import { checkIdParts } from '../../drift/baseline/baselineId';
import { isValidLabelName, isValidMetricName } from '../prometheus/promql';
import { PLACEHOLDER_PATTERN, PLACEHOLDERS } from './placeholders';

export type BindingValidation = { ok: true; binding: BindingDocument } | { ok: false; errors: string[] };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Collects problems while walking one document. */
class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  object(path: string, value: unknown, allowed: readonly string[]): value is JsonObject {
    if (!isObject(value)) {
      this.fail(path, `expected an object, got ${typeOf(value)}`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(`${path}.${key}`, `unknown key; expected one of ${allowed.join(', ')}`);
      }
    }
    return true;
  }

  string(path: string, value: unknown, options: { optional?: boolean; nonEmpty?: boolean } = {}): value is string {
    if (value === undefined && options.optional) {
      return false;
    }
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${typeOf(value)}`);
      return false;
    }
    if (options.nonEmpty && value.trim() === '') {
      this.fail(path, 'must not be empty');
      return false;
    }
    return true;
  }

  metric(path: string, value: unknown): void {
    if (this.string(path, value) && !isValidMetricName(value)) {
      this.fail(path, `${JSON.stringify(value)} is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`);
    }
  }

  label(path: string, value: unknown, optional = false): void {
    if (this.string(path, value, { optional }) && !isValidLabelName(value)) {
      this.fail(path, `${JSON.stringify(value)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not __…)`);
    }
  }

  stringList(path: string, value: unknown): void {
    if (value === undefined) {
      return;
    }
    if (!Array.isArray(value)) {
      this.fail(path, `expected a list of strings, got ${typeOf(value)}`);
      return;
    }
    value.forEach((item, i) => this.string(`${path}[${i}]`, item));
  }

  matchers(path: string, value: unknown): void {
    if (value === undefined) {
      return;
    }
    if (!isObject(value)) {
      this.fail(path, `expected an object of label: value, got ${typeOf(value)}`);
      return;
    }
    for (const [label, item] of Object.entries(value)) {
      this.label(`${path} key ${JSON.stringify(label)}`, label);
      this.string(`${path}.${label}`, item);
    }
  }

  /** `"none"` or `{ <key>: name, value?: text }`. */
  selection(path: string, value: unknown, key: 'label' | 'field'): void {
    if (value === undefined || value === 'none') {
      return;
    }
    if (typeof value === 'string') {
      this.fail(path, `expected "none" or an object with "${key}", got ${JSON.stringify(value)}`);
      return;
    }
    if (this.object(path, value, [key, 'value'])) {
      if (key === 'label') {
        this.label(`${path}.label`, value.label);
      } else {
        this.string(`${path}.field`, value.field, { nonEmpty: true });
      }
      this.string(`${path}.value`, value.value, { optional: true });
    }
  }
}

const HISTOGRAM_KINDS = ['auto', 'classic', 'native'];
const SELECTION_KEYS = ['model', 'version', 'matchers'];

/** The keys every structured signal has (`SignalSelection`). */
function checkSelection(c: Checker, path: string, value: JsonObject): void {
  c.selection(`${path}.model`, value.model, 'label');
  c.selection(`${path}.version`, value.version, 'label');
  c.matchers(`${path}.matchers`, value.matchers);
}

function checkSignal(c: Checker, path: string, value: unknown): void {
  if (!isObject(value)) {
    c.fail(path, `expected an object, got ${typeOf(value)}`);
    return;
  }
  switch (value.kind) {
    case 'histogram':
      if (c.object(path, value, ['kind', 'metric', 'featureLabel', 'histogramKind', ...SELECTION_KEYS])) {
        c.metric(`${path}.metric`, value.metric);
        if (typeof value.metric === 'string' && value.metric.endsWith('_bucket')) {
          c.fail(`${path}.metric`, 'give the histogram base name, without the _bucket suffix');
        }
        c.label(`${path}.featureLabel`, value.featureLabel, true);
        if (value.histogramKind !== undefined && !HISTOGRAM_KINDS.includes(value.histogramKind as string)) {
          c.fail(`${path}.histogramKind`, `expected one of ${HISTOGRAM_KINDS.join(', ')}, got ${JSON.stringify(value.histogramKind)}`);
        }
        checkSelection(c, path, value);
      }
      return;
    case 'counter':
      if (c.object(path, value, ['kind', 'metric', 'featureLabel', 'categoryLabel', 'missingValues', ...SELECTION_KEYS])) {
        c.metric(`${path}.metric`, value.metric);
        c.label(`${path}.featureLabel`, value.featureLabel, true);
        c.label(`${path}.categoryLabel`, value.categoryLabel);
        c.stringList(`${path}.missingValues`, value.missingValues);
        checkSelection(c, path, value);
      }
      return;
    case 'promql':
      if (c.object(path, value, ['kind', 'expr', 'by', 'missingValues'])) {
        if (c.string(`${path}.expr`, value.expr, { nonEmpty: true })) {
          for (const match of value.expr.matchAll(PLACEHOLDER_PATTERN)) {
            if (!(PLACEHOLDERS as readonly string[]).includes(match[0])) {
              c.fail(`${path}.expr`, `unknown placeholder ${match[0]}; known: ${PLACEHOLDERS.join(', ')}`);
            }
          }
        }
        if (value.by !== 'le') {
          c.label(`${path}.by`, value.by);
        }
        c.stringList(`${path}.missingValues`, value.missingValues);
      }
      return;
    default:
      c.fail(`${path}.kind`, `expected "histogram", "counter" or "promql", got ${JSON.stringify(value.kind)}`);
  }
}

function checkMissing(c: Checker, path: string, value: unknown): void {
  if (c.object(path, value, ['metric', 'featureLabel', 'reasonLabel', ...SELECTION_KEYS])) {
    c.metric(`${path}.metric`, value.metric);
    c.label(`${path}.featureLabel`, value.featureLabel, true);
    c.label(`${path}.reasonLabel`, value.reasonLabel, true);
    checkSelection(c, path, value);
  }
}

function checkSignalMap(c: Checker, path: string, value: unknown, check: (c: Checker, path: string, value: unknown) => void): void {
  if (value === undefined) {
    return;
  }
  if (!isObject(value)) {
    c.fail(path, `expected an object keyed by feature name, got ${typeOf(value)}`);
    return;
  }
  for (const [name, signal] of Object.entries(value)) {
    check(c, `${path}.${name}`, signal);
  }
}

const PROMETHEUS_KEYS = ['model', 'version', 'matchers', 'features', 'numeric', 'categorical', 'missing', 'featureMissing', 'prediction', 'label', 'outcome', 'score', 'regression'];

const REGRESSION_METRICS = ['absoluteError', 'squaredError', 'positiveError', 'absolutePercentageError'] as const;

function checkRegression(c: Checker, path: string, value: unknown): void {
  if (c.object(path, value, [...REGRESSION_METRICS, 'errorHistogram', ...SELECTION_KEYS])) {
    for (const key of REGRESSION_METRICS) {
      if (value[key] !== undefined) {
        c.metric(`${path}.${key}`, value[key]);
      }
    }
    const histogram = value.errorHistogram;
    if (histogram !== undefined && c.object(`${path}.errorHistogram`, histogram, ['metric', 'kind'])) {
      c.metric(`${path}.errorHistogram.metric`, histogram.metric);
      if (histogram.kind !== 'absolute' && histogram.kind !== 'signed') {
        c.fail(`${path}.errorHistogram.kind`, `expected "absolute" or "signed", got ${JSON.stringify(histogram.kind)}`);
      }
    }
    checkSelection(c, path, value);
  }
}

function checkScore(c: Checker, path: string, value: unknown): void {
  if (c.object(path, value, ['metric', 'actualLabel', 'positiveClass', 'histogramKind', ...SELECTION_KEYS])) {
    c.metric(`${path}.metric`, value.metric);
    if (typeof value.metric === 'string' && value.metric.endsWith('_bucket')) {
      c.fail(`${path}.metric`, 'give the histogram base name, without the _bucket suffix');
    }
    c.label(`${path}.actualLabel`, value.actualLabel, true);
    // An empty class would match no label value (Prometheus: the absent label), leaving every metric undefined.
    c.string(`${path}.positiveClass`, value.positiveClass, { optional: true, nonEmpty: true });
    if (value.histogramKind !== undefined && !HISTOGRAM_KINDS.includes(value.histogramKind as string)) {
      c.fail(`${path}.histogramKind`, `expected one of ${HISTOGRAM_KINDS.join(', ')}, got ${JSON.stringify(value.histogramKind)}`);
    }
    checkSelection(c, path, value);
  }
}

function checkPrometheus(c: Checker, path: string, value: unknown): void {
  if (!c.object(path, value, PROMETHEUS_KEYS)) {
    return;
  }
  checkSelection(c, path, value);
  checkSignalMap(c, `${path}.features`, value.features, checkSignal);
  for (const key of ['numeric', 'categorical', 'prediction', 'label'] as const) {
    if (value[key] !== undefined) {
      checkSignal(c, `${path}.${key}`, value[key]);
    }
  }
  if (value.missing !== undefined && value.missing !== 'none') {
    checkMissing(c, `${path}.missing`, value.missing);
  }
  checkSignalMap(c, `${path}.featureMissing`, value.featureMissing, checkMissing);
  if (value.outcome !== undefined && c.object(`${path}.outcome`, value.outcome, ['metric', 'actualLabel', 'predictedLabel', ...SELECTION_KEYS])) {
    const outcome = value.outcome;
    c.metric(`${path}.outcome.metric`, outcome.metric);
    c.label(`${path}.outcome.actualLabel`, outcome.actualLabel);
    c.label(`${path}.outcome.predictedLabel`, outcome.predictedLabel);
    checkSelection(c, `${path}.outcome`, outcome);
  }
  if (value.score !== undefined) {
    checkScore(c, `${path}.score`, value.score);
  }
  if (value.regression !== undefined) {
    checkRegression(c, `${path}.regression`, value.regression);
  }
}

const ELASTICSEARCH_KEYS = ['index', 'timeField', 'filter', 'model', 'version', 'featurePrefix', 'features', 'predictionField', 'labelField', 'scoreField', 'positiveClass', 'errorFields', 'missingValues'];

function checkElasticsearch(c: Checker, path: string, value: unknown): void {
  if (!c.object(path, value, ELASTICSEARCH_KEYS)) {
    return;
  }
  c.string(`${path}.index`, value.index, { optional: true, nonEmpty: true });
  c.string(`${path}.timeField`, value.timeField, { optional: true, nonEmpty: true });
  if (value.filter !== undefined && typeof value.filter !== 'string' && !isObject(value.filter)) {
    c.fail(`${path}.filter`, `expected a query DSL object or a query_string text, got ${typeOf(value.filter)}`);
  }
  c.selection(`${path}.model`, value.model, 'field');
  c.selection(`${path}.version`, value.version, 'field');
  c.string(`${path}.featurePrefix`, value.featurePrefix, { optional: true });
  if (value.features !== undefined) {
    if (isObject(value.features)) {
      for (const [name, field] of Object.entries(value.features)) {
        c.string(`${path}.features.${name}`, field, { nonEmpty: true });
      }
    } else {
      c.fail(`${path}.features`, `expected an object of feature: field, got ${typeOf(value.features)}`);
    }
  }
  c.string(`${path}.predictionField`, value.predictionField, { optional: true, nonEmpty: true });
  c.string(`${path}.labelField`, value.labelField, { optional: true, nonEmpty: true });
  c.string(`${path}.scoreField`, value.scoreField, { optional: true, nonEmpty: true });
  c.string(`${path}.positiveClass`, value.positiveClass, { optional: true, nonEmpty: true });
  if (value.errorFields !== undefined && c.object(`${path}.errorFields`, value.errorFields, ['absolute', 'squared', 'signed', 'absolutePercentage'])) {
    const fields = value.errorFields;
    c.string(`${path}.errorFields.absolute`, fields.absolute, { nonEmpty: true });
    c.string(`${path}.errorFields.squared`, fields.squared, { nonEmpty: true });
    c.string(`${path}.errorFields.signed`, fields.signed, { optional: true, nonEmpty: true });
    c.string(`${path}.errorFields.absolutePercentage`, fields.absolutePercentage, { optional: true, nonEmpty: true });
  }
  c.stringList(`${path}.missingValues`, value.missingValues);
}

export function validateBinding(document: unknown): BindingValidation {
  const c = new Checker();
  if (!c.object('binding', document, ['$schema', 'schemaVersion', 'model', 'version', 'prometheus', 'elasticsearch'])) {
    return { ok: false, errors: c.errors };
  }
  if (document.schemaVersion !== undefined && document.schemaVersion !== BINDING_SCHEMA_VERSION) {
    c.fail('schemaVersion', `expected ${BINDING_SCHEMA_VERSION}, got ${JSON.stringify(document.schemaVersion)}`);
  }
  const hasVersion = c.string('version', document.version, { optional: true, nonEmpty: true });
  if (c.string('model', document.model, { nonEmpty: true })) {
    // Held to the baseline id rule, so that the binding can be found by the id a query names.
    const parts = checkIdParts(document.model, hasVersion ? (document.version as string) : 'any');
    if (!parts.ok) {
      c.fail(parts.part ?? 'model', parts.reason ?? parts.error);
    }
  }
  if (document.prometheus === undefined && document.elasticsearch === undefined) {
    c.fail('binding', 'binds nothing: give "prometheus" or "elasticsearch"');
  }
  if (document.prometheus !== undefined) {
    checkPrometheus(c, 'prometheus', document.prometheus);
  }
  if (document.elasticsearch !== undefined) {
    checkElasticsearch(c, 'elasticsearch', document.elasticsearch);
  }
  if (c.errors.length > 0) {
    return { ok: false, errors: c.errors };
  }
  const { $schema: _schema, ...binding } = document;
  // Checked above, key by key.
  return { ok: true, binding: binding as unknown as BindingDocument };
}
