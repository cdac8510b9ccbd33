import { colorManipulator, FieldColor, FieldColorModeId, fieldColorModeRegistry, GrafanaTheme2 } from '@grafana/data';

/** Id of one of Grafana's field colour modes, e.g. `continuous-GrYlRd`. */
export type ColorSchemeId = string;

export type Rgb = [number, number, number];

/** Number of entries in a lookup table: enough that neighbouring entries are indistinguishable. */
export const LUT_SIZE = 256;

export function parseColor(color: string): Rgb {
  const { values } = colorManipulator.decomposeColor(colorManipulator.asRgbString(color));
  return [values[0], values[1], values[2]];
}

/**
 * The stops of a cell colour scale from the panel's colour scheme (the standard field option): a continuous
 * scheme as Grafana defines it; a single colour from the background to that colour; any other mode (by
 * series, by thresholds) has no meaning on a matrix of cells, so the panel's default scheme stands in.
 */
export function schemeStops(theme: GrafanaTheme2, color: FieldColor | undefined, fallback: ColorSchemeId): string[] {
  if (color?.mode === FieldColorModeId.Fixed || color?.mode === FieldColorModeId.Shades) {
    return [theme.colors.background.secondary, theme.visualization.getColorByName(color.fixedColor ?? 'blue')];
  }
  const mode = fieldColorModeRegistry.getIfExists(color?.mode);
  const continuous = mode?.isContinuous && mode.getColors ? mode : fieldColorModeRegistry.getIfExists(fallback);
  const names = continuous?.getColors?.(theme) ?? ['blue', 'red'];
  return names.map((name) => theme.visualization.getColorByName(name));
}

/** Colour at position t in [0, 1] of evenly spaced stops, interpolated linearly in RGB. */
export function interpolateStops(stops: Rgb[], t: number): Rgb {
  if (stops.length === 1) {
    return stops[0];
  }
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const scaled = clamped * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(scaled));
  const frac = scaled - index;
  const [a, b] = [stops[index], stops[index + 1]];
  return [
    Math.round(a[0] + (b[0] - a[0]) * frac),
    Math.round(a[1] + (b[1] - a[1]) * frac),
    Math.round(a[2] + (b[2] - a[2]) * frac),
  ];
}

/** RGBA lookup table of LUT_SIZE entries, so painting a million cells costs one array read each. */
export function buildLut(stops: string[]): Uint8ClampedArray {
  const rgbStops = stops.map(parseColor);
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = interpolateStops(rgbStops, i / (LUT_SIZE - 1));
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}

/** Index in the lookup table for a value on a linear domain [min, max]; values outside are clamped. */
export function lutIndex(value: number, min: number, max: number): number {
  const span = max - min;
  const t = span > 0 ? (value - min) / span : 0;
  return Math.min(LUT_SIZE - 1, Math.max(0, Math.round(t * (LUT_SIZE - 1))));
}

export function lutColor(lut: Uint8ClampedArray, index: number): string {
  const o = index * 4;
  return `rgb(${lut[o]}, ${lut[o + 1]}, ${lut[o + 2]})`;
}

/** Black or white, whichever reads better on the given background (for numbers drawn inside cells). */
export function contrastingText(rgb: Rgb): string {
  const luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
  return luminance > 0.55 ? '#000000' : '#ffffff';
}
