import { PanelModel } from '@grafana/data';

interface WithColorScheme {
  colorScheme?: unknown;
}

/**
 * Earlier builds of the confusion matrix and the drift heatmap kept their colour scheme in a panel option,
 * `colorScheme`, whose values were already ids of Grafana's field colour modes. It now is the standard
 * Color scheme field option: a saved scheme moves to `fieldConfig.defaults.color`, unless the panel already
 * has one there, and the old option is dropped. Mutating `panel.fieldConfig` is how migration handlers
 * change field config.
 */
export function moveColorSchemeToFieldConfig<TOptions extends object>(panel: PanelModel<TOptions & WithColorScheme>): TOptions {
  const { colorScheme, ...options } = panel.options ?? ({} as TOptions & WithColorScheme);
  if (typeof colorScheme === 'string' && colorScheme !== '') {
    const fieldConfig = panel.fieldConfig ?? { defaults: {}, overrides: [] };
    if (!fieldConfig.defaults.color) {
      fieldConfig.defaults = { ...fieldConfig.defaults, color: { mode: colorScheme } };
    }
    panel.fieldConfig = fieldConfig;
  }
  return options as TOptions;
}

/**
 * Grafana runs a migration handler when the panel was saved by another plugin version, or when this says
 * so: those builds had the same version number (0.1.0, unreleased), so the option itself is the sign.
 */
export function hasColorSchemeOption(panel: PanelModel): boolean {
  return typeof panel.options === 'object' && panel.options !== null && 'colorScheme' in panel.options;
}
