import { PanelOptionsEditorBuilder } from '@grafana/data';

import { COLOR_SCHEMES, ColorSchemeId } from './colorScale';
import { registerStandInOptionEditors } from './optionEditors';
import { colorSchemeOption } from './options';

describe('shared option groups', () => {
  beforeAll(registerStandInOptionEditors);

  it('offers every colour scheme, with the panel’s own default', () => {
    const builder = new PanelOptionsEditorBuilder<{ colorScheme: ColorSchemeId }>();
    const [item] = builder.addSelect(colorSchemeOption('continuous-viridis')).getItems();
    expect(item.path).toBe('colorScheme');
    expect(item.defaultValue).toBe('continuous-viridis');
    expect(item.settings?.options.map((option: { value: string }) => option.value)).toEqual(COLOR_SCHEMES.map((scheme) => scheme.value));
  });
});
