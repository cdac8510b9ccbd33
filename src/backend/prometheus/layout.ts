/**
 * Where one model's signals are in Prometheus: the datasource mapping (the zero-configuration default) with the
 * model's binding (`src/shared/bindingModel.ts`) laid over it, resolved into one `Signal` per feature, prediction
 * and label, each with its metric, matchers and label names. The source plans its queries from these alone, so a
 * feature histogram without a feature label, a counter without model or version labels, or a raw expression
 * are all read by the same code as the default instrumentation.
 */
import {
  DEFAULT_REGRESSION_METRICS,
  DEFAULT_SCORE_HISTOGRAM,
  type PrometheusBinding,
  type PrometheusMissingSignal,
  type PrometheusSignal,
  type SeriesSelection,
  type SignalSelection,
  type StaticMatchers,
} from '../../shared/bindingModel';
import type { PrometheusHistogramKind, PrometheusMapping } from '../../shared/settingsModel';
import type { FieldRole, ModelRef, SegmentFilter } from '../sources/types';
import { equals, noneOf, type LabelMatcher } from './promql';

/** How one feature's counts are read: a histogram, a counter by category, or a raw expression. */
export type Signal =
  | {
      kind: 'histogram';
      /** Base name, without `_bucket`. */
      metric: string;
      matchers: LabelMatcher[];
      /** Absent: the metric holds this one feature. */
      featureLabel?: string;
      histogramKind: PrometheusHistogramKind;
    }
  | {
      kind: 'counter';
      metric: string;
      matchers: LabelMatcher[];
      featureLabel?: string;
      categoryLabel: string;
      /** Categories that mean "no value". */
      missingValues: ReadonlySet<string>;
    }
  | {
      kind: 'promql';
      expr: string;
      /** `le`, or the category label. */
      by: string;
      missingValues: ReadonlySet<string>;
      /** For the `$__matchers` placeholder. */
      matchers: LabelMatcher[];
    };

export interface MissingSignal {
  metric: string;
  matchers: LabelMatcher[];
  featureLabel?: string;
  /** Absent: every count is a missing value (an imputer's counter). */
  reasonLabel?: string;
}

export interface OutcomeSignal {
  metric: string;
  matchers: LabelMatcher[];
  actualLabel: string;
  predictedLabel: string;
}

export interface ScoreSignal {
  /** Base name, without `_bucket`. */
  metric: string;
  matchers: LabelMatcher[];
  actualLabel: string;
  positiveClass?: string;
  histogramKind: PrometheusHistogramKind;
}

export interface RegressionSignal {
  /** Base names of the summaries (`_sum`, `_count` read). */
  metrics: Record<keyof typeof DEFAULT_REGRESSION_METRICS, string>;
  /** A histogram of errors, when the binding names one. */
  errorHistogram?: { metric: string; kind: 'absolute' | 'signed' };
  matchers: LabelMatcher[];
}

export interface ModelLayout {
  /** The binding's model, version and static matchers: what a signal's selector carries unless it says otherwise. */
  matchers: LabelMatcher[];
  signalFor(name: string, role: FieldRole, kind: 'numeric' | 'categorical'): Signal;
  /** Undefined when missing values are not instrumented for this feature. */
  missingFor(name: string): MissingSignal | undefined;
  outcome: OutcomeSignal;
  score: ScoreSignal;
  regression: RegressionSignal;
}

function selectionMatchers(selection: SeriesSelection | undefined, defaultLabel: string, queried: string): LabelMatcher[] {
  if (selection === 'none') {
    return [];
  }
  if (selection === undefined) {
    return [equals(defaultLabel, queried)];
  }
  return [equals(selection.label, selection.value ?? queried)];
}

function staticMatchers(matchers: StaticMatchers | undefined): LabelMatcher[] {
  return Object.entries(matchers ?? {}).map(([label, value]) => equals(label, value));
}

/** A segment's matcher: its value, or none of the top values for the rest. */
function segmentMatchers(segment: SegmentFilter | undefined): LabelMatcher[] {
  if (!segment) {
    return [];
  }
  return ['value' in segment ? equals(segment.label, segment.value) : noneOf(segment.label, segment.except)];
}

/** Builds a signal's matchers: its own model/version selection over the binding's, then both sets of static matchers. */
type MatchersOf = (signal: SignalSelection) => LabelMatcher[];

