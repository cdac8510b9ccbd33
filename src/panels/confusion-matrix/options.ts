import { PanelOptionsEditorBuilder } from '@grafana/data';
import { t } from '@grafana/i18n';

import { ConfusionMatrixOptions, defaultOptions } from './types';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<ConfusionMatrixOptions>): PanelOptionsEditorBuilder<ConfusionMatrixOptions> {
  return builder
    .addRadio({
      path: 'normalization',
      name: t('confusion.options.normalization.name', 'Normalisation'),
      description: t(
        'confusion.options.normalization.description',
        'Colour and print counts, or shares of each actual class (recall), predicted class (precision) or all samples'
      ),
      defaultValue: defaultOptions.normalization,
      settings: {
        options: [
          { value: 'none', label: t('confusion.options.normalization.none', 'Counts') },
          { value: 'row', label: t('confusion.options.normalization.row', 'By actual (recall)') },
          { value: 'column', label: t('confusion.options.normalization.column', 'By predicted (precision)') },
          { value: 'all', label: t('confusion.options.normalization.all', 'All') },
        ],
      },
    })
    .addRadio({
      path: 'classOrder',
      name: t('confusion.options.class-order.name', 'Class order'),
      defaultValue: defaultOptions.classOrder,
      settings: {
        options: [
          { value: 'name', label: t('confusion.options.class-order.name-order', 'Name') },
          { value: 'support', label: t('confusion.options.class-order.support', 'Support') },
          { value: 'errors', label: t('confusion.options.class-order.errors', 'Most errors') },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showValues',
      name: t('confusion.options.show-values.name', 'Values in cells'),
      description: t('confusion.options.show-values.description', 'Shown when a cell is large enough to hold a number'),
      defaultValue: defaultOptions.showValues,
    })
    .addBooleanSwitch({
      path: 'showMetrics',
      name: t('confusion.options.show-metrics.name', 'Per-class metrics'),
      description: t(
        'confusion.options.show-metrics.description',
        'Precision, recall, F1 and support per class, with accuracy and macro averages'
      ),
      defaultValue: defaultOptions.showMetrics,
    })
    .addNumberInput({
      path: 'topConfusedPairs',
      name: t('confusion.options.top-confused-pairs.name', 'Most confused pairs'),
      description: t('confusion.options.top-confused-pairs.description', 'Length of the list of the largest off-diagonal cells; 0 hides it'),
      defaultValue: defaultOptions.topConfusedPairs,
      settings: { min: 0, max: 100, integer: true },
    })
    .addNumberInput({
      path: 'minCellSize',
      name: t('confusion.options.min-cell-size.name', 'Minimum cell size'),
      description: t(
        'confusion.options.min-cell-size.description',
        'In pixels; with many classes the matrix scrolls instead of shrinking below this'
      ),
      defaultValue: defaultOptions.minCellSize,
      settings: { min: 2, max: 64, integer: true },
    });
}
