/**
 * Writes the provisioned dashboards (`npx tsx provisioning/dashboards/generate.ts`). The JSON files are committed
 * so Grafana reads them directly; `provisioning.test.ts` checks they match this source.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_LINKS,
  DRIFT_DATASOURCE,
  type Dashboard,
  Layout,
  MODEL_VARIABLES,
  NORMALISED_DRIFT_STEPS,
  type Panel,
  PROMETHEUS_DATASOURCE,
  dashboardJson,
  driftTarget,
  prometheusVariable,
  promTarget,
  stat,
  textboxVariable,
  timeseries,
} from './panels';
import type { DriftQuery } from '../../src/shared/queryModel';

const SELECTOR = 'model="$model", version="$version"';
const MODEL_SELECTOR = 'model="$model"';

function modelOverview(): Dashboard {
  const layout = new Layout();
  const panels = [
    layout.row('Golden signals'),
    layout.place(
      stat(
        'Traffic',
        'Prediction requests per second, all versions.',
        promTarget('A', `sum(rate(model_requests_total{${MODEL_SELECTOR}}[$__rate_interval]))`, 'req/s'),
        'reqps',
        [{ color: 'blue', value: null }]
      ),
      6,
      4
    ),
    layout.place(
      stat(
        'Latency p95',
        '95th percentile of the prediction latency, all versions.',
        promTarget(
          'A',
          `histogram_quantile(0.95, sum by (le) (rate(model_request_duration_seconds_bucket{${MODEL_SELECTOR}}[$__rate_interval])))`,
          'p95'
        ),
        's',
        [
          { color: 'green', value: null },
          { color: 'orange', value: 0.1 },
          { color: 'red', value: 0.25 },
        ]
      ),
      6,
      4
    ),
    layout.place(
      stat(
        'Errors',
        'Share of prediction requests answered with an error (4xx or 5xx).',
        promTarget(
          'A',
          `sum(rate(model_requests_total{${MODEL_SELECTOR}, code!="200"}[$__rate_interval]))` +
            ` / sum(rate(model_requests_total{${MODEL_SELECTOR}}[$__rate_interval]))`,
          'errors'
        ),
        'percentunit',
        [
          { color: 'green', value: null },
          { color: 'orange', value: 0.02 },
          { color: 'red', value: 0.05 },
        ]
      ),
      6,
      4
    ),
    layout.place(
      stat(
        'Versions in service',
        'Model versions that served requests in the last 5 minutes.',
        promTarget('A', `count(sum by (version) (rate(model_requests_total{${MODEL_SELECTOR}}[5m])) > 0)`, 'versions'),
        'none',
        [{ color: 'purple', value: null }]
      ),
      6,
      4
    ),
    layout.place(
      timeseries(
        'Traffic by version and status',
        'Requests per second by model version and HTTP status code.',
        [
          promTarget(
            'A',
            `sum by (version, code) (rate(model_requests_total{${MODEL_SELECTOR}}[$__rate_interval]))`,
            '{{version}} {{code}}'
          ),
        ],
        'reqps',
        PROMETHEUS_DATASOURCE
      ),
      12,
      8
    ),
    layout.place(
      timeseries(
        'Latency by version',
        'Median and 95th percentile prediction latency per version.',
        [
          promTarget(
            'A',
            `histogram_quantile(0.5, sum by (le, version) (rate(model_request_duration_seconds_bucket{${MODEL_SELECTOR}}[$__rate_interval])))`,
            '{{version}} p50'
          ),
          promTarget(
            'B',
            `histogram_quantile(0.95, sum by (le, version) (rate(model_request_duration_seconds_bucket{${MODEL_SELECTOR}}[$__rate_interval])))`,
            '{{version}} p95'
          ),
        ],
        's',
        PROMETHEUS_DATASOURCE
      ),
      12,
      8
    ),
    layout.place(
      timeseries(
        'Error rate',
        'Share of requests answered with an error, by version and code.',
        [
          promTarget(
            'A',
            `sum by (version, code) (rate(model_requests_total{${MODEL_SELECTOR}, code!="200"}[$__rate_interval]))` +
              ` / ignoring(code) group_left sum by (version) (rate(model_requests_total{${MODEL_SELECTOR}}[$__rate_interval]))`,
            '{{version}} {{code}}'
          ),
        ],
        'percentunit',
        PROMETHEUS_DATASOURCE
      ),
      12,
      8
    ),
    layout.place(
      timeseries(
        'Saturation',
        'Requests in flight, event-loop lag (p99) and predictions still waiting for their label.',
        [
          promTarget('A', `sum(model_inflight_requests{${MODEL_SELECTOR}})`, 'in flight'),
          promTarget('B', 'max(nodejs_eventloop_lag_p99_seconds) * 1000', 'event-loop lag p99 (ms)'),
          promTarget('C', `sum(model_pending_labels{${MODEL_SELECTOR}})`, 'awaiting label'),
        ],
        'short',
        PROMETHEUS_DATASOURCE
      ),
      12,
      8
    ),
    layout.row('Predictions'),
    layout.place(
      timeseries(
        'Prediction distribution',
        'Share of each predicted class over a rolling 15-minute window.',
        [driftTarget('A', { queryType: 'performance', window: '15m', performanceMetrics: ['prediction_share'] })],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0, max: 1 }
      ),
      8,
      9
    ),
    layout.place(
      timeseries(
        'Prediction drift vs baseline',
        'Drift of the live prediction distribution against the training baseline, divided by its threshold: above 1 means drift.',
        [
          driftTarget('A', {
            queryType: 'performance',
            window: '15m',
            performanceMetrics: ['prediction_drift'],
            normalizeByThreshold: true,
          }),
        ],
        'none',
        DRIFT_DATASOURCE,
        {
          thresholds: { mode: 'absolute', steps: NORMALISED_DRIFT_STEPS },
          custom: { lineWidth: 1, fillOpacity: 10, showPoints: 'never', thresholdsStyle: { mode: 'line' } },
        }
      ),
      8,
      9
    ),
    layout.place(
      timeseries(
        'Predictions by version and class',
        'Predictions per second by version and predicted class.',
        [
          promTarget(
            'A',
            `sum by (version, predicted) (rate(model_predictions_total{${MODEL_SELECTOR}}[$__rate_interval]))`,
            '{{version}} {{predicted}}'
          ),
        ],
        'reqps',
        PROMETHEUS_DATASOURCE
      ),
      8,
      9
    ),
  ];
  return {
    uid: 'mlops-model-overview',
    title: 'ML Monitor / Model overview',
    description: 'Golden signals of a model service and its predictions compared with the training baseline.',
    tags: ['mlops', 'ml-monitor'],
    panels,
    variables: MODEL_VARIABLES,
    links: APP_LINKS,
  };
}

/** The prediction logs' field the Segments row splits by. */
const DEVICE_FIELD = 'features.device';

