import {
  Field,
  FieldColorModeId,
  FieldConfigProperty,
  formattedValueToString,
  getDisplayProcessor,
  GrafanaTheme2,
  SetFieldConfigOptionsArgs,
  StandardOptionConfig,
} from '@grafana/data';

import type { ColorSchemeId } from './colorScale';

/**
 * The standard field options a panel offers: the given ones, with their panel-specific defaults and settings;
 * every other one is disabled, so an option Grafana adds later stays off until someone decides it fits.
 */
export function standardOptionsOnly(offered: Partial<Record<FieldConfigProperty, StandardOptionConfig>>): SetFieldConfigOptionsArgs {
  return {
    standardOptions: offered,
    disableStandardOptions: Object.values(FieldConfigProperty).filter((property) => !(property in offered)),
  };
}

/** The colour scheme option of panels that colour cells on one scale: Grafana's picker, by value only. */
export function cellColorOption(defaultScheme: ColorSchemeId): StandardOptionConfig {
  return {
    defaultValue: { mode: defaultScheme },
    settings: { byValueSupport: true, bySeriesSupport: false, preferThresholdsMode: false },
  };
}

/**
 * Formats values of a field with its unit and decimals, through the display processor Grafana attached to
 * the field (or an equivalent one where the frames did not pass through Grafana). Undefined when the field
 * sets neither: the panel's own compact formatting then stands.
 */
export function fieldValueFormatter(field: Field | undefined, theme: GrafanaTheme2): ((value: number) => string) | undefined {
  if (!field || (field.config.unit === undefined && field.config.decimals === undefined)) {
    return undefined;
  }
  const display = field.display ?? getDisplayProcessor({ field, theme });
  return (value) => formattedValueToString(display(value));
}

/** The single colour a field is set to (Color scheme "Single color", usually through an override), if any. */
export function fixedFieldColor(field: Field | undefined, theme: GrafanaTheme2): string | undefined {
  const color = field?.config.color;
  return color?.mode === FieldColorModeId.Fixed && color.fixedColor ? theme.visualization.getColorByName(color.fixedColor) : undefined;
}
