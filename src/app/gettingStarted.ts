/**
 * The instrumentation guide's code, generated from the datasource's metric mapping so that what the guide tells
 * people to expose is exactly what the datasource queries, and from a real baseline's bucket edges when one is
 * chosen. Pure: the Getting started page only renders these strings.
 */
import { OTHER_CATEGORY } from '../drift/align';
import type { BaselineDocument } from '../drift/types';
import {
  BINDING_SCHEMA_VERSION,
  DEFAULT_REGRESSION_METRICS,
  DEFAULT_SCORE_HISTOGRAM,
  type BindingDocument,
} from '../shared/bindingModel';
import type { LiveSource } from '../shared/queryModel';
import {
  DEFAULT_PROMETHEUS_MAPPING,
  type DriftDataSourceOptions,
  type PrometheusMapping,
} from '../shared/settingsModel';

export interface InstrumentationExample {
  model: string;
  version: string;
  /** Upper bounds per numeric feature, as `mldrift baseline build` prints them. */
  numeric: Array<{ name: string; upperBounds: number[] }>;
  categorical: Array<{ name: string; categories: string[] }>;
  /** A numeric prediction (a probability or a regression output) and the baseline's edges for it. */
  prediction?: { name: string; upperBounds: number[] };
  /** A binary classifier's score edges and positive class (the baseline's `scores`). */
  scores?: { upperBounds: number[]; positiveClass: string };
}

/**
 * A numeric prediction without a classifier's scores is a regression output: it gets error metrics when the actual
 * value arrives, and no prediction or outcome counter, whose class labels would take one series per value.
 */
export function isRegression(example: InstrumentationExample): boolean {
  return example.prediction !== undefined && example.scores === undefined;
}

/** The snippets' name for the numeric prediction histogram; no mapping key reads it, a binding points at it. */
export const PREDICTION_HISTOGRAM = 'model_prediction_value';

/** Used until a baseline is chosen; shaped like the demo's churn model. */
export const EXAMPLE: InstrumentationExample = {
  model: 'churn',
  version: '3',
  numeric: [
    { name: 'age', upperBounds: [22, 27, 32, 38, 45, 53, 61] },
    { name: 'monthly_charges', upperBounds: [25.5, 40.1, 55.3, 70.2, 89.9] },
  ],
  categorical: [{ name: 'plan', categories: ['basic', 'plus', 'pro'] }],
};

/** Latency buckets in seconds; not drift-related, so any sensible set works. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
export const LATENCY_METRIC = 'model_request_duration_seconds';

export function effectiveMapping(jsonData: DriftDataSourceOptions | undefined): PrometheusMapping {
  return { ...DEFAULT_PROMETHEUS_MAPPING, ...jsonData?.prometheus };
}

export function exampleFromBaseline(baseline: BaselineDocument): InstrumentationExample {
  const numeric: InstrumentationExample['numeric'] = [];
  const categorical: InstrumentationExample['categorical'] = [];
  for (const feature of baseline.features) {
    if (feature.kind === 'numeric') {
      numeric.push({
        name: feature.name,
        upperBounds: feature.histogram.upperBounds,
      });
    } else {
      categorical.push({
        name: feature.name,
        categories: feature.distribution.categories.filter((c) => c !== OTHER_CATEGORY),
      });
    }
  }
  const example: InstrumentationExample = {
    model: baseline.model,
    version: baseline.version,
    numeric,
    categorical,
  };
  if (baseline.prediction?.kind === 'numeric') {
    example.prediction = {
      name: baseline.prediction.name,
      upperBounds: baseline.prediction.histogram.upperBounds,
    };
  }
  if (baseline.scores) {
    example.scores = {
      upperBounds: baseline.scores.upperBounds,
      positiveClass: baseline.scores.positiveClass,
    };
  }
  return example;
}

/**
 * The binding that lets the datasource read the numeric prediction histogram (the mapping's prediction counter
 * holds classes); undefined when the prediction is not numeric. Model and version labels are the mapping's.
 */