/** Each feature's drift per device from the Elasticsearch prediction logs: the Segments row shows it as lines and as a heatmap. */
function driftByDevice(): ReturnType<typeof driftTarget> {
  return driftTarget('A', {
    queryType: 'drift',
    source: 'elasticsearch',
    window: '1h',
    normalizeByThreshold: true,
    features: ['age', 'income', 'session_length', 'country'],
    segmentBy: DEVICE_FIELD,
    segmentLimit: 3,
  });
}

/**
 * Where a click on a cell of the segmented heatmap goes: this dashboard, on the cell's model, version, feature,
 * device (the `segment` variable) and window, showing the one device's distribution panel alone.
 */
function segmentDistributionLink(panelId: number): string {
  return (
    '/d/mlops-data-drift/?var-model=${model}&var-version=${version}&var-feature=${feature}&var-segment=${segment}' +
    `&from=\${from}&to=\${to}&viewPanel=panel-${panelId}`
  );
}

/**
 * The Segments row: each feature's drift per device as lines and as a heatmap, and below them one device's
 * distribution of a feature, where a click on a heatmap cell leads.
 */
function segmentsRow(layout: Layout): Panel[] {
  const row = layout.row('Segments');
  const lines = layout.place(
    timeseries(
      'Drift by device (prediction logs)',
      'Each feature per device, from the prediction logs in Elasticsearch: one series per feature and device ' +
        '(label segment), each against the training baseline and divided by its threshold (above 1 means drift). ' +
        "The three devices with the most predictions get their own series; any other would be summed into 'other'.",
      [driftByDevice()],
      'none',
      DRIFT_DATASOURCE
    ),
    12,
    9
  );
  const heatmap = layout.place(
    {
      type: 'mlops-driftheatmap-panel',
      title: 'Drift heatmap by device (prediction logs)',
      description:
        "The same query as a heatmap: one row per feature and device ('income · mobile'), a feature's devices together, " +
        "most predictions first. Above 1 (red) means drift. A click on a cell shows that device's distribution of the feature in that window.",
      datasource: { ...DRIFT_DATASOURCE },
      targets: [driftByDevice()],
    },
    12,
    9
  );
  const distribution = layout.place(
    {
      type: 'mlops-distribution-panel',
      title: '$feature on device $segment: live vs baseline (prediction logs)',
      description:
        'The prediction logs of one device (the Device variable, which a click on a heatmap cell sets with the feature and the window) ' +
        "against the device's own training distributions where the baseline keeps them, else the shared ones.",
      datasource: { ...DRIFT_DATASOURCE },
      targets: [
        driftTarget('A', {
          queryType: 'distribution',
          source: 'elasticsearch',
          window: '1h',
          features: ['$feature'],
          segmentBy: DEVICE_FIELD,
          segment: '$segment',
        }),
      ],
      options: {},
    },
    24,
    9
  );
  return [row, lines, { ...heatmap, options: { cellLink: segmentDistributionLink(distribution.id) } }, distribution];
}

