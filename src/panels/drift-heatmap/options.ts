import { PanelOptionsEditorBuilder } from '@grafana/data';
import { t } from '@grafana/i18n';

import { defaultOptions, DriftHeatmapOptions } from './types';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<DriftHeatmapOptions>): PanelOptionsEditorBuilder<DriftHeatmapOptions> {
  return builder
    .addRadio({
      path: 'colorBy',
      name: t('heatmap.options.color-by.name', 'Colour by'),
      description: t(
        'heatmap.options.color-by.description',
        'Score ÷ threshold compares features measured with different methods; 1 is the threshold'
      ),
      defaultValue: defaultOptions.colorBy,
      settings: {
        options: [
          { value: 'normalized', label: t('heatmap.options.color-by.normalized', 'Score ÷ threshold') },
          { value: 'score', label: t('heatmap.options.color-by.score', 'Score') },
        ],
      },
    })
    .addNumberInput({
      path: 'maxNormalized',
      name: t('heatmap.options.max-normalized.name', 'Top of the scale'),
      description: t('heatmap.options.max-normalized.description', 'In multiples of the threshold; higher scores get the last colour'),
      defaultValue: defaultOptions.maxNormalized,
      settings: { min: 1.1, max: 100 },
      showIf: (options) => options.colorBy === 'normalized',
    })
    .addRadio({
      path: 'sortBy',
      name: t('heatmap.options.sort-by.name', 'Order features by'),
      defaultValue: defaultOptions.sortBy,
      settings: {
        options: [
          { value: 'worst', label: t('heatmap.options.sort-by.worst', 'Worst window') },
          { value: 'latest', label: t('heatmap.options.sort-by.latest', 'Latest window') },
          { value: 'name', label: t('heatmap.options.sort-by.feature-name', 'Name') },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showFeatureNames',
      name: t('heatmap.options.show-feature-names.name', 'Feature names'),
      description: t(
        'heatmap.options.show-feature-names.description',
        'Off: rows shrink to a few pixels so hundreds of features fit without scrolling'
      ),
      defaultValue: defaultOptions.showFeatureNames,
    })
    .addTextInput({
      path: 'cellLink',
      name: t('heatmap.options.cell-link.name', 'Cell link'),
      description: t(
        'heatmap.options.cell-link.description',
        'URL opened on click, with ${feature}, ${segment}, ${model}, ${version}, ${method}, ${reference}, ${from} and ${to} (window, epoch ms) and dashboard variables. Empty: the field data link'
      ),
      defaultValue: defaultOptions.cellLink,
      // eslint-disable-next-line @grafana/i18n/no-untranslated-strings -- a URL template, the same in every language
      settings: { placeholder: '/d/mlops-distribution?var-feature=${feature}&from=${from}&to=${to}' },
    });
}