/** A signal as the binding or the mapping gives it, with its matchers resolved. */
function resolveSignal(signal: PrometheusSignal, matchersOf: MatchersOf, base: LabelMatcher[], histogramKind: PrometheusHistogramKind): Signal {
  switch (signal.kind) {
    case 'histogram':
      return {
        kind: 'histogram',
        metric: signal.metric,
        matchers: matchersOf(signal),
        featureLabel: signal.featureLabel,
        histogramKind: signal.histogramKind ?? histogramKind,
      };
    case 'counter':
      return {
        kind: 'counter',
        metric: signal.metric,
        matchers: matchersOf(signal),
        featureLabel: signal.featureLabel,
        categoryLabel: signal.categoryLabel,
        missingValues: new Set(signal.missingValues ?? []),
      };
    case 'promql':
      return { kind: 'promql', expr: signal.expr, by: signal.by, missingValues: new Set(signal.missingValues ?? []), matchers: base };
  }
}

function resolveMissing(signal: PrometheusMissingSignal, matchersOf: MatchersOf): MissingSignal {
  return {
    metric: signal.metric,
    matchers: matchersOf(signal),
    featureLabel: signal.featureLabel,
    reasonLabel: signal.reasonLabel,
  };
}

export function modelLayout(
  mapping: PrometheusMapping,
  histogramKind: PrometheusHistogramKind,
  model: ModelRef,
  binding: PrometheusBinding | undefined
): ModelLayout {
  const b = binding ?? {};
  const matchersOf: MatchersOf = (signal) => [
    ...selectionMatchers(signal.model ?? b.model, mapping.modelLabel, model.model),
    ...selectionMatchers(signal.version ?? b.version, mapping.versionLabel, model.version),
    ...staticMatchers(b.matchers),
    ...staticMatchers(signal.matchers),
    // Every signal of a segmented read, the outcome and missing counters included, selects the segment.
    ...segmentMatchers(model.segment),
  ];
  const matchers = matchersOf({});
  const outcome = b.outcome ?? { metric: mapping.outcomeCounter, actualLabel: mapping.actualLabel, predictedLabel: mapping.predictedLabel };
  const defaults: Record<'numeric' | 'categorical' | 'prediction' | 'label', PrometheusSignal> = {
    numeric: b.numeric ?? { kind: 'histogram', metric: mapping.featureHistogram, featureLabel: mapping.featureLabel },
    categorical: b.categorical ?? { kind: 'counter', metric: mapping.featureCategoryCounter, featureLabel: mapping.featureLabel, categoryLabel: mapping.categoryLabel },
    prediction: b.prediction ?? { kind: 'counter', metric: mapping.predictionCounter, categoryLabel: mapping.predictedLabel },
    label: b.label ?? { kind: 'counter', metric: outcome.metric, categoryLabel: outcome.actualLabel, model: outcome.model, version: outcome.version, matchers: outcome.matchers },
  };
  const missing: PrometheusMissingSignal | undefined =
    b.missing === 'none' ? undefined : (b.missing ?? { metric: mapping.missingCounter, featureLabel: mapping.featureLabel, reasonLabel: mapping.reasonLabel });
  return {
    matchers,
    signalFor(name, role, kind) {
      const bound = role === 'feature' ? (b.features?.[name] ?? defaults[kind]) : defaults[role];
      return resolveSignal(bound, matchersOf, matchers, histogramKind);
    },
    missingFor(name) {
      const bound = b.featureMissing?.[name] ?? missing;
      return bound ? resolveMissing(bound, matchersOf) : undefined;
    },
    outcome: { metric: outcome.metric, actualLabel: outcome.actualLabel, predictedLabel: outcome.predictedLabel, matchers: matchersOf(outcome) },
    score: {
      metric: b.score?.metric ?? DEFAULT_SCORE_HISTOGRAM,
      matchers: matchersOf(b.score ?? {}),
      actualLabel: b.score?.actualLabel ?? mapping.actualLabel,
      positiveClass: b.score?.positiveClass,
      histogramKind: b.score?.histogramKind ?? histogramKind,
    },
    regression: {
      metrics: {
        absoluteError: b.regression?.absoluteError ?? DEFAULT_REGRESSION_METRICS.absoluteError,
        squaredError: b.regression?.squaredError ?? DEFAULT_REGRESSION_METRICS.squaredError,
        positiveError: b.regression?.positiveError ?? DEFAULT_REGRESSION_METRICS.positiveError,
        absolutePercentageError: b.regression?.absolutePercentageError ?? DEFAULT_REGRESSION_METRICS.absolutePercentageError,
      },
      matchers: matchersOf(b.regression ?? {}),
      ...(b.regression?.errorHistogram ? { errorHistogram: b.regression.errorHistogram } : {}),
    },
  };
}
