import { PanelOptionsEditorBuilder } from '@grafana/data';
import { t } from '@grafana/i18n';

import { DRIFT_METHODS } from '../../drift';
import { curveKindOf, defaultOptions, DistributionOptions } from './types';

/** Options of the feature-distribution views only; the curve views draw what their frames say. */
const featureView = (options: DistributionOptions): boolean => curveKindOf(options.view) === undefined;

export function optionsBuilder(builder: PanelOptionsEditorBuilder<DistributionOptions>): PanelOptionsEditorBuilder<DistributionOptions> {
  const browserStatistics = [t('distribution.options.category.browser-statistics', 'Statistics in the browser')];
  return builder
    .addRadio({
      path: 'view',
      name: t('distribution.options.view.name', 'View'),
      description: t(
        'distribution.options.view.description',
        'Histogram, or cumulative distributions with the largest gap (the Kolmogorov-Smirnov distance) marked; ROC and calibration curves of a binary classifier from a performance query (metric roc_curve or calibration_curve), live and baseline overlaid'
      ),
      defaultValue: defaultOptions.view,
      settings: {
        options: [
          { value: 'histogram', label: t('distribution.options.view.histogram', 'Histogram') },
          { value: 'cdf', label: t('distribution.options.view.cdf', 'CDF') },
          { value: 'roc', label: t('distribution.options.view.roc', 'ROC curve') },
          { value: 'calibration', label: t('distribution.options.view.calibration', 'Calibration') },
        ],
      },
    })
    .addRadio({
      path: 'normalization',
      name: t('distribution.options.normalization.name', 'Normalisation'),
      description: t(
        'distribution.options.normalization.description',
        'Shares compare windows of different sizes; density also corrects for unequal bin widths'
      ),
      defaultValue: defaultOptions.normalization,
      showIf: (options) => options.view === 'histogram',
      settings: {
        options: [
          { value: 'proportion', label: t('distribution.options.normalization.proportion', 'Share') },
          { value: 'count', label: t('distribution.options.normalization.count', 'Count') },
          { value: 'density', label: t('distribution.options.normalization.density', 'Density') },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showStats',
      showIf: featureView,
      name: t('distribution.options.show-stats.name', 'Statistics'),
      description: t('distribution.options.show-stats.description', 'Method, score, p-value, threshold and the drift verdict above each chart'),
      defaultValue: defaultOptions.showStats,
    })
    .addNumberInput({
      path: 'highlightContributors',
      showIf: featureView,
      name: t('distribution.options.highlight-contributors.name', 'Highlight top contributors'),
      description: t(
        'distribution.options.highlight-contributors.description',
        'Outline this many bins that carry most of the drift score, with their share of it (0: none)'
      ),
      defaultValue: defaultOptions.highlightContributors,
      settings: { min: 0, max: 10, integer: true },
    })
    .addRadio({
      path: 'sortBy',
      showIf: featureView,
      name: t('distribution.options.sort-by.name', 'Order features by'),
      defaultValue: defaultOptions.sortBy,
      settings: {
        options: [
          { value: 'drift', label: t('distribution.options.sort-by.drift', 'Drift') },
          { value: 'name', label: t('distribution.options.sort-by.feature-name', 'Name') },
        ],
      },
    })
    .addNumberInput({
      path: 'maxFeatures',
      showIf: featureView,
      name: t('distribution.options.max-features.name', 'Maximum features'),
      defaultValue: defaultOptions.maxFeatures,
      settings: { min: 1, max: 500, integer: true },
    })
    .addNumberInput({
      path: 'minChartWidth',
      name: t('distribution.options.min-chart-width.name', 'Minimum chart width'),
      description: t('distribution.options.min-chart-width.description', 'In pixels; small multiples wrap to more rows below this'),
      defaultValue: defaultOptions.minChartWidth,
      settings: { min: 160, max: 2000, integer: true },
    })
    .addTextInput({
      path: 'featureLink',
      showIf: featureView,
      name: t('distribution.options.feature-link.name', 'Feature link'),
      description: t(
        'distribution.options.feature-link.description',
        'URL opened from a feature title, with ${feature}, ${model}, ${version} and dashboard variables. Empty: the field data link'
      ),
      defaultValue: defaultOptions.featureLink,
      // eslint-disable-next-line @grafana/i18n/no-untranslated-strings -- a URL template, the same in every language
      settings: { placeholder: '/d/mlops-feature?var-feature=${feature}' },
    })
    .addTextInput({
      path: 'referenceQuery',
      showIf: featureView,
      name: t('distribution.options.reference-query.name', 'Reference query'),
      description: t(
        'distribution.options.reference-query.description',
        'refId of the query returning the reference window, for Prometheus histograms and raw values from two queries'
      ),
      defaultValue: defaultOptions.referenceQuery,
      category: browserStatistics,
    })
    .addSelect({
      path: 'method',
      showIf: featureView,
      name: t('distribution.options.method.name', 'Method'),
      description: t(
        'distribution.options.method.description',
        'Used when the data does not carry a statistic (Prometheus histograms, raw values)'
      ),
      defaultValue: defaultOptions.method,
      category: browserStatistics,
      settings: {
        options: [
          { value: 'auto', label: t('distribution.options.method.auto', 'Automatic') },
          ...DRIFT_METHODS.map((method) => ({ value: method, label: method })),
        ],
      },
    })
    .addNumberInput({
      path: 'threshold',
      showIf: featureView,
      name: t('distribution.options.threshold.name', 'Threshold'),
      description: t('distribution.options.threshold.description', "0: the method's default (a significance level for ks, chi2 and z)"),
      defaultValue: defaultOptions.threshold,
      category: browserStatistics,
      settings: { min: 0 },
    });
}