function dataDrift(): Dashboard {
  const layout = new Layout();
  const panels = [
    layout.row('Drift'),
    layout.place(
      {
        type: 'mlops-driftheatmap-panel',
        title: 'Drift heatmap',
        description:
          "Each feature's drift score over time, divided by its threshold: above 1 (red) means drift. " +
          'The tooltip names the bins that carry the score.',
        datasource: { ...DRIFT_DATASOURCE },
        targets: [driftTarget('A', { queryType: 'drift', window: '15m', normalizeByThreshold: true, explain: true })],
        options: {},
      },
      16,
      10
    ),
    layout.place(
      {
        type: 'bargauge',
        title: 'Worst features now',
        description: 'Drift score of every feature over the last 15 minutes, divided by its threshold.',
        datasource: { ...DRIFT_DATASOURCE },
        targets: [driftTarget('A', { queryType: 'drift', window: '15m', instant: true, normalizeByThreshold: true })],
        fieldConfig: {
          defaults: {
            unit: 'none',
            min: 0,
            max: 2,
            thresholds: { mode: 'absolute', steps: NORMALISED_DRIFT_STEPS },
            displayName: '${__field.labels.feature}',
          },
          overrides: [],
        },
        options: {
          orientation: 'horizontal',
          displayMode: 'gradient',
          showUnfilled: true,
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        },
      },
      8,
      10
    ),
    layout.place(
      timeseries(
        'Drift score by feature',
        'Raw statistic per feature (the method is in the series labels) over a rolling 15-minute window.',
        [driftTarget('A', { queryType: 'drift', window: '15m', includePValue: false })],
        'none',
        DRIFT_DATASOURCE
      ),
      18,
      8
    ),
    layout.place(
      stat(
        'Drifting features',
        'Share of the features drifting over the last 15 minutes, test p-values Benjamini-Hochberg adjusted across the features. Half or more: dataset drift.',
        driftTarget('A', { queryType: 'drift', window: '15m', instant: true, includeDriftShare: true, correction: 'bh' }),
        'percentunit',
        [
          { color: 'green', value: null },
          { color: 'red', value: 0.5 },
        ],
        DRIFT_DATASOURCE
      ),
      6,
      8
    ),
    layout.row('Distributions'),
    {
      ...layout.place(
        {
          type: 'mlops-distribution-panel',
          title: '$feature: live vs baseline',
          description: "The feature over the last hour against the training baseline, on the baseline's buckets.",
          datasource: { ...DRIFT_DATASOURCE },
          targets: [driftTarget('A', { queryType: 'distribution', window: '1h', features: ['$feature'] })],
          options: {},
        },
        8,
        9
      ),
      repeat: 'feature',
      repeatDirection: 'h' as const,
      maxPerRow: 3,
    },
    layout.row('Live references'),
    layout.place(
      {
        type: 'mlops-distribution-panel',
        title: 'Champion against challenger: v2 against v1',
        description:
          "Each feature and the prediction of churn v2 over the last hour, against v1's over the same hour " +
          "(a live reference: v1's bars where the baseline's would be).",
        datasource: { ...DRIFT_DATASOURCE },
        targets: [
          driftTarget('A', {
            queryType: 'distribution',
            baseline: 'churn@v2',
            window: '1h',
            includePrediction: true,
            reference: { kind: 'version', version: 'v1' },
          }),
        ],
        options: {},
      },
      12,
      10
    ),
    layout.place(
      timeseries(
        'Drift against the same hour last week',
        'Each feature and the prediction against the same hour seven days earlier (a live reference), ' +
          'divided by its threshold: above 1 means drift. Needs a week of history.',
        [
          driftTarget('A', {
            queryType: 'drift',
            window: '1h',
            normalizeByThreshold: true,
            includePrediction: true,
            reference: { kind: 'offset', offset: '7d' },
          }),
        ],
        'none',
        DRIFT_DATASOURCE
      ),
      12,
      10
    ),
    ...segmentsRow(layout),
    layout.row('Data quality'),
    layout.place(
      timeseries(
        'Data quality',
        'Missing and non-finite values and values outside the training range, per feature.',
        [driftTarget('A', { queryType: 'dataQuality', window: '15m' })],
        'percentunit',
        DRIFT_DATASOURCE
      ),
      12,
      8
    ),
    layout.place(
      timeseries(
        'Missing values per second',
        'Feature values that were absent, null or not finite, by reason.',
        [
          promTarget(
            'A',
            `sum by (feature, reason) (rate(model_feature_missing_total{${SELECTOR}}[$__rate_interval]))`,
            '{{feature}} {{reason}}'
          ),
        ],
        'short',
        PROMETHEUS_DATASOURCE
      ),
      12,
      8
    ),
  ];
  return {
    uid: 'mlops-data-drift',
    title: 'ML Monitor / Data drift',
    description: 'Feature drift of the selected model version against its training baseline.',
    tags: ['mlops', 'ml-monitor'],
    panels,
    variables: [
      ...MODEL_VARIABLES,
      prometheusVariable(
        'feature',
        'Feature',
        `label_values({__name__=~"model_feature_value_bucket|model_feature_category_total", ${SELECTOR}}, feature)`,
        true
      ),
      textboxVariable('segment', 'Device', 'mobile'),
    ],
    links: APP_LINKS,
  };
}

