import { FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';

import { cellColorOption, standardOptionsOnly } from '../shared/fieldConfig';
import { hasColorSchemeOption, moveColorSchemeToFieldConfig } from '../shared/migrations';
import { DriftHeatmapPanel } from './DriftHeatmapPanel';
import { optionsBuilder } from './options';
import pluginJson from './plugin.json';
import { DEFAULT_COLOR_SCHEME, DriftHeatmapOptions } from './types';

// Not awaited: strings are translated when the panel renders, well after this resolves.
void initPluginTranslations(pluginJson.id);

export const plugin = new PanelPlugin<DriftHeatmapOptions>(DriftHeatmapPanel)
  .setMigrationHandler(moveColorSchemeToFieldConfig, hasColorSchemeOption)
  .useFieldConfig(
    standardOptionsOnly({
      [FieldConfigProperty.Color]: cellColorOption(DEFAULT_COLOR_SCHEME),
      [FieldConfigProperty.Links]: {},
      [FieldConfigProperty.NoValue]: {},
    })
  )
  .setPanelOptions(optionsBuilder);
