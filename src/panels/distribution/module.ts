import { FieldColorModeId, FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';

import { standardOptionsOnly } from '../shared/fieldConfig';
import { DistributionPanel } from './DistributionPanel';
import { optionsBuilder } from './options';
import pluginJson from './plugin.json';
import { DistributionOptions } from './types';

// Not awaited: strings are translated when the panel renders, well after this resolves.
void initPluginTranslations(pluginJson.id);

export const plugin = new PanelPlugin<DistributionOptions>(DistributionPanel)
  .useFieldConfig(
    standardOptionsOnly({
      // the feature's unit: bin edges on the axis and in the tooltip
      [FieldConfigProperty.Unit]: {},
      [FieldConfigProperty.Decimals]: {},
      // a single colour per side, set by an override on the baseline or current field
      [FieldConfigProperty.Color]: {
        defaultValue: { mode: FieldColorModeId.PaletteClassic },
        settings: { byValueSupport: false, bySeriesSupport: true, preferThresholdsMode: false },
      },
      [FieldConfigProperty.Links]: {},
      [FieldConfigProperty.NoValue]: {},
    })
  )
  .setPanelOptions(optionsBuilder);
