import { PanelOptionsEditorBuilder } from '@grafana/data';

import { colorSchemeOption } from '../shared/options';
import { defaultOptions, DriftHeatmapOptions } from './types';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<DriftHeatmapOptions>): PanelOptionsEditorBuilder<DriftHeatmapOptions> {
  return builder
    .addRadio({
      path: 'colorBy',
      name: 'Colour by',
      description: 'Score ÷ threshold compares features measured with different methods; 1 is the threshold',
      defaultValue: defaultOptions.colorBy,
      settings: {
        options: [
          { value: 'normalized', label: 'Score ÷ threshold' },
          { value: 'score', label: 'Score' },
        ],
      },
    })
    .addNumberInput({
      path: 'maxNormalized',
      name: 'Top of the scale',
      description: 'In multiples of the threshold; higher scores get the last colour',
      defaultValue: defaultOptions.maxNormalized,
      settings: { min: 1.1, max: 100 },
      showIf: (options) => options.colorBy === 'normalized',
    })
    .addSelect(colorSchemeOption(defaultOptions.colorScheme))
    .addRadio({
      path: 'sortBy',
      name: 'Order features by',
      defaultValue: defaultOptions.sortBy,
      settings: {
        options: [
          { value: 'worst', label: 'Worst window' },
          { value: 'latest', label: 'Latest window' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showFeatureNames',
      name: 'Feature names',
      description: 'Off: rows shrink to a few pixels so hundreds of features fit without scrolling',
      defaultValue: defaultOptions.showFeatureNames,
    })
    .addTextInput({
      path: 'cellLink',
      name: 'Cell link',
      description:
        'URL opened on click, with ${feature}, ${model}, ${version}, ${method}, ${from} and ${to} (window, epoch ms) and dashboard variables. Empty: the field data link',
      defaultValue: defaultOptions.cellLink,
      settings: { placeholder: '/d/mlops-distribution?var-feature=${feature}&from=${from}&to=${to}' },
    });
}
