import { createTheme, FieldColorModeId } from '@grafana/data';

import { buildLut, contrastingText, interpolateStops, lutColor, lutIndex, parseColor, schemeStops } from './colorScale';

describe('colour scale', () => {
  it('parses theme and CSS colours to RGB', () => {
    expect(parseColor('#ff8000')).toEqual([255, 128, 0]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
  });

  it('interpolates evenly spaced stops and clamps outside [0, 1]', () => {
    const stops: Array<[number, number, number]> = [
      [0, 0, 0],
      [100, 200, 0],
      [200, 200, 200],
    ];
    expect(interpolateStops(stops, 0.25)).toEqual([50, 100, 0]);
    expect(interpolateStops(stops, 0.75)).toEqual([150, 200, 100]);
    expect(interpolateStops(stops, -1)).toEqual([0, 0, 0]);
    expect(interpolateStops(stops, 7)).toEqual([200, 200, 200]);
  });

  it('builds a lookup table whose ends are the first and last stops', () => {
    const lut = buildLut(['#000000', '#ffffff']);
    expect(lutColor(lut, 0)).toBe('rgb(0, 0, 0)');
    expect(lutColor(lut, 255)).toBe('rgb(255, 255, 255)');
    expect(lutIndex(5, 0, 10)).toBe(128);
    expect(lutIndex(-3, 0, 10)).toBe(0);
    expect(lutIndex(30, 0, 10)).toBe(255);
  });

  it('resolves a scheme to different colours in light and dark themes', () => {
    const light = schemeStops(createTheme({ colors: { mode: 'light' } }), { mode: 'continuous-GrYlRd' }, 'continuous-blues');
    const dark = schemeStops(createTheme({ colors: { mode: 'dark' } }), { mode: 'continuous-GrYlRd' }, 'continuous-blues');
    expect(light).toHaveLength(3);
    expect(light).not.toEqual(dark);
  });

  it('takes the colour scheme field option, a single colour as a scale from the background, else the default', () => {
    const theme = createTheme({ colors: { mode: 'dark' } });
    const blues = schemeStops(theme, undefined, 'continuous-blues');
    expect(schemeStops(theme, { mode: 'continuous-blues' }, 'continuous-GrYlRd')).toEqual(blues);
    expect(blues).not.toEqual(schemeStops(theme, undefined, 'continuous-GrYlRd'));
    // by series and by thresholds mean nothing on a matrix of cells
    expect(schemeStops(theme, { mode: FieldColorModeId.PaletteClassic }, 'continuous-blues')).toEqual(blues);
    expect(schemeStops(theme, { mode: FieldColorModeId.Thresholds }, 'continuous-blues')).toEqual(blues);
    expect(schemeStops(theme, { mode: FieldColorModeId.Fixed, fixedColor: 'red' }, 'continuous-blues')).toEqual([
      theme.colors.background.secondary,
      theme.visualization.getColorByName('red'),
    ]);
  });

  it('picks readable text on light and dark cells', () => {
    expect(contrastingText([250, 250, 200])).toBe('#000000');
    expect(contrastingText([20, 40, 120])).toBe('#ffffff');
  });
});
