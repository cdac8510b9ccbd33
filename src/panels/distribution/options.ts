import { PanelOptionsEditorBuilder } from '@grafana/data';

import { DRIFT_METHODS } from '../../drift';
import { defaultOptions, DistributionOptions } from './types';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<DistributionOptions>): PanelOptionsEditorBuilder<DistributionOptions> {
  return builder
    .addRadio({
      path: 'view',
      name: 'View',
      description: 'Histogram, or cumulative distributions with the largest gap (the Kolmogorov-Smirnov distance) marked',
      defaultValue: defaultOptions.view,
      settings: {
        options: [
          { value: 'histogram', label: 'Histogram' },
          { value: 'cdf', label: 'CDF' },
        ],
      },
    })
    .addRadio({
      path: 'normalization',
      name: 'Normalisation',
      description: 'Shares compare windows of different sizes; density also corrects for unequal bin widths',
      defaultValue: defaultOptions.normalization,
      showIf: (options) => options.view === 'histogram',
      settings: {
        options: [
          { value: 'proportion', label: 'Share' },
          { value: 'count', label: 'Count' },
          { value: 'density', label: 'Density' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showStats',
      name: 'Statistics',
      description: 'Method, score, p-value, threshold and the drift verdict above each chart',
      defaultValue: defaultOptions.showStats,
    })
    .addRadio({
      path: 'sortBy',
      name: 'Order features by',
      defaultValue: defaultOptions.sortBy,
      settings: {
        options: [
          { value: 'drift', label: 'Drift' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addNumberInput({
      path: 'maxFeatures',
      name: 'Maximum features',
      defaultValue: defaultOptions.maxFeatures,
      settings: { min: 1, max: 500, integer: true },
    })
    .addNumberInput({
      path: 'minChartWidth',
      name: 'Minimum chart width',
      description: 'In pixels; small multiples wrap to more rows below this',
      defaultValue: defaultOptions.minChartWidth,
      settings: { min: 160, max: 2000, integer: true },
    })
    .addTextInput({
      path: 'featureLink',
      name: 'Feature link',
      description: 'URL opened from a feature title, with ${feature}, ${model}, ${version} and dashboard variables. Empty: the field data link',
      defaultValue: defaultOptions.featureLink,
      settings: { placeholder: '/d/mlops-feature?var-feature=${feature}' },
    })
    .addTextInput({
      path: 'referenceQuery',
      name: 'Reference query',
      description: 'refId of the query returning the reference window, for Prometheus histograms and raw values from two queries',
      defaultValue: defaultOptions.referenceQuery,
      category: ['Statistics in the browser'],
    })
    .addSelect({
      path: 'method',
      name: 'Method',
      description: 'Used when the data does not carry a statistic (Prometheus histograms, raw values)',
      defaultValue: defaultOptions.method,
      category: ['Statistics in the browser'],
      settings: {
        options: [{ value: 'auto', label: 'Automatic' }, ...DRIFT_METHODS.map((method) => ({ value: method, label: method }))],
      },
    })
    .addNumberInput({
      path: 'threshold',
      name: 'Threshold',
      description: "0: the method's default (a significance level for ks, chi2 and z)",
      defaultValue: defaultOptions.threshold,
      category: ['Statistics in the browser'],
      settings: { min: 0 },
    });
}
