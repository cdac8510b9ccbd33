import { PanelOptionsEditorBuilder } from '@grafana/data';

import { colorSchemeOption } from '../shared/options';
import { ConfusionMatrixOptions, defaultOptions } from './types';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<ConfusionMatrixOptions>): PanelOptionsEditorBuilder<ConfusionMatrixOptions> {
  return builder
    .addRadio({
      path: 'normalization',
      name: 'Normalisation',
      description: 'Colour and print counts, or shares of each actual class (recall), predicted class (precision) or all samples',
      defaultValue: defaultOptions.normalization,
      settings: {
        options: [
          { value: 'none', label: 'Counts' },
          { value: 'row', label: 'By actual (recall)' },
          { value: 'column', label: 'By predicted (precision)' },
          { value: 'all', label: 'All' },
        ],
      },
    })
    .addSelect(colorSchemeOption(defaultOptions.colorScheme))
    .addRadio({
      path: 'classOrder',
      name: 'Class order',
      defaultValue: defaultOptions.classOrder,
      settings: {
        options: [
          { value: 'name', label: 'Name' },
          { value: 'support', label: 'Support' },
          { value: 'errors', label: 'Most errors' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showValues',
      name: 'Values in cells',
      description: 'Shown when a cell is large enough to hold a number',
      defaultValue: defaultOptions.showValues,
    })
    .addBooleanSwitch({
      path: 'showMetrics',
      name: 'Per-class metrics',
      description: 'Precision, recall, F1 and support per class, with accuracy and macro averages',
      defaultValue: defaultOptions.showMetrics,
    })
    .addNumberInput({
      path: 'topConfusedPairs',
      name: 'Most confused pairs',
      description: 'Length of the list of the largest off-diagonal cells; 0 hides it',
      defaultValue: defaultOptions.topConfusedPairs,
      settings: { min: 0, max: 100, integer: true },
    })
    .addNumberInput({
      path: 'minCellSize',
      name: 'Minimum cell size',
      description: 'In pixels; with many classes the matrix scrolls instead of shrinking below this',
      defaultValue: defaultOptions.minCellSize,
      settings: { min: 2, max: 64, integer: true },
    });
}
