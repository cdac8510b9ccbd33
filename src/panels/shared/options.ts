import { PanelOptionsEditorConfig, SelectFieldConfigSettings } from '@grafana/data';

import { COLOR_SCHEMES, ColorSchemeId } from './colorScale';

/** The colour scheme picker of every panel that colours cells on a continuous scale. */
export function colorSchemeOption<TOptions extends { colorScheme: ColorSchemeId }>(
  defaultValue: ColorSchemeId
): PanelOptionsEditorConfig<TOptions, SelectFieldConfigSettings<ColorSchemeId>, ColorSchemeId> {
  return {
    path: 'colorScheme',
    name: 'Colour scheme',
    defaultValue,
    settings: { options: COLOR_SCHEMES.map((scheme) => ({ value: scheme.value, label: scheme.label })) },
  };
}