export function predictionBinding(example: InstrumentationExample): BindingDocument | undefined {
  if (!example.prediction) {
    return undefined;
  }
  return {
    schemaVersion: BINDING_SCHEMA_VERSION,
    model: example.model,
    prometheus: {
      prediction: { kind: 'histogram', metric: PREDICTION_HISTOGRAM },
    },
  };
}

/** A string literal both Python and JavaScript read back as the same text. */
function quote(text: string): string {
  return JSON.stringify(text);
}

function list(values: readonly number[]): string {
  return `[${values.map(String).join(', ')}]`;
}

/** The output metrics a snippet declares, each as the lines to write in the snippet's language. */
interface OutputLines {
  commentMarker: '#' | '//';
  classCounters: string;
  predictionHistogram: string;
  scoreHistogram: string;
  errorMetric: (key: ErrorMetric) => string;
}

/** Only the parts of `lines` that apply to the example, as one block. */
function outputDeclarations(example: InstrumentationExample, lines: OutputLines): string {
  const regression = isRegression(example);
  return [
    regression ? undefined : lines.classCounters,
    example.prediction && lines.predictionHistogram,
    example.scores && lines.scoreHistogram,
    regression
      ? [comment(lines.commentMarker, COMMENTS.errors), ...ERROR_METRICS.map(lines.errorMetric)].join('\n')
      : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join('\n');
}

type ErrorMetric = keyof typeof DEFAULT_REGRESSION_METRICS;
const ERROR_METRICS: readonly ErrorMetric[] = [
  'absoluteError',
  'squaredError',
  'positiveError',
  'absolutePercentageError',
];

/** The variable holding each error metric in the Python and the Node snippet. */
const ERROR_VARIABLES: Record<ErrorMetric, { python: string; node: string }> = {
  absoluteError: { python: 'ABSOLUTE_ERRORS', node: 'absoluteErrors' },
  squaredError: { python: 'SQUARED_ERRORS', node: 'squaredErrors' },
  positiveError: { python: 'POSITIVE_ERRORS', node: 'positiveErrors' },
  absolutePercentageError: { python: 'PERCENTAGE_ERRORS', node: 'percentageErrors' },
};

const ERROR_HELP: Record<ErrorMetric, string> = {
  absoluteError: '|prediction - actual|',
  squaredError: '(prediction - actual)^2',
  positiveError: 'max(prediction - actual, 0), the over-prediction',
  absolutePercentageError: '|prediction - actual| / |actual|, where actual is not 0',
};
const PREDICTION_HELP = 'Numeric predictions served';
const scoreHelp = (positiveClass: string) => `Score of the positive class (${positiveClass}), by actual class`;

/** Comment lines the two languages share, without their comment marker. */
const COMMENTS = {
  prediction: [
    "Numeric predictions on the baseline's prediction edges; the binding shown with this code",
    'points the datasource at them.',
  ],
  score: ["Scores on the baseline's score edges, by actual class: observed when the true label arrives."],
  errors: [
    'Errors (prediction - actual) once the actual value arrives; the datasource reads each _sum and _count.',
    'The over-prediction stands in for the signed error, whose falling sum Prometheus would read as a reset.',
  ],
} as const;

function comment(marker: '#' | '//', lines: readonly string[]): string {
  return lines.map((line) => `${marker} ${line}`).join('\n');
}

export function pythonSnippet(mapping: PrometheusMapping, example: InstrumentationExample): string {
  const m = mapping;
  const regression = isRegression(example);
  const modelVersion = `${quote(m.modelLabel)}, ${quote(m.versionLabel)}`;
  const summary = (key: ErrorMetric) =>
    `${ERROR_VARIABLES[key].python} = Summary(${quote(DEFAULT_REGRESSION_METRICS[key])}, ${quote(ERROR_HELP[key])}, [${modelVersion}])`;
  const declarations = outputDeclarations(example, {
    commentMarker: '#',
    classCounters: `PREDICTIONS = Counter(${quote(m.predictionCounter)}, "Predictions served, by predicted class",
                      [${modelVersion}, ${quote(m.predictedLabel)}])
OUTCOMES = Counter(${quote(m.outcomeCounter)}, "Predictions whose true label arrived, by true and predicted class",
                   [${modelVersion}, ${quote(m.actualLabel)}, ${quote(m.predictedLabel)}])`,
    predictionHistogram: `${comment('#', COMMENTS.prediction)}
PREDICTION_VALUES = Histogram(${quote(PREDICTION_HISTOGRAM)}, ${quote(PREDICTION_HELP)}, [${modelVersion}],
                              buckets=${list(example.prediction?.upperBounds ?? [])})`,
    scoreHistogram: `${comment('#', COMMENTS.score)}
SCORES = Histogram(${quote(DEFAULT_SCORE_HISTOGRAM)}, ${quote(scoreHelp(example.scores?.positiveClass ?? ''))},
                   [${modelVersion}, ${quote(m.actualLabel)}], buckets=${list(example.scores?.upperBounds ?? [])})`,
    errorMetric: summary,
  });
  const withScore = example.prediction ? ', score' : '';
  const predictionSignature = regression
    ? `def record_prediction(features, prediction, seconds):
    """Call once per request with the raw inputs, the predicted value and the time taken."""`
    : `def record_prediction(features, predicted, seconds${withScore}):
    """Call once per request with the raw inputs, the predicted class${withScore ? ', the score' : ''} and the time taken."""`;
  const recordOutput = regression
    ? '    PREDICTION_VALUES.labels(MODEL, VERSION).observe(prediction)'
    : `    PREDICTIONS.labels(MODEL, VERSION, str(predicted)).inc()${
        example.prediction ? '\n    PREDICTION_VALUES.labels(MODEL, VERSION).observe(score)' : ''
      }`;
  const outcome = regression
    ? `def record_outcome(actual, prediction):
    """Call when the actual value of an earlier prediction becomes known."""
    error = prediction - actual
    ABSOLUTE_ERRORS.labels(MODEL, VERSION).observe(abs(error))
    SQUARED_ERRORS.labels(MODEL, VERSION).observe(error * error)
    POSITIVE_ERRORS.labels(MODEL, VERSION).observe(max(error, 0.0))
    if actual != 0:  # the percentage error is undefined where the actual value is 0
        PERCENTAGE_ERRORS.labels(MODEL, VERSION).observe(abs(error) / abs(actual))`
    : example.scores
      ? `def record_outcome(actual, predicted, score):
    """Call when the true label of an earlier prediction becomes known, with the score it was given."""
    OUTCOMES.labels(MODEL, VERSION, str(actual), str(predicted)).inc()
    SCORES.labels(MODEL, VERSION, str(actual)).observe(score)`
      : `def record_outcome(actual, predicted):
    """Call when the true label of an earlier prediction becomes known."""
    OUTCOMES.labels(MODEL, VERSION, str(actual), str(predicted)).inc()`;
  const buckets = example.numeric.map((f) => `    ${quote(f.name)}: ${list(f.upperBounds)},`).join('\n');
  const categories = example.categorical
    .map((f) => `    ${quote(f.name)}: {${f.categories.map(quote).join(', ')}},`)
    .join('\n');
  return `# pip install prometheus_client
import bisect
import math
import threading

from prometheus_client import Counter, Histogram, ${regression ? 'Summary, ' : ''}start_http_server
from prometheus_client.core import REGISTRY, HistogramMetricFamily

MODEL, VERSION = ${quote(example.model)}, ${quote(example.version)}

# Bucket upper bounds per numeric feature, exactly as \`mldrift baseline build\` printed them.
# Live and training histograms then share their buckets and drift needs no re-binning.
FEATURE_BUCKETS = {
${buckets}
}
# Categories seen in training; anything else is counted as ${quote(OTHER_CATEGORY)} to keep label cardinality bounded.
KNOWN_CATEGORIES = {
${categories}
}


class FeatureHistograms:
    """One histogram series per feature, each with its own buckets.

    prometheus_client's Histogram uses one bucket list for all label values, so it cannot follow
    per-feature baseline edges; this collector exposes the same histogram format itself."""

    def __init__(self, buckets):
        self._bounds = {name: list(edges) for name, edges in buckets.items()}
        self._counts = {name: [0] * (len(edges) + 1) for name, edges in self._bounds.items()}
        self._sums = {name: 0.0 for name in self._bounds}
        self._lock = threading.Lock()

    def observe(self, feature, value):
        # Buckets are right-closed (value <= bound), as in Prometheus.
        index = bisect.bisect_left(self._bounds[feature], value)
        with self._lock:
            self._counts[feature][index] += 1
            self._sums[feature] += value

    def collect(self):
        family = HistogramMetricFamily(
            ${quote(m.featureHistogram)}, "Numeric feature values received by the model",
            labels=[${quote(m.modelLabel)}, ${quote(m.versionLabel)}, ${quote(m.featureLabel)}])
        with self._lock:
            for feature, bounds in self._bounds.items():
                cumulative, buckets = 0, []
                for bound, count in zip(bounds, self._counts[feature]):
                    cumulative += count
                    buckets.append((str(float(bound)), cumulative))
                buckets.append(("+Inf", cumulative + self._counts[feature][-1]))
                family.add_metric([MODEL, VERSION, feature], buckets, self._sums[feature])
        yield family


FEATURES = FeatureHistograms(FEATURE_BUCKETS)
REGISTRY.register(FEATURES)
CATEGORIES = Counter(${quote(m.featureCategoryCounter)}, "Categorical feature values received by the model",
                     [${quote(m.modelLabel)}, ${quote(m.versionLabel)}, ${quote(m.featureLabel)}, ${quote(m.categoryLabel)}])
MISSING = Counter(${quote(m.missingCounter)}, "Feature values that were absent or not finite",
                  [${quote(m.modelLabel)}, ${quote(m.versionLabel)}, ${quote(m.featureLabel)}, ${quote(m.reasonLabel)}])
LATENCY = Histogram(${quote(LATENCY_METRIC)}, "Time to answer a prediction request",
                    [${modelVersion}], buckets=${list(LATENCY_BUCKETS)})
${declarations}


${predictionSignature}
    for name in FEATURE_BUCKETS:
        value = features.get(name)
        if value is None:
            MISSING.labels(MODEL, VERSION, name, "missing").inc()
        elif not math.isfinite(value):
            MISSING.labels(MODEL, VERSION, name, "non_finite").inc()
        else:
            FEATURES.observe(name, float(value))
    for name, known in KNOWN_CATEGORIES.items():
        value = features.get(name)
        if value is None or value == "":
            MISSING.labels(MODEL, VERSION, name, "missing").inc()
        else:
            category = str(value) if str(value) in known else ${quote(OTHER_CATEGORY)}
            CATEGORIES.labels(MODEL, VERSION, name, category).inc()
${recordOutput}
    LATENCY.labels(MODEL, VERSION).observe(seconds)


${outcome}


start_http_server(8000)  # Prometheus scrapes http://<host>:8000/metrics
`;
}

export function nodeSnippet(mapping: PrometheusMapping, example: InstrumentationExample): string {
  const m = mapping;
  const regression = isRegression(example);
  const modelVersion = `${quote(m.modelLabel)}, ${quote(m.versionLabel)}`;
  const summary = (key: ErrorMetric) =>
    `const ${ERROR_VARIABLES[key].node} = new client.Summary({ name: ${quote(DEFAULT_REGRESSION_METRICS[key])}, help: ${quote(ERROR_HELP[key])}, labelNames: [${modelVersion}], percentiles: [] });`;
  const declarations = outputDeclarations(example, {
    commentMarker: '//',
    classCounters: `const predictions = new client.Counter({ name: ${quote(m.predictionCounter)}, help: 'Predictions served, by predicted class', labelNames: [${modelVersion}, ${quote(m.predictedLabel)}] });
const outcomes = new client.Counter({ name: ${quote(m.outcomeCounter)}, help: 'Predictions whose true label arrived, by true and predicted class', labelNames: [${modelVersion}, ${quote(m.actualLabel)}, ${quote(m.predictedLabel)}] });`,
    predictionHistogram: `${comment('//', COMMENTS.prediction)}
const predictionValues = new client.Histogram({ name: ${quote(PREDICTION_HISTOGRAM)}, help: ${quote(PREDICTION_HELP)}, labelNames: [${modelVersion}], buckets: ${list(example.prediction?.upperBounds ?? [])} });`,
    scoreHistogram: `${comment('//', COMMENTS.score)}
const scores = new client.Histogram({ name: ${quote(DEFAULT_SCORE_HISTOGRAM)}, help: ${quote(scoreHelp(example.scores?.positiveClass ?? ''))}, labelNames: [${modelVersion}, ${quote(m.actualLabel)}], buckets: ${list(example.scores?.upperBounds ?? [])} });`,
    errorMetric: summary,
  });
  const withScore = example.prediction ? ', score' : '';
  const predictionSignature = regression
    ? `/** Call once per request with the raw inputs, the predicted value and the time taken. */
function recordPrediction(inputs, prediction, seconds) {`
    : `/** Call once per request with the raw inputs, the predicted class${withScore ? ', the score' : ''} and the time taken. */
function recordPrediction(inputs, predicted, seconds${withScore}) {`;
  const recordOutput = regression
    ? '  predictionValues.observe(labels({}), prediction);'
    : `  predictions.inc(labels({ ${quote(m.predictedLabel)}: String(predicted) }));${
        example.prediction ? '\n  predictionValues.observe(labels({}), score);' : ''
      }`;
  const outcome = regression
    ? `/** Call when the actual value of an earlier prediction becomes known. */
function recordOutcome(actual, prediction) {
  const error = prediction - actual;
  absoluteErrors.observe(labels({}), Math.abs(error));
  squaredErrors.observe(labels({}), error * error);
  positiveErrors.observe(labels({}), Math.max(error, 0));
  if (actual !== 0) percentageErrors.observe(labels({}), Math.abs(error) / Math.abs(actual)); // undefined where actual is 0
}`
    : example.scores
      ? `/** Call when the true label of an earlier prediction becomes known, with the score it was given. */
function recordOutcome(actual, predicted, score) {
  outcomes.inc(labels({ ${quote(m.actualLabel)}: String(actual), ${quote(m.predictedLabel)}: String(predicted) }));
  scores.observe(labels({ ${quote(m.actualLabel)}: String(actual) }), score);
}`
      : `/** Call when the true label of an earlier prediction becomes known. */
function recordOutcome(actual, predicted) {
  outcomes.inc(labels({ ${quote(m.actualLabel)}: String(actual), ${quote(m.predictedLabel)}: String(predicted) }));
}`;
  const buckets = example.numeric.map((f) => `  [${quote(f.name)}, ${list(f.upperBounds)}],`).join('\n');
  const categories = example.categorical
    .map((f) => `  [${quote(f.name)}, new Set([${f.categories.map(quote).join(', ')}])],`)
    .join('\n');
  return `// npm install prom-client
const http = require('node:http');
const client = require('prom-client');

const MODEL = ${quote(example.model)};
const VERSION = ${quote(example.version)};

// Bucket upper bounds per numeric feature, exactly as \`mldrift baseline build\` printed them.
const FEATURE_BUCKETS = new Map([
${buckets}
]);
// Categories seen in training; anything else is counted as ${quote(OTHER_CATEGORY)} to keep label cardinality bounded.
const KNOWN_CATEGORIES = new Map([
${categories}
]);

// prom-client's Histogram uses one bucket list per metric; drift needs each feature's own baseline edges,
// so this small family writes the histogram exposition lines itself.
class FeatureHistograms {
  constructor(buckets) {
    this.series = new Map([...buckets].map(([name, bounds]) => [name, { bounds, counts: new Array(bounds.length + 1).fill(0), sum: 0 }]));
  }
  observe(feature, value) {
    const s = this.series.get(feature);
    let i = 0;
    while (i < s.bounds.length && value > s.bounds[i]) i++; // right-closed: value <= bound
    s.counts[i] += 1;
    s.sum += value;
  }
  render() {
    const esc = (v) => String(v).replace(/\\\\/g, '\\\\\\\\').replace(/"/g, '\\\\"').replace(/\\n/g, '\\\\n');
    const name = ${quote(m.featureHistogram)};
    const lines = [\`# HELP \${name} Numeric feature values received by the model\`, \`# TYPE \${name} histogram\`];
    for (const [feature, s] of this.series) {
      const labels = \`${m.modelLabel}="\${esc(MODEL)}",${m.versionLabel}="\${esc(VERSION)}",${m.featureLabel}="\${esc(feature)}"\`;
      let cumulative = 0;
      s.bounds.forEach((bound, i) => {
        cumulative += s.counts[i];
        lines.push(\`\${name}_bucket{\${labels},le="\${bound}"} \${cumulative}\`);
      });
      cumulative += s.counts[s.bounds.length];
      lines.push(\`\${name}_bucket{\${labels},le="+Inf"} \${cumulative}\`, \`\${name}_sum{\${labels}} \${s.sum}\`, \`\${name}_count{\${labels}} \${cumulative}\`);
    }
    return lines.join('\\n') + '\\n';
  }
}

const features = new FeatureHistograms(FEATURE_BUCKETS);
const categories = new client.Counter({ name: ${quote(m.featureCategoryCounter)}, help: 'Categorical feature values received by the model', labelNames: [${quote(m.modelLabel)}, ${quote(m.versionLabel)}, ${quote(m.featureLabel)}, ${quote(m.categoryLabel)}] });
const missing = new client.Counter({ name: ${quote(m.missingCounter)}, help: 'Feature values that were absent or not finite', labelNames: [${quote(m.modelLabel)}, ${quote(m.versionLabel)}, ${quote(m.featureLabel)}, ${quote(m.reasonLabel)}] });
const latency = new client.Histogram({ name: ${quote(LATENCY_METRIC)}, help: 'Time to answer a prediction request', labelNames: [${modelVersion}], buckets: ${list(LATENCY_BUCKETS)} });
${declarations}

function labels(extra) {
  return { ${quote(m.modelLabel)}: MODEL, ${quote(m.versionLabel)}: VERSION, ...extra };
}

${predictionSignature}
  for (const name of FEATURE_BUCKETS.keys()) {
    const value = inputs[name];
    if (value === undefined || value === null) missing.inc(labels({ ${quote(m.featureLabel)}: name, ${quote(m.reasonLabel)}: 'missing' }));
    else if (!Number.isFinite(value)) missing.inc(labels({ ${quote(m.featureLabel)}: name, ${quote(m.reasonLabel)}: 'non_finite' }));
    else features.observe(name, value);
  }
  for (const [name, known] of KNOWN_CATEGORIES) {
    const value = inputs[name];
    if (value === undefined || value === null || value === '') missing.inc(labels({ ${quote(m.featureLabel)}: name, ${quote(m.reasonLabel)}: 'missing' }));
    else categories.inc(labels({ ${quote(m.featureLabel)}: name, ${quote(m.categoryLabel)}: known.has(String(value)) ? String(value) : ${quote(OTHER_CATEGORY)} }));
  }
${recordOutput}
  latency.observe(labels({}), seconds);
}

${outcome}

async function metricsText() {
  return (await client.register.metrics()) + features.render();
}

http
  .createServer(async (req, res) => {
    if (req.url !== '/metrics') return res.writeHead(404).end();
    res.setHeader('Content-Type', client.register.contentType);
    res.end(await metricsText());
  })
  .listen(8000); // Prometheus scrapes http://<host>:8000/metrics

module.exports = { recordPrediction, recordOutcome, metricsText };
`;
}

export interface MetricRow {
  metric: string;
  type: 'histogram' | 'counter' | 'histogram or summary';
  labels: string[];
  purpose: string;
}

/**
 * What the datasource reads from Prometheus, under the datasource's names; then the model-output metrics under
 * their default names (a binding renames those, not the mapping).
 */
export function metricsTable(m: PrometheusMapping): MetricRow[] {
  return [
    {
      metric: m.featureHistogram,
      type: 'histogram',
      labels: [m.modelLabel, m.versionLabel, m.featureLabel],
      purpose: 'Numeric feature values, bucketed on the baseline edges',
    },
    {
      metric: m.featureCategoryCounter,
      type: 'counter',
      labels: [m.modelLabel, m.versionLabel, m.featureLabel, m.categoryLabel],
      purpose: 'Categorical feature values',
    },
    {
      metric: m.missingCounter,
      type: 'counter',
      labels: [m.modelLabel, m.versionLabel, m.featureLabel, m.reasonLabel],
      purpose: 'Absent (missing) or NaN/Inf (non_finite) values, counted not dropped',
    },
    {
      metric: m.predictionCounter,
      type: 'counter',
      labels: [m.modelLabel, m.versionLabel, m.predictedLabel],
      purpose: 'Predictions, for prediction drift',
    },
    {
      metric: m.outcomeCounter,
      type: 'counter',
      labels: [m.modelLabel, m.versionLabel, m.actualLabel, m.predictedLabel],
      purpose: 'Predictions whose true label arrived: confusion matrix and performance',
    },
    {
      metric: DEFAULT_SCORE_HISTOGRAM,
      type: 'histogram',
      labels: [m.modelLabel, m.versionLabel, m.actualLabel],
      purpose: "A binary classifier's score when its true label arrives, on the baseline's score edges: ROC AUC, PR AUC, calibration",
    },
    {
      metric: Object.values(DEFAULT_REGRESSION_METRICS).join(', '),
      type: 'histogram or summary',
      labels: [m.modelLabel, m.versionLabel],
      purpose: "A regression model's |error|, error², max(error, 0) and |error| / |actual| (where actual ≠ 0) when the actual value arrives: MAE, RMSE, bias, MAPE",
    },
  ];
}

export interface AlertRuleInput {
  datasourceUid: string;
  baseline: string;
  source: LiveSource;
}

/** A provisioning file for one multi-dimensional rule: one alert instance per drifting feature. */
export function alertRuleSnippet({ datasourceUid, baseline, source }: AlertRuleInput): string {
  return `# provisioning/alerting/model-drift.yaml
apiVersion: 1
groups:
  - orgId: 1
    name: model-drift
    folder: ML Monitor
    interval: 5m
    rules:
      - uid: drift-${baseline.replace(/[^A-Za-z0-9-]/g, '-')}
        title: Feature drift ${baseline}
        condition: C
        for: 15m
        noDataState: NoData
        execErrState: Error
        annotations:
          summary: 'Feature {{ $labels.feature }} of {{ $labels.model }} {{ $labels.version }} drifted ({{ $labels.method }})'
        data:
          - refId: A
            datasourceUid: ${datasourceUid}
            relativeTimeRange: { from: 3600, to: 0 }
            model:
              refId: A
              queryType: drift
              source: ${source}
              baseline: ${JSON.stringify(baseline)}
              window: 1h
              instant: true
              normalizeByThreshold: true
          - refId: B
            datasourceUid: __expr__
            model: { refId: B, type: reduce, expression: A, reducer: last }
          - refId: C
            datasourceUid: __expr__
            model: { refId: C, type: threshold, expression: B, conditions: [{ evaluator: { type: gt, params: [1] } }] }
`;
}

export const PANEL_GUIDE: ReadonlyArray<{
  panel: string;
  query: string;
  tip: string;
}> = [
  {
    panel: 'Drift heatmap',
    query: 'Query type Drift, instant off, normalise by threshold on',
    tip: 'Features × time, worst first; click a cell to open that feature and window in the distribution panel.',
  },
  {
    panel: 'Distribution comparison',
    query: 'Query type Distribution (or Baseline for the training data alone)',
    tip: 'Baseline and current histograms with the statistic, p-value and verdict in the header.',
  },
  {
    panel: 'Confusion matrix',
    query: 'Query type Confusion matrix',
    tip: 'Needs the labelled-outcome counter; normalise by row for recall or by column for precision.',
  },
  {
    panel: 'Stat or table',
    query: 'Query type Performance, instant on',
    tip: 'Accuracy, precision, recall and F1 from labelled outcomes.',
  },
];
