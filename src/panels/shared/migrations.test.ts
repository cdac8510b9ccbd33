import { PanelModel } from '@grafana/data';

import { hasColorSchemeOption, moveColorSchemeToFieldConfig } from './migrations';

function savedPanel(options: Record<string, unknown>, fieldConfig: PanelModel['fieldConfig'] = { defaults: {}, overrides: [] }): PanelModel {
  return { id: 1, type: 'mlops-confusionmatrix-panel', options, fieldConfig } as PanelModel;
}

describe('colour scheme migration', () => {
  it('moves a saved colourScheme option to the Color scheme field option and drops it', () => {
    const panel = savedPanel({ colorScheme: 'continuous-viridis', showValues: false });
    expect(moveColorSchemeToFieldConfig(panel)).toEqual({ showValues: false });
    expect(panel.fieldConfig).toEqual({ defaults: { color: { mode: 'continuous-viridis' } }, overrides: [] });
  });

  it('keeps a colour the panel already has in its field config, and overrides as they are', () => {
    const overrides = [{ matcher: { id: 'byName', options: 'x' }, properties: [] }];
    const panel = savedPanel({ colorScheme: 'continuous-viridis' }, { defaults: { color: { mode: 'continuous-BlPu' }, unit: 'short' }, overrides });
    expect(moveColorSchemeToFieldConfig(panel)).toEqual({});
    expect(panel.fieldConfig).toEqual({ defaults: { color: { mode: 'continuous-BlPu' }, unit: 'short' }, overrides });
  });

  it('leaves panels saved without the option (or with an empty one) unchanged', () => {
    const panel = savedPanel({ normalization: 'row' });
    expect(moveColorSchemeToFieldConfig(panel)).toEqual({ normalization: 'row' });
    expect(panel.fieldConfig).toEqual({ defaults: {}, overrides: [] });
    const empty = savedPanel({ colorScheme: '' });
    expect(moveColorSchemeToFieldConfig(empty)).toEqual({});
    expect(empty.fieldConfig.defaults.color).toBeUndefined();
  });

  it('asks Grafana to migrate panels that still have the option, whatever their saved plugin version', () => {
    expect(hasColorSchemeOption(savedPanel({ colorScheme: 'continuous-viridis' }))).toBe(true);
    expect(hasColorSchemeOption(savedPanel({ normalization: 'row' }))).toBe(false);
    expect(hasColorSchemeOption({ id: 1, type: 'x' } as unknown as PanelModel)).toBe(false);
  });

  it('gives a panel saved without field config one', () => {
    const panel = { id: 1, type: 'x', options: { colorScheme: 'continuous-magma' } } as unknown as PanelModel;
    moveColorSchemeToFieldConfig(panel);
    expect(panel.fieldConfig).toEqual({ defaults: { color: { mode: 'continuous-magma' } }, overrides: [] });
  });
});
