/**
 * A first binding for metrics a model server already exports: the Getting started page reads a pasted sample of
 * its `/metrics` page (Prometheus text format) and drafts the binding (`src/shared/bindingModel.ts`) that reads
 * them, without relabelling. It is a draft to review, built by naming rules that say why each metric was bound:
 * - a label named `model` (or `model_name`) selects the model, a label whose name contains `version` the version;
 *   a metric without them gets `"none"`, so each signal carries its own selection (as the PyData example's
 *   histogram does);
 * - a feature label is `feature` (or `feature_name`, `input`, `column`);
 * - histograms: with a feature label, the `numeric` signal; without, a feature of their own, named after the metric
 *   (rename it to the baseline's feature); latency and size histograms (`_seconds`, `_bytes`, `latency`,
 *   `duration`) are request metrics, not features;
 * - counters with a feature label: an imputer or missing-value counter (`imput`, `missing` or `null` in the name)
 *   is the `missing` signal (`reason` as its reason label); another is the `categorical` signal by its other label,
 *   whose values that read as missing (`missing`, `None`, `""`, …) become `missingValues`;
 * - a counter with `actual` and `predicted` labels is the `outcome`; one with `predict` in its name and one other
 *   label is the `prediction`.
 * Pure functions, tested without a browser.
 */
import type { BindingDocument, PrometheusBinding, SeriesSelection } from '../shared/bindingModel';

interface Family {
  /** Base name: without `_bucket`/`_sum`/`_count` for histograms, without `_total` for counters. */
  name: string;
  type: 'histogram' | 'counter' | 'other';
  /** The sample name a counter is read by (`request_count_total`). */
  sample: string;
  /** Label values seen, per label (without `le`). */
  labels: Map<string, Set<string>>;
}

export interface BindingDraft {
  binding: BindingDocument;
  /** Why each metric was bound, or left out. */
  notes: string[];
}

const FEATURE_LABELS = ['feature', 'feature_name', 'input', 'column'];
const MISSING_VALUES = ['missing', 'None', 'none', 'null', 'NaN', 'nan', 'NA', 'unknown', ''];
const REQUEST_HISTOGRAM = /(_seconds|_bytes|latency|duration)$/;
const MISSING_COUNTER = /imput|missing|null/;