function modelPerformance(): Dashboard {
  const layout = new Layout();
  const labelled = (extra: string): string => `sum(rate(model_outcomes_total{${SELECTOR}${extra}}[15m]))`;
  const panels = [
    layout.row('Labelled outcomes'),
    layout.place(
      {
        type: 'mlops-confusionmatrix-panel',
        title: 'Confusion matrix',
        description:
          'True label against prediction for the predictions labelled in the last hour.',
        datasource: { ...DRIFT_DATASOURCE },
        targets: [driftTarget('A', { queryType: 'confusion', window: '1h' })],
        options: {},
      },
      10,
      12
    ),
    layout.place(
      timeseries(
        'Accuracy, precision, recall, F1',
        'Accuracy and macro-averaged precision, recall and F1 over a rolling 15-minute window of labelled outcomes.',
        [
          driftTarget('A', {
            queryType: 'performance',
            window: '15m',
            performanceMetrics: ['accuracy', 'macro_precision', 'macro_recall', 'macro_f1'],
          }),
        ],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0, max: 1 }
      ),
      14,
      12
    ),
    layout.place(
      timeseries(
        'Per-class precision, recall, F1',
        'The same metrics for each class (label "class" on every series).',
        [
          driftTarget('A', {
            queryType: 'performance',
            window: '15m',
            performanceMetrics: ['precision', 'recall', 'f1'],
          }),
        ],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0, max: 1 }
      ),
      24,
      8
    ),
    layout.row('Bias and label coverage'),
    layout.place(
      timeseries(
        'Prediction bias',
        'Share of labelled predictions that said "churn" against the share that really churned: a gap is a biased model.',
        [
          promTarget('A', `${labelled(', predicted="churn"')} / ${labelled('')}`, 'predicted churn'),
          promTarget('B', `${labelled(', actual="churn"')} / ${labelled('')}`, 'actual churn'),
        ],
        'percentunit',
        PROMETHEUS_DATASOURCE,
        { min: 0, max: 1 }
      ),
      12,
      8
    ),
    layout.place(
      timeseries(
        'Label coverage',
        'Labelled outcomes per prediction: labels arrive late, so recent windows are always less covered.',
        [promTarget('A', `${labelled('')} / sum(rate(model_predictions_total{${SELECTOR}}[15m]))`, 'labelled share')],
        'percentunit',
        PROMETHEUS_DATASOURCE,
        { min: 0, max: 1 }
      ),
      12,
      8
    ),
  ];
  return {
    uid: 'mlops-model-performance',
    title: 'ML Monitor / Model performance',
    description: 'Confusion matrix, classification metrics and prediction bias from delayed true labels.',
    tags: ['mlops', 'ml-monitor'],
    panels,
    variables: MODEL_VARIABLES,
    links: APP_LINKS,
  };
}

/**
 * The demo's output models (`demo/model/outputModels.ts`): `upsell` outputs a probability, `spend` a number. Their
 * metrics carry no model label; the datasource reads them through `provisioning/bindings/`.
 */
function modelOutputs(): Dashboard {
  const layout = new Layout();
  const upsell = (refId: string, query: Omit<DriftQuery, 'refId'>) => driftTarget(refId, { baseline: 'upsell@v1', ...query });
  const spend = (refId: string, query: Omit<DriftQuery, 'refId'>) => driftTarget(refId, { baseline: 'spend@v1', ...query });
  const curve = (title: string, description: string, metric: 'roc_curve' | 'calibration_curve', view: 'roc' | 'calibration') =>
    layout.place(
      {
        type: 'mlops-distribution-panel',
        title,
        description,
        datasource: { ...DRIFT_DATASOURCE },
        targets: [upsell('A', { queryType: 'performance', window: '1h', performanceMetrics: [metric] })],
        options: { view },
      },
      8,
      10
    );
  const panels = [
    layout.row('upsell: a probability, labels a while later'),
    layout.place(
      timeseries(
        'Estimated performance without labels (CBPE)',
        "Accuracy, precision, recall and F1 the model's scores promise over a rolling hour (confidence-based performance " +
          "estimation, calibrated on the baseline's labelled scores); each has a sampling-error series. No labels needed.",
        [
          upsell('A', {
            queryType: 'performance',
            window: '1h',
            performanceMetrics: ['estimated_accuracy', 'estimated_precision', 'estimated_recall', 'estimated_f1'],
          }),
        ],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0, max: 1 }
      ),
      12,
      9
    ),
    layout.place(
      timeseries(
        'ROC AUC: estimated and realised',
        'The estimated ROC AUC (CBPE) against the one measured on the labelled scores; ' +
          'the realised one comes with lower and upper bounds, the error the score buckets allow.',
        [upsell('A', { queryType: 'performance', window: '1h', performanceMetrics: ['estimated_roc_auc', 'roc_auc', 'pr_auc'] })],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0, max: 1 }
      ),
      12,
      9
    ),
    curve('ROC curve', 'ROC curve of the labelled scores over the last hour, against the baseline\'s.', 'roc_curve', 'roc'),
    curve(
      'Calibration',
      "Observed acceptance rate per score bucket over the last hour, against the baseline's: on the diagonal the scores are probabilities.",
      'calibration_curve',
      'calibration'
    ),
    layout.place(
      timeseries(
        'Expected calibration error',
        'Mean gap between score and observed acceptance rate, weighted by bucket; with bounds from the bucket widths.',
        [upsell('A', { queryType: 'performance', window: '1h', performanceMetrics: ['expected_calibration_error'] })],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0 }
      ),
      8,
      10
    ),
    layout.row('spend: a regression, actual values a while later'),
    layout.place(
      timeseries(
        'Errors: MAE, RMSE, bias',
        'Mean absolute error, root mean squared error and mean error (prediction minus actual: above 0 the model overshoots) ' +
          'over a rolling hour of predictions whose actual spend arrived.',
        [spend('A', { queryType: 'performance', window: '1h', performanceMetrics: ['mae', 'rmse', 'mean_error'] })],
        'currencyUSD',
        DRIFT_DATASOURCE
      ),
      12,
      9
    ),
    layout.place(
      timeseries(
        'Mean absolute percentage error',
        'Mean of |prediction - actual| / |actual| over the predictions whose actual spend is not 0.',
        [spend('A', { queryType: 'performance', window: '1h', performanceMetrics: ['mape'] })],
        'percentunit',
        DRIFT_DATASOURCE,
        { min: 0 }
      ),
      12,
      9
    ),
    layout.place(
      timeseries(
        'Predicted spend: p5, median, p95, mean',
        "Summaries of the predictions over a rolling hour, each beside the baseline's (field config), from the prediction histogram.",
        [spend('A', { queryType: 'performance', window: '1h', performanceMetrics: ['prediction_p5', 'prediction_p50', 'prediction_p95', 'prediction_mean'] })],
        'currencyUSD',
        DRIFT_DATASOURCE
      ),
      24,
      9
    ),
  ];
  return {
    uid: 'mlops-model-outputs',
    title: 'ML Monitor / Model outputs',
    description: 'A probability model (CBPE without labels, ROC AUC and calibration with them) and a regression model (errors once actual values arrive).',
    tags: ['mlops', 'ml-monitor'],
    panels,
    variables: [],
    links: APP_LINKS,
  };
}

export const DASHBOARDS: Dashboard[] = [modelOverview(), dataDrift(), modelPerformance(), modelOutputs()];

export function dashboardFileName(dashboard: Dashboard): string {
  return `${dashboard.uid}.json`;
}

export function renderDashboard(dashboard: Dashboard): string {
  return JSON.stringify(dashboardJson(dashboard), null, 2) + '\n';
}

if (require.main === module) {
  for (const dashboard of DASHBOARDS) {
    const file = path.join(__dirname, dashboardFileName(dashboard));
    writeFileSync(file, renderDashboard(dashboard));
    console.log(`wrote ${file}`);
  }
}