/** `name{a="x",b="y"} value` → name and labels; undefined for lines that are no sample. */
function parseSample(line: string): { name: string; labels: Array<[string, string]> } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+/.exec(line);
  if (!match) {
    return undefined;
  }
  const labels: Array<[string, string]> = [];
  const pairs = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (let pair = pairs.exec(match[3] ?? ''); pair; pair = pairs.exec(match[3] ?? '')) {
    labels.push([pair[1], pair[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1')]);
  }
  return { name: match[1], labels };
}

/**
 * The metric families of an exposition: `# TYPE` lines where present, else the `_bucket`+`le` shape (whose
 * `_sum` and `_count` then belong to the histogram too).
 */
export function parseExposition(text: string): Family[] {
  const types = new Map<string, Family['type']>();
  for (const match of text.matchAll(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/gm)) {
    types.set(match[1], match[2] === 'histogram' || match[2] === 'counter' ? match[2] : 'other');
  }
  const samples = text.split(/\r?\n/).flatMap((line) => (line.startsWith('#') ? [] : (parseSample(line.trim()) ?? [])));
  for (const sample of samples) {
    const bucket = /^(.*)_bucket$/.exec(sample.name);
    if (bucket && !types.has(bucket[1]) && sample.labels.some(([label]) => label === 'le')) {
      types.set(bucket[1], 'histogram');
    }
  }
  const families = new Map<string, Family>();
  for (const sample of samples) {
    const family = familyOf(sample, types);
    if (!family) {
      continue;
    }
    const known = families.get(family.name) ?? { ...family, labels: new Map<string, Set<string>>() };
    for (const [label, value] of sample.labels) {
      if (label !== 'le') {
        known.labels.set(label, (known.labels.get(label) ?? new Set<string>()).add(value));
      }
    }
    families.set(family.name, known);
  }
  return [...families.values()];
}

function familyOf(sample: { name: string; labels: Array<[string, string]> }, types: Map<string, Family['type']>): Omit<Family, 'labels'> | undefined {
  const histogram = /^(.*)_(bucket|sum|count)$/.exec(sample.name);
  if (histogram && types.get(histogram[1]) === 'histogram') {
    return { name: histogram[1], type: 'histogram', sample: histogram[1] };
  }
  if (/_created$/.test(sample.name)) {
    // prometheus_client's creation timestamps: not a signal.
    return undefined;
  }
  const counter = /^(.*)_total$/.exec(sample.name);
  const base = counter ? counter[1] : sample.name;
  if (types.get(base) === 'counter' || types.get(sample.name) === 'counter' || counter) {
    return { name: base, type: 'counter', sample: sample.name };
  }
  return { name: sample.name, type: 'other', sample: sample.name };
}

/** A signal's own model and version selection: by the labels it has (the binding's default is "none"). */
function selectionsOf(model: string | undefined, version: string | undefined): { model?: SeriesSelection; version?: SeriesSelection } {
  return { ...(model ? { model: { label: model } } : {}), ...(version ? { version: { label: version } } : {}) };
}

/** The family's model and version labels, and the labels that are neither (nor a feature label). */
function roles(family: Family) {
  const names = [...family.labels.keys()];
  const model = names.find((l) => l === 'model' || l === 'model_name');
  const version = names.find((l) => l.includes('version'));
  const feature = names.find((l) => FEATURE_LABELS.includes(l));
  const others = names.filter((l) => l !== model && l !== version && l !== feature);
  return { model, version, feature, others, selections: selectionsOf(model, version) };
}

/** Binds one signal, unless the key is bound already: the first metric wins, and the notes say so. */
type Bind = <K extends keyof PrometheusBinding>(key: K, value: PrometheusBinding[K], family: Family, why: string) => void;

/** Drafts a binding of `model` from an exposition text (see the module comment for the rules). */
export function draftBinding(model: string, exposition: string): BindingDraft {
  const prometheus: PrometheusBinding = { model: 'none', version: 'none' };
  const notes: string[] = [];
  const bind: Bind = (key, value, family, why) => {
    if (prometheus[key] !== undefined) {
      notes.push(`${family.sample}: left out (${key} is already bound)`);
      return;
    }
    prometheus[key] = value;
    notes.push(`${family.sample}: ${why}`);
  };
  for (const family of parseExposition(exposition)) {
    const { version, feature, others, selections } = roles(family);
    if (family.type === 'histogram') {
      if (REQUEST_HISTOGRAM.test(family.name)) {
        notes.push(`${family.name}: left out (a request metric, not a feature)`);
      } else if (feature) {
        bind('numeric', { kind: 'histogram', metric: family.name, featureLabel: feature, ...selections }, family, `numeric features by "${feature}"`);
      } else {
        prometheus.features = { ...prometheus.features, [family.name]: { kind: 'histogram', metric: family.name, ...selections } };
        notes.push(`${family.name}: the numeric feature "${family.name}" (rename it to the baseline's feature)${version ? `, its version by "${version}"` : ''}`);
      }
    } else if (family.type === 'counter') {
      draftCounter(family, { feature, others, selections }, bind, notes);
    } else {
      notes.push(`${family.sample}: left out (not a counter or histogram)`);
    }
  }
  return { binding: { model, prometheus }, notes };
}

function draftCounter(family: Family, { feature, others, selections }: Pick<ReturnType<typeof roles>, 'feature' | 'others' | 'selections'>, bind: Bind, notes: string[]): void {
  const metric = family.sample;
  if (others.includes('actual') && others.includes('predicted')) {
    bind('outcome', { metric, actualLabel: 'actual', predictedLabel: 'predicted', ...selections }, family, 'the labelled outcomes (confusion, performance)');
  } else if (feature && MISSING_COUNTER.test(family.name)) {
    const reasonLabel = others.find((l) => l === 'reason');
    bind('missing', { metric, featureLabel: feature, ...(reasonLabel ? { reasonLabel } : {}), ...selections }, family, `the missing values of each feature by "${feature}"`);
  } else if (feature && others.length === 1) {
    const categoryLabel = others[0];
    const values = family.labels.get(categoryLabel) ?? new Set<string>();
    const missingValues = MISSING_VALUES.filter((v) => values.has(v));
    bind(
      'categorical',
      { kind: 'counter', metric, featureLabel: feature, categoryLabel, ...(missingValues.length > 0 ? { missingValues } : {}), ...selections },
      family,
      `categorical features by "${feature}", categories by "${categoryLabel}"${missingValues.length > 0 ? `, ${missingValues.map((v) => JSON.stringify(v)).join(', ')} as missing` : ''}`
    );
  } else if (/predict/.test(family.name) && others.length === 1) {
    bind('prediction', { kind: 'counter', metric, categoryLabel: others[0], ...selections }, family, `the predictions by "${others[0]}"`);
  } else {
    notes.push(`${metric}: left out (no feature, class or outcome labels)`);
  }
}
